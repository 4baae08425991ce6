// Runs a plan's checks one after the other against a dialer: a deadline per check, every
// connection a check opened closed after it, at most MAX_OPEN at once, timings, events.

import type { CheckName, HintKey } from "../catalog/index.ts";
import type { Conn } from "./conn.ts";
import { CheckFailed } from "./evidence.ts";
import {
  type Check,
  type CheckOptions,
  DialError,
  type Dialer,
  type Evidence,
  type Status,
} from "./types.ts";

/** Connections one check may hold at once: the chat check needs 20 plus a few; a student's
 * machine on the LAN never sees more than this from the checker. */
export const MAX_OPEN = 30;

/** A check's own deadline: its waits are each `timeoutMs`, and the longest check (a game won in
 * a dozen guesses, each answered within `timeoutMs`) needs about twenty of them. */
export function checkDeadlineMs(options: CheckOptions): number {
  return options.deadlineMs ?? options.timeoutMs * 20 + 5000;
}

export interface CheckResult {
  name: CheckName;
  status: Status;
  /** An optional check: its failure is reported as a warning. */
  optional: boolean;
  ms: number;
  evidence?: Evidence;
  hint?: HintKey;
  /** The check ran past its deadline and was stopped. */
  timedOut?: boolean;
}

export type CheckEvent =
  | { type: "start"; name: CheckName; index: number; total: number }
  | { type: "result"; result: CheckResult; index: number; total: number };

export type RunOutcome =
  | { reachable: true; results: CheckResult[]; ms: number }
  | { reachable: false; detail: string };

/** The run stops: the first connection of the run was refused. */
class Unreachable extends Error {}

/**
 * Runs `checks` in order; `onEvent` hears each start and result as it happens.
 *
 * @example
 * const outcome = await runChecks(echoChecks, socketDialer(address, 2000), options, print);
 */
export async function runChecks(
  checks: readonly Check[],
  dialer: Dialer,
  options: CheckOptions,
  onEvent: (event: CheckEvent) => void = () => {},
): Promise<RunOutcome> {
  let connectedOnce = false;
  const results: CheckResult[] = [];
  const runStart = performance.now();
  for (const [index, check] of checks.entries()) {
    const total = checks.length;
    onEvent({ type: "start", name: check.name, index, total });
    const open = new Set<Conn>();
    const scoped: Dialer = {
      async dial() {
        if (open.size >= MAX_OPEN) throw new Error(`${check.name} opened over ${MAX_OPEN}`);
        try {
          const conn = await dialer.dial();
          connectedOnce = true;
          open.add(conn);
          return conn;
        } catch (error) {
          if (error instanceof DialError && !connectedOnce) throw new Unreachable(error.message);
          throw error;
        }
      },
    };
    const start = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), checkDeadlineMs(options));
    });
    let result: CheckResult;
    try {
      const verdict = await Promise.race([check.run({ dialer: scoped, options }), deadline]);
      result =
        verdict === "late"
          ? { name: check.name, status: "fail", optional: false, ms: 0, timedOut: true }
          : { name: check.name, optional: false, ms: 0, ...verdict };
    } catch (error) {
      if (error instanceof Unreachable) {
        clearTimeout(timer);
        await Promise.all([...open].map((conn) => conn.close()));
        return { reachable: false, detail: error.message };
      }
      if (error instanceof CheckFailed) {
        result = { name: check.name, optional: false, ms: 0, ...error.verdict };
      } else if (error instanceof DialError) {
        result = {
          name: check.name,
          status: "fail",
          optional: false,
          ms: 0,
          evidence: {
            sent: { kind: "note", note: { key: "anotherClient", args: [] } },
            expected: { kind: "note", note: { key: "anotherClient", args: [] } },
            received: { kind: "refused", detail: error.message },
          },
          hint: "unreachable",
        };
      } else {
        throw error;
      }
    } finally {
      clearTimeout(timer);
      // Politely (FIN, then the server's), so the next check starts with the server at rest.
      await Promise.all([...open].map((conn) => conn.close()));
    }
    result.ms = Math.round(performance.now() - start);
    if (check.optional) {
      result.optional = true;
      if (result.status === "fail") result.status = "warn";
    }
    results.push(result);
    onEvent({ type: "result", result, index, total });
  }
  return { reachable: true, results, ms: Math.round(performance.now() - runStart) };
}

/** 0 every check passed (warnings allowed), 1 one failed; the caller returns 2 when unreachable. */
export function exitCode(outcome: RunOutcome): number {
  if (!outcome.reachable) return 2;
  return outcome.results.some((r) => r.status === "fail") ? 1 : 0;
}
