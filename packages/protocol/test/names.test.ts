// checkName and nameKey: which nicknames are allowed, and when two are the same.

import { describe, expect, test } from "bun:test";
import { checkName, MAX_NAME_LENGTH, nameKey } from "../src/names.ts";

describe("checkName", () => {
  test("accepts letters of any script, digits and _ - .", () => {
    for (const name of [
      "alice",
      "Bob_2",
      "jean-luc",
      "a.b",
      "Élodie",
      "Дмитрий",
      "李雷",
      "e\u0301",
    ]) {
      expect(checkName(name)).toBeUndefined();
    }
  });

  test("refuses an empty name", () => {
    expect(checkName("")).toBe("empty");
  });

  test("counts characters, not bytes or UTF-16 units", () => {
    expect(checkName("é".repeat(MAX_NAME_LENGTH))).toBeUndefined();
    expect(checkName("x".repeat(MAX_NAME_LENGTH + 1))).toBe("too_long");
    expect(checkName("𝒜".repeat(MAX_NAME_LENGTH))).toBeUndefined(); // astral: 2 units each
  });

  test("refuses spaces, commands, markers and control characters", () => {
    for (const name of [
      "bob smith",
      "/nick",
      "@all",
      "a\x1b[2J",
      "tab\there",
      "a\u202eb",
      "x:y",
      "",
    ]) {
      if (name === "") continue;
      expect(checkName(name)).toBe("bad_characters");
    }
  });
});

describe("checkName: names that hide or pose (issue 20)", () => {
  test("ordinary names of a French class, and of other scripts, are fine", () => {
    for (const name of ["Zoé", "Chloé", "Anaïs", "Jean-Luc", "léa_2", "Дмитрий", "山田", "2pac"]) {
      expect({ name, problem: checkName(name) }).toEqual({ name, problem: undefined });
    }
  });

  test.each([
    ["alice + U+034F (combining grapheme joiner)", "alice\u034f"],
    ["alice + U+FE0F (variation selector)", "alice\ufe0f"],
    ["U+3164 (Hangul filler)", "\u3164"],
    ["U+FFA0 (halfwidth Hangul filler)", "\uffa0"],
    ["U+115F (Hangul choseong filler)", "\u115f"],
    ["a filler inside a name", "al\u3164ice"],
  ])("%s: invisible", (_what, name) => {
    expect(checkName(name)).toBe("invisible");
  });

  test.each([
    ["--", "--"],
    ["-", "-"],
    ["a leading dot or underscore", "._x"],
    ["combining marks only", "\u0301\u0302\u0303"],
    ["a leading U+0338 (turns `<` into `≮`)", "\u0338alice"],
  ])("%s: must start with a letter or a digit", (_what, name) => {
    expect(checkName(name)).toBe("bad_start");
  });

  test("more than four marks on a letter, or one mark twice, is refused; a few are fine", () => {
    expect(checkName("Nguyễn")).toBeUndefined(); // two marks on the e
    expect(checkName(`a${"\u0301\u0302\u0303\u0304\u0306"}`)).toBe("stacked_marks");
    expect(checkName("a\u0301\u0301")).toBe("stacked_marks");
  });

  test.each([
    ["Cyrillic а in alice", "\u0430lice"],
    ["Greek ο in bob", "b\u03bfb"],
    ["Latin x after Cyrillic", "Сергей_x"],
  ])("%s: mixed scripts", (_what, name) => {
    expect(checkName(name)).toBe("mixed_scripts");
  });
});

describe("nameKey", () => {
  test("ignores case", () => {
    expect(nameKey("Alice")).toBe(nameKey("ALICE"));
    expect(nameKey("Élodie")).toBe(nameKey("ÉLODIE"));
  });

  test("a character typed composed or decomposed is the same", () => {
    expect(nameKey("\u00e9lodie")).toBe(nameKey("e\u0301lodie"));
  });

  test("different names stay different", () => {
    expect(nameKey("alice")).not.toBe(nameKey("alicE2"));
    expect(nameKey("elodie")).not.toBe(nameKey("élodie"));
  });
});
