// UDP beside TCP (echo, bytes, inspect with --udp) end to end over real sockets on 127.0.0.1:
// boundaries kept, the 65,507-byte maximum, the empty datagram, per-datagram arithmetic,
// inspect's console, the per-source rate limit against a full-speed flooder, one port number
// for both transports, and the command line's answers.

import { describe, expect, test } from "bun:test";
import { MAX_UDP_PAYLOAD } from "@socklab/protocol";
import type { Logger } from "../packages/server/src/core/logger.ts";
import { startServer } from "../packages/server/src/core/server.ts";
import { echo } from "../packages/server/src/modes/echo.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";
import { pythonUdp, udpPeer } from "./support/udp.ts";

const text = (s: string) => new TextEncoder().encode(s);
const sizes = (datagrams: Uint8Array[]) => datagrams.map((d) => d.length);

/** A console that keeps its lines, for tests that read what the server said. */
function memoryLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (l) => lines.push(l), always: (l) => lines.push(l), flush() {} };
}

async function withServer(
  options: Partial<Parameters<typeof startServer>[0]>,
  body: (port: number) => Promise<void>,
) {
  const server = await startServer({
    mode: modes.echo,
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    udp: true,
    ...options,
  });
  try {
    await body(server.port);
  } finally {
    await server.stop();
  }
}

describe.concurrent("echo --udp", () => {
  test("two datagrams come back as two, of their sizes, then an empty one and a one-byte one", async () => {
    await withServer({}, async (port) => {
      const sent = [text("abc"), text("defgh"), new Uint8Array(0), text("!")];
      const got = await pythonUdp(port, sent, sent.length);
      // Never merged ("abcdefgh") nor split: loopback keeps the order, so each is in its place.
      expect(sizes(got)).toEqual([3, 5, 0, 1]);
      expect(got.map((d) => new TextDecoder().decode(d))).toEqual(["abc", "defgh", "", "!"]);
    });
  });

  test("a burst of 100 distinct datagrams: each reply is its own datagram's bytes (replies go out in batches)", async () => {
    await withServer({}, async (port) => {
      // One sendmmsg puts all 100 in the server's socket before it wakes: it handles them in one
      // turn and their replies share one sendmmsg. A reply that pointed at a reused receive
      // buffer would come back with another datagram's bytes.
      const sent = Array.from({ length: 100 }, (_, i) => `datagram ${i} `.repeat(1 + (i % 7)));
      const got: string[] = [];
      let all: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        all = resolve;
      });
      const client = await Bun.udpSocket({
        hostname: "127.0.0.1",
        socket: {
          data(_socket, bytes) {
            got.push(bytes.toString());
            if (got.length === sent.length) all();
          },
        },
      });
      try {
        expect(client.sendMany(sent.flatMap((text) => [text, port, "127.0.0.1"]))).toBe(100);
        await done;
      } finally {
        client.close();
      }
      expect(got.sort()).toEqual([...sent].sort());
    });
  });

  test("65,507 bytes, IPv4's largest payload, come back whole and byte-identical", async () => {
    await withServer({}, async (port) => {
      const big = Uint8Array.from({ length: MAX_UDP_PAYLOAD }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
      const got = await pythonUdp(port, [big, text("after")], 2);
      expect(sizes(got)).toEqual([MAX_UDP_PAYLOAD, 5]);
      expect(Buffer.compare(got[0] as Uint8Array, big)).toBe(0);
    });
  });

  test("nc -u: a line typed is a datagram, and it comes back", async () => {
    await withServer({}, async (port) => {
      // -w1: nc exits one second after its input ended and nothing more came.
      const out = await run(["nc", "-u", "-w1", "127.0.0.1", String(port)], {
        stdin: "hello over UDP\n",
      });
      expect(out.stdout).toBe("hello over UDP\n");
    });
  });

  test("--tcp --udp: both on the same port number (port 0), each with its own semantics", async () => {
    await withServer({ tcp: true }, async (port) => {
      const peer = await connectPeer(port);
      peer.send("over tcp\n");
      expect(await peer.line()).toBe("over tcp");
      const got = await pythonUdp(port, [text("over udp")], 1);
      expect(got.map((d) => new TextDecoder().decode(d))).toEqual(["over udp"]);
      peer.close();
    });
  });

  test("a reply larger than its datagram is never sent (the reflection bound is the core's)", async () => {
    const log = memoryLog();
    // A mode that would amplify: one byte more than it got, except for "ok".
    const amplifier = {
      ...echo,
      datagram: () => ({
        datagram: (d: { bytes: Uint8Array }) =>
          new TextDecoder().decode(d.bytes) === "ok" ? d.bytes : new Uint8Array(d.bytes.length + 1),
      }),
    };
    await withServer({ mode: amplifier, quiet: false, log }, async (port) => {
      const peer = await udpPeer(port);
      peer.send("amplify me");
      peer.send("ok");
      // Datagrams keep their order on loopback: "ok" first means the other was not sent.
      expect(new TextDecoder().decode(await peer.next())).toBe("ok");
      peer.close();
      expect(log.lines.join("\n")).toContain("11 bytes for 10 received");
    });
  });

  test.skipIf(process.getuid?.() !== 0)(
    "a datagram from a service port (below 1024) is not answered: no echo loops",
    async () => {
      const log = memoryLog();
      await withServer({ quiet: false, log }, async (port) => {
        const service = await Bun.udpSocket({ hostname: "127.0.0.1", port: 1019 });
        service.send("from a service", port, "127.0.0.1");
        const peer = await udpPeer(port);
        // Sent after the service's datagram, answered: the service's was seen and not answered.
        peer.send("from a client");
        expect(new TextDecoder().decode(await peer.next())).toBe("from a client");
        expect(log.lines.join("\n")).toContain("127.0.0.1:1019 is a service port");
        service.close();
        peer.close();
      });
    },
  );
});

