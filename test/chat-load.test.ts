// The chat under load, on loopback: fan-out to 100 clients without loss or reordering. (The
// flood against a stalled reader, unpaced, with the flooder in its own process, is in
// chat-flow.test.ts.) Bounded traffic, no timing assertions.

import { afterAll, describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { startServer } from "../packages/server/src/core/server.ts";
import { CountingReader, waitFor } from "./support/chat.ts";

// Run once at the end, newest first: the tests run concurrently, so one test's end must not close
// the other's clients or server.
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe.concurrent("chat under load", () => {
  test("100 clients, 20 senders × 500 lines each: every client gets every other sender's lines once, in order", async () => {
    const CLIENTS = 100;
    const SENDERS = 20;
    const LINES = 500;
    const server = await startServer({
      mode: modes.chat,
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
});
