// The socket-free rules inside the session screens: which typed line leaves, which keys the
// guess prompt takes, byte lists, the Ctrl-C rule.

import { expect, test } from "bun:test";
import { isQuit } from "../src/sessions/chat.ts";
import { acceptGuessChar } from "../src/sessions/game.ts";
import { parseByteList } from "../src/sessions/roundTrip.ts";
import { formatMs, interrupts } from "../src/sessions/session.ts";

test("isQuit: /quit, /quit with a reason and the seed's exit leave; the rest goes to the server", () => {
  expect(isQuit("/quit")).toBe(true);
  expect(isQuit("/quit bye")).toBe(true);
  expect(isQuit("EXIT")).toBe(true);
  expect(isQuit("/quitter")).toBe(false);
  expect(isQuit("exit now")).toBe(false);
  expect(isQuit("hello")).toBe(false);
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