describe.concurrent("bytes --udp", () => {
  test("each datagram answered by one of its size, (b × factor) mod 256 per byte", async () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const factor of [12, 3]) {
      await withServer({ mode: modes.bytes, flags: { factor } }, async (port) => {
        const got = await pythonUdp(port, [all, Uint8Array.of(1, 10, 22), new Uint8Array(0)], 3);
        expect(sizes(got)).toEqual([256, 3, 0]);
        expect([...(got[0] as Uint8Array)]).toEqual([...all].map((b) => (b * factor) % 256));
        expect([...(got[1] as Uint8Array)]).toEqual([1, 10, 22].map((b) => (b * factor) % 256));
      });
    }
  });
});

describe.concurrent("inspect --udp (server as a subprocess)", () => {
  test("each datagram alone, with its source, size and dump; the count says none merged", async () => {
    const srv = await spawnServer([
      "inspect",
      "--tcp",
      "--udp",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
    ]);
    try {
      const waitFor = async (pattern: RegExp) => {
        for (let i = 0; i < 250 && !pattern.test(srv.output); i++) await Bun.sleep(20);
        expect(srv.output).toMatch(pattern);
      };
      await waitFor(/listening on TCP and UDP/);
      await waitFor(/UDP keeps message boundaries/);
      // inspect replies nothing: the client expects no datagram back.
      expect(
        await pythonUdp(
          srv.port,
          [Uint8Array.of(0x41, 0x42, 0x00, 0xff), text("x"), new Uint8Array(0)],
          0,
        ),
      ).toEqual([]);
      await waitFor(
        /datagram from 127\.0\.0\.1:(\d+) \d\d:\d\d:\d\d 4 bytes, whole \(1 datagram from this sender, never merged\)\n {2}41 42 00 ff {38}AB\.\./,
      );
      await waitFor(
        /datagram from 127\.0\.0\.1:\d+ \d\d:\d\d:\d\d 1 byte, whole \(2 datagrams from this sender, never merged\)\n {2}78 {47}x/,
      );
      await waitFor(
        /0 bytes, whole \(3 datagrams from this sender, never merged\)\n {2}\(empty datagram/,
      );
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});

/** Sends 32-byte datagrams to the port as fast as Python can for `seconds`, reading what comes
 * back between batches; prints "flooding" once started, then "sent received elapsed". */
const FLOODER = `
import socket, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
sent = received = 0
start = time.monotonic()
announced = False
def drain():
    global received
    while True:
        try:
            s.recv(65535)
            received += 1
        except BlockingIOError:
            return
while time.monotonic() - start < seconds:
    for _ in range(256):
        try:
            s.sendto(b"x" * 32, ("127.0.0.1", port))
            sent += 1
        except BlockingIOError:
            pass
    drain()
    if not announced:
        print("flooding", flush=True)
        announced = True
elapsed = time.monotonic() - start
s.settimeout(0.3)
try:
    while True:
        s.recv(65535)
        received += 1
except socket.timeout:
    pass
print(sent, received, elapsed, flush=True)
`;

import { modes } from "@socklab/server";

describe("the per-source rate limit", () => {
  test("a full-speed flooder is held to --udp-rate while an honest sender gets every reply", async () => {
    const log = memoryLog();
    const rate = 100;
    await withServer({ udpRate: rate, quiet: false, log }, async (port) => {
      const flooder = Bun.spawn(["python3", "-c", FLOODER, String(port), "1.5"], {
        stdout: "pipe",
        stderr: "inherit",
      });
      const reader = flooder.stdout.getReader();
      let out = "";
      while (!out.includes("flooding")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`flooder exited: ${out}`);
        out += new TextDecoder().decode(value);
      }
      // The honest sender: 30 pings one after the other, each waiting for its reply. Like ping,
      // it sends again after a silence: under a flood the kernel may drop a datagram from the
      // full receive buffer before the server sees it (UDP's own loss, not the rate limit's).
      const honest = await udpPeer(port);
      let resent = 0;
      for (let i = 0; i < 30; i++) {
        const want = `ping ${i}`;
        honest.send(want);
        for (let tries = 1; ; tries++) {
          const got = await honest.next(500).then(
            (d) => new TextDecoder().decode(d),
            () => undefined,
          );
          if (got === want) break;
          if (got !== undefined) continue; // a late reply to an earlier ping sent twice
          if (tries === 10) throw new Error(`no reply to "${want}" in 10 tries`);
          resent++;
          honest.send(want);
        }
      }
      honest.close();
      if (resent > 0)
        process.stderr.write(`honest sender: ${resent} pings sent again (kernel drops)\n`);
      // The pings were answered while the flood was still going.
      expect(flooder.exitCode).toBeNull();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      const [sent, received, elapsed] = (out.split("\n")[1] ?? "").split(" ").map(Number) as [
        number,
        number,
        number,
      ];
      // One second's burst, then `rate` per second (the half second covers the final reads).
      expect(received).toBeLessThanOrEqual(rate + rate * (elapsed + 0.5));
      expect(received).toBeGreaterThan(0);
      expect(sent).toBeGreaterThan(received * 10);
      const console = log.lines.join("\n");
      expect(console).toMatch(/sends more than 100 datagrams\/s: the excess is dropped/);
      // One console line for the flood, not one per datagram dropped.
      expect(console.match(/sends more than/g)?.length).toBe(1);
      expect(console).toMatch(/UDP sender 127\.0\.0\.1:\d+ \(2 senders in the last minute\)/);
    });
  });
});

describe.concurrent("the command line", () => {
  test("--udp on a mode without a UDP side: one line, exit 2", async () => {
    const out = await run([...SERVER_SOURCE, "length", "--udp", "--port", "0"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      "socklab-server: length has no UDP side: --udp works with echo, bytes, inspect\n",
    );
  });

  test("--udp-rate without --udp, --max-clients without TCP: exit 2", async () => {
    const rate = await run([...SERVER_SOURCE, "echo", "--udp-rate", "5", "--port", "0"]);
    expect([rate.code, rate.stderr]).toEqual([2, "socklab-server: --udp-rate goes with --udp\n"]);
    const max = await run([...SERVER_SOURCE, "echo", "--udp", "--max-clients", "3"]);
    expect(max.code).toBe(2);
    expect(max.stderr).toContain("--max-clients counts TCP connections, and UDP has none");
    const bad = await run([...SERVER_SOURCE, "echo", "--udp", "--udp-rate", "fast"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--udp-rate takes a whole number from 0 to 1000000, not "fast"');
  });

  test("a UDP port already taken: one line naming it, exit 2", async () => {
    const holder = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 });
    try {
      const out = await run([
        ...SERVER_SOURCE,
        "echo",
        "--udp",
        "--host",
        "127.0.0.1",
        "--port",
        String(holder.port),
      ]);
      expect(out.code).toBe(2);
      expect(out.stderr).toBe(
        `socklab-server: UDP port ${holder.port} is already in use on 127.0.0.1 (another server running? try --port 0)\n`,
      );
    } finally {
      holder.close();
    }
  });
});
