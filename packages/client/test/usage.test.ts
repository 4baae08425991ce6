// The client's command-line mistakes in English and French: complete, and picked by --lang,
// else LANG / LC_ALL; the English message (what scripts read) unchanged.

import { describe, expect, test } from "bun:test";
import { catalogProblems } from "../../../test/support/catalog.ts";
import { parseClientArgs } from "../src/cli.ts";
import { UsageError } from "../src/errors.ts";
import { describeUsage, USAGE_CATALOG } from "../src/usage.ts";

function said(argv: string[], lang: "en" | "fr"): string {
  try {
    parseClientArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return describeUsage(error, lang);
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("the client's command-line catalog", () => {
  test("every sentence exists in both languages, none left in English", () => {
    expect(catalogProblems(USAGE_CATALOG.en, USAGE_CATALOG.fr)).toEqual([]);
  });

  test("check --help in French, after --lang or LANG", () => {
    const help = parseClientArgs(["check", "--help", "--lang", "fr"]);
    expect(help.kind === "help" && help.text).toContain(
      "Usage : socklab-client check MODE HÔTE:PORT",
    );
    const en = parseClientArgs(["check", "--help", "--lang", "en"]);
    expect(en.kind === "help" && en.text).toContain("Usage: socklab-client check MODE HOST:PORT");
  });

  test("flag errors in French", () => {
    expect(said(["echo", "--bogus"], "fr")).toBe(
      "option inconnue --bogus (socklab-client --help liste les options)",
    );
    expect(said(["echo", "--port", "99999"], "fr")).toMatch(/^--port : /);
    expect(said(["echo", "--host", "999.1.1.1"], "fr")).not.toMatch(/not|IPv4 address/);
    expect(said(["send", "127.0.0.1:7"], "fr")).toBe(
      "send demande le texte à envoyer : send HÔTE:PORT « texte »",
    );
    expect(said(["chat", "--name", ""], "fr")).toMatch(/^--name « +» : Tapez un nom/);
    expect(said(["check", "echo"], "fr")).toBe("check echo demande HÔTE:PORT");
    expect(said(["check", "echo", "127.0.0.1:7", "--bogus"], "fr")).toMatch(
      /^check : option inconnue/,
    );
  });

  test("the English messages are the ones scripts and tests read", () => {
    expect(() => parseClientArgs(["echo", "--bogus"])).toThrow(
      "unknown flag --bogus (socklab-client --help lists the flags)",
    );
    expect(() => parseClientArgs(["send", "nope"])).toThrow(
      '"nope" is not HOST:PORT (for example 127.0.0.1:7007)',
    );
    expect(said(["--wait", "x"], "en")).toBe('--wait takes milliseconds from 0 to 600000, not "x"');
  });
});
