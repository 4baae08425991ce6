// toCRLF, the translation LineConnection applies for --eol: every bare LF becomes CRLF, a CRLF
// stays one, and a buffer broadcast to many readers is translated once.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { toCRLF } from "../src/core/line-connection.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

describe("toCRLF", () => {
  test("bare LF becomes CRLF; CRLF and text without LF are untouched", () => {
    expect(toCRLF("a\nb\r\nc")).toBe("a\r\nb\r\nc");
    expect(toCRLF("no newline")).toBe("no newline");
    expect(dec.decode(toCRLF(enc.encode("x\n\ny\r\n")) as Uint8Array)).toBe("x\r\n\r\ny\r\n");
  });

  test("bytes without a bare LF are returned as they are (no copy)", () => {
    const bytes = enc.encode("hello\r\n");
    expect(toCRLF(bytes)).toBe(bytes);
  });

  test("the same buffer twice in a row (a broadcast) is translated once", () => {
    const line = enc.encode("[12:00:00] <a> hi\n");
    const first = toCRLF(line);
    expect(toCRLF(line)).toBe(first);
  });

  test("property: strings and bytes agree, and no bare LF is left", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const asText = toCRLF(text) as string;
        expect(dec.decode(toCRLF(enc.encode(text)) as Uint8Array)).toBe(
          dec.decode(enc.encode(asText)),
        );
        expect(/(^|[^\r])\n/.test(asText)).toBe(false);
        expect(asText.replaceAll("\r\n", "\n")).toBe(text.replaceAll("\r\n", "\n"));
      }),
      { numRuns: 300 },
    );
  });
});
