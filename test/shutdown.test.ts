// Graceful shutdown: stop() and SIGTERM/SIGINT stop accepting, tell line-mode clients, close
// everyone (even a client that never closes its side), and the process exits 0.
// Every test has its own server, so they run concurrently: most of them wait out the close grace.

import { describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { startServer } from "../packages/server/src/core/server.ts";
import { spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

const dec = new TextDecoder();

describe.concurrent("stop()", () => {
  test("line-mode clients are told, then closed; raw-mode clients get no extra byte", async () => {
    const length = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
    });
    const echo = await startServer({ mode: modes.echo, port: 0, host: "127.0.0.1", quiet: true });
    const a = await connectPeer(length.port);
    expect(await a.line()).toBe("Welcome, you are client #1");
    const e = await connectPeer(echo.port);
    e.send("abc");
    await e.bytes(3);
    await Promise.all([length.stop(), echo.stop()]);
    expect(await a.line()).toBe("Server is shutting down. Goodbye!");
    await a.closed();
    expect(dec.decode(await e.closed())).toBe("abc");
    expect(length.clientCount).toBe(0);
    expect(echo.clientCount).toBe(0);
  });

  test("a client that never closes its side is closed anyway, and stop() resolves", async () => {
    const server = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
    });
    // connectPeer never closes on the server's FIN: the worst case for a graceful close.
    const peers = await Promise.all([1, 2, 3].map(() => connectPeer(server.port)));
    for (const p of peers) await p.line();
    await server.stop();
    for (const p of peers) expect(p.isClosed).toBe(true);
  });

  test("after stop() the port accepts no one", async () => {
    const server = await startServer({ mode: modes.echo, port: 0, host: "127.0.0.1", quiet: true });
    const port = server.port;
    await server.stop();
    await expect(connectPeer(port)).rejects.toThrow();
  });

  test("stop() twice is harmless", async () => {
    const server = await startServer({ mode: modes.echo, port: 0, host: "127.0.0.1", quiet: true });
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
  });
});

describe.concurrent("signals (server as a subprocess)", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal}: a connected line client is told the server is closing, exit code 0`, async () => {
      const srv = await spawnServer(["length", "--port", "0", "--host", "127.0.0.1"]);
      try {
        const peer = await connectPeer(srv.port);
        expect(await peer.line()).toBe("Welcome, you are client #1");
        const idle = await connectPeer(srv.port); // stays silent and never closes its side
        await idle.line();
        const started = performance.now();
        srv.proc.kill(signal);
        expect(await peer.line()).toBe("Server is shutting down. Goodbye!");
        await peer.closed();
        const code = await srv.proc.exited;
        const ms = performance.now() - started;
        expect(code).toBe(0);
        expect(idle.isClosed).toBe(true);
        // Not a speed assertion: the deadline is the core's SHUTDOWN_WAIT_MS (1.5 s) plus exit.
        console.log(`${signal}: exited ${code} after ${ms.toFixed(0)} ms`);
        expect(srv.output).toContain("client #1 connected from 127.0.0.1:");
      } finally {
        srv.proc.kill("SIGKILL");
        await srv.proc.exited;
      }
    });
  }
});
