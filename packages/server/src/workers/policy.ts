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

/**
 * --max-clients across workers: one counter per worker in memory they all map (a small file,
 * Bun.mmap, MAP_SHARED), each written by its own worker only, plus the last client number each
 * gave (for its replacement). A newcomer takes a place by adding one to its worker's counter
 * and then reading the sum: Atomics are sequentially consistent, so of two newcomers racing on
 * two workers for the last place, at least one sees the other's +1 and backs off. The sum never
 * passes --max-clients; in that race both may back off (both told "server full" with one place
 * left, for the instant of the race), never both get in. A worker that dies holds no clients any
 * more (the kernel closed its sockets): the parent clears its counter.
 *
 * @example
 * const places = new SharedPlaces(new Int32Array(SharedPlaces.cells(2)), 2, 100);
 * places.take(1, 7); // true: worker 1's client #7 has a place
 */
export class SharedPlaces {
  /** Int32 cells for `workers` workers: [unused, count 1..N, last number 1..N]. */
  static cells(workers: number): number {
    return 2 * workers + 1;
  }

  constructor(
    private readonly memory: Int32Array,
    private readonly workers: number,
    private readonly max: number,
  ) {}

  /** Worker k takes a place for its client numbered `id`; false: the server is full. */
  take(k: number, id: number): boolean {
    Atomics.add(this.memory, k, 1);
    if (this.total > this.max) {
      Atomics.sub(this.memory, k, 1);
      return false;
    }
    Atomics.store(this.memory, this.workers + k, id);
    return true;
  }

  /** A client of worker k left. */
  give(k: number): void {
    Atomics.sub(this.memory, k, 1);
  }

  /** Worker k is gone, and its clients with it (its numbers stay given). */
  clear(k: number): void {
    Atomics.store(this.memory, k, 0);
  }

  /** Clients of the whole server. */
  get total(): number {
    let sum = 0;
    for (let k = 1; k <= this.workers; k++) sum += Atomics.load(this.memory, k);
    return sum;
  }

  /** The highest number worker k gave, if it gave any. */
  lastGiven(k: number): number | undefined {
    const id = Atomics.load(this.memory, this.workers + k);
    return id > 0 ? id : undefined;
  }
}
