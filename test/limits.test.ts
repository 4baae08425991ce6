// The connection core's limits end to end: --max-clients refusal, and a mode handler that throws
// closes only the connection concerned. Every test has its own server, so they all run at once.

import { describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { createLogger } from "../packages/server/src/core/logger.ts";
import type { ModeDefinition } from "../packages/server/src/core/mode.ts";
import { startServer } from "../packages/server/src/core/server.ts";
import { waitFor } from "./support/chat.ts";
import { connectPeer } from "./support/peer.ts";

describe.concurrent("--max-clients", () => {
  test('a newcomer past the limit gets "server full" and is closed; the others are untouched', async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (text) => lines.push(text) });
    const server = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      maxClients: 2,
      log,
    });
    try {
      const a = await connectPeer(server.port);
      const b = await connectPeer(server.port);
      expect(await a.line()).toBe("Welcome, you are client #1");
      expect(await b.line()).toBe("Welcome, you are client #2");

      const c = await connectPeer(server.port);
      const refused = new TextDecoder().decode(await c.closed());
      expect(refused).toBe("Server full (2 clients): try again later.\n");
      // A refused client sends nothing the server acts on.
      expect(server.clientCount).toBe(2);
      // Our side too, at once: otherwise stop() waits out the server's 1 s close grace for it.
      c.close();

      a.sendLine("still here");
      b.sendLine("me too");
      expect(await a.line()).toBe("10 characters");
      expect(await b.line()).toBe("6 characters");

      // Once one leaves, there is room again; refused clients used no number.
      a.close();
      await a.closed();
      await waitFor(
        () => server.clientCount === 1,
        2000,
        () => `${server.clientCount} clients still counted`,
      );
      const d = await connectPeer(server.port);
      expect(await d.line()).toBe("Welcome, you are client #3");
      d.close();
      b.close();
      log.flush();
      expect(lines.join("")).toContain("server full");
    } finally {
      await server.stop();
    }
  });

  test("a refused client that keeps sending is still closed", async () => {
    const server = await startServer({
      mode: modes.echo,
      port: 0,
      host: "127.0.0.1",
      maxClients: 1,
      quiet: true,
    });
    try {
      const a = await connectPeer(server.port);
      const c = await connectPeer(server.port);
      c.send(new Uint8Array(200_000)); // never echoed: it is not a client
      const got = new TextDecoder().decode(await c.closed());
      expect(got).toBe("Server full (1 client): try again later.\n");
      c.close();
      a.send("ok");
      expect(new TextDecoder().decode(await a.bytes(2))).toBe("ok");
      a.close();
    } finally {
      await server.stop();
    }
  });

  test("the refusal is in French with --lang fr", async () => {
    const server = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      maxClients: 1,
      quiet: true,
      lang: "fr",
    });
    try {
      const a = await connectPeer(server.port);
      await a.line();
      const c = await connectPeer(server.port);
      expect(new TextDecoder().decode(await c.closed())).toBe(
        "Serveur plein (1 client) : réessayez plus tard.\n",
      );
      c.close();
      a.close();
    } finally {
      await server.stop();
    }
  });
});

/** A line mode whose handlers throw on demand: "boom" in `line`, and a raw 0xff in `data`. */
const faulty: ModeDefinition = {
  name: "length",
  examples: [],
  flags: {},
  create: () => ({
    maxLine: 1024,
    open(conn) {
      conn.send(`hello #${conn.id}\n`);
    },
    line(conn, text) {
      if (text === "boom") throw new Error("kaboom");
      conn.send(`ok ${text}\n`);
    },
  }),
};

describe.concurrent("a mode handler that throws", () => {
  test("closes only that connection, and the error is logged in one line", async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (text) => lines.push(text), quiet: true });
    const server = await startServer({
      mode: faulty,
      port: 0,
      host: "127.0.0.1",
      log,
    });
    try {
      const a = await connectPeer(server.port);
      const b = await connectPeer(server.port);
      expect(await a.line()).toBe("hello #1");
      expect(await b.line()).toBe("hello #2");
      a.sendLine("boom");
      a.sendLine("never answered");
      await a.closed();
      b.sendLine("fine");
      expect(await b.line()).toBe("ok fine");
      const c = await connectPeer(server.port);
      expect(await c.line()).toBe("hello #3");
      log.flush();
      const text = lines.join("");
      expect(text).toContain("client #1: line failed: kaboom");
      expect(text).not.toContain("at "); // no stack trace
      b.close();
      c.close();
    } finally {
      await server.stop();
    }
  });

  test("an exception in open or data closes only that connection too", async () => {
    let opened = 0;
    const raw: ModeDefinition = {
      name: "echo",
      examples: [],
      flags: {},
      create: () => ({
        open() {
          opened++;
          if (opened === 2) throw new Error("bad open");
        },
        data(conn, bytes) {
          if (bytes.includes(0xff)) throw new Error("bad byte");
          conn.send(bytes);
        },
      }),
    };
    const server = await startServer({
      mode: raw,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      log: createLogger({ write: () => {} }),
    });
    try {
      const a = await connectPeer(server.port);
      const b = await connectPeer(server.port); // its open throws
      await b.closed();
      const c = await connectPeer(server.port);
      c.send(Uint8Array.of(1, 0xff));
      await c.closed();
      a.send("still echoing");
      expect(new TextDecoder().decode(await a.bytes(13))).toBe("still echoing");
      a.close();
    } finally {
      await server.stop();
    }
  });
});
