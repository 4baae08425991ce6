// The catalog rules every program's sentences follow (English and French hold the same
// sentences, of the same kind, none left untranslated), run by each package's catalog test,
// and `catalogProblems` for any other table of sentences (the command lines' usage texts).

import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type Lang, SHARED_FEATURES as SHARED } from "@socklab/protocol";

type Feature = Record<Lang, Record<string, unknown>>;

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
const COMMAND_LINE = /^\s*(socklab-(client|server)|printf|nc|telnet|curl) /;

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

/**
 * The catalog tests of one program: `features` are its own files' tables (the protocol's shared
 * ones are added here), `messages` what the program merges them into, `dir` the folder its
 * catalog files live in (each must be among `features`, so none escapes the checks).
 */
export function checkCatalog(
  program: string,
  dir: string,
  features: Record<string, Feature>,
  messages: (lang: Lang) => object,
): void {
  describe(`${program} catalog`, () => {
    const en = messages("en") as Record<string, unknown>;
    const fr = messages("fr") as Record<string, unknown>;
    const all = { ...(SHARED as Record<string, Feature>), ...features };

    test("every file of the catalog's folder is checked here", async () => {
      const files = readdirSync(dir).filter((name) => name.endsWith(".ts") && name !== "index.ts");
      const listed = new Set<unknown>(Object.values(features));
      const unlisted: string[] = [];
      for (const name of files) {
        const module = (await import(join(dir, name))) as Record<string, unknown>;
        if (!Object.values(module).some((value) => listed.has(value))) unlisted.push(name);
      }
      expect(unlisted).toEqual([]);
      expect(files.length).toBeGreaterThan(0);
    });

    test("every feature's sentences are in the program's catalog", () => {
      const missing = Object.entries(all).flatMap(([feature, table]) =>
        Object.keys(table.en)
          .filter((key) => !(key in en))
          .map((key) => `${feature}.${key}`),
      );
      expect(missing).toEqual([]);
    });

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
      for (const [feature, table] of Object.entries(all)) {
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
  });
}

/**
 * What is missing or untranslated between `en` and `fr` (empty when complete), for a table
 * outside the catalogs (the command lines' usage sentences).
 *
 * @example
 * expect(catalogProblems(usage.en, usage.fr)).toEqual([]);
 */
export function catalogProblems(
  en: Record<string, unknown>,
  fr: Record<string, unknown>,
  allow: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(en)) {
    if (!(key in fr)) problems.push(`${key}: no French`);
    else if (typeof fr[key] !== typeof en[key]) problems.push(`${key}: not the same kind`);
    else if (
      typeof en[key] === "function" &&
      (fr[key] as () => void).length !== (en[key] as () => void).length
    )
      problems.push(`${key}: not the same arguments`);
  }
  for (const key of Object.keys(fr)) if (!(key in en)) problems.push(`${key}: French only`);
  // A sentence is never empty (a help text's blank lines, inside a list, are layout).
  for (const [key, value] of Object.entries(en)) {
    if (typeof value === "string" && (value.trim() === "" || String(fr[key]).trim() === ""))
      problems.push(`${key}: empty`);
  }
  const english = leaves(en, "", new Map());
  const french = leaves(fr, "", new Map());
  for (const [path, text] of english) {
    const other = french.get(path);
    if (other === undefined) continue;
    if (
      other === text &&
      /\p{L}{2}/u.test(text) &&
      !allow.has(text) &&
      !SAME_IN_FRENCH.has(text) &&
      !COMMAND_LINE.test(text)
    )
      problems.push(`${path}: the same in French: ${text}`);
  }
  return problems;
}
