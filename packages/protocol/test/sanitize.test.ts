// sanitizeText: no escape sequence or control character survives (tab and ordinary Unicode do);
// escapeBytes: bytes shown readably.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { escapeBytes, sanitizeText } from "../src/sanitize.ts";

describe("sanitizeText", () => {
  const cases: [string, string, string][] = [
    ["clear screen (CSI 2J)", "a\x1b[2Jb", "ab"],
    ["cursor home and move", "\x1b[H\x1b[10;20Hx", "x"],
    ["colours (SGR)", "\x1b[1;31mred\x1b[0m", "red"],
    ["private mode (hide cursor)", "\x1b[?25lx", "x"],
    ["OSC 0 title ended by BEL", "a\x1b]0;pwned\x07b", "ab"],
    ["OSC 0 title ended by ESC \\", "a\x1b]0;pwned\x1b\\b", "ab"],
    ["OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"],
    ["DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"],
    ["APC and PM", "a\x1b_secret\x1b\\b\x1b^x\x1b\\c", "abc"],
    ["C1 CSI (U+009B)", "a\u009b2Jb", "ab"],
    ["C1 OSC (U+009D) ended by ST (U+009C)", "a\u009d0;t\u009cb", "ab"],
    ["two-byte escape (RIS: full reset)", "a\x1bcb", "ab"],
    ["charset designation ESC ( 0", "a\x1b(0b", "ab"],
    ["NUL", "a\x00b", "ab"],
    ["bell", "a\x07b", "ab"],
    ["backspace (would hide what came before)", "abc\x08\x08\x08xyz", "abcxyz"],
    ["DEL", "a\x7fb", "ab"],
    ["CR and LF (no fake new lines)", "a\rb\nc", "abc"],
    ["bidi override", "a\u202eb\u2066c", "abc"],
    ["a lone ESC at the end", "abc\x1b", "abc"],
    ["an unterminated title swallows the rest", "ok\x1b]0;never ends", "ok"],
  ];
  for (const [name, input, output] of cases) {
    test(`removes ${name}`, () => {
      expect(sanitizeText(input)).toBe(output);
    });
  }

  test("keeps tab and ordinary Unicode as they are", () => {
    const text = "col1\tcol2 — été, 日本語, emoji 😀👍🏽, combining e\u0301, ½ ≠ ∞";
    expect(sanitizeText(text)).toBe(text);
  });

  test("plain text is returned as the same string", () => {
    const text = "hello world";
    expect(sanitizeText(text)).toBe(text);
  });

  test("property: the result never holds ESC, C0 (but tab), DEL or C1", () => {
    const nasty = fc.constantFrom(
      "\x1b",
      "[",
      "]",
      "\x07",
      "\\",
      "\u009b",
      "\u009c",
      "\u009d",
      "\x00",
      "\x7f",
      "\t",
      "0;",
      "2J",
      "P",
      "é",
    );
    const text = fc.array(fc.oneof(nasty, fc.string({ maxLength: 3 })), { maxLength: 30 });
    fc.assert(
      fc.property(text, (parts) => {
        const out = sanitizeText(parts.join(""));
        // biome-ignore lint/suspicious/noControlCharactersInRegex: testing for control characters
        expect(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/.test(out)).toBe(false);
        // Idempotent: cleaning clean text changes nothing.
        expect(sanitizeText(out)).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("escapeBytes", () => {
  test("printable ASCII as is, the rest escaped", () => {
    expect(escapeBytes(Uint8Array.from([0x41, 0x0a, 0x0d, 0x09, 0x5c, 0x00, 0xff]))).toBe(
      "A\\n\\r\\t\\\\\\x00\\xff",
    );
  });
});
