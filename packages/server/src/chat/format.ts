// How chat events read as text for plain clients (nc, telnet, students' programs): a
// `[HH:MM:SS] ` stamp on everything that happens in the room, `<nick>` on what people say,
// `-- ` on everything the server itself says, so no user can pass a line off as the server's.

import { clock } from "../core/logger.ts";

/** Prefix of every line the server says in its own name (users' lines start with `[`). */
export const SERVER = "-- ";

/**
 * `[HH:MM:SS] ` for a time in ms, formatted once per second however many messages share it:
 * a broadcast to 1,000 readers formats its time once, and a burst of messages reuses it.
 *
 * @example
 * const stamp = new Stamp();
 * stamp.at(Date.now()) // "[14:03:07] "
 */
export class Stamp {
  private second = -1;
  private text = "";

  at(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.text = `[${clock(new Date(ms))}] `;
    }
    return this.text;
  }
}

/**
 * An idle time for /who: `42s`, `5m03s`, `2h07m`.
 *
 * @example
 * idleText(303) // "5m03s"
 */
export function idleText(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${pad(Math.floor(seconds / 60) % 60)}m`;
}
