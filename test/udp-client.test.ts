// The client's UDP side end to end: `send --udp`, the ping mode (`udp --count`), the udp mode
// outside a terminal, and the udp screen in a pseudo-terminal, against socklab's UDP servers and
// a small Python server that drops every other datagram (the loss UDP never repairs).

import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { modes } from "@socklab/server";
import { startServer } from "../packages/server/src/core/server.ts";
import { CLIENT_SOURCE, run } from "./support/cli.ts";
import { spawnInTerminal } from "./support/terminal.ts";

setDefaultTimeout(20_000);

const FIXTURE = join(import.meta.dir, "support", "udp-fixture.py");

/** Starts the Python fixture; resolves once it printed its port. */
async function fixture(behaviour: "drop-every-other" | "twice") {
  const proc = Bun.spawn(["python3", FIXTURE, behaviour], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!/port (\d+)\n/.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`fixture exited: ${out}`);
    out += new TextDecoder().decode(value);
  }
  return { port: Number(/port (\d+)/.exec(out)?.[1]), stop: () => proc.kill() };
}

async function udpServer(mode: "echo" | "bytes" | "inspect") {
  // inspect prints its dumps even when quiet: they go nowhere here.
  const log = { info() {}, always() {}, flush() {} };
  return startServer({
    mode: modes[mode],
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    udp: true,
    log,
  });
}

/** A UDP port with nothing bound to it (bound, then closed). */
async function closedPort(): Promise<number> {
  const socket = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 });
  const port = socket.port;
  socket.close();
  return port;
}

const client = (args: string[], stdin?: string) => run([...CLIENT_SOURCE, ...args], { stdin });

