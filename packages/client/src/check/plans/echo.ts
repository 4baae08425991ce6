// The echo checks (seed: the C echo server): what goes in comes back, byte for byte, whatever
// the size, the chunking, the number of clients, and however a client leaves.

import type { HintKey } from "../../catalog/index.ts";
import type { Conn } from "../conn.ts";
import { fail, firstDifference, note, pause, receivedOn, shown, untilQuiet } from "../evidence.ts";
import {
  type Check,
  type CheckContext,
  DialError,
  pass,
  type Shown,
  type Verdict,
} from "../types.ts";

/** Clients at once in `ten-clients` (the number; well under the checker's 30). */
const CLIENTS = 10;
/** The gap between the two halves of a split message: long enough that they arrive as two
 * segments, so one `recv` cannot read both. */
const SPLIT_GAP_MS = 100;

/**
 * `size` bytes covering all 256 values, in an order that does not repeat with any short period
 * (plain `i & 0xff` would hide a lost 1024-byte chunk: the bytes after it look the same).
 */
export function payload(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i + (i >> 8) + (i >> 16) * 7) & 0xff;
  return out;
}

/** Sends `data` in one write, or in writes of `piece` bytes each handed to the kernel in turn. */
async function sendIn(conn: Conn, data: Uint8Array, piece?: number): Promise<void> {
  if (piece === undefined) {
    conn.send(data);
    return;
  }
  for (let at = 0; at < data.length && conn.ending === "open"; at += piece) {
    conn.send(data.subarray(at, at + piece));
    await conn.flushed();
  }
}

/** How a payload too big to show is described instead. */
interface Described {
  sent: Shown;
  expected: Shown;
}

/** Compares what came back with `want`; the hint says how it went wrong. */
function compare(conn: Conn, want: Uint8Array, ms: number, described?: Described): Verdict {
  const got = conn.received;
  const at = firstDifference(got, want);
  if (at < 0) return pass;
  let hint: HintKey | undefined;
  if (got.length === 0) hint = want.length === 1 && !conn.serverDone ? "waitsForLine" : undefined;
  // A 0 byte where the bytes went wrong: C string functions (strlen, fputs) stopped there.
  else if (want[at] === 0 && got[at] !== 0) hint = "bytesChanged";
  else if (at === got.length && got.length < want.length) hint = "recvLoop";
  else if (got.length < want.length) hint = "sendLoop";
  else hint = "bytesChanged";
  const evidence = {
    sent: described?.sent ?? shown(want),
    expected: described?.expected ?? note({ key: "sameBytes", args: [want.length] }),
    received: receivedOn(conn, ms, Math.max(0, Math.min(at, got.length))),
  };
  return fail(evidence, hint);
}

async function roundTrip(ctx: CheckContext, data: string | Uint8Array): Promise<Verdict> {
  const want = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const conn = await ctx.dialer.dial();
  conn.send(want);
  const ms = ctx.options.timeoutMs;
  await untilQuiet(conn, () => conn.received.length >= want.length, ms);
  const verdict = compare(conn, want, ms);
  conn.close();
  return verdict;
}

function bulk(size: number, piece?: number): Check["run"] {
  return async (ctx) => {
    const want = payload(size);
    const conn = await ctx.dialer.dial();
    const ms = ctx.options.timeoutMs;
    const writes = piece === undefined ? 1 : Math.ceil(size / piece);
    const sending = sendIn(conn, want, piece);
    await untilQuiet(conn, () => conn.received.length >= want.length, ms);
    await sending;
    const verdict = compare(conn, want, ms, {
      sent: note({ key: "pattern", args: [size, writes] }),
      expected: note({ key: "sameBytes", args: [size] }),
    });
    conn.close();
    return verdict;
  };
}

