// The server console: timestamped lines, batched so that logging never costs a write per event
// on a busy server, silenced by --quiet, and written so that a slow, full or closed stdout can
// neither block the server, nor grow its memory, nor crash it.

import { constants, fstatSync, openSync, write, writeSync } from "node:fs";
import { isatty } from "node:tty";
import type { Lang } from "@socklab/protocol";
import { messages } from "../catalog/index.ts";

import { colorLine } from "./console-color.ts";

export interface Logger {
  /** Connection lifecycle and other routine events; silenced by --quiet. */
  info(line: string): void;
  /** What the mode exists to show (inspect's dumps) or must never be hidden (errors). */
  always(line: string): void;
  /** Something the teacher should notice (a refusal, a client cut off, a limit reached): yellow
   * on a colour console. `always`: never silenced by --quiet. See {@link warn}. */
  warn?(line: string, always?: boolean): void;
  /** Writes out what is batched, as far as the console takes it without waiting; called at
   * shutdown. */
  flush(): void;
  /** True under --quiet: a mode can skip building log lines nobody will read. */
  readonly quiet?: boolean;
  /** True while the console is more than {@link LOG_HIGH_WATER} behind: a mode whose log is its
   * output (inspect) pauses its reader until `whenWritten` calls back. */
  readonly congested?: boolean;
  /** Runs `fn` once the backlog is below half the high-water mark (or the console is gone and
   * lines are dropped): at once if it is not congested. */
  whenWritten?(fn: () => void): void;
  /** Lines dropped so far: the console was gone (EPIPE, EIO) or past {@link LOG_MAX_QUEUED}. */
  readonly dropped?: number;
  /** Resolves once everything logged so far is written (or the console is gone), or after `ms`:
   * at shutdown, so the process does not exit with its last dumps still queued. */
  settled?(ms: number): Promise<void>;
}

/** How long a stopping server waits for its console to take what is queued (at most 8 MiB):
 * a terminal or a pipe being read takes that in well under a second; one nobody reads never
 * does, and must not keep the server from exiting. */
export const SHUTDOWN_LOG_MS = 3000;

/** Console backlog (UTF-16 units of text not yet taken by the kernel) past which the logger is
 * `congested`. 1 MiB is a few seconds of a busy chat and 240 KiB of inspect input: enough to
 * ride out a terminal that scrolls slowly without pausing anyone. */
export const LOG_HIGH_WATER = 1 << 20;
/** Past this backlog a new line is dropped and counted (a mode that cannot pause, or many
 * inspect clients at once); the count is printed once the console catches up. With one line in
 * flight (at most one inspect dump of a 512 KiB read, ~2.2 MB), the logger holds at most about
 * 2 × (8 + 2.2) MB: the text and its encoded copy. */
export const LOG_MAX_QUEUED = 8 << 20;
/** How long to wait before retrying when even the blocking stdout says EAGAIN (someone set it
 * non-blocking): rare, and polling only while there is a backlog. */
const RETRY_MS = 20;

/**
 * Logs a warning: yellow on a colour console. A logger without `warn` (a test's fake) takes it
 * as an ordinary line.
 *
 * @example
 * warn(log, msg.refusedFull(peer)); // "[14:03:07] -- Server full: refused 127.0.0.1:5000", in yellow
 */
export function warn(log: Logger, line: string, always = false): void {
  if (log.warn) log.warn(line, always);
  else if (always) log.always(line);
  else log.info(line);
}

