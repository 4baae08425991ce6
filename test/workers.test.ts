// --workers N end to end: real socklab-server processes from source, real clients. N workers
// serve one port, number their clients apart, count --max-clients together, stop together on
// SIGTERM, and one killed is replaced; the port stays exclusive to the first server.
// Every wait is on a line or an exit; each test has its own server, so they run concurrently.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ROOT, run, SERVER_SOURCE } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

/** Gives up on a line that never comes (so a failure says what was printed), not a timing. */
const LINE_DEADLINE_MS = 15_000;
/** Above the line deadline: bun test's default 5 s is short for a loaded machine's spawns. */
const TEST_TIMEOUT_MS = 30_000;

interface Spawned {
  proc: ReturnType<typeof Bun.spawn>;
  port: number;
  lines: string[];
  /** The first line at index `from` or later matching `re`, waiting for it if need be. */
  line(re: RegExp, from?: number): Promise<{ text: string; at: number; match: RegExpExecArray }>;
  stderr: Promise<string>;
}

async function spawnWorkers(args: string[]): Promise<Spawned> {
  const proc = Bun.spawn([...SERVER_SOURCE, ...args, "--host", "127.0.0.1"], {
    env: { ...process.env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const lines: string[] = [];
  let wake: () => void = () => {};
  let ended = false;
  (async () => {
    const decoder = new TextDecoder();
    let partial = "";
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      partial += decoder.decode(chunk, { stream: true });
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
      wake();
    }
    ended = true;
    wake();
  })();
  const line = async (re: RegExp, from = 0) => {
    const deadline = Date.now() + LINE_DEADLINE_MS;
    for (let at = from; ; ) {
      for (; at < lines.length; at++) {
        const match = re.exec(lines[at] ?? "");
        if (match) return { text: lines[at] ?? "", at, match };
      }
      if (ended || Date.now() > deadline) {
        throw new Error(`no line matching ${re}; printed:\n${lines.join("\n")}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000); // looks at the deadline again; the line, not this, is awaited
      });
    }
  };
  const stderr = new Response(proc.stderr as ReadableStream).text();
  const listening = await line(/^ {2}127\.0\.0\.1:(\d+)$/).catch(async (error) => {
    throw new Error(`${(error as Error).message}\nstderr: ${await stderr}`);
  });
  return { proc, port: Number(listening.match[1]), lines, line, stderr };
}

/** One echo exchange on a fresh connection; resolves once the bytes came back. */
async function echoOnce(port: number, text: string): Promise<void> {
  const peer = await connectPeer(port);
  peer.send(`${text}\n`);
  expect(new TextDecoder().decode(await peer.bytes(text.length + 1))).toBe(`${text}\n`);
  peer.close();
}

const CONNECTED = /\[(\d+)\] client #(\d+) connected from 127\.0\.0\.1:(\d+)/;

describe.concurrent("--workers", () => {
  test(
    "two workers serve one port: clients land on both, numbered k, k+2… with no repeat",
    async () => {
      const server = await spawnWorkers(["echo", "--workers", "2", "--port", "0"]);
      try {
        expect(server.lines).toContain("2 worker processes share the port (--workers 2)");
        const served: { worker: number; id: number }[] = [];
        for (let i = 0; i < 24; i++) {
          const peer = await connectPeer(server.port);
          peer.send(`hello ${i}\n`);
          await peer.bytes(`hello ${i}\n`.length);
          served.push(await nthConnection(server, served.length));
          peer.close();
        }
        const workers = new Set(served.map((s) => s.worker));
        expect([...workers].sort()).toEqual([1, 2]);
        for (const { worker, id } of served) expect((id - 1) % 2).toBe(worker - 1);
        expect(new Set(served.map((s) => s.id)).size).toBe(served.length);
      } finally {
        server.proc.kill("SIGTERM");
        await server.proc.exited;
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "SIGTERM stops every worker, and the parent exits 0 once they have",
    async () => {
      const server = await spawnWorkers(["http", "--workers", "2", "--port", "0"]);
      const pids = await Promise.all(
        [1, 2].map(async (k) =>
          Number((await server.line(new RegExp(`worker ${k} started \\(pid (\\d+)\\)`))).match[1]),
        ),
      );
      // A client still connected gets the worker's goodbye (http: the connection closed).
      const peer = await connectPeer(server.port);
      await server.line(CONNECTED);
      server.proc.kill("SIGTERM");
      expect(await server.proc.exited).toBe(0);
      await peer.closed();
      for (const pid of pids) expect(alive(pid)).toBe(false);
      expect(
        server.lines.filter((l) => /\[\d\] stopping: closing every connection/.test(l)),
      ).toHaveLength(2);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a worker killed with SIGKILL is logged and replaced; the port keeps serving",
    async () => {
      const server = await spawnWorkers(["echo", "--workers", "2", "--port", "0"]);
      try {
        const first = await server.line(/worker 1 started \(pid (\d+)\)/);
        const pid = Number(first.match[1]);
        // A client of worker 1 first, so that its replacement must number past it.
        let before = 0;
        for (let i = 0; i < 64 && before === 0; i++) {
          const from = server.lines.length;
          await echoOnce(server.port, `before ${i}`);
          const seen = await server.line(CONNECTED, from);
          if (seen.match[1] === "1") before = Number(seen.match[2]);
        }
        expect(before).toBeGreaterThan(0);
        process.kill(pid, "SIGKILL");
        const died = await server.line(
          /worker 1 \(pid (\d+)\) stopped unexpectedly \(killed by SIGKILL\): starting another/,
        );
        expect(Number(died.match[1])).toBe(pid);
        const again = await server.line(/worker 1 started \(pid (\d+)\)/, died.at);
        expect(Number(again.match[1])).not.toBe(pid);
        // Until the replacement listens the other worker takes everyone: keep connecting until
        // one lands on the new worker 1 (the kernel spreads new connections over both).
        let after = 0;
        for (let i = 0; i < 64 && after === 0; i++) {
          const from = server.lines.length;
          await echoOnce(server.port, `after ${i}`);
          const seen = await server.line(CONNECTED, from);
          if (seen.match[1] === "1" && seen.at > again.at) after = Number(seen.match[2]);
        }
        expect(after).toBeGreaterThan(before);
        expect((after - 1) % 2).toBe(0);
      } finally {
        server.proc.kill("SIGTERM");
        expect(await server.proc.exited).toBe(0);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "workers that keep dying spend the restart budget: the server stops, exit 1",
    async () => {
      const server = await spawnWorkers(["echo", "--workers", "2", "--port", "0"]);
      let from = 0;
      // The budget is 5 restarts a minute (RESTART_BUDGET): the 6th death ends it.
      for (let death = 1; death <= 6; death++) {
        const started = await server.line(/worker 1 started \(pid (\d+)\)/, from);
        from = started.at + 1;
        process.kill(Number(started.match[1]), "SIGKILL");
      }
      expect(await server.proc.exited).toBe(1);
      expect(
        server.lines.some((l) =>
          /workers stopped unexpectedly 5 times in 60 s: stopping the server/.test(l),
        ),
      ).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "--max-clients counts every worker's clients: past it, on any worker, 'server full'",
    async () => {
      const server = await spawnWorkers([
        "echo",
        "--workers",
        "2",
        "--port",
        "0",
        "--max-clients",
        "2",
      ]);
      try {
        const held = [];
        const holders = new Set<number>();
        for (let i = 0; i < 2; i++) {
          const from = server.lines.length;
          const peer = await connectPeer(server.port);
          held.push(peer);
          holders.add(Number((await server.line(CONNECTED, from)).match[1]));
        }
        // Refused newcomers: at least one lands on a worker holding fewer than 2 itself, which
        // only the shared count can refuse (with both held by one worker, the other holds none).
        const refusers = new Set<number>();
        for (let i = 0; i < 12; i++) {
          const from = server.lines.length;
          const peer = await connectPeer(server.port);
          expect(new TextDecoder().decode(await peer.closed())).toBe(
            "Server full (2 clients): try again later.\n",
          );
          refusers.add(
            Number(
              (await server.line(/\[(\d+)\] refused 127\.0\.0\.1:\d+: server full/, from)).match[1],
            ),
          );
        }
        const provesSharing = [...refusers].some((k) => holders.size === 2 || !holders.has(k));
        expect(provesSharing).toBe(true);
        // One leaves: a newcomer gets in again, wherever it lands.
        const from = server.lines.length;
        held[0]?.close();
        await server.line(/disconnected: client closed/, from);
        await echoOnce(server.port, "room again");
      } finally {
        server.proc.kill("SIGTERM");
        await server.proc.exited;
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a burst of connections from another process never takes more than --max-clients",
    async () => {
      const server = await spawnWorkers([
        "echo",
        "--workers",
        "2",
        "--port",
        "0",
        "--max-clients",
        "40",
      ]);
      const burst = Bun.spawn(
        [
          process.execPath,
          join(ROOT, "test/fixtures/connect-burst.ts"),
          String(server.port),
          "400",
        ],
        { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
      );
      try {
        const reader = (burst.stdout as ReadableStream<Uint8Array>).getReader();
        let text = "";
        while (!text.includes("\n")) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
        const result = JSON.parse(text) as { admitted: number; refused: number; other: number };
        expect(result.admitted).toBeLessThanOrEqual(40);
        expect(result.admitted).toBeGreaterThan(0);
        expect(result.admitted + result.refused).toBe(400);
        // Both workers took part (or the limit would be one worker's alone).
        for (const k of [1, 2]) {
          await server.line(new RegExp(`\\[${k}\\] (refused |client #\\d+ connected)`));
        }
      } finally {
        (burst.stdin as import("bun").FileSink).end();
        await burst.exited;
        server.proc.kill("SIGTERM");
        await server.proc.exited;
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a second server on the port exits 2, with or without --workers",
    async () => {
      const server = await spawnWorkers(["echo", "--workers", "2", "--port", "0"]);
      try {
        for (const extra of [["--workers", "2"], []]) {
          const second = await run([
            ...SERVER_SOURCE,
            "echo",
            "--host",
            "127.0.0.1",
            "--port",
            String(server.port),
            ...extra,
          ]);
          expect(second.code).toBe(2);
          expect(second.stderr).toContain(`port ${server.port} is already in use`);
        }
        await echoOnce(server.port, "still mine");
      } finally {
        server.proc.kill("SIGTERM");
        await server.proc.exited;
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "UDP: --udp --workers 2 answers datagrams from both workers; --tcp --udp serves both",
    async () => {
      const server = await spawnWorkers([
        "echo",
        "--tcp",
        "--udp",
        "--workers",
        "2",
        "--port",
        "0",
      ]);
      try {
        const senders = new Set<number>();
        for (let i = 0; i < 24; i++) {
          const { promise, resolve } = Promise.withResolvers<string>();
          const socket = await Bun.udpSocket({
            hostname: "127.0.0.1",
            socket: { data: (_s, data) => resolve(new TextDecoder().decode(data)) },
          });
          socket.send(`datagram ${i}`, server.port, "127.0.0.1");
          expect(await promise).toBe(`datagram ${i}`);
          const seen = await server.line(
            new RegExp(`\\[(\\d+)\\] UDP sender 127\\.0\\.0\\.1:${socket.port} `),
          );
          senders.add(Number(seen.match[1]));
          socket.close();
        }
        expect([...senders].sort()).toEqual([1, 2]);
        await echoOnce(server.port, "tcp too");
      } finally {
        server.proc.kill("SIGTERM");
        expect(await server.proc.exited).toBe(0);
      }
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "--workers on chat, game or inspect is a usage error saying why, in English and French",
    async () => {
      for (const mode of ["chat", "game", "inspect"]) {
        const result = await run([...SERVER_SOURCE, mode, "--workers", "2", "--port", "0"]);
        expect(result.code).toBe(2);
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expect(result.stderr).toContain("--workers is for echo, bytes, length and http");
      }
      const fr = await run([...SERVER_SOURCE, "chat", "--workers", "2", "--lang", "fr"]);
      expect(fr.code).toBe(2);
      expect(fr.stderr).toContain("chat garde un seul salon dans un seul processus");
      for (const bad of [
        ["--workers", "0"],
        ["--workers", "lots"],
        ["--workers", "2", "--view", "0"],
      ]) {
        const result = await run([...SERVER_SOURCE, "echo", "--port", "0", ...bad]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^socklab-server: --(workers|view) /);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

/** The worker and number of the connection logged `index`-th (in order of connection lines). */
async function nthConnection(server: Spawned, index: number) {
  let at = 0;
  for (let i = 0; ; i++) {
    const found = await server.line(CONNECTED, at);
    if (i === index) return { worker: Number(found.match[1]), id: Number(found.match[2]) };
    at = found.at + 1;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