export const echoChecks: Check[] = [
  { name: "echo.line", run: (ctx) => roundTrip(ctx, "hello from socklab check\n") },
  {
    name: "echo.again",
    async run(ctx) {
      // After echo.line's client left (or this check's first one), the next must be served.
      try {
        const first = await roundTrip(ctx, "first client\n");
        if (first.status !== "pass") return first;
        return await roundTrip(ctx, "second client\n");
      } catch (error) {
        if (!(error instanceof DialError)) throw error;
        return fail(
          {
            sent: note({ key: "anotherClient", args: [] }),
            expected: note({ key: "anotherClient", args: [] }),
            received: { kind: "refused", detail: error.message },
          },
          "acceptLoop",
        );
      }
    },
  },
  { name: "echo.one-byte", run: (ctx) => roundTrip(ctx, "A") },
  { name: "echo.64k-one", run: bulk(64 * 1024) },
  { name: "echo.64k-small", run: bulk(64 * 1024, 1000) },
  { name: "echo.1m-one", run: bulk(1024 * 1024) },
  { name: "echo.1m-small", run: bulk(1024 * 1024, 16 * 1024) },
  {
    name: "echo.split",
    async run(ctx) {
      const conn = await ctx.dialer.dial();
      const [head, tail] = ["a message in ", "two halves\n"];
      const want = new TextEncoder().encode(head + tail);
      conn.send(head);
      await conn.flushed();
      await pause(SPLIT_GAP_MS);
      conn.send(tail);
      const ms = ctx.options.timeoutMs;
      await untilQuiet(conn, () => conn.received.length >= want.length, ms);
      const verdict = compare(conn, want, ms);
      conn.close();
      return verdict;
    },
  },
  {
    name: "echo.ten-clients",
    async run(ctx) {
      const conns: Conn[] = [];
      for (let i = 0; i < CLIENTS; i++) conns.push(await ctx.dialer.dial());
      const lines = conns.map((_, i) => `client ${i + 1} of ${CLIENTS} ${"x".repeat(i + 1)}\n`);
      for (const [i, conn] of conns.entries()) conn.send(lines[i] as string);
      const ms = ctx.options.timeoutMs;
      const wants = lines.map((line) => new TextEncoder().encode(line));
      await Promise.all(
        conns.map((conn, i) =>
          untilQuiet(conn, () => conn.received.length >= (wants[i] as Uint8Array).length, ms),
        ),
      );
      const verdicts = conns.map((conn, i) => compare(conn, wants[i] as Uint8Array, ms));
      const served = verdicts.filter((v) => v.status === "pass").length;
      const failed = verdicts.find((v) => v.status !== "pass");
      for (const conn of conns) conn.close();
      if (failed === undefined) return pass;
      // Some served and the others silent: the server takes one client at a time.
      const silent = conns.some((conn) => conn.received.length === 0);
      return {
        ...failed,
        hint: silent && served < CLIENTS ? "multiClient" : failed.hint,
      };
    },
  },
  {
    name: "echo.half-close",
    async run(ctx) {
      const conn = await ctx.dialer.dial();
      // The last words have no line end: a server that echoes whole lines only (a buffered
      // FILE*, readline) must still send them once the client's FIN says nothing more comes.
      const text = "a line before the half-close\nand the last words, no line end";
      const want = new TextEncoder().encode(text);
      conn.send(text);
      conn.shutdown();
      const ms = ctx.options.timeoutMs;
      await untilQuiet(conn, () => conn.serverDone, ms);
      const complete = firstDifference(conn.received, want) < 0;
      const verdict =
        complete && conn.ending === "closed"
          ? pass
          : fail(
              {
                sent: shown(text),
                expected: note({ key: "sameBytesThenClose", args: [want.length] }),
                received: receivedOn(conn, ms),
              },
              "halfClose",
            );
      conn.close();
      return verdict;
    },
  },
  {
    name: "echo.reset",
    async run(ctx) {
      const victim = await ctx.dialer.dial();
      victim.send("half a mess");
      await victim.flushed();
      victim.abort();
      try {
        const verdict = await roundTrip(ctx, "still there?\n");
        return verdict.status === "pass" ? pass : { ...verdict, hint: "resetSurvive" };
      } catch (error) {
        if (!(error instanceof DialError)) throw error;
        return fail(
          {
            sent: note({ key: "resetThenNew", args: [] }),
            expected: note({ key: "anotherClient", args: [] }),
            received: { kind: "refused", detail: error.message },
          },
          "resetSurvive",
        );
      }
    },
  },
];
