// The server console: timestamped lines, batched so that logging never costs a write per event
// on a busy server, and silenced by --quiet.

import { colorLine } from "./console-color.ts";

export interface Logger {
  /** Connection lifecycle and other routine events; silenced by --quiet. */
  info(line: string): void;
  /** What the mode exists to show (inspect's dumps) or must never be hidden (errors). */
  always(line: string): void;
  /** Writes out what is batched; called at shutdown. */
  flush(): void;
  /** True under --quiet: a mode can skip building log lines nobody will read. */
  readonly quiet?: boolean;
}

/** Wall-clock time as HH:MM:SS, the way the seed chat's `[time]` shows it. */
export function clock(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Lines go to `write` at most once per tick, joined, so 1,000 connections in a burst cost one
 * write to the terminal, not 1,000. */
export function createLogger(
  options: { quiet?: boolean; write?: (text: string) => void; color?: boolean } = {},
): Logger {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  // Each line's time is taken when it is logged and formatted when the batch is written: the
  // first local-time formatting loads the time-zone data (~5 ms), which must not delay the
  // reply to the connection being logged (see `bun run bench start`).
  let batch: { at: number; line: string }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (batch.length === 0) return;
    const stamp = ({ at, line }: { at: number; line: string }) =>
      options.color
        ? colorLine(`[${clock(new Date(at))}]`, line)
        : `[${clock(new Date(at))}] ${line}`;
    const text = `${batch.map(stamp).join("\n")}\n`;
    batch = [];
    write(text);
  };
  const always = (line: string) => {
    batch.push({ at: Date.now(), line });
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  };
  return { info: options.quiet ? () => {} : always, always, flush, quiet: options.quiet === true };
}
