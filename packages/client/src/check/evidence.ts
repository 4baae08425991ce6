// Helpers the check plans share: turning bytes and connection states into typed evidence,
// waiting while data still flows, and failing a check from deep inside it.

import { escapeBytes } from "@socklab/protocol";
import type { HintKey } from "../catalog/index.ts";
import type { Conn } from "./conn.ts";
import type { Evidence, Note, Shown, Verdict } from "./types.ts";

/** Bytes shown in evidence: enough to see a status line or where a payload went wrong. */
export const SHOWN_BYTES = 200;

const encoder = new TextEncoder();

export function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** Up to SHOWN_BYTES of `data`, escaped, from byte `at` on. */
export function shown(data: string | Uint8Array, at = 0): Shown {
  const bytes = bytesOf(data);
  const text = escapeBytes(bytes.subarray(at, at + SHOWN_BYTES));
  return at > 0
    ? { kind: "bytes", text, total: bytes.length, at }
    : { kind: "bytes", text, total: bytes.length };
}

export function note(value: Note): Shown {
  return { kind: "note", note: value };
}

/** Bytes shown before the end when what came back stopped short: where it was cut. */
const TAIL_BYTES = 32;

/** What came back on `conn` (from byte `at`), with how the connection stands. When nothing
 * came from `at` on but something came before, the last bytes before it are shown instead. */
export function receivedOn(conn: Conn, waitedMs: number, at = 0): Shown {
  const bytes = conn.received;
  const then = conn.ending === "reset" ? "reset" : conn.serverDone ? "closed" : undefined;
  if (bytes.length === 0) {
    if (then === "reset") return { kind: "reset" };
    if (then === "closed") return { kind: "closed" };
    return { kind: "nothing", ms: waitedMs };
  }
  const from = at < bytes.length ? at : Math.max(0, bytes.length - TAIL_BYTES);
  const out = shown(bytes, from);
  if (out.kind === "bytes" && then !== undefined) out.ending = then;
  return out;
}

/** Text that arrived as lines, from line `from` on, as bytes evidence. */
export function linesOn(conn: Conn, waitedMs: number, from = 0): Shown {
  const lines = conn.lines.slice(from);
  if (lines.length === 0) {
    if (conn.ending === "reset") return { kind: "reset" };
    if (conn.serverDone) return { kind: "closed" };
    return { kind: "nothing", ms: waitedMs };
  }
  const out = shown(`${lines.join("\n")}\n`);
  if (out.kind === "bytes" && conn.serverDone)
    out.ending = conn.ending === "reset" ? "reset" : "closed";
  return out;
}

/** Thrown inside a check to end it with this verdict; the runner catches it. */
export class CheckFailed extends Error {
  readonly verdict: Verdict;
  constructor(verdict: Verdict) {
    super("check failed");
    this.verdict = verdict;
  }
}

export function fail(evidence: Evidence, hint?: HintKey): Verdict {
  return hint === undefined ? { status: "fail", evidence } : { status: "fail", evidence, hint };
}

/**
 * Waits until `test()` holds, for as long as bytes keep arriving: gives up after `ms` with
 * nothing new (a 1 MiB echo may take longer than `ms` in all, and that is fine).
 *
 * @example
 * await untilQuiet(conn, () => conn.received.length >= 65536, 2000);
 */
export async function untilQuiet(conn: Conn, test: () => boolean, ms: number): Promise<boolean> {
  for (;;) {
    const before = conn.received.length;
    if (await conn.until(() => test() || conn.received.length !== before, ms)) {
      if (test()) return true;
      continue;
    }
    return test();
  }
}

/** The first line from index `from` on that passes `test`, or undefined after `ms` of waiting. */
export async function lineMatching(
  conn: Conn,
  test: (line: string) => boolean,
  ms: number,
  from = 0,
): Promise<string | undefined> {
  let found: string | undefined;
  await conn.until(() => {
    found = conn.lines.slice(from).find(test);
    return found !== undefined;
  }, ms);
  return found;
}

/** Index of the first byte where `got` and `want` differ, or -1 when `got` equals `want`. */
export function firstDifference(got: Uint8Array, want: Uint8Array): number {
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n; i++) if (got[i] !== want[i]) return i;
  return got.length === want.length ? -1 : n;
}

/** Resolves after `ms`: only where the protocol itself asks for a pause (a split message). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