/** Wall-clock time as HH:MM:SS, the way the seed chat's `[time]` shows it. */
export function clock(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Where the text goes: `write` takes what it can now and says how much; "broken" when the
 * console is gone for good. */
interface Output {
  /** Writes what it can without blocking; returns the part left, or undefined when all went.
   * `done` runs when a part that could not go at once has gone (or failed). */
  send(data: Buffer, done: (error: NodeJS.ErrnoException | null) => void): Buffer | undefined;
}

/**
 * Lines go out at most once per tick, joined, so 1,000 connections in a burst cost one write to
 * the terminal, not 1,000.
 *
 * stdout is written with node:fs on the file descriptor, never through process.stdout (which
 * throws EPIPE from inside its write and buffers without limit): a regular file (or /dev/null)
 * is written at once, it never blocks; a pipe or terminal through its own non-blocking
 * descriptor (see `openStdout`), and what the kernel refuses waits in a write on the thread
 * pool, one at a time, so the event loop never waits for the reader. EPIPE or EIO (the reader
 * or the terminal is gone) stops the console for good: the lines are dropped and counted, the
 * server goes on.
 */
export function createLogger(
  options: {
    quiet?: boolean;
    /** Instead of stdout (tests): gets each batch. */
    write?: (text: string) => void;
    /** A file descriptor instead of stdout's 1. */
    fd?: number;
    /** Language of the logger's own lines (lines dropped, console gone). */
    lang?: Lang;
    /** Colour on a terminal (dim times, a colour per client): see console-color.ts. */
    color?: boolean;
  } = {},
): Logger {
  const msg = messages(options.lang ?? "en");
  const custom = options.write;
  const output: Output | undefined = custom ? undefined : fdOutput(options.fd ?? 1);
  // Each line's time is taken when it is logged and formatted when the batch is written: the
  // first local-time formatting loads the time-zone data (~5 ms), which must not delay the
  // reply to the connection being logged (see `bun run bench start`).
  let batch: { at: number; line: string; warning?: boolean }[] = [];
  let scheduled = false;
  /** Encoded text waiting for the kernel, oldest first. */
  let waiting: Buffer[] = [];
  /** A write waits on the thread pool: nothing else goes until it is done (order). */
  let inFlight = false;
  let inFlightBytes = 0;
  /** Lines in `waiting` and in flight: what a failure drops. */
  let unwritten = 0;
  /** Text held in total: the batch, the waiting buffers and the one in flight. */
  let backlog = 0;
  let dropped = 0;
  /** Lines dropped since the last "N lines dropped" notice. */
  let unreported = 0;
  let broken = false;
  let waiters: (() => void)[] = [];

  /** Who waits for the backlog to be empty (`settled`). */
  let emptyWaiters: (() => void)[] = [];
  const release = () => {
    if (emptyWaiters.length > 0 && (broken || (backlog <= 0 && !inFlight))) {
      const run = emptyWaiters;
      emptyWaiters = [];
      for (const fn of run) fn();
    }
    if (waiters.length === 0 || (!broken && backlog >= LOG_HIGH_WATER / 2)) return;
    const run = waiters;
    waiters = [];
    for (const fn of run) fn();
  };

  /** The console is gone: drop everything from now on, say so once on stderr (if it is still
   * there: it is often the same terminal), free whoever waits. */
  const fail = (error: NodeJS.ErrnoException) => {
    if (broken) return;
    broken = true;
    dropped += batch.length + unwritten;
    unwritten = 0;
    batch = [];
    waiting = [];
    backlog = 0;
    if (options.fd === undefined || options.fd === 1) {
      // On the thread pool: a stderr nobody reads must not block the server either. An error
      // means stderr is gone too: nobody is left to tell.
      write(2, `socklab-server: ${msg.logGone(error.code ?? String(error.message))}\n`, () => {});
    }
    release();
  };

  const pump = () => {
    if (!output) return;
    while (!inFlight && !broken && waiting.length > 0) {
      const data = waiting.length === 1 ? (waiting[0] as Buffer) : Buffer.concat(waiting);
      waiting = [];
      const lines = unwritten;
      let rest: Buffer | undefined;
      try {
        rest = output.send(data, (error) => {
          inFlight = false;
          if (error) fail(error);
          else {
            backlog -= inFlightBytes;
            unwritten -= lines;
          }
          pump();
          release();
        });
      } catch (error) {
        fail(error as NodeJS.ErrnoException);
        return;
      }
      if (rest === undefined) {
        backlog -= data.length;
        unwritten -= lines;
      } else {
        backlog -= data.length - rest.length;
        inFlight = true;
        inFlightBytes = rest.length;
      }
    }
    release();
  };

  const flush = () => {
    scheduled = false;
    if (batch.length === 0) return;
    const stamp = ({ at, line, warning }: (typeof batch)[number]) =>
      options.color
        ? colorLine(`[${clock(new Date(at))}]`, line, warning)
        : `[${clock(new Date(at))}] ${line}`;
    let text = `${batch.map(stamp).join("\n")}\n`;
    const batchChars = batch.reduce((sum, { line }) => sum + line.length, 0);
    const lines = batch.length;
    batch = [];
    if (unreported > 0 && backlog - batchChars < LOG_HIGH_WATER / 2) {
      const time = `[${clock()}]`;
      const line = msg.logDropped(unreported);
      text += `${options.color ? colorLine(time, line, true) : `${time} ${line}`}\n`;
      unreported = 0;
    }
    if (custom) {
      backlog = 0;
      try {
        custom(text);
      } catch (error) {
        unwritten += lines;
        fail(error as NodeJS.ErrnoException);
      }
      return;
    }
    const data = Buffer.from(text);
    // The batch was counted in characters; from here on it is counted in bytes.
    backlog += data.length - batchChars;
    unwritten += lines;
    waiting.push(data);
    pump();
  };

  const always = (line: string, warning?: boolean) => {
    if (broken || backlog >= LOG_MAX_QUEUED) {
      dropped++;
      if (!broken) unreported++;
      return;
    }
    batch.push(warning ? { at: Date.now(), line, warning } : { at: Date.now(), line });
    backlog += line.length;
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  };

  return {
    info: options.quiet ? () => {} : (line: string) => always(line),
    always: (line: string) => always(line),
    warn: (line: string, loud = false) => {
      if (loud || !options.quiet) always(line, true);
    },
    flush,
    settled(ms: number) {
      flush();
      if (custom || broken || (backlog <= 0 && !inFlight)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        emptyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    quiet: options.quiet === true,
    get congested() {
      return !broken && backlog >= LOG_HIGH_WATER;
    },
    whenWritten(fn: () => void) {
      if (broken || backlog < LOG_HIGH_WATER / 2) fn();
      else waiters.push(fn);
    },
    get dropped() {
      return dropped;
    },
  };
}

/** The console on file descriptor `fd`, written the fastest way that cannot block the loop. */
function fdOutput(fd: number): Output {
  const direct = openStdout(fd);
  /** Waits on the thread pool until the kernel takes `data` from `fd` (a blocking descriptor:
   * only a worker thread waits), in as many writes as it needs. */
  const later = (data: Buffer, done: (error: NodeJS.ErrnoException | null) => void) => {
    write(fd, data, (error, written) => {
      if (error?.code === "EAGAIN") setTimeout(() => later(data, done), RETRY_MS);
      else if (error) done(error);
      else if (written < data.length) later(data.subarray(written), done);
      else done(null);
    });
  };
  return {
    send(data, done) {
      if (direct === undefined) {
        later(data, done);
        return data;
      }
      let written = 0;
      while (written < data.length) {
        try {
          written += writeSync(direct, data, written);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          break;
        }
      }
      if (written === data.length) return undefined;
      const rest = data.subarray(written);
      later(rest, done);
      return rest;
    },
  };
}

/**
 * A descriptor for writing to `fd` at once without ever blocking, or undefined (then every
 * write waits on the thread pool). A regular file or /dev/null never blocks: `fd` itself. A
 * pipe or terminal (Linux): a descriptor of its own, opened through /proc with O_NONBLOCK, so
 * that a full pipe answers EAGAIN instead of freezing the server, and without setting
 * O_NONBLOCK on the `fd` the shell shares with other programs (that would break them). A socket
 * cannot be reopened (ENXIO): undefined.
 */
function openStdout(fd: number): number | undefined {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || (stat.isCharacterDevice() && !isatty(fd))) return fd;
    if (process.platform !== "linux" || !(stat.isFIFO() || isatty(fd))) return undefined;
    // On other systems /dev/fd/N is a dup (the same open file description): never there.
    return openSync(
      `/proc/self/fd/${fd}`,
      constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY,
    );
  } catch {
    return undefined;
  }
}
