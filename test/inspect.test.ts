// inspect mode end to end: each chunk printed with client number, time, byte count and a hex +
// printable dump; nothing sent back.

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { hexDump } from "../packages/server/src/modes/inspect.ts";
import { spawnServer } from "./support/cli.ts";
import { harnessServer } from "./support/harness.ts";
import { connectPeer } from "./support/peer.ts";

/** Sends argv[2] MiB to 127.0.0.1:argv[1] as fast as the kernel takes them, then half-closes
 * and waits for the server to close; prints "sent" once all is in the kernel. */
const FLOOD = `
import socket, sys
s = socket.socket()
# A small send buffer, so that what the kernels can hold (this buffer and the server's receive
# buffer, autotuned to a few MB) stays well below what is sent: it does not slow the sending.
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 256 * 1024)
s.connect(("127.0.0.1", int(sys.argv[1])))
chunk = bytes(range(256)) * 256
for _ in range(int(sys.argv[2]) * 16):
    s.sendall(chunk)
print("sent", flush=True)
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
`;

/** Resident memory of a process, in bytes. */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

/** Bytes waiting in the kernel to be read by the server, on its established connections. */
function unread(port: number): number {
  let total = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5 || f[3] !== "01") continue; // 01: ESTABLISHED
      if (Number.parseInt(f[1]?.split(":")[1] ?? "", 16) !== port) continue;
      total += Number.parseInt(f[4]?.split(":")[1] ?? "0", 16);
    }
  }
  return total;
}

describe("hexDump", () => {
  test("hex, two spaces, printable ASCII with dots", () => {
    expect(hexDump(Uint8Array.of(0x41, 0x42, 0x00, 0xff))).toEqual([
      `41 42 00 ff${" ".repeat(36)}  AB..`,
    ]);
  });

  test("16 bytes per row", () => {
    const rows = hexDump(new TextEncoder().encode("0123456789abcdefXYZ"));
    expect(rows).toEqual([
      "30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef",
      `58 59 5a${" ".repeat(39)}  XYZ`,
    ]);
  });

  test("nothing for no bytes", () => {
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });
});

describe("inspect (server as a subprocess)", () => {
  test("prints each chunk with client number, byte count and dump; replies nothing", async () => {
    const srv = await spawnServer(["inspect", "--port", "0", "--host", "127.0.0.1"]);
    try {
      const peer = await connectPeer(srv.port);
      peer.send(Uint8Array.of(0x41, 0x42, 0x00, 0xff));
      const waitFor = async (pattern: RegExp) => {
        for (let i = 0; i < 250 && !pattern.test(srv.output); i++) await Bun.sleep(20);
        expect(srv.output).toMatch(pattern);
      };
      await waitFor(/\[\d\d:\d\d:\d\d\] client #1: 4 bytes\n {2}41 42 00 ff {38}AB\.\./);
      await Bun.sleep(50);
      peer.send("x");
      await waitFor(/\[\d\d:\d\d:\d\d\] client #1: 1 byte\n {2}78 {47}x/);
      const second = await connectPeer(srv.port);
      second.send("hi\r\n");
      await waitFor(/\[\d\d:\d\d:\d\d\] client #2: 4 bytes\n {2}68 69 0d 0a {38}hi\.\./);
      peer.end();
      const got = await peer.closed();
      expect(got.length).toBe(0); // inspect replies nothing
      second.close();
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});

describe.concurrent("inspect with a console nobody reads", () => {
  // issue #20: 192 MiB into inspect with a stdout nobody read grew it to 1.36 GB (a socket, as
  // Bun.spawn gives); with a pipe, the event loop blocked in the write instead.
  for (const kind of ["stuck", "stuck-socket"] as const) {
    test(`${kind === "stuck" ? "a pipe" : "a socket"}: serves others, memory bounded, nothing lost (the client paused while the console is past its mark)`, async () => {
      // The dump is capped at 16 rows a chunk (about 1.4 KB of console per read, whatever its
      // size): 256 MiB make the console fall behind its 1 MiB mark.
      const MIB = 256;
      const server = await harnessServer(kind, [
        "inspect",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--max-clients",
        "1",
      ]);
      const sender = Bun.spawn(["python3", "-c", FLOOD, String(server.port), String(MIB)], {
        stdout: "pipe",
        stderr: "inherit",
      });
      try {
        let sent = false;
        const senderOut = new Response(sender.stdout).text().then((text) => {
          sent = text.includes("sent");
          return text;
        });
        let peak = 0;
        // The console takes nothing; the flood goes on (or the server stops reading it, once
        // the console is past its mark: the dump is capped, so that takes a while).
        for (let i = 0; i < 50 && !sent && unread(server.port) < 32 * 1024; i++) {
          peak = Math.max(peak, rss(server.pid));
          await Bun.sleep(20);
        }
        // The event loop is not stuck in a write: a newcomer is answered.
        const late = await connectPeer(server.port);
        expect(await late.line()).toBe("Server full (1 client): try again later.");
        late.close();
        for (let i = 0; i < 25; i++) {
          peak = Math.max(peak, rss(server.pid));
          await Bun.sleep(20);
        }
        // LOG_HIGH_WATER (1 MiB) + one read's dump (~2.2 MB) + its copy, over Bun's ~40 MiB.
        expect(peak).toBeLessThan(150 * 1024 * 1024);

        // The console reads again: everything is dumped, none of it dropped.
        server.drain();
        while (!sent) {
          peak = Math.max(peak, rss(server.pid));
          await Bun.sleep(20);
        }
        expect(await sender.exited).toBe(0);
        expect(await senderOut).toContain("sent");
        expect(peak).toBeLessThan(150 * 1024 * 1024);
        process.kill(server.pid, "SIGTERM");
        const result = await server.result();
        expect(result).toEqual({ code: 0, dumped: MIB * 1024 * 1024, dropped: false });
      } finally {
        sender.kill();
        server.kill();
      }
    }, 30_000);
  }
});
