// Every graceful close has a deadline (#20 item 2): a peer that never reads, and so never takes
// the last bytes the server owes it, is gone within CLOSE_STALL_MS + CLOSE_GRACE_MS in every
// mode, instead of holding its slot (and the server's memory) forever; and one whose close the
// server never saw (it is paused, its FIN unread) is cut at --stall-timeout.

import { afterAll, describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "bun";
import { CLOSE_GRACE_MS, CLOSE_STALL_MS } from "../packages/server/src/core/connection.ts";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { modes } from "../packages/server/src/modes/index.ts";
import { joinChat, waitFor } from "./support/chat.ts";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function start(
  mode: "echo" | "chat" | "game" | "length" | "http" | "bytes",
  flags: Record<string, string | number> = {},
  stallTimeout?: number,
) {
  const server = await startServer({
    mode: modes[mode],
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    flags,
    stallTimeout,
  });
  servers.push(server);
  return server;
}

/** A client that writes, but never reads a byte: its socket is paused from the start. */
async function nonReader(port: number) {
  const pending: Uint8Array[] = [];
  let closed = false;
  let endAfter = false;
  const flush = (socket: Socket<undefined>) => {
    while (pending.length > 0) {
      const head = pending[0] as Uint8Array;
      const n = socket.write(head);
      if (n < 0) return;
      if (n < head.length) {
        pending[0] = head.subarray(n);
        return;
      }
      pending.shift();
    }
    if (endAfter) socket.shutdown();
  };
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open(s) {
        s.pause();
      },
      data() {},
      drain: (s) => flush(s),
      close() {
        closed = true;
      },
      error() {
        closed = true;
      },
    },
  });
  socket.pause();
  return {
    send(data: string | Uint8Array) {
      pending.push(typeof data === "string" ? new TextEncoder().encode(data) : data);
      if (pending.length === 1) flush(socket);
    },
    /** FIN once everything is written. */
    end() {
      endAfter = true;
      if (pending.length === 0) socket.shutdown();
    },
    get closed() {
      return closed;
    },
    terminate: () => socket.terminate(),
  };
}

/** The stall timeout of the tests whose peer is paused before the server sees its close. */
const STALL_MS = 1500;

/** Waits until the server holds no client, reporting how long it took. */
async function gone(server: RunningServer, what: string) {
  const started = Date.now();
  const limit = CLOSE_STALL_MS + CLOSE_GRACE_MS + 5000;
  await waitFor(
    () => server.clientCount === 0,
    limit,
    () => `${what}: ${server.clientCount} connections still open`,
  );
  console.log(`${what}: gone ${Date.now() - started} ms after the close began`);
}

describe.concurrent("a peer that never reads is gone within the close deadline", () => {
  test("echo: 16 MiB sent then FIN; its echo is never read (cut at --stall-timeout)", async () => {
    const server = await start("echo", {}, STALL_MS);
    const peer = await nonReader(server.port);
    peer.send(new Uint8Array(16 << 20));
    peer.end();
    await gone(server, "echo");
  }, 30_000);

  test("length: lines then FIN; the answers are never read (cut at --stall-timeout)", async () => {
    const server = await start("length", {}, STALL_MS);
    const peer = await nonReader(server.port);
    peer.send("x\n".repeat(4 << 20));
    peer.end();
    await gone(server, "length");
  }, 30_000);

  test("chat: a newcomer replayed a large history says /quit and never reads", async () => {
    const server = await start("chat", {
      ...{ history: 2000, rate: 0, "max-line": "8KiB" },
      // Far above the replay: only the close deadline can end the newcomer.
      "send-queue": "64MiB",
    });
    const talker = await joinChat(server.port, "talker");
    const lines = Array.from({ length: 2000 }, (_, i) => `${i} ${"y".repeat(8000)}`);
    talker.send(`${lines.join("\n")}\n/who\n`);
    // Lines are handled in order: once /who is answered, all 2000 are in the history.
    await talker.until((line) => line.startsWith("-- 1 online"), 20_000);
    // 16 MB of history, more than any kernel buffer: the newcomer's /quit cannot be flushed.
    const peer = await nonReader(server.port);
    peer.send("newcomer\n/quit\n");
    await waitFor(
      () => server.clientCount === 1 || peer.closed,
      20_000,
      () => "the newcomer is still there",
    );
    talker.close();
    await gone(server, "chat /quit");
  }, 40_000);

  test("game: /quit after a flood of guesses whose answers are never read", async () => {
    const server = await start("game", { rate: 0, "send-queue": "64MiB" }, 600_000);
    const peer = await nonReader(server.port);
    peer.send(`${"1\n".repeat(1 << 18)}/quit\n`);
    await gone(server, "game /quit");
  }, 30_000);

  test("http: 20 connections each write 1 MB of pipelined GET / and never read (cut at --stall-timeout)", async () => {
    const server = await start("http", {}, STALL_MS);
    const request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    const peers = await Promise.all(Array.from({ length: 20 }, () => nonReader(server.port)));
    for (const peer of peers) peer.send(request.repeat(Math.ceil((1 << 20) / request.length)));
    await waitFor(
      () => server.clientCount === 20,
      5000,
      () => `${server.clientCount} of 20 connected`,
    );
    // (Server side: a client paused like these does not even notice its reset.)
    await gone(server, "http pipelined non-readers");
  }, 60_000);

  test("http: Connection: close after a 64 KiB body, never read (cut at --stall-timeout)", async () => {
    const body = join(tmpdir(), `socklab-body-64k-${process.pid}.html`);
    await Bun.write(body, "<p>".padEnd(64 * 1024, "x"));
    // The body goes out in 64 KiB slices and the close waits for the last one, which a peer
    // that reads nothing never lets out: the stall timeout, not the close, ends it.
    const server = await start("http", { body }, STALL_MS);
    const peers = await Promise.all(Array.from({ length: 10 }, () => nonReader(server.port)));
    const request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const peer of peers)
      peer.send(`${request.repeat(200)}GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await gone(server, "http Connection: close");
  }, 60_000);
});

describe.concurrent("the room's notices keep their order (#20 item 7)", () => {
  test("a newcomer cut while its history is replayed is announced joining, then leaving; /who agrees", async () => {
    const server = await startServer({
      mode: modes.chat,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { history: 500, rate: 0, "max-line": "24KiB", "send-queue": "4KiB" },
      stallTimeout: 1000,
    });
    servers.push(server);
    const witness = await joinChat(server.port, "witness");
    const lines = Array.from({ length: 500 }, (_, i) => `${i} ${"y".repeat(24_000)}`);
    witness.send(`${lines.join("\n")}\n/who\n`);
    await witness.until((line) => line.startsWith("-- 1 online"), 20_000);
    // 12 MB of history, far more than the kernel holds for a peer that reads nothing (about
    // 4.3 MB on loopback here, once its buffers have grown: the tick offers them their fill).
    const ghost = await nonReader(server.port);
    ghost.send("ghost\n");
    const seen = await witness.until((line) => line.includes("ghost left"), 20_000);
    const notices = seen.filter((line) => line.includes("ghost"));
    expect(notices).toEqual([
      expect.stringMatching(/ -- ghost joined \(2 online\)$/),
      expect.stringMatching(/ -- ghost left \(send queue exceeded\)$/),
    ]);
    witness.sendLine("/who");
    expect(await witness.until((line) => line.startsWith("-- "))).toEqual(["-- 1 online:"]);
    witness.close();
  }, 40_000);
});
