// How many connections the process can hold before accept() fails with EMFILE. Bun's listener
// (uSockets) answers that failure by polling the listening socket again at once, so a server at
// its `ulimit -n` spins at 100 % CPU until a descriptor frees (issue #20 item 9; the retry has
// no backoff inside Bun: oven-sh/bun PR #32705). The core stays below the limit instead.

import { readdirSync, readFileSync } from "node:fs";

/** Descriptors kept free beyond those open at start: for what Bun or a mode opens later (a
 * thread, a DNS lookup, a file). Past the budget a newcomer is closed at once, so a flood of
 * connections costs one accept and one close each, never a failed accept. */
export const FD_RESERVE = 16;

/**
 * The soft "Max open files" of /proc/self/limits, or undefined (unlimited or not found).
 *
 * @example
 * parseOpenFilesLimit("Max open files            256                  256                  files")
 * // 256
 */
export function parseOpenFilesLimit(limits: string): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits);
  if (!match || match[1] === "unlimited") return undefined;
  return Number(match[1]);
}

/** The soft limit and the connections that fit under it now (limit − descriptors open −
 * {@link FD_RESERVE}); `budget` is Infinity where the limit cannot be read (not Linux). */
export function connectionBudget(): { limit: number; budget: number } {
  try {
    const limit = parseOpenFilesLimit(readFileSync("/proc/self/limits", "utf8"));
    if (limit === undefined)
      return { limit: Number.POSITIVE_INFINITY, budget: Number.POSITIVE_INFINITY };
    const open = readdirSync("/proc/self/fd").length;
    return { limit, budget: Math.max(1, limit - open - FD_RESERVE) };
  } catch {
    return { limit: Number.POSITIVE_INFINITY, budget: Number.POSITIVE_INFINITY };
  }
}
