// The message catalog: English and French hold the same sentences, of the same kind.

import { describe, expect, test } from "bun:test";
import { isLang, LANGS, messages } from "../src/catalog/index.ts";

describe("catalog", () => {
  const en = messages("en") as Record<string, unknown>;
  const fr = messages("fr") as Record<string, unknown>;

  test("every English key exists in French with the same kind, and no French extra", () => {
    for (const [key, value] of Object.entries(en)) {
      expect({ key, kind: typeof fr[key] }).toEqual({ key, kind: typeof value });
    }
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  test("functions take the same number of arguments, and no sentence is empty", () => {
    for (const [key, value] of Object.entries(en)) {
      const other = fr[key];
      if (typeof value === "function" && typeof other === "function") {
        expect({ key, arity: other.length }).toEqual({ key, arity: value.length });
      } else if (typeof value === "string") {
        expect({ key, empty: value.trim() === "" || String(other).trim() === "" }).toEqual({
          key,
          empty: false,
        });
      }
    }
  });

  test("the length greeting in both languages", () => {
    expect(messages("en").lengthWelcome(3)).toBe("Welcome, you are client #3");
    expect(messages("fr").lengthWelcome(3)).toBe("Bienvenue, vous êtes le client n°3");
  });

  test("languages", () => {
    expect([...LANGS]).toEqual(["en", "fr"]);
    expect(isLang("fr")).toBe(true);
    expect(isLang("de")).toBe(false);
  });
});
