// close-reason.ts: every typed close reason has its words, in English and in French, for the
// console and for the people in a room.

import { describe, expect, test } from "bun:test";
import type { CloseReason } from "@socklab/protocol";
import { messages } from "../src/catalog/index.ts";
import { closeText, leaveFields, leaveText } from "../src/core/close-reason.ts";

const en = messages("en");
const fr = messages("fr");

/** One of each kind the code passes (CloseReason's union, checked by the compiler below). */
const ALL: CloseReason[] = [
  { kind: "closed" },
  { kind: "lost", detail: "ECONNRESET" },
  { kind: "error", detail: "EPIPE" },
  { kind: "quit", detail: "" },
  { kind: "kicked", detail: "spam" },
  { kind: "flood" },
  { kind: "overflow" },
  { kind: "shutdown" },
  { kind: "full" },
  { kind: "per_address" },
  { kind: "join_timeout" },
  { kind: "wrong_protocol" },
  { kind: "internal" },
  { kind: "timeout", detail: "first_byte" },
  { kind: "timeout", detail: "idle" },
  { kind: "timeout", detail: "header" },
  { kind: "http_close" },
  { kind: "refused", status: 400, detail: "bad-request" },
];

describe("closeText", () => {
  test.each(ALL.map((r) => [JSON.stringify(r), r] as const))(
    "%s: its own words in each language",
    (_, reason) => {
      const english = closeText(en, reason);
      expect(english).not.toBe("");
      expect(closeText(fr, reason)).not.toBe(english);
    },
  );

  test("the console's words as they were: lost and error keep the system's message", () => {
    expect(closeText(en, { kind: "lost", detail: "ECONNRESET" })).toBe(
      "connection lost (ECONNRESET)",
    );
    expect(closeText(en, { kind: "error", detail: "EPIPE" })).toBe("error: EPIPE");
    expect(closeText(en, { kind: "closed" })).toBe("client closed");
    expect(closeText(fr, { kind: "shutdown" })).toBe("arrêt du serveur");
    expect(closeText(en, { kind: "kicked", detail: "" })).toBe("kicked by the teacher");
  });
});

describe("leaveText / leaveFields", () => {
  test("the room reads lost for a broken socket, closed for any other end it did not cause", () => {
    expect(leaveText(en, { kind: "lost", detail: "x" })).toBe("connection lost");
    expect(leaveText(en, { kind: "error", detail: "x" })).toBe("connection lost");
    for (const kind of ["closed", "internal", "shutdown"] as const)
      expect(leaveText(en, { kind })).toBe("connection closed");
    expect(leaveText(fr, { kind: "quit", detail: "à plus" })).toBe("départ en disant « à plus »");
  });

  test("detail only for what a person typed; a system message stays on the console", () => {
    expect(leaveFields(en, { kind: "quit", detail: "lunch" })).toEqual({
      reason: "quit: lunch",
      code: "quit",
      detail: "lunch",
    });
    expect(leaveFields(en, { kind: "quit", detail: "" })).toEqual({ reason: "quit", code: "quit" });
    expect(leaveFields(fr, { kind: "lost", detail: "ECONNRESET" })).toEqual({
      reason: "connexion perdue",
      code: "lost",
    });
  });
});
