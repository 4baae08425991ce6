// http mode under random and mutated requests (fast-check, bounded: a few dozen connections to
// 127.0.0.1, many at once): the server never crashes, never leaves a connection open past its
// timeouts, and the valid requests sent before the noise are still answered, in order.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import fc from "fast-check";
import { createLogger } from "../packages/server/src/core/logger.ts";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { parseResponses, responses } from "./support/http.ts";
import { connectPeer } from "./support/peer.ts";

const enc = new TextEncoder();
/** Small timeouts so a run takes a fraction of a second, not ten; the core's timer ticks every
 * 250 ms. Not smaller: a valid request cut into parts must still arrive whole on a loaded machine. */
const HEADER_TIMEOUT_S = 0.3;
const IDLE_TIMEOUT_S = 0.3;
/** Upper bound for the server to close a connection after our last byte: either timeout, a tick
 * of the timer wheel, and a wide margin for a loaded machine. It bounds, it does not measure. */
const CLOSE_WITHIN_MS = 5000;

const logLines: string[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    mode: modes.http,
    port: 0,
    host: "127.0.0.1",
    log: createLogger({ write: (text) => logLines.push(text) }),
    flags: {
      "first-byte-timeout": IDLE_TIMEOUT_S,
      "header-timeout": HEADER_TIMEOUT_S,
      "idle-timeout": IDLE_TIMEOUT_S,
    },
  });
});
afterAll(() => server.stop());

const valid = fc.record({
  method: fc.constantFrom("GET", "HEAD"),
  path: fc.constantFrom("/", "/index.html", "/x", "/favicon.ico", "/?q=1"),
  extra: fc.constantFrom("", "Accept: */*\r\n", "Connection: keep-alive\r\n", "X-A:\tb \r\n"),
});
type Valid = { method: string; path: string; extra: string };
const render = (r: Valid) => `${r.method} ${r.path} HTTP/1.1\r\nHost: t\r\n${r.extra}\r\n`;
const STATUS: Record<string, number> = { "/x": 404, "/favicon.ico": 204 };

/** One mutation of a byte string: delete, insert, replace, duplicate a run, or truncate. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    byte: fc.constantFrom(0, 9, 10, 13, 32, 58, 0x80, 0xff),
  }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: number[], m: Mutation): number[] {
  const at = bytes.length === 0 ? 0 : m.at % bytes.length;
  const out = [...bytes];
  if (m.kind === "delete") out.splice(at, 1);
  else if (m.kind === "insert") out.splice(at, 0, m.byte);
  else if (m.kind === "replace") out[at] = m.byte;
  else if (m.kind === "duplicate") out.splice(at, 0, ...out.slice(at, at + m.length));
  else out.length = at;
  return out;
}

/** What follows the valid requests on a connection: random bytes, or a mutated request. */
const noise = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => [...b]),
  fc
    .tuple(
      valid,
      fc.constantFrom("", "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n", "Host: u\r\n"),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
    )
    .map(([request, header, mutations]) => {
      const text = render(request).replace("\r\n\r\n", `\r\n${header}\r\n`);
      return mutations.reduce(mutate, [...enc.encode(text)]);
    }),
);

const script = fc.record({
  prefix: fc.array(valid, { maxLength: 3 }),
  noise,
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
});

/** Each run waits for the timeouts once (~0.5 s), however many connections it makes: so a few runs
 * of many connections at once (3 × 8–17), about as many in all as 15 runs of 1–4 made. */
const RUNS = 3;

test("random and mutated requests: no crash, every connection closed in time, valid ones answered", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(script, { minLength: 8, maxLength: 17 }), async (scripts) => {
      await Promise.all(
        scripts.map(async ({ prefix, noise: junk, cuts }) => {
          const peer = await connectPeer(server.port);
          const bytes = Uint8Array.from([...enc.encode(prefix.map(render).join("")), ...junk]);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          let at = 0;
          for (const p of [...points, bytes.length]) {
            if (p > at) peer.send(bytes.slice(at, p));
            at = p;
            await Bun.sleep(1);
          }
          const received = await peer.closed(CLOSE_WITHIN_MS);
          // Our side too, at once: the server's 1 s close grace is not what this test is about.
          peer.close();
          const methods = prefix.map((r) => r.method);
          const got = parseResponses(received, methods).slice(0, prefix.length);
          expect(got.map((r) => r.status)).toEqual(prefix.map((r) => STATUS[r.path] ?? 200));
        }),
      );
    }),
    { numRuns: RUNS },
  );
  // Still serving, everyone gone, and no handler ever threw ("… failed: …" in the log).
  const peer = await connectPeer(server.port);
  peer.send(render({ method: "GET", path: "/", extra: "" }));
  expect((await responses(peer, 1))[0]?.status).toBe(200);
  peer.close();
  for (let i = 0; i < 500 && server.clientCount > 0; i++) await Bun.sleep(10);
  expect(server.clientCount).toBe(0);
  expect(logLines.join("")).not.toContain(" failed: ");
  expect(logLines.join("")).toContain("→ 200");
}, 120_000);
