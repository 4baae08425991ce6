// httpResponse.ts: a response read as it arrives, in any chunking, with Content-Length,
// chunked encoding, or up to the close; capped.

import { expect, test } from "bun:test";
import { decodeChunked, MAX_RESPONSE_BYTES, ResponseReader } from "../src/httpResponse.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

test("Content-Length: complete once the body is there, whatever the chunking", () => {
  const whole = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello";
  for (let split = 1; split < whole.length; split++) {
    const reader = new ResponseReader();
    reader.push(bytes(whole.slice(0, split)));
    expect(reader.response()?.complete ?? false).toBe(false);
    reader.push(bytes(whole.slice(split)));
    const response = reader.response();
    expect(response?.complete).toBe(true);
    expect(response?.status).toBe(200);
    expect(response?.headers).toEqual([
      ["Content-Length", "5"],
      ["X-A", "b"],
    ]);
    expect(text(response?.body ?? new Uint8Array())).toBe("hello");
  }
});

test("chunked: decoded, complete at the last chunk", () => {
  const reader = new ResponseReader();
  reader.push(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
  expect(reader.response()?.complete).toBe(false);
  reader.push(bytes("6;ext=1\r\n world\r\n0\r\n\r\n"));
  expect(reader.response()?.complete).toBe(true);
  expect(text(reader.response()?.body ?? new Uint8Array())).toBe("hello world");
  expect(decodeChunked(bytes("zz\r\n")).complete).toBe(false);
});

test("no length: the body runs to the close; a head cut short is still shown", () => {
  const reader = new ResponseReader();
  reader.push(bytes("HTTP/1.0 404 Not Found\r\n\r\nnope"));
  expect(reader.response()?.complete).toBe(false);
  reader.close();
  expect(reader.response()).toMatchObject({ status: 404, complete: true });
  const cut = new ResponseReader();
  cut.push(bytes("garbage without a head end"));
  cut.close();
  expect(cut.response()).toMatchObject({ status: 0, statusLine: "garbage without a head end" });
});

test("past MAX_RESPONSE_BYTES the rest is counted, not kept", () => {
  const reader = new ResponseReader();
  reader.push(bytes("HTTP/1.1 200 OK\r\n\r\n"));
  reader.push(new Uint8Array(MAX_RESPONSE_BYTES));
  reader.close();
  const response = reader.response();
  expect(response?.dropped).toBe(19);
  expect(response?.body.length).toBe(MAX_RESPONSE_BYTES - 19);
});
