// The message catalog: English and French hold the same sentences, of the same kind.

import { describe, expect, test } from "bun:test";
import { chat } from "../src/catalog/chat.ts";
import { check } from "../src/catalog/check.ts";
import { client } from "../src/catalog/client.ts";
import { teacherConsole } from "../src/catalog/console.ts";
import { core } from "../src/catalog/core.ts";
import { door } from "../src/catalog/door.ts";
import { game } from "../src/catalog/game.ts";
import { http } from "../src/catalog/http.ts";
import { isLang, LANGS, messages } from "../src/catalog/index.ts";
import { udp } from "../src/catalog/udp.ts";
import { view } from "../src/catalog/view.ts";

const FEATURES = { core, chat, game, http, door, udp, check, client, view, teacherConsole };

/** Arguments a sentence function is called with to compare its languages: numbers where a
 * count goes (2 takes the plural in both), plain words elsewhere (a template prints them). */
const SAMPLE_ARGS = [2, 3, 4, 5, 6, 7, 8, 9];

/** French sentences that are rightly the same as the English ones: names, commands, symbols,
 * and words French borrows as they are. Anything else identical is an untranslated sentence. */
const SAME_IN_FRENCH = new Set<string>([
  "Bonjour", // the chat's greeting word, French on purpose in both languages
  "/me action",
  "/proto json",
  "Content-Type: text/html",
  "Port", // the form's question: the same word in French
  "port", // the class view's label, likewise
]);

/** An example command in a help text: code, the same in every language. */
const COMMAND_LINE = /^\s*(socklab-(client|server)|printf|nc|telnet) /;

/** Every sentence under `value`, by its path (`chatSynopsis.msg`, `chatHelp.2`, `fn(2,3)`). */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (typeof value === "string") out.set(path, value);
  else if (typeof value === "function") {
    let result: unknown;
    try {
      result = value(...SAMPLE_ARGS);
    } catch {
      try {
        result = value(...SAMPLE_ARGS.map(String)); // takes words (a label, a duration)
      } catch {
        return out; // takes a value of its own kind (a problem name): checked by its own tests
      }
    }
    leaves(result, `${path}()`, out);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) leaves(item, `${path}.${i}`, out);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) leaves(item, `${path}.${key}`, out);
  }
  return out;
}

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

  test("no two feature files use the same key (the later one would silently win)", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [feature, table] of Object.entries(FEATURES)) {
      for (const key of Object.keys(table.en)) {
        const before = owner.get(key);
        if (before) clashes.push(`${key}: ${before} and ${feature}`);
        owner.set(key, feature);
      }
    }
    expect(clashes).toEqual([]);
  });

  test("every sentence, nested ones included, exists in both languages", () => {
    const english = leaves(en, "", new Map());
    const french = leaves(fr, "", new Map());
    expect([...french.keys()].filter((path) => !english.has(path))).toEqual([]);
    expect([...english.keys()].filter((path) => !french.has(path))).toEqual([]);
  });

  test("no French sentence is its English one, unless it is on the allow-list", () => {
    const english = leaves(en, "", new Map());
    const french = leaves(fr, "", new Map());
    const same = [...english]
      .filter(([path, text]) => french.get(path) === text && /\p{L}{2}/u.test(text))
      .filter(([, text]) => !SAME_IN_FRENCH.has(text) && !COMMAND_LINE.test(text))
      .map(([path, text]) => `${path}: ${text}`);
    expect(same).toEqual([]);
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
