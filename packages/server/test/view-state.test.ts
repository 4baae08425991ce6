// The class view's state driven directly, without sockets: what a page is sent, and the bounds
// that keep a view open for an hour at a flat size.

import { describe, expect, test } from "bun:test";
import { messages } from "../src/catalog/index.ts";
import {
  CHAT_KEPT,
  CHUNK_PREVIEW,
  CHUNKS_KEPT,
  HTTP_KEPT,
  MAX_PENDING,
  ViewState,
} from "../src/view/state.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string | undefined) => JSON.parse(text ?? "null");

describe("ViewState", () => {
  test("nothing changed: no batch at all", () => {
    const state = new ViewState("echo", messages("en"));
    expect(state.take()).toBeUndefined();
  });

  test("a client's open, bytes and close, in order, in one batch", () => {
    const state = new ViewState("echo", messages("en"));
    state.opened(1, "127.0.0.1:5000", 1000);
    state.read(1, bytes("hello"), false);
    state.read(1, bytes("!!"), false);
    const batch = parse(state.take());
    expect(batch.ev).toEqual([{ k: "open", id: 1, peer: "127.0.0.1:5000", since: 1000 }]);
    expect(batch.traffic).toEqual([[1, 7, 0]]);
    state.wrote(1, 7);
    state.wrote(1, 7);
    expect(parse(state.take()).traffic).toEqual([[1, 7, 7]]);
    state.wrote(1, 7);
    expect(state.take()).toBeUndefined();
    state.closed(1);
    expect(parse(state.take()).ev).toEqual([{ k: "close", id: 1 }]);
    expect(parse(state.snapshot()).clients).toEqual([]);
  });

  test("inspect: each chunk with its size, a bounded preview, and the last CHUNKS_KEPT only", () => {
    const state = new ViewState("inspect", messages("fr"));
    state.opened(1, "p", 0);
    state.read(1, new Uint8Array(1000), true);
    const [, chunk] = parse(state.take()).ev;
    expect(chunk.chunk.size).toBe(1000);
    expect(chunk.chunk.label).toBe("1000 octets");
    expect(chunk.chunk.hex.split(" ").length).toBe(CHUNK_PREVIEW + 1); // and " …"
    for (let i = 0; i < CHUNKS_KEPT + 10; i++) state.read(1, bytes(`#${i}`), true);
    const row = parse(state.snapshot()).clients[0];
    expect(row.chunks.length).toBe(CHUNKS_KEPT);
    expect(row.chunks.at(-1).text).toBe(`#${CHUNKS_KEPT + 9}`);
  });

  test("chat: public lines, joins and leaves; private messages never; CHAT_KEPT at most", () => {
    const state = new ViewState("chat", messages("en"));
    state.chatEvent({ type: "join", at: 1, nick: "ada", online: 1 });
    state.chatEvent({ type: "message", at: 2, from: "ada", text: "hello" });
    state.chatEvent({ type: "private", at: 3, from: "ada", to: ["bob"], text: "secret" });
    const batch = parse(state.take());
    expect(batch.chat).toEqual([
      { at: 1, text: "ada joined" },
      { at: 2, from: "ada", text: "hello" },
    ]);
    expect(JSON.stringify(batch)).not.toContain("secret");
    for (let i = 0; i < CHAT_KEPT * 3; i++)
      state.chatEvent({ type: "message", at: i, from: "ada", text: `line ${i}` });
    const next = parse(state.take());
    expect(next.chat.length).toBe(CHAT_KEPT);
    expect(next.chat.at(-1).text).toBe(`line ${CHAT_KEPT * 3 - 1}`);
    expect(parse(state.snapshot()).chat.length).toBe(CHAT_KEPT);
  });

  test("game: intervals from the hints; the secret appears only with the win", () => {
    const state = new ViewState("game", messages("en"));
    state.gameRound(1, 0, 1000);
    state.gameGuess(1, "ada", 400, "small");
    state.gameGuess(1, "ada", 700, "big");
    state.gameGuess(1, "ada", 500, "small");
    state.gameGuess(2, "bob", 900, "big");
    const game = parse(state.take()).game;
    expect(game.players).toEqual([
      { name: "ada", lo: 500, hi: 700 },
      { name: "bob", lo: 0, hi: 900 },
    ]);
    expect(game.guesses).toBe("4 guesses so far");
    expect(JSON.stringify(game)).not.toContain("613");
    state.gameWin(1, "ada", 4, 613, [{ name: "ada", wins: 1, best: 4 }]);
    const won = parse(state.take()).game;
    expect(won.rounds).toEqual(["round 1: ada found 613 in 4 guesses"]);
    expect(won.scores).toEqual([{ name: "ada", wins: 1, best: 4 }]);
    state.gameRound(2, 0, 1000);
    expect(parse(state.take()).game.players).toEqual([]);
  });

  test("http: requests per second over the last second, the last HTTP_KEPT, statuses counted", () => {
    const state = new ViewState("http", messages("en"));
    for (let i = 0; i < HTTP_KEPT + 5; i++) state.httpRequest("GET", `/${i}`, i % 2 ? 404 : 200, 1);
    const http = parse(state.take(10)).http;
    expect(http.rate).toBe(HTTP_KEPT + 5);
    expect(http.requests.length).toBe(HTTP_KEPT);
    expect(http.requests[0].path).toBe(`/${HTTP_KEPT + 4}`);
    expect(http.statuses).toEqual([
      [200, 13],
      [404, 12],
    ]);
    // A second later (10 flushes), the rate is back to 0.
    let last = http;
    for (let i = 0; i < 10; i++) last = parse(state.take(10))?.http ?? last;
    expect(last.rate).toBe(0);
  });

  test("a burst past MAX_PENDING: the batch is dropped and the next flush is a snapshot", () => {
    const state = new ViewState("echo", messages("en"));
    for (let i = 1; i <= MAX_PENDING + 100; i++) state.opened(i, "p", 0);
    const out = parse(state.take());
    expect(out.t).toBe("hello");
    expect(out.clients.length).toBe(MAX_PENDING + 100);
    expect(state.take()).toBeUndefined();
  });

  test("unwatched (no page open): the state is kept, no change waits for a batch", () => {
    const state = new ViewState("chat", messages("en"));
    state.watching = false;
    state.opened(1, "p", 0);
    state.read(1, bytes("hi"), true);
    state.chatEvent({ type: "message", at: 1, from: "ada", text: "hello" });
    expect(state.take()).toBeUndefined();
    const snapshot = parse(state.snapshot());
    expect(snapshot.clients[0].bytesIn).toBe(2);
    expect(snapshot.chat).toEqual([{ at: 1, from: "ada", text: "hello" }]);
  });

  test("UDP: each sender one row, each datagram a chunk marked whole", () => {
    const state = new ViewState("inspect", messages("en"));
    state.datagram("10.0.0.5:4000", bytes("AB"), 0);
    state.datagram("10.0.0.5:4000", bytes("CDE"), 0);
    state.datagram("10.0.0.6:4000", bytes("F"), 0);
    const rows = parse(state.snapshot()).clients;
    expect(rows.map((r: { chunks: unknown[] }) => r.chunks.length)).toEqual([2, 1]);
    expect(rows[0].chunks[1]).toMatchObject({ size: 3, dgram: true });
    expect(rows[0].id).toBeLessThan(0);
  });
});
