// parseServerArgs: the command line into server options or help, without starting anything.

import { describe, expect, test } from "bun:test";
import { MODE_NAMES, VERSION } from "@socklab/protocol";
import { globalHelp, modeHelp, parseServerArgs } from "../src/cli.ts";
import { UsageError } from "../src/core/errors.ts";
import { modes } from "../src/modes/index.ts";

describe("parseServerArgs", () => {
  test("a mode with every global flag", () => {
    const command = parseServerArgs([
      "length",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--max-clients",
      "5",
      "--lang",
      "fr",
      "--quiet",
    ]);
    expect(command).toEqual({
      kind: "run",
      options: {
        mode: modes.length,
        host: "127.0.0.1",
        port: 0,
        maxClients: 5,
        lang: "fr",
        quiet: true,
        flags: {},
      },
    });
  });

  test("flags may come before the mode, and --flag=value works", () => {
    const command = parseServerArgs(["--port=9000", "bytes", "--factor=3"]);
    expect(command.kind).toBe("run");
    if (command.kind === "run") {
      expect(command.options.port).toBe(9000);
      expect(command.options.flags).toEqual({ factor: "3" });
    }
  });

  test("a mode's own flag before the mode, its value apart: the value is not taken for the mode", () => {
    const command = parseServerArgs(["--factor", "3", "--host", "game", "bytes"]);
    expect(command.kind).toBe("run");
    if (command.kind === "run") {
      expect(command.options.mode).toBe(modes.bytes);
      expect(command.options.host).toBe("game");
      expect(command.options.flags).toEqual({ factor: "3" });
    }
    // The mode's flag took the only mode name as its value: no mode is left.
    expect(() => parseServerArgs(["--factor", "bytes"])).toThrow(/which mode/);
  });

  test("defaults: no host, port or limit given (the server picks), English, not quiet", () => {
    const command = parseServerArgs(["echo"]);
    expect(command).toEqual({
      kind: "run",
      options: {
        mode: modes.echo,
        host: undefined,
        port: undefined,
        maxClients: undefined,
        lang: "en",
        quiet: false,
        flags: {},
      },
    });
  });

  test("help, global and per mode", () => {
    expect(parseServerArgs(["--help"])).toEqual({ kind: "help", text: globalHelp() });
    expect(parseServerArgs(["chat", "-h"])).toEqual({ kind: "help", text: modeHelp("chat") });
  });

  test("every mode's help has an example", () => {
    for (const mode of MODE_NAMES) expect(modeHelp(mode)).toMatch(/Examples:\n {2}\S/);
  });

  test("bad command lines throw UsageError", () => {
    for (const argv of [
      [],
      ["x"],
      ["echo", "--nope"],
      ["echo", "--port", "65536"],
      ["echo", "a", "b"],
    ]) {
      expect(() => parseServerArgs(argv)).toThrow(UsageError);
    }
  });
});

describe("--view", () => {
  test("--view P and --view-host H: the class view's address", () => {
    const command = parseServerArgs(["chat", "--view", "8080", "--view-host", "127.0.0.1"]);
    expect(command.kind === "run" && command.options.view).toEqual({
      port: 8080,
      host: "127.0.0.1",
    });
    const plain = parseServerArgs(["echo", "--view", "0"]);
    expect(plain.kind === "run" && plain.options.view).toEqual({ port: 0, host: undefined });
  });

  test("off by default; --view-host alone and a bad port are usage errors naming the flag", () => {
    const command = parseServerArgs(["chat"]);
    expect(command.kind === "run" && command.options.view).toBeUndefined();
    expect(() => parseServerArgs(["chat", "--view-host", "0.0.0.0"])).toThrow(
      "--view-host goes with --view",
    );
    expect(() => parseServerArgs(["chat", "--view", "web"])).toThrow(/^--view takes a number/);
  });
});

test("--version prints the program, the release and the runtime, with or without a mode", () => {
  const line = `socklab-server ${VERSION} (Bun ${Bun.version})`;
  expect(parseServerArgs(["--version"])).toEqual({ kind: "help", text: line });
  expect(parseServerArgs(["chat", "--version"])).toEqual({ kind: "help", text: line });
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
});

test("--host of dotted numbers that is no IPv4 address is a usage error, not Bun's message", () => {
  expect(() => parseServerArgs(["echo", "--host", "999.1.1.1"])).toThrow(
    '--host "999.1.1.1" is not an IPv4 address (four numbers 0-255)',
  );
  expect(() => parseServerArgs(["echo", "--host", "1.2.3"])).toThrow("not an IPv4 address");
  expect(parseServerArgs(["echo", "--host", "10.0.0.255"]).kind).toBe("run");
});
