// The teacher's console lines parsed without a terminal or a server.

import { describe, expect, test } from "bun:test";
import { parseConsoleLine } from "../src/console/commands.ts";

describe("parseConsoleLine", () => {
  test("the commands of every mode", () => {
    expect(parseConsoleLine("/clients")).toEqual({ kind: "clients" });
    expect(parseConsoleLine("  /HELP ")).toEqual({ kind: "help" });
    expect(parseConsoleLine("/quit")).toEqual({ kind: "quit" });
    expect(parseConsoleLine("/say  pause  café ")).toEqual({ kind: "say", text: "pause  café" });
    expect(parseConsoleLine("/kick #3 stop spamming")).toEqual({
      kind: "kick",
      target: { by: "id", id: 3 },
      reason: "stop spamming",
    });
    expect(parseConsoleLine("/kick bob")).toEqual({
      kind: "kick",
      target: { by: "name", name: "bob" },
      reason: "",
    });
  });

  test("bad arguments get the synopsis, not a guess", () => {
    expect(parseConsoleLine("/kick")).toEqual({
      kind: "usage",
      synopsis: "/kick #N|NAME [reason]",
    });
    expect(parseConsoleLine("/kick #x")).toEqual({
      kind: "usage",
      synopsis: "/kick #N|NAME [reason]",
    });
    expect(parseConsoleLine("/kick #99999999999")).toMatchObject({ kind: "usage" });
    expect(parseConsoleLine("/say")).toEqual({ kind: "usage", synopsis: "/say TEXT" });
    expect(parseConsoleLine("/quit now")).toEqual({ kind: "usage", synopsis: "/quit" });
    expect(parseConsoleLine("/clients all")).toEqual({ kind: "usage", synopsis: "/clients" });
  });

  test("plain text, empty lines, and the modes' commands pass through", () => {
    expect(parseConsoleLine("   ")).toEqual({ kind: "empty" });
    expect(parseConsoleLine(" bonjour ")).toEqual({ kind: "plain", text: "bonjour" });
    expect(parseConsoleLine("/Mute bob 5")).toEqual({ kind: "mode", name: "mute", rest: "bob 5" });
    expect(parseConsoleLine(`/${"x".repeat(100)}`)).toEqual({
      kind: "mode",
      name: "x".repeat(32),
      rest: "",
    });
  });
});
