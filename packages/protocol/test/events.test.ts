// JSON-lines events: one event per line, and a decoder that survives whatever a server sends.

import { describe, expect, test } from "bun:test";
import { decodeEvent, encodeEvent, type SocklabEvent } from "../src/events.ts";

describe("events", () => {
  test("an event is one JSON line that decodes to itself", () => {
    const events: SocklabEvent[] = [
      { type: "message", at: 1, from: "alice", text: "multi\nline \u2028 text" },
      { type: "hint", at: 2, guess: 50, result: "small", attempts: 3 },
      { type: "who", at: 3, users: [{ nick: "é", idle: 0 }] },
    ];
    for (const event of events) {
      const line = encodeEvent(event);
      expect(line.endsWith("\n")).toBe(true);
      expect(line.slice(0, -1).includes("\n")).toBe(false); // newlines in text are escaped
      expect(decodeEvent(line.slice(0, -1))).toEqual(event);
    }
  });

  test("anything that is not an object with a string type decodes to undefined", () => {
    for (const line of ["", "hello", "42", "null", "[]", '{"type":3}', '{"text":"x"}', "{"]) {
      expect(decodeEvent(line)).toBeUndefined();
    }
  });
});
