// The server's command-line words (--help, usage errors) in English and French: complete, and
// picked by --lang, else LANG / LC_ALL.

import { describe, expect, test } from "bun:test";
import { ARGV_SENTENCES } from "@socklab/protocol";
import { catalogProblems } from "../../../test/support/catalog.ts";
import { allFlags, globalHelp, modeHelp, parseServerArgs } from "../src/cli.ts";
import { UsageError } from "../src/core/errors.ts";
import { startServer } from "../src/core/server.ts";
import { modes } from "../src/modes/index.ts";
import { recordCommand } from "../src/record/export.ts";
import { describeUsage, USAGE_CATALOG, usageLang } from "../src/usage.ts";

/** Thrown by `run`, said in `lang`. */
function said(run: () => unknown, lang: "en" | "fr"): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return describeUsage(error, lang);
    throw error;
  }
  throw new Error("no usage error");
}

describe("the server's command-line catalog", () => {
  test("every sentence exists in both languages, none left in English", () => {
    // "port 4444" is the same word in French.
    expect(catalogProblems(USAGE_CATALOG.en, USAGE_CATALOG.fr, new Set(["port 2"]))).toEqual([]);
    expect(catalogProblems(ARGV_SENTENCES.en, ARGV_SENTENCES.fr)).toEqual([]);
  });

  test("every flag, mode summary and example note has its French", () => {
    const missing = [
      ...Object.keys(allFlags()).filter((flag) => !(flag in USAGE_CATALOG.FLAG_FR)),
      ...Object.values(modes)
        .flatMap((m) => m.examples)
        .map((line) => /^.*?\S\s{2,}(\S.*)$/.exec(line)?.[1])
        .filter((note): note is string => note !== undefined)
        .filter((note) => !(note in USAGE_CATALOG.EXAMPLE_NOTE_FR)),
    ];
    expect(missing).toEqual([]);
  });

  test("--help in French has no English line left but code", () => {
    const helps = [globalHelp("fr"), ...Object.keys(modes).map((m) => modeHelp(m as "chat", "fr"))];
    const english = helps
      .flatMap((help) => help.split("\n"))
      .filter((line) => /\b(the|takes|seconds|default|every)\b/.test(line))
      .filter((line) => !/^\s*(socklab-server|printf|nc|curl) /.test(line));
    expect(english).toEqual([]);
  });
});

describe("the language of the command line's words", () => {
  test("--lang wins, then LC_ALL, then LANG; English otherwise", () => {
    expect(usageLang(["echo", "--lang", "fr"], { LANG: "en_US.UTF-8" })).toBe("fr");
    expect(usageLang(["echo", "--lang=en"], { LANG: "fr_FR.UTF-8" })).toBe("en");
    expect(usageLang(["echo"], { LC_ALL: "fr_FR.UTF-8", LANG: "en_US" })).toBe("fr");
    expect(usageLang(["echo"], { LANG: "fr_BE.UTF-8" })).toBe("fr");
    expect(usageLang(["echo", "--lang", "de"], {})).toBe("en");
    expect(usageLang([], {})).toBe("en");
  });

  test("usage errors in French", () => {
    expect(said(() => parseServerArgs(["echo", "--port", "x"]), "fr")).toBe(
      "--port prend un nombre de 0 à 65535, pas « x »",
    );
    expect(said(() => parseServerArgs(["chat", "--bogus"]), "fr")).toBe(
      "option inconnue --bogus (socklab-server chat --help liste les options)",
    );
    expect(said(() => parseServerArgs([]), "fr")).toBe(
      "quel mode ? (socklab-server --help les liste)",
    );
    expect(said(() => parseServerArgs(["echo", "--host", "999.1.1.1"]), "fr")).toBe(
      "--host « 999.1.1.1 » n'est pas une adresse IPv4 (quatre nombres de 0 à 255)",
    );
  });

  test("a mode's own usage errors in French too (checked when the mode starts)", async () => {
    const start = async (mode: keyof typeof modes, flags: Record<string, string>) => {
      try {
        const server = await startServer({ mode: modes[mode], port: 0, quiet: true, flags });
        await server.stop();
      } catch (error) {
        if (error instanceof UsageError) return describeUsage(error, "fr");
        throw error;
      }
      throw new Error("no usage error");
    };
    expect(await start("game", { min: "5", max: "3" })).toBe(
      "--min (5) doit être inférieur à --max (3)",
    );
    expect(await start("http", { body: "/nonexistent/page.html" })).toStartWith(
      "--body : impossible de lire « /nonexistent/page.html » : ",
    );
    expect(await start("chat", { room: "x" })).toBe("--room demande --cluster nats://HÔTE:PORT");
  });

  test("the English message is unchanged (logs and scripts read it)", () => {
    expect(() => parseServerArgs(["echo", "--port", "x"])).toThrow(
      '--port takes a number from 0 to 65535, not "x"',
    );
    expect(said(() => parseServerArgs(["chat", "--bogus"]), "en")).toBe(
      "unknown flag --bogus (socklab-server chat --help lists the flags)",
    );
  });

  test("the record command's mistakes in French", () => {
    const fr = (run: () => unknown) => said(run, "fr");
    expect(fr(() => recordCommand([], () => {}))).toBe(
      "quel fichier ? socklab-server record FICHIER",
    );
    expect(fr(() => recordCommand(["x.db", "--format", "xml"], () => {}))).toBe(
      "--format prend txt, csv ou json, pas « xml »",
    );
    expect(fr(() => recordCommand(["/nonexistent/x.db"], () => {}))).toBe(
      "pas de journal à /nonexistent/x.db",
    );
  });

  test("--help follows --lang, else LANG", () => {
    const fr = parseServerArgs(["--help"], { LANG: "fr_FR.UTF-8" });
    expect(fr.kind === "help" && fr.text).toContain("Options de tous les modes :");
    const en = parseServerArgs(["chat", "--help"], {});
    expect(en.kind === "help" && en.text).toContain("Flags for every mode:");
    const chatFr = parseServerArgs(["chat", "--help", "--lang", "fr"], {});
    expect(chatFr.kind === "help" && chatFr.text).toContain("Options de chat :");
  });
});
