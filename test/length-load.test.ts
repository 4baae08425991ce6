// length under clients that send short lines and never read (#20 item 10): the core pauses each
// one at the high-water mark, so the server holds about clients × (mark + one read), not
// hundreds of megabytes. The non-readers run at full speed in a Python process of their own;
// the server in its own process, its RSS sampled from /proc.

import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnServer } from "./support/cli.ts";

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Reads a child's stdout line by line. */
async function* lines(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    let at = text.indexOf("\n");
    while (at >= 0) {
      yield text.slice(0, at);
      text = text.slice(at + 1);
      at = text.indexOf("\n");
    }
  }
}

test("50 clients sending short lines without reading: server RSS stays bounded", async () => {
  const CLIENTS = 50;
  // A stall timeout longer than the run: the bound must come from pausing, not from cutting.
  const server = await spawnServer(["length", "--port", "0", "--stall-timeout", "60"]);
  cleanups.push(async () => {
    server.proc.kill(9); // its graceful shutdown is not the subject here
    await server.proc.exited;
  });
  const before = rssMiB(server.proc.pid);
  const flood = Bun.spawn(
    [
      "python3",
      join(import.meta.dir, "fixtures", "non-readers.py"),
      String(server.port),
      String(CLIENTS),
      "3",
    ],
    { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
  );
  cleanups.push(async () => {
    flood.kill(9);
    await flood.exited;
  });
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(server.proc.pid));
  }, 20);
  cleanups.push(() => clearInterval(sampler));
  let sent = 0;
  for await (const line of lines(flood.stdout)) {
    if (line.startsWith("done ")) {
      sent = Number(line.slice(5));
      break;
    }
  }
  clearInterval(sampler);
  console.log(
    `length, ${CLIENTS} non-readers: ${(sent / 2 ** 20).toFixed(0)} MiB of lines sent; server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB`,
  );
  // They got some lines through, then the server stopped reading them (TCP pushed back).
  expect(sent).toBeGreaterThan(0);
  // What stays live is about CLIENTS × (256 KiB of refused replies + one 512 KiB read held in the
  // paused decoder) ≈ 40 MiB. The peak also holds the garbage of the replies the kernel did take
  // before it refused (a few hundred thousand short strings per connection) until the collector
  // returns it: 180-290 MiB here, where the old code (replies counted per turn, 5 M live objects)
  // peaked at 710 MiB.
  expect(peak - before).toBeLessThan(450);
  expect(server.proc.exitCode).toBeNull();
}, 30_000);
