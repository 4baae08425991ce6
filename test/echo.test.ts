// echo mode end to end: every byte back exactly, binary-safe; a half-closed client still gets
// its whole echo (our peer and `nc -N`); 32 MiB to a slow reader with the server's memory bounded.
// Each test has its own connection (or server), so they all run concurrently.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import type { Socket } from "bun";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

/** Deterministic pseudo-random bytes (xorshift32): reordered or repeated blocks cannot match. */
function noise(size: number, seed = 0x9e3779b9): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, size);
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ mode: modes.echo, port: 0, host: "127.0.0.1", quiet: true });
});
afterAll(() => server.stop());

describe.concurrent("echo", () => {
  test("returns random binary data byte for byte, all 256 values included", async () => {
    const peer = await connectPeer(server.port);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const data = Buffer.concat([all, noise(200_000, 7), all]);
    // In pieces of odd sizes, so the server sees many chunkings.
    for (let at = 0; at < data.length; at += 7919) peer.send(data.subarray(at, at + 7919));
    const got = await peer.bytes(data.length);
    expect(got.length).toBe(data.length);
    expect(same(got, data)).toBe(true);
    peer.close();
  });

  test("a client that half-closes gets everything back, then the server closes", async () => {
    const peer = await connectPeer(server.port);
    const data = noise(4 << 20, 11); // more than the outbox high-water mark and kernel buffers
    peer.send(data);
    peer.end();
    const got = await peer.closed(20_000);
    expect(got.length).toBe(data.length);
    expect(same(got, data)).toBe(true);
  });

  test("nc -N: stdin echoed to stdout, then nc exits when the server closes", async () => {
    if (!Bun.which("nc")) throw new Error("nc (netcat-openbsd) is needed for this test");
    const data = noise(1 << 20, 23);
    const proc = Bun.spawn(["nc", "-N", "127.0.0.1", String(server.port)], {
      stdin: data,
      stdout: "pipe",
      stderr: "pipe",
    });
    const timer = setTimeout(() => proc.kill(), 20_000);
    const out = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
    const code = await proc.exited;
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(out.length).toBe(data.length);
    expect(same(out, data)).toBe(true);
  });

  test("a client that sends nothing and half-closes is closed at once", async () => {
    const peer = await connectPeer(server.port);
    peer.end();
    expect((await peer.closed()).length).toBe(0);
  });

  test("many clients at once each get only their own bytes", async () => {
    const peers = await Promise.all(Array.from({ length: 20 }, () => connectPeer(server.port)));
    const datas = peers.map((_, i) => noise(50_000 + i, 100 + i));
    peers.forEach((peer, i) => {
      peer.send(datas[i] as Uint8Array);
    });
    const results = await Promise.all(
      peers.map((peer, i) => peer.bytes((datas[i] as Uint8Array).length)),
    );
    results.forEach((got, i) => {
      expect(same(got, datas[i] as Uint8Array)).toBe(true);
    });
    for (const peer of peers) peer.close();
  });
});

/** Resident memory of a process in bytes, from /proc (Linux). */
async function rss(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb * 1024;
}

describe.concurrent("echo to a slow reader (server as a subprocess)", () => {
  /** 32 MiB: far more than the outbox's 256 KiB high-water mark plus the kernel's socket
   * buffers (a few MiB on loopback), so a server that did not pause its reader would have to
   * hold most of it. */
  const SIZE = 32 << 20;
  /** The server may grow by this much over its idle size: the 256 KiB high-water mark, Bun's
   * 64 KiB read buffers, and garbage the collector has not returned yet. A server that did not
   * pause reading would queue up to 32 MiB (its backlog buffer doubles, so up to 64 MiB). */
  const MAX_GROWTH = 24 << 20;
  /** An absolute ceiling as well, whatever the idle size: a Bun process echoing holds ~50 MB. */
  const MAX_RSS = 150 << 20;
  /** No write taken for this long while we read nothing: the sender has stalled. Loopback takes
   * a MiB in well under a millisecond, so a server still reading would have moved it on. */
  const STALL_MS = 150;

  test("32 MiB come back byte-identical and the server's memory stays bounded", async () => {
    const srv = await spawnServer(["echo", "--port", "0", "--host", "127.0.0.1", "--quiet"]);
    try {
      const settled = Bun.sleep(200); // let start-up garbage settle before taking the idle size
      const data = noise(SIZE, 42);
      await settled;
      const idle = await rss(srv.proc.pid);
      const received = new Uint8Array(SIZE);
      let got = 0;
      let sent = 0;
      let peak = idle;
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });

      const pump = (s: Socket<undefined>) => {
        while (sent < SIZE) {
          const n = s.write(data, sent, Math.min(SIZE - sent, 1 << 20));
          if (n <= 0) return;
          sent += n;
        }
      };
      const sock = await Bun.connect({
        hostname: "127.0.0.1",
        port: srv.port,
        socket: {
          open: pump,
          drain: pump,
          data(s, chunk) {
            received.set(chunk, got);
            const before = got;
            got += chunk.length;
            if (got >= SIZE) done();
            // The slow reader: a 10 ms nap after every MiB read (at most 100 MiB/s, well below
            // what loopback carries), so the server keeps meeting its high-water mark.
            if (got >> 20 !== before >> 20) {
              s.pause();
              setTimeout(() => s.resume(), 10);
            }
          },
          close: () => done(),
        },
      });
      // Read nothing at all until our writes have stalled for STALL_MS (a second at most): the
      // server must stop reading from us. A server that kept reading would take all 32 MiB
      // before stalling us, far past the check below.
      sock.pause();
      const sampler = setInterval(async () => {
        peak = Math.max(peak, await rss(srv.proc.pid).catch(() => 0));
      }, 25);
      const pausedUntil = Date.now() + 1000;
      let lastSent = -1;
      while (sent !== lastSent && Date.now() < pausedUntil) {
        lastSent = sent;
        await Bun.sleep(STALL_MS);
      }
      const sentWhilePaused = sent;
      sock.resume();
      await finished;
      clearInterval(sampler);
      sock.end();

      expect(got).toBe(SIZE);
      expect(same(received, data)).toBe(true);
      // While we read nothing, the server held at most its high-water mark plus kernel buffers:
      // the sender was stopped long before 32 MiB.
      expect(sentWhilePaused).toBeLessThan(SIZE / 2);
      console.log(
        `echo 32 MiB: idle RSS ${(idle / 2 ** 20).toFixed(1)} MiB, peak ${(peak / 2 ** 20).toFixed(1)} MiB, sent while reader paused ${(sentWhilePaused / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(peak - idle).toBeLessThan(MAX_GROWTH);
      expect(peak).toBeLessThan(MAX_RSS);
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});
