// The connection core over real sockets, with small test modes: graceful end from a handler,
// per-connection timers, back-pressure (pause at the high-water mark, resume on drain), resets.
// Every test has its own server, so they all run concurrently.

import { describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { connectPeer } from "../../../test/support/peer.ts";
import type { Connection } from "../src/core/connection.ts";
import { createLogger } from "../src/core/logger.ts";
import type { ModeDefinition, ModeHandlers } from "../src/core/mode.ts";
import { startServer } from "../src/core/server.ts";
import { modes } from "../src/modes/index.ts";

const dec = new TextDecoder();
const silent = createLogger({ write: () => {} });

/** A throwaway mode built from handlers, run on 127.0.0.1, port 0. */
async function withMode(handlers: ModeHandlers, run: (port: number) => Promise<void>) {
  const definition: ModeDefinition = {
    name: "echo",
    examples: [],
    flags: {},
    create: () => handlers,
  };
  const server = await startServer({
    mode: definition,
    port: 0,
    host: "127.0.0.1",
    log: silent,
  });
  try {
    await run(server.port);
  } finally {
    await server.stop();
  }
}

/** Connects a raw client that does not read until `resume()` (Bun.connect's own pause). */
async function lazyReader(port: number) {
  let got = 0;
  const chunks: Uint8Array[] = [];
  let closed = false;
  const sock: Socket<undefined> = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    allowHalfOpen: true,
    socket: {
      data(_s, d) {
        chunks.push(new Uint8Array(d));
        got += d.length;
      },
      end() {
        closed = true;
      },
      close() {
        closed = true;
      },
    },
  });
  sock.pause();
  return {
    sock,
    get got() {
      return got;
    },
    get closed() {
      return closed;
    },
    bytes: () => Buffer.concat(chunks),
  };
}

