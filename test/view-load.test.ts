// The class view under load: 60 open pages (40 reading, 20 that never read, in a process of their
// own) while a 200-client chat runs at full rate (--rate 0; senders and readers in processes of
// their own): the chat's readers still get every line, none is cut, and the reading pages keep
// getting updates. The view never back-pressures the lab: a page is sent to, never waited for.

import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { spawnServer } from "./support/cli.ts";
import { Crowd } from "./support/crowd.ts";

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const SENDERS = 190;
const READERS = 10;
const LINES = 50;
const VIEWER_FIXTURE = join(import.meta.dir, "fixtures", "view-viewers.ts");
const SLOW_FIXTURE = join(import.meta.dir, "fixtures", "view-slow.py");

/** The viewers' process: resolves once every page is open. */
async function viewers(port: number, reading: number, stalled: number) {
  const proc = Bun.spawn(
    [process.execPath, VIEWER_FIXTURE, String(port), String(reading), String(stalled)],
    { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
  );
  cleanups.push(async () => {
    proc.stdin.end();
    proc.kill();
    await proc.exited;
  });
  const lines = (async function* () {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of proc.stdout) {
      text += decoder.decode(chunk, { stream: true });
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n")) {
        yield JSON.parse(text.slice(0, at)) as Record<string, unknown>;
        text = text.slice(at + 1);
      }
    }
  })();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the viewers' process ended");
    return value;
  };
  const ready = await next();
  expect(ready.ready).toBe(reading + stalled);
  return {
    async report() {
      proc.stdin.write("report\n");
      proc.stdin.flush();
      return (await next()) as { messages: number[]; chat: number[]; closed: number };
    },
  };
}

test(`60 view pages (20 never reading) and a ${SENDERS + READERS}-client chat at full rate: every line delivered, none cut`, async () => {
  const server = await spawnServer([
    "chat",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--rate",
    "0",
    "--max-clients",
    "1000",
    "--view",
    "0",
  ]);
  cleanups.push(async () => {
    server.proc.kill();
    await server.proc.exited;
  });
  const viewPort = Number(/class view .*:(\d+)\//.exec(server.output)?.[1]);
  expect(viewPort).toBeGreaterThan(0);
  const pages = await viewers(viewPort, 40, 20);
  const readers = await Crowd.start(server.port, "readers", READERS);
  cleanups.push(() => readers.close());
  const senders = await Crowd.start(server.port, "senders", SENDERS, [
    "--lines",
    String(LINES),
    "--bytes",
    "500",
  ]);
  cleanups.push(() => senders.close());
  const before = await pages.report();
  await senders.go();
  const report = await readers.until(
    (r) => r.cut > 0 || r.totals.every((t) => t >= SENDERS * LINES),
    60_000,
  );
  expect({ cut: report.cut, problems: report.problems, notes: report.notes }).toEqual({
    cut: 0,
    problems: [],
    notes: [],
  });
  expect(report.totals).toEqual(report.totals.map(() => SENDERS * LINES));
  // The reading pages saw the burst: each got more chat lines than before it (batched: at most
  // 50 a batch, so far fewer than were said).
  for (let tries = 0; ; tries++) {
    const after = await pages.report();
    const grew = after.chat.every((n, i) => n > (before.chat[i] ?? 0));
    if (grew || tries > 100) {
      expect(after.closed).toBe(0);
      expect(grew).toBe(true);
      break;
    }
    await Bun.sleep(50);
  }
}, 90_000);

test("a page that never reads is dropped while the chat floods; a reading page stays", async () => {
  const server = await spawnServer([
    "chat",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--rate",
    "0",
    "--view",
    "0",
  ]);
  cleanups.push(async () => {
    server.proc.kill();
    await server.proc.exited;
  });
  const viewPort = Number(/class view .*:(\d+)\//.exec(server.output)?.[1]);
  const pages = await viewers(viewPort, 1, 0);
  const stalled = Bun.spawn(["python3", SLOW_FIXTURE, "stalled", String(viewPort)], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  cleanups.push(() => stalled.kill());
  const stalledOut = stalled.stdout.getReader();
  // One JSON object a line; a read may hold part of one, or several.
  const decoder = new TextDecoder();
  let pending = "";
  const readLine = async () => {
    while (!pending.includes("\n")) {
      const { value, done } = await stalledOut.read();
      if (done) throw new Error(`the fixture ended: ${pending}`);
      pending += decoder.decode(value, { stream: true });
    }
    const at = pending.indexOf("\n");
    const line = pending.slice(0, at);
    pending = pending.slice(at + 1);
    return JSON.parse(line) as Record<string, unknown>;
  };
  expect(await readLine()).toEqual({ ready: true });
  const readers = await Crowd.start(server.port, "readers", 2);
  cleanups.push(() => readers.close());
  // A busy room for 4 s: ten clients each say a 400-byte line every 5 ms (2,000 lines a second),
  // so every batch the view sends is a full one (the last 50 lines).
  const senders = await Crowd.start(server.port, "senders", 10, [
    "--lines",
    "800",
    "--bytes",
    "400",
    "--every",
    "5",
  ]);
  cleanups.push(() => senders.close());
  await senders.go();
  const report = await readers.until(
    (r) => r.cut > 0 || r.totals.every((t) => t >= 10 * 800),
    60_000,
  );
  expect(report.cut).toBe(0);
  stalled.stdin.write("check\n");
  stalled.stdin.flush();
  const verdict = (await readLine()) as { closed: boolean; bytes: number };
  expect(verdict.closed).toBe(true);
  const seen = await pages.report();
  expect(seen.closed).toBe(0);
  expect(seen.chat[0] as number).toBeGreaterThan(0);
}, 60_000);