describe.concurrent("send --udp", () => {
  test("one datagram out; the echo comes back and is printed, exit 0", async () => {
    const server = await udpServer("echo");
    try {
      const out = await client([
        "send",
        "--udp",
        `127.0.0.1:${server.port}`,
        "hello",
        "--wait",
        "300",
      ]);
      expect([out.code, out.stdout, out.stderr]).toEqual([0, "hello\n", ""]);
    } finally {
      await server.stop();
    }
  });

  test("bytes --udp: the reply's bytes as they are, (b × 12) mod 256", async () => {
    const server = await udpServer("bytes");
    try {
      const out = await run([
        ...CLIENT_SOURCE,
        "send",
        "--udp",
        `:${server.port}`,
        "AB",
        "--wait",
        "300",
      ]);
      // 0x41 × 12 = 0x30c → 0x0c; 0x42 × 12 = 0x318 → 0x18; then the newline the client adds.
      expect(out.code).toBe(0);
      expect(out.stdout).toBe("\x0c\x18\n");
    } finally {
      await server.stop();
    }
  });

  test("every datagram that comes back within --wait is printed, each on its line", async () => {
    const twice = await fixture("twice");
    try {
      const out = await client(["send", "--udp", `127.0.0.1:${twice.port}`, "hi", "--wait", "300"]);
      expect([out.code, out.stdout]).toEqual([0, "hi\nhi\n"]);
    } finally {
      twice.stop();
    }
  });

  test("nothing back (inspect replies nothing): exit 1, and why UDP cannot say more", async () => {
    const server = await udpServer("inspect");
    try {
      const out = await client([
        "send",
        "--udp",
        `127.0.0.1:${server.port}`,
        "hi",
        "--wait",
        "200",
      ]);
      expect(out.code).toBe(1);
      expect(out.stdout).toBe("");
      expect(out.stderr).toBe(
        `socklab-client: no datagram came back from 127.0.0.1:${server.port} within 200 ms (UDP does not say why: lost, or no server there)\n`,
      );
    } finally {
      await server.stop();
    }
  });

  test("a port nobody listens on: the machine says so (ICMP), one line, exit 2", async () => {
    const port = await closedPort();
    const out = await client(["send", "--udp", `127.0.0.1:${port}`, "hi", "--wait", "2000"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `socklab-client: 127.0.0.1:${port} answered "port unreachable": no UDP server listens on that port (is it started with --udp? is the port right?)\n`,
    );
  });

  test("the udp mode outside a terminal: each input line is one datagram", async () => {
    const server = await udpServer("echo");
    try {
      const out = await client(
        ["udp", "--port", String(server.port), "--wait", "300"],
        "one\ntwo\n\nlast",
      );
      // The empty line is an empty datagram, echoed empty: printed as an empty line.
      expect([out.code, out.stdout]).toEqual([0, "one\ntwo\n\nlast\n"]);
    } finally {
      await server.stop();
    }
  });
});

describe.concurrent("udp --count (ping)", () => {
  test("against echo --udp: every datagram answered, 0% lost, the RTT line, exit 0", async () => {
    const server = await udpServer("echo");
    try {
      const out = await client([
        "udp",
        "--port",
        String(server.port),
        "--count",
        "3",
        "--interval",
        "20",
      ]);
      expect(out.code).toBe(0);
      const lines = out.stdout.split("\n");
      expect(lines[0]).toBe(
        `UDP PING 127.0.0.1:${server.port}: 3 datagrams, one every 20 ms, lost after 1000 ms without a reply`,
      );
      for (const seq of [1, 2, 3]) {
        expect(out.stdout).toMatch(
          new RegExp(`\\d+ bytes from 127\\.0\\.0\\.1:${server.port}: seq=${seq} time=[\\d.]+ ms`),
        );
      }
      expect(out.stdout).toContain("3 datagrams sent, 3 received, 0% lost");
      expect(out.stdout).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    } finally {
      await server.stop();
    }
  });

  test("against a server that drops every other datagram: the even ones lost, 50%", async () => {
    const lossy = await fixture("drop-every-other");
    try {
      const out = await client([
        "udp",
        "--port",
        String(lossy.port),
        "--count",
        "6",
        "--interval",
        "20",
        "--timeout",
        "400",
      ]);
      expect(out.code).toBe(0);
      for (const seq of [1, 3, 5])
        expect(out.stdout).toMatch(new RegExp(`seq=${seq} time=[\\d.]+ ms`));
      for (const seq of [2, 4, 6]) {
        expect(out.stdout).toContain(
          `no reply for seq=${seq} within 400 ms: lost (UDP does not retransmit)`,
        );
      }
      expect(out.stdout).toContain("6 datagrams sent, 3 received, 50% lost");
    } finally {
      lossy.stop();
    }
  });

  test("nothing answers: 100% lost, no RTT line, exit 1 (as ping)", async () => {
    const server = await udpServer("inspect");
    try {
      const out = await client([
        "udp",
        "--port",
        String(server.port),
        "--count",
        "2",
        "--interval",
        "10",
        "--timeout",
        "150",
      ]);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain("2 datagrams sent, 0 received, 100% lost");
      expect(out.stdout).not.toContain("rtt");
    } finally {
      await server.stop();
    }
  });
});

describe.concurrent("the udp screen (pseudo-terminal)", () => {
  test("replies with size and time; a dropped datagram shown lost after the timeout", async () => {
    const lossy = await fixture("drop-every-other");
    const term = spawnInTerminal(
      [
        ...CLIENT_SOURCE,
        "udp",
        "--host",
        "127.0.0.1",
        "--port",
        String(lossy.port),
        "--timeout",
        "300",
      ],
      { cols: 100, rows: 30 },
    );
    try {
      await term.waitFor("udp ›");
      term.type("first\r");
      await term.waitFor(/← #1 5 B {2}first {2}[\d.]+ ms/);
      term.type("second\r");
      await term.waitFor("→ #2 6 B  second");
      await term.waitFor("✗ #2 lost: no reply within 300 ms (UDP does not retransmit)");
      term.type("\x03");
      expect(await term.exit()).toBe(0);
    } finally {
      term.kill();
      lossy.stop();
    }
  });

  test("the form offers udp, on echo's port", async () => {
    const server = await udpServer("echo");
    const term = spawnInTerminal([...CLIENT_SOURCE], { cols: 100, rows: 30 });
    try {
      await term.waitFor("Connect to which kind of server?");
      term.type("\x1b[B".repeat(6));
      await term.waitFor("datagrams to echo/bytes --udp");
      term.type("\r");
      await term.waitFor("Host");
      term.type("\r");
      await term.waitFor("7007");
      term.type(`${server.port}\r`);
      await term.waitFor("udp ›");
      term.type("hi\r");
      await term.waitFor(/← #1 2 B {2}hi {2}[\d.]+ ms/);
      term.type("\x03");
      expect(await term.exit()).toBe(0);
    } finally {
      term.kill();
      await server.stop();
    }
  });
});
