// What crosses NATS (../src/cluster/wire.ts): every field checked and sanitised as a client's
// line would be; anything malformed is refused (the link drops and counts it).

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  decodeBeat,
  decodeClaim,
  decodeEnvelope,
  encode,
  nickKey,
  serverName,
} from "../src/cluster/wire.ts";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const from = { v: 1 as const, server: "abcd1234", name: "lab2" };
const AT = 42;

describe("decodeEnvelope", () => {
  test("a message is cleaned as a client's line, and stamped with this server's clock", () => {
    const got = decodeEnvelope(
      bytes({
        ...from,
        event: { type: "message", at: 9e15, from: "bob", text: " hi\x1b[2J  there " },
      }),
      AT,
      2048,
    );
    expect(got).toEqual({
      ...from,
      event: { type: "message", at: AT, from: "bob", text: "hi there" },
    });
  });

  test("what the encoder writes, the decoder reads back", () => {
    const event = {
      type: "private" as const,
      at: AT,
      from: "alice",
      to: ["bob", "Élodie"],
      text: "hi",
    };
    expect(
      decodeEnvelope(encode({ v: 1, server: "abcd1234", name: "lab2", event }), AT, 2048),
    ).toEqual({
      ...from,
      event,
    });
  });

  test.each([
    ["not UTF-8", new Uint8Array([0xff, 0xfe])],
    ["not JSON", new TextEncoder().encode("{")],
    ["an array", bytes([1])],
    ["another version", bytes({ ...from, v: 2, event: { type: "join", at: 0, nick: "bob" } })],
    [
      "a bad server id",
      bytes({ ...from, server: "../x", event: { type: "join", at: 0, nick: "bob" } }),
    ],
    [
      "a bad server name",
      bytes({ ...from, name: "a b", event: { type: "join", at: 0, nick: "bob" } }),
    ],
    ["an unknown event", bytes({ ...from, event: { type: "system", at: 0, text: "x" } })],
    ["a nickname with a space", bytes({ ...from, event: { type: "join", at: 0, nick: "b b" } })],
    [
      "the teacher's name",
      bytes({ ...from, event: { type: "message", at: 0, from: "Teacher", text: "x" } }),
    ],
    [
      "a number for text",
      bytes({ ...from, event: { type: "message", at: 0, from: "bob", text: 1 } }),
    ],
    [
      "an empty text",
      bytes({ ...from, event: { type: "message", at: 0, from: "bob", text: " \x1b[2J " } }),
    ],
    [
      "a text past --max-line",
      bytes({ ...from, event: { type: "message", at: 0, from: "bob", text: "x".repeat(2049) } }),
    ],
    [
      "a private to nobody",
      bytes({ ...from, event: { type: "private", at: 0, from: "bob", to: [], text: "x" } }),
    ],
    [
      "a private to a bad name",
      bytes({ ...from, event: { type: "private", at: 0, from: "bob", to: ["a\nb"], text: "x" } }),
    ],
    [
      "an action that is not a boolean",
      bytes({ ...from, event: { type: "message", at: 0, from: "bob", text: "x", action: "yes" } }),
    ],
  ])("refuses %s", (_what, data) => {
    expect(decodeEnvelope(data, AT, 2048)).toBeUndefined();
  });

  test("a leave reason is cleaned and cut; online is recounted by the reader", () => {
    const got = decodeEnvelope(
      bytes({
        ...from,
        event: { type: "leave", at: 0, nick: "bob", reason: `q\x07${"x".repeat(500)}`, online: 99 },
      }),
      AT,
      2048,
    );
    expect(got?.event).toEqual({
      type: "leave",
      at: AT,
      nick: "bob",
      reason: `q${"x".repeat(119)}`,
      code: "closed",
      online: 0,
    });
  });

  test("a leave's kind crosses (unknown kinds read as closed), its typed detail sanitised", () => {
    const leave = (extra: Record<string, unknown>) =>
      decodeEnvelope(
        bytes({
          ...from,
          event: { type: "leave", at: 0, nick: "bob", reason: "r", online: 1, ...extra },
        }),
        AT,
        2048,
      )?.event;
    expect(leave({ code: "quit", detail: "lunch\x1b[2J" })).toEqual({
      type: "leave",
      at: AT,
      nick: "bob",
      reason: "r",
      code: "quit",
      detail: "lunch",
      online: 0,
    });
    expect(leave({ code: "rm -rf" })).toMatchObject({ code: "closed" });
  });

  test("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        decodeEnvelope(data, AT, 2048);
        decodeBeat(data);
        decodeClaim(data);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (event) => {
        decodeEnvelope(bytes({ ...from, event }), AT, 2048);
      }),
    );
  });
});

describe("beats, claims, keys, names", () => {
  test("a beat and a claim read back; a bye is kept", () => {
    expect(decodeBeat(encode({ ...from, v: 1, bye: true }))).toEqual({ ...from, v: 1, bye: true });
    expect(decodeClaim(encode({ ...from, v: 1, nick: "bob", id: 3 }))).toEqual({
      ...from,
      v: 1,
      nick: "bob",
      id: 3,
    });
    expect(decodeClaim(encode({ ...from, v: 1, nick: "b b", id: 3 }))).toBeUndefined();
  });

  test("a nickname's key is a subject token, the same for every case", () => {
    expect(nickKey("élodie")).toMatch(/^n\.[0-9a-f]+$/);
    expect(nickKey("Bob".toLowerCase())).toBe(nickKey("bob"));
  });

  test("a server name is a host name's letters", () => {
    expect(serverName("lab-201.example")).toBe("lab-201.example");
    expect(serverName("a b")).toBeUndefined();
    expect(serverName("")).toBeUndefined();
  });
});
