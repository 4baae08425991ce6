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
