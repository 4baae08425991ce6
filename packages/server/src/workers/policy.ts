// The rules of `--workers N`, without a process in sight: which modes may run in several
// processes, how many, and the restart budget that keeps a crash loop from spinning.

import type { ModeName } from "@socklab/protocol";

/** Modes whose connections share nothing: any process may serve any client. chat and game keep
 * one room (everyone sees everyone), inspect's output is one console: they stay one process. */
export const WORKER_MODES = ["echo", "bytes", "length", "http"] as const satisfies ModeName[];

/** Each worker is a whole Bun runtime (about 40 MB resident at rest): past 128 the machine's
 * memory, not its cores, would be the limit. `auto` never goes past it either. */
export const MAX_WORKERS = 128;

/** A worker that dies is replaced at once, up to this many times within RESTART_WINDOW_MS (all
 * workers together). Past it something is wrong with every start (a bad machine state, a bug hit
 * by the first client), and restarting would only spin: the parent stops the server, exit 1. */
export const RESTART_BUDGET = 5;
export const RESTART_WINDOW_MS = 60_000;

/** The restarts of the last window; `allow` says whether one more fits the budget. */
export class RestartBudget {
  private readonly times: number[] = [];

  constructor(
    private readonly budget = RESTART_BUDGET,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a restart at `now` if it fits; false: the budget is spent, stop instead. */
  allow(now: number): boolean {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.budget) return false;
    this.times.push(now);
    return true;
  }
}

/**
 * Client numbers across workers: worker k of N (k from 1) numbers its clients k, k+N, k+2N…, so
 * no two workers ever give the same number and the number says which worker holds the client
 * ((n − 1) mod N + 1). A replacement for worker k goes on after the highest number its
 * predecessor reported, so numbers are not given twice after a restart either.
 *
 * @example
 * firstNumber(2, 4, undefined) // 2: worker 2 of 4 numbers 2, 6, 10…
 * firstNumber(2, 4, 10)        // 14: its replacement, after #10
 */
export function firstNumber(k: number, n: number, lastGiven: number | undefined): number {
  return lastGiven === undefined ? k : lastGiven + n;
}

/** The whole server's client count, kept by the parent from what each worker reports. */
export class ClientLedger {
  private readonly counts = new Map<number, number>();
  private readonly last = new Map<number, number>();

  /** Worker k holds `count` clients now; `lastId` is the highest number it has given. */
  report(k: number, count: number, lastId: number): void {
    this.counts.set(k, count);
    if (lastId >= (this.last.get(k) ?? 0)) this.last.set(k, lastId);
  }

  /** Worker k is gone: its clients with it (its numbers stay taken). */
  gone(k: number): void {
    this.counts.delete(k);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  /** The clients every worker but k holds: what k adds its own to against --max-clients. */
  others(k: number): number {
    return this.total - (this.counts.get(k) ?? 0);
  }

  /** The highest number worker k gave, if it gave any. */
  lastGiven(k: number): number | undefined {
    const id = this.last.get(k);
    return id === undefined || id < 1 ? undefined : id;
  }
}