async function until(ready: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

describe.concurrent("graceful end", () => {
  test("end() right after a send in open: the peer gets the line, then the close", async () => {
    await withMode(
      {
        open(conn) {
          conn.send("bye now\n");
          conn.end({ kind: "closed" });
          expect(conn.send("dropped\n")).toBe(false); // nothing is sent after end()
        },
      },
      async (port) => {
        const peer = await connectPeer(port);
        expect(dec.decode(await peer.closed())).toBe("bye now\n");
        peer.close(); // answer the FIN, so the server need not wait out its close grace
      },
    );
  });

  test("a large reply queued before end() arrives whole, even to a late reader", async () => {
    const reply = new Uint8Array(3 << 20).map((_, i) => i % 251);
    await withMode(
      {
        open(conn) {
          conn.send(reply);
          conn.end({ kind: "closed" });
        },
      },
      async (port) => {
        const reader = await lazyReader(port);
        await Bun.sleep(200); // the server is stuck with most of it queued
        reader.sock.resume();
        await until(() => reader.closed, "the close");
        expect(reader.got).toBe(reply.length);
        expect(reader.bytes().equals(reply)).toBe(true);
        reader.sock.end(); // answer the FIN, so the server need not wait out its close grace
      },
    );
  });

  test("a peer still sending when we end does not reset our last reply away", async () => {
    await withMode(
      {
        maxLine: 64,
        line(conn, text) {
          if (text === "quit") {
            conn.send("goodbye\n");
            conn.end({ kind: "quit", detail: "" });
          }
        },
      },
      async (port) => {
        const peer = await connectPeer(port);
        // "quit", then lots more the server never reads as lines: closing at once would make
        // the kernel answer it with a reset that can destroy "goodbye" before we read it.
        peer.send(`quit\n${"junk line\n".repeat(50_000)}`);
        await Bun.sleep(100);
        expect(dec.decode(await peer.closed())).toBe("goodbye\n");
        peer.close(); // answer the FIN, so the server need not wait out its close grace
      },
    );
  });
});

describe.concurrent("echo's half-close with back-pressure", () => {
  test("16 MiB then FIN from a client that reads nothing for a while: all of it comes back", async () => {
    const server = await startServer({ mode: modes.echo, port: 0, host: "127.0.0.1", log: silent });
    try {
      const data = new Uint8Array(16 << 20).map((_, i) => (i * 31) >> 3);
      const reader = await lazyReader(server.port);
      let sent = 0;
      const pump = () => {
        while (sent < data.length) {
          const n = reader.sock.write(data, sent, data.length - sent);
          if (n <= 0) return;
          sent += n;
        }
        reader.sock.shutdown();
      };
      // Bun.connect's drain handler was fixed at connect time; pump on a timer instead.
      const timer = setInterval(pump, 5);
      pump();
      await Bun.sleep(300); // server paused: its outbox is past the mark and we do not read
      expect(sent).toBeLessThan(data.length);
      reader.sock.resume();
      await until(() => reader.closed, "the echo and the close");
      clearInterval(timer);
      expect(reader.got).toBe(data.length);
      expect(reader.bytes().equals(data)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe.concurrent("back-pressure in a line mode", () => {
  test("a client that floods lines and never reads is paused: the server holds a bounded amount", async () => {
    let maxQueued = 0;
    let conn: Connection | undefined;
    await withMode(
      {
        maxLine: 1024,
        highWaterMark: 64 * 1024,
        open(c) {
          conn = c;
        },
        line(c, text) {
          c.send(`${text} ${text} ${text}\n`); // each line answered with three times its size
          maxQueued = Math.max(maxQueued, c.outbox.queued);
        },
      },
      async (port) => {
        const reader = await lazyReader(port);
        const line = new TextEncoder().encode(`${"x".repeat(99)}\n`);
        const burst = new Uint8Array(line.length * 1000);
        for (let i = 0; i < 1000; i++) burst.set(line, i * line.length);
        let sent = 0;
        for (let round = 0; round < 400; round++) {
          const n = reader.sock.write(burst);
          if (n > 0) sent += n;
          await Bun.sleep(1);
        }
        // The server stopped reading: we could not push 40 MB through it.
        expect(sent).toBeLessThan(20 << 20);
        // Decoding stops with the pause, although a single read (up to 512 KiB here) holds
        // thousands of lines. The mark counts what the kernel refused: replies queued in one turn
        // are written once they reach 256 KiB, refused, and then the mark pauses the peer, so at
        // most 256 KiB plus one reply is ever queued.
        expect(maxQueued).toBeLessThanOrEqual(256 * 1024 + 300);
        expect(conn?.isOpen).toBe(true);
        reader.sock.terminate();
      },
    );
  });
});

describe.concurrent("timers", () => {
  test("setTimer runs once after its delay; clearTimer cancels it", async () => {
    await withMode(
      {
        maxLine: 64,
        open(conn) {
          conn.setTimer(300, () => {
            conn.send("ring\n");
            conn.end({ kind: "closed" });
          });
        },
        line(conn, text) {
          if (text === "cancel") conn.clearTimer();
          if (text === "ping") conn.send("pong\n");
        },
      },
      async (port) => {
        const a = await connectPeer(port);
        const b = await connectPeer(port);
        b.sendLine("cancel");
        expect(dec.decode(await a.closed())).toBe("ring\n");
        b.sendLine("ping");
        expect(await b.line()).toBe("pong");
        expect(b.isClosed).toBe(false);
        a.close(); // answer the timer's FIN, so the server need not wait out its close grace
        b.close();
      },
    );
  });

  test("a timer that throws closes only its own connection", async () => {
    await withMode(
      {
        maxLine: 64,
        line(conn, text) {
          if (text === "arm") {
            conn.setTimer(50, () => {
              throw new Error("timer bug");
            });
          } else conn.send(`${text}\n`);
        },
      },
      async (port) => {
        const a = await connectPeer(port);
        const b = await connectPeer(port);
        a.sendLine("arm");
        await a.closed();
        b.sendLine("alive");
        expect(await b.line()).toBe("alive");
        b.close();
      },
    );
  });
});

describe.concurrent("abrupt peers", () => {
  test("a peer that resets the connection is cleaned up; others go on", async () => {
    const closes: string[] = [];
    let clients = 0;
    await withMode(
      {
        open() {
          clients++;
        },
        data(conn, bytes) {
          conn.send(bytes);
        },
        close(conn, reason) {
          closes.push(`${conn.id} ${reason.kind}`);
          clients--;
        },
      },
      async (port) => {
        const a = await lazyReader(port);
        a.sock.write(new Uint8Array(100_000)); // unread echo waiting on both sides
        await Bun.sleep(50);
        a.sock.terminate(); // RST
        const b = await connectPeer(port);
        b.send("ok");
        expect(dec.decode(await b.bytes(2))).toBe("ok");
        await until(() => closes.length === 1, "the reset client's close");
        expect(closes[0]).toStartWith("1 ");
        expect(clients).toBe(1);
        b.close();
      },
    );
  });
});
