// responseReader.ts: a response read as it arrives, in any chunking, with Content-Length,
// chunked encoding, or up to the close; capped.

import { expect, test } from "bun:test";
import { MAX_RESPONSE_BYTES, ResponseReader } from "../src/http/responseReader.ts";

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
});

test("chunked: the request parser's rules (strict framing); a broken body ends where it broke", () => {
  const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  const read = (body: string) => {
    const reader = new ResponseReader();
    reader.push(bytes(head + body));
    const response = reader.response();
    return { body: text(response?.body ?? new Uint8Array()), complete: response?.complete };
  };
  expect(read("zz\r\n")).toEqual({ body: "", complete: false });
  // Complete only with the final empty line, after any trailers.
  expect(read("2\r\nhi\r\n0\r\n")).toEqual({ body: "hi", complete: false });
  expect(read("2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n")).toEqual({ body: "hi", complete: true });
  // Data longer than its size: what came before the break is kept, the response is not whole.
  expect(read("2\r\nhi!\r\n0\r\n\r\n")).toEqual({ body: "hi", complete: false });
  // A chunk still arriving is shown as far as it came.
  expect(read("5\r\nhel")).toEqual({ body: "hel", complete: false });
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
