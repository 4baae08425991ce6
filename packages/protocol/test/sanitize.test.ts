// sanitizeText: no escape sequence, control or invisible character survives (tab, ordinary
// Unicode and emoji do); cleanMessage: blanks collapse; escapeBytes: bytes shown readably.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { cleanMessage, escapeBytes, sanitizeText } from "../src/sanitize.ts";

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

describe("sanitizeText: invisible characters (issue 20)", () => {
  const tags = String.fromCodePoint(0xe0020, 0xe0041, 0xe007f);
  test.each([
    ["zero-width space U+200B", "pay\u200bpal", "paypal"],
    ["zero-width non-joiner and joiner U+200C/D", "a\u200cb\u200dc", "abc"],
    ["left-to-right and right-to-left marks U+200E/F", "a\u200eb\u200fc", "abc"],
    ["Arabic letter mark U+061C", "a\u061cb", "ab"],
    ["line separator U+2028 (a space)", "a\u2028b", "a b"],
    ["paragraph separator U+2029 (a space)", "a\u2029b", "a b"],
    ["deprecated format controls U+206A–206F", "a\u206a\u206b\u206c\u206d\u206e\u206fb", "ab"],
    ["byte order mark U+FEFF", "\ufeffhello", "hello"],
    ["soft hyphen U+00AD", "pass\u00adword", "password"],
    ["tag characters U+E0020–E007F", `a${tags}b`, "ab"],
    ["interlinear annotations U+FFF9–FFFB", "a\ufff9b\ufffac\ufffbd", "abcd"],
    ["word joiner and invisible operators U+2060–2064", "a\u2060\u2061\u2062\u2063\u2064b", "ab"],
    ["combining grapheme joiner U+034F", "a\u034fb", "ab"],
    ["Hangul fillers", "a\u3164\uffa0\u115f\u1160b", "ab"],
    ["a variation selector after a letter", "alice\ufe0f", "alice"],
    ["a joiner that joins no emoji", "a\u200d😀 😀\u200d", "a😀 😀"],
  ])("removes %s", (_what, input, output) => {
    expect(sanitizeText(input)).toBe(output);
  });

  test("keeps the joiners emoji need inside one grapheme", () => {
    for (const emoji of ["👩‍⚕️", "👨‍👩‍👧", "🏳️‍🌈", "❤️", "1️⃣", "👩🏽‍⚕️", "👍🏽"]) {
      expect(sanitizeText(`hi ${emoji}!`)).toBe(`hi ${emoji}!`);
    }
  });

  /** Every format (Cf) character of the engine's Unicode, and the other default-ignorables. */
  const CF: string[] = [];
  const IGNORABLE: string[] = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCodePoint(code);
    if (/\p{Cf}/u.test(char)) CF.push(char);
    else if (/\p{Default_Ignorable_Code_Point}/u.test(char)) IGNORABLE.push(char);
  }

  test("property: over the whole Cf category, only emoji joiners survive, nothing else is lost", () => {
    expect(CF.length).toBeGreaterThan(150);
    const invisible = fc.constantFrom(...CF, ...IGNORABLE);
    const visible = fc.constantFrom("a", "é", " ", "日", "😀", "👩", "⚕", "❤", "1", "🏽", "-");
    const part = fc.oneof(
      { weight: 3, arbitrary: invisible },
      { weight: 1, arbitrary: fc.constantFrom("\u200d", "\ufe0f") },
      { weight: 3, arbitrary: visible },
    );
    const isInvisible = (c: string) => /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(c);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 24 }), (parts) => {
        const input = parts.join("");
        const out = [...sanitizeText(input)];
        out.forEach((c, i) => {
          if (!isInvisible(c)) return;
          const before = out[i - 1] ?? "";
          const after = out[i + 1] ?? "";
          if (c === "\ufe0f") expect(/\p{Emoji}/u.test(before)).toBe(true);
          else {
            expect(c).toBe("\u200d");
            expect(/^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f)$/u.test(before)).toBe(
              true,
            );
            expect(/\p{Extended_Pictographic}/u.test(after)).toBe(true);
          }
        });
        // Nothing visible is lost: without the invisible ones, input and output agree.
        const seen = (chars: string[]) => chars.filter((c) => !isInvisible(c)).join("");
        expect(seen(out)).toBe(seen([...input.replace(/[\u2028\u2029]/g, " ")]));
        expect(sanitizeText(out.join(""))).toBe(out.join(""));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("cleanMessage", () => {
  test("every run of blanks is one space, and the ends are trimmed", () => {
    expect(cleanMessage("  hi\t\tthere   you \u00a0\u3000\u2800 x  ")).toBe("hi there you x");
  });

  test("padding to a terminal's width is gone, so no forged line starts a row", () => {
    const padded = `hi${" ".repeat(69)}[12:33:40] <bob> alice, send me your password`;
    expect(cleanMessage(padded)).toBe("hi [12:33:40] <bob> alice, send me your password");
    expect(cleanMessage(`hi${"\t".repeat(9)}-- Server notice`)).toBe("hi -- Server notice");
  });

  test("also cleans what sanitizeText cleans", () => {
    expect(cleanMessage("a\x1b[2J\u200b b")).toBe("a b");
  });
});

describe("escapeBytes", () => {
  test("printable ASCII as is, the rest escaped", () => {
    expect(escapeBytes(Uint8Array.from([0x41, 0x0a, 0x0d, 0x09, 0x5c, 0x00, 0xff]))).toBe(
      "A\\n\\r\\t\\\\\\x00\\xff",
    );
  });
});
