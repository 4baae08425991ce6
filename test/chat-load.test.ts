// The chat under load, on loopback: fan-out to 100 clients without loss or reordering, and a
// reader that never reads cut off while a flood goes on, without hurting the others or the
// server's memory. Bounded traffic, no timing assertions. Each test has its own server, so the
// two run concurrently.

import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { startServer } from "../packages/server/src/core/server.ts";
import { CountingReader, joinChat, waitFor } from "./support/chat.ts";
import { spawnServer } from "./support/cli.ts";

// Run once at the end, newest first: the tests run concurrently, so one test's end must not close
// the other's clients or server.
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Resident memory of a process, in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

describe.concurrent("chat under load", () => {
  test("100 clients, 20 senders × 500 lines each: every client gets every other sender's lines once, in order", async () => {
    const CLIENTS = 100;
    const SENDERS = 20;
    const LINES = 500;
    const server = await startServer({
      mode: "chat",
      port: 0,
      quiet: true,
      maxClients: CLIENTS,
      flags: { rate: 0, history: 0 },
    });
    cleanups.push(() => server.stop());
    const clients: CountingReader[] = [];
    cleanups.push(() => {
      for (const client of clients) client.close();
    });
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(await CountingReader.join(server.port, i < SENDERS ? `s${i}` : `r${i}`));
    }
    expect(server.clientCount).toBe(CLIENTS);

    // Senders take turns, one line per write; a pause now and then lets the server (in this
    // process) read, so the lines of different senders really interleave.
    const senders = clients.slice(0, SENDERS);
    for (let seq = 0; seq < LINES; seq++) {
      for (const [i, sender] of senders.entries()) sender.write(`${seq} from s${i}\n`);
      if (seq % 10 === 9) await Bun.sleep(1);
    }

    const expected = (index: number) => (index < SENDERS ? SENDERS - 1 : SENDERS) * LINES;
    await waitFor(
      () => clients.every((client, index) => client.total >= expected(index)),
      60_000,
      () => {
        const short = clients.filter((client, index) => client.total < expected(index));
        return `${short.length} clients still missing lines (first has ${short[0]?.total})`;
      },
    );
    await Bun.sleep(100); // anything extra (a duplicate) would arrive now
    for (const [index, client] of clients.entries()) {
      expect({ index, problems: client.problems, closed: client.closed }).toEqual({
        index,
        problems: [],
        closed: false,
      });
      expect(client.total).toBe(expected(index));
      for (let s = 0; s < SENDERS; s++) expect(client.from(s)).toBe(s === index ? 0 : LINES);
    }
  }, 90_000);

  test("a client that never reads while another floods 30 MB is cut off; a third gets every line; RSS stays bounded", async () => {
    const LINES = 30_000;
    const LINE_BYTES = 1000;
    const server = await spawnServer(["chat", "--port", "0", "--rate", "0", "--history", "0"]);
    cleanups.push(async () => {
      server.proc.kill();
      await server.proc.exited;
    });
    let peakRss = rssMiB(server.proc.pid);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMiB(server.proc.pid));
    }, 50);
    cleanups.push(() => clearInterval(sampler));

    const reader = await CountingReader.join(server.port, "reader");
    cleanups.push(() => reader.close());
    // A client that joins, then stops reading (a student's program frozen in the debugger):
    // the kernel buffers fill, then the server's outbox for it.
    let seen = "";
    const stalled = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        data(socket, data) {
          seen += new TextDecoder().decode(data);
          if (seen.includes("-- You are stalled ")) socket.pause();
        },
      },
    });
    cleanups.push(() => stalled.terminate());
    stalled.write("stalled\n");
    await waitFor(
      () => reader.other.some((line) => line.includes("stalled joined")),
      5000,
      () => `no join notice: ${JSON.stringify(reader.other)}`,
    );

    const flooder = await joinChat(server.port, "s0");
    cleanups.push(() => flooder.close());
    // The flood goes out in 256 KiB writes, never more than two ahead of the reader: this test
    // process is both flooder and reader, and on a busy machine a reader that falls 1 MiB behind
    // is (rightly) cut off too. The stalled client, which reads nothing, still falls 30 MB behind.
    const pad = "x".repeat(LINE_BYTES);
    const CHUNK = 256;
    for (let first = 0; first < LINES; first += CHUNK) {
      const chunk: string[] = [];
      for (let seq = first; seq < Math.min(LINES, first + CHUNK); seq++) {
        chunk.push(`${seq} ${pad}`.slice(0, LINE_BYTES - 1));
      }
      await waitFor(
        () => reader.from(0) >= first - 2 * CHUNK || reader.closed,
        30_000,
        () => `the reader has ${reader.from(0)} lines, ${first} sent`,
      );
      flooder.send(`${chunk.join("\n")}\n`);
    }

    await waitFor(
      () => reader.from(0) >= LINES || reader.closed,
      60_000,
      () => `the reader has ${reader.from(0)} of ${LINES} lines`,
    );
    clearInterval(sampler);
    expect(reader.problems).toEqual([]);
    expect(reader.closed).toBe(false);
    expect(reader.from(0)).toBe(LINES);
    expect(reader.other.filter((line) => line.includes("stalled left"))).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] -- stalled left \(send queue exceeded\)$/),
    ]);
    await waitFor(
      () => server.output.includes("kicked stalled"),
      2000,
      () => server.output.slice(-500),
    );
    expect(server.output).toMatch(/kicked stalled \(client #\d+\): send queue exceeded/);
    // The stalled client is out of the room; the server still answers.
    flooder.sendLine("/who");
    expect(await flooder.until((line) => line.startsWith("-- 2 online"))).toBeDefined();
    expect(peakRss).toBeLessThan(200);
    console.log(`chat flood: peak server RSS ${peakRss.toFixed(1)} MiB`);
  }, 90_000);
});
