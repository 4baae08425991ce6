// cli.ts: argv to command, and the one-line reasons for bad arguments.

import { expect, test } from "bun:test";
import { VERSION } from "@socklab/protocol";
import { langFromEnv, parseClientArgs } from "../src/cli.ts";
import { UsageError } from "../src/errors.ts";

/** The language the environment running the tests names (a French machine gets French). */
const ENV_LANG = langFromEnv(process.env);

test("no arguments: the interactive form with nothing answered", () => {
  expect(parseClientArgs([])).toEqual({
    kind: "session",
    lang: ENV_LANG,
    crlf: false,
    answers: { mode: undefined },
    reconnect: true,
    timeoutMs: 5000,
    waitMs: 1000,
  });
});

test("flags answer the form's questions", () => {
  const command = parseClientArgs([
    "chat",
    "--host",
    "10.0.0.5",
    "--port",
    "4444",
    "--name",
    "alice",
    "--no-reconnect",
  ]);
  expect(command).toEqual({
    kind: "session",
    lang: ENV_LANG,
    crlf: false,
    answers: { mode: "chat", host: "10.0.0.5", port: 4444, name: "alice" },
    reconnect: false,
    timeoutMs: 5000,
    waitMs: 1000,
  });
});

test("--wait also reaches a mode, which is a pipe outside a terminal", () => {
  expect(parseClientArgs(["echo", "--port", "7007", "--wait", "250"])).toMatchObject({
    kind: "session",
    lang: ENV_LANG,
    crlf: false,
    waitMs: 250,
  });
});

test("send and connect take HOST:PORT, --wait, --crlf", () => {
  expect(parseClientArgs(["send", ":7010", "hi there", "--wait", "250"])).toEqual({
    kind: "send",
    lang: ENV_LANG,
    address: { host: "127.0.0.1", port: 7010 },
    text: "hi there",
    waitMs: 250,
    timeoutMs: 5000,
    crlf: false,
  });
  expect(parseClientArgs(["connect", "h:1", "--crlf"])).toMatchObject({
    kind: "connect",
    lang: ENV_LANG,
    crlf: true,
  });
});

test.each([
  [["chat", "--name", "bob smith"], "no spaces"],
  [["chat", "--name", "x".repeat(21)], "At most 20"],
  [["http", "--path", "index.html"], "starts with /"],
  [["http", "--method", "GE T"], "--method"],
  [["send", ":1", "a", "b"], "quote it"],
  [["echo", "extra"], 'unexpected argument "extra"'],
  [["--timeout", "-1"], "--timeout"],
])("%j is refused: %s", (argv, reason) => {
  expect(() => parseClientArgs(argv)).toThrow(UsageError);
  expect(() => parseClientArgs(argv)).toThrow(reason);
});

test("send --udp, the udp mode and its ping flags", () => {
  expect(parseClientArgs(["send", "--udp", ":7007", "hi"])).toMatchObject({
    kind: "send",
    lang: ENV_LANG,
    udp: true,
  });
  expect(parseClientArgs(["udp", "--port", "9000", "--count", "4", "--interval", "200"])).toEqual({
    kind: "ping",
    lang: ENV_LANG,
    address: { host: "127.0.0.1", port: 9000 },
    count: 4,
    intervalMs: 200,
    lossMs: 1000,
  });
  // --timeout is the loss timeout for udp; the screen defaults to echo's port.
  expect(parseClientArgs(["udp", "--timeout", "300"])).toMatchObject({
    kind: "session",
    lang: ENV_LANG,
    crlf: false,
    answers: { mode: "udp" },
    lossMs: 300,
  });
});

test.each([
  [["connect", ":1", "--udp"], "--udp goes with send"],
  [["echo", "--count", "3"], "go with the udp mode"],
  [["udp", "--interval", "10"], "give --count too"],
  [["udp", "--count", "0"], "--count takes a whole number from 1"],
])("%j is refused: %s", (argv, reason) => {
  expect(() => parseClientArgs(argv)).toThrow(reason);
});

test("--lang picks the language; without it, French when LC_ALL or LANG names French", () => {
  expect(parseClientArgs(["chat", "--lang", "fr"])).toMatchObject({ kind: "session", lang: "fr" });
  expect(() => parseClientArgs(["chat", "--lang", "de"])).toThrow(
    '--lang takes en or fr, not "de"',
  );
  expect(langFromEnv({ LANG: "fr_FR.UTF-8" })).toBe("fr");
  expect(langFromEnv({ LANG: "fr" })).toBe("fr");
  expect(langFromEnv({ LC_ALL: "en_US.UTF-8", LANG: "fr_FR.UTF-8" })).toBe("en");
  expect(langFromEnv({ LC_ALL: "fr_CA.UTF-8", LANG: "C" })).toBe("fr");
  expect(langFromEnv({ LANG: "C.UTF-8" })).toBe("en");
  expect(langFromEnv({ LANG: "fry_NL" })).toBe("en");
  expect(langFromEnv({})).toBe("en");
});

test("--version prints the program, the release and the runtime, whatever else is given", () => {
  expect(parseClientArgs(["--version"])).toEqual({
    kind: "help",
    text: `socklab-client ${VERSION} (Bun ${Bun.version})`,
  });
  expect(parseClientArgs(["chat", "--version"]).kind).toBe("help");
});

test("--help in the language of --lang (or the environment's)", () => {
  const fr = parseClientArgs(["--help", "--lang", "fr"]);
  expect(fr.kind === "help" && fr.text).toContain("Utilisation :");
  const en = parseClientArgs(["--help", "--lang", "en"]);
  expect(en.kind === "help" && en.text).toContain("Usage:");
});

test("send, connect and udp --count take --lang too", () => {
  expect(parseClientArgs(["send", "127.0.0.1:7", "hi", "--lang", "fr"])).toMatchObject({
    lang: "fr",
  });
  expect(parseClientArgs(["connect", "127.0.0.1:7", "--lang", "fr"])).toMatchObject({ lang: "fr" });
  expect(parseClientArgs(["udp", "--count", "2", "--lang", "fr"])).toMatchObject({ lang: "fr" });
});
