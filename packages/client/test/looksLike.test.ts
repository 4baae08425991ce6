// looksLike.ts: a server's first line read as a mode, a refusal, or unknown.

import { expect, test } from "bun:test";
import { messages } from "../src/catalog/index.ts";
import { looksLike } from "../src/sessions/looksLike.ts";

const sent = "/proto json\n";

test("each socklab mode's first words, in English and French, name that mode", () => {
  for (const lang of ["en", "fr"] as const) {
    const m = messages(lang);
    expect(looksLike(`-- ${m.chatWelcome}`, sent)).toEqual({ kind: "mode", mode: "chat" });
    expect(looksLike(m.gameWelcome(m.gamePlayer(1), 1), sent)).toEqual({
      kind: "mode",
      mode: "game",
    });
    expect(looksLike(m.gameRules(1, 1000), sent)).toEqual({ kind: "mode", mode: "game" });
    expect(looksLike(m.lengthWelcome(3), sent)).toEqual({ kind: "mode", mode: "length" });
    expect(looksLike(m.serverFull(2), sent).kind).toBe("refused");
    expect(looksLike(`-- ${m.serverFull(2)}`, sent).kind).toBe("refused");
    expect(looksLike(m.perAddressFull(4), sent).kind).toBe("refused");
  }
  expect(looksLike("HTTP/1.1 400 Bad Request", sent)).toEqual({ kind: "mode", mode: "http" });
  expect(looksLike("HTTP/1.1 503 Service Unavailable", sent)).toEqual({
    kind: "refused",
    text: "503 Service Unavailable",
  });
  expect(
    looksLike('{"type":"welcome","at":1,"player":1,"name":"p","min":0,"max":9,"round":1}', sent),
  ).toEqual({ kind: "mode", mode: "game" });
  expect(looksLike("/proto json", sent)).toEqual({ kind: "mode", mode: "echo" });
  expect(looksLike("\u0004@X\u0001", sent)).toEqual({ kind: "mode", mode: "bytes" });
  expect(looksLike("220 smtp.example.org ESMTP", sent)).toEqual({ kind: "unknown" });
});
