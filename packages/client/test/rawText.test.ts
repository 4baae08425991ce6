// rawText.ts: bytes shown as text where they are UTF-8, typed escapes turned into bytes.

import { expect, test } from "bun:test";
import { parseRawLine, showBytes } from "../src/rawText.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

test("valid UTF-8 is shown as text; only what is not text is escaped", () => {
  expect(showBytes(utf8("é\r\n"))).toBe("é\\r\\n");
  expect(showBytes(utf8("日本 👍🏽"))).toBe("日本 👍🏽");
  expect(showBytes(new Uint8Array([0x41, 0x00, 0xff, 0x5c]))).toBe("A\\x00\\xff\\\\");
  expect(showBytes(new Uint8Array([0xc3]))).toBe("\\xc3"); // cut sequence
  expect(showBytes(new Uint8Array([0xc0, 0xaf]))).toBe("\\xc0\\xaf"); // overlong "/"
  expect(showBytes(new Uint8Array([0xed, 0xa0, 0x80]))).toBe("\\xed\\xa0\\x80"); // surrogate
  expect(showBytes(utf8("a\u202eb"))).toBe("a\\xe2\\x80\\xaeb"); // a bidi override, shown
});

test("typed escapes become bytes; \\c drops the line ending", () => {
  expect(parseRawLine("hi")).toEqual({ bytes: utf8("hi"), newline: true });
  expect(parseRawLine("a\\x00b\\xffc")).toEqual({
    bytes: new Uint8Array([0x61, 0, 0x62, 0xff, 0x63]),
    newline: true,
  });
  expect(parseRawLine("GET / HTTP/1.0\\r\\n\\r\\n\\c")).toEqual({
    bytes: utf8("GET / HTTP/1.0\r\n\r\n"),
    newline: false,
  });
  expect(parseRawLine("é\\t\\\\")).toEqual({ bytes: utf8("é\t\\"), newline: true });
  expect(parseRawLine("\\q\\x1")).toEqual({ bytes: utf8("\\q\\x1"), newline: true });
  expect(parseRawLine("ends with \\\\c")).toEqual({ bytes: utf8("ends with \\c"), newline: true });
});
