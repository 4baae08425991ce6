// The socket-free rules inside the session screens: what a typed line means, which keys the
// guess prompt takes, byte lists, the Ctrl-C rule.

import { expect, test } from "bun:test";
import { ownLine } from "../src/sessions/chat.ts";
import { acceptGuessChar } from "../src/sessions/game.ts";
import { parseByteList } from "../src/sessions/roundTrip.ts";
import { formatMs, interrupts } from "../src/sessions/session.ts";

test("ownLine: public lines and actions are shown at once, the rest comes back as events", () => {
  expect(ownLine("hello")).toEqual({ kind: "say", text: "hello" });
  expect(ownLine("//not a command")).toEqual({ kind: "say", text: "/not a command" });
  expect(ownLine("/me waves")).toEqual({ kind: "me", text: "waves" });
  expect(ownLine("/msg bob hi").kind).toBe("other");
  expect(ownLine("bob=>hi").kind).toBe("other");
  expect(ownLine("a, b => hi").kind).toBe("other");
  expect(ownLine("/quit bye").kind).toBe("quit");
  expect(ownLine("EXIT").kind).toBe("quit");
  expect(ownLine("x = y").kind).toBe("say");
});

test("the guess prompt takes digits, a leading minus, or a command", () => {
  expect(acceptGuessChar("7", "12")).toBe(true);
  expect(acceptGuessChar("-", "")).toBe(true);
  expect(acceptGuessChar("-", "1")).toBe(false);
  expect(acceptGuessChar("a", "1")).toBe(false);
  expect(acceptGuessChar(".", "1")).toBe(false);
  expect(acceptGuessChar("/", "")).toBe(true);
  expect(acceptGuessChar("s", "/")).toBe(true);
});

test("parseByteList: decimal and hex bytes, spaces or commas; anything else explained", () => {
  expect(Array.from(parseByteList("1 2, 0x0a 255") as Uint8Array)).toEqual([1, 2, 10, 255]);
  expect(parseByteList("256")).toContain('"256" is not a byte');
  expect(parseByteList("-1")).toContain("is not a byte");
  expect(parseByteList("1.5")).toContain("is not a byte");
  expect(parseByteList("  ")).toContain("Type numbers");
});

test("interrupts: the first Ctrl-C leaves, the second forces", () => {
  const calls: string[] = [];
  const press = interrupts(
    () => calls.push("leave"),
    () => calls.push("force"),
  );
  press();
  expect(calls).toEqual(["leave"]);
  press();
  press();
  expect(calls).toEqual(["leave", "force", "force"]);
});

test("formatMs keeps two significant decimals on loopback, none past 100 ms", () => {
  expect(formatMs(0.0834)).toBe("0.08 ms");
  expect(formatMs(12.34)).toBe("12.3 ms");
  expect(formatMs(250.6)).toBe("251 ms");
});
