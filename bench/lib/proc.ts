// The processes a benchmark starts (contenders and load generators): each in its own process
// group, so a server's children (socat's forks, `bun run`'s bun) stop with it, and every one is
// killed when the suite ends, fails, or is interrupted.

import type { Subprocess } from "bun";

/** A contender gets this long to print its port or accept a connection: a compiled binary needs
 * milliseconds, `bun run` on a loaded 2-core machine a second or two. */
const START_TIMEOUT_MS = 15_000;
/** After SIGTERM, how long a process may take to exit before SIGKILL. */
const STOP_GRACE_MS = 2_000;

const live = new Set<Subprocess>();

function killGroup(proc: Subprocess, signal: NodeJS.Signals): void {
  try {
    // Negative pid: the whole group this process leads (we started it detached).
    process.kill(-proc.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills everything still running; called on exit, Ctrl-C and failure. */
export function killAll(): void {
  for (const proc of live) killGroup(proc, "SIGKILL");
  live.clear();
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface Started {
  readonly pid: number;
  readonly port: number;
  /** The last output of the process (for error messages). */
  output(): string;
  /** SIGTERM to the group, SIGKILL after a grace; resolves once the leader exited. */
  stop(): Promise<void>;
}

/** Kept of a long-running process's output: enough for an error message, bounded in memory. */
const OUTPUT_TAIL = 4096;

export interface StartOptions {
  /** The port printed by the process (first capture group), or the port it was told to use. */
  port: RegExp | number;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Starts a server and resolves once it is ready: printed its port, or accepts on the given
 * one. Throws (after killing it) if it exits or times out first. */
export async function startServerProcess(cmd: string[], options: StartOptions): Promise<Started> {
  const proc = Bun.spawn(cmd, {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  live.add(proc);
  let tail = "";
  let portSeen: ((port: number) => void) | undefined;
  const printed = new Promise<number>((resolve) => {
    portSeen = resolve;
  });
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      tail = (tail + decoder.decode(chunk, { stream: true })).slice(-OUTPUT_TAIL);
      if (options.port instanceof RegExp) {
        const match = options.port.exec(tail);
        if (match) portSeen?.(Number(match[1]));
      }
    }
  };
  void collect(proc.stdout);
  void collect(proc.stderr);

  const stop = async () => {
    if (!live.has(proc)) return;
    killGroup(proc, "SIGTERM");
    const timer = setTimeout(() => killGroup(proc, "SIGKILL"), STOP_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
    // The leader is gone; make sure none of its children outlive it.
    killGroup(proc, "SIGKILL");
    live.delete(proc);
  };

  const ready =
    typeof options.port === "number" ? waitForPort(options.port).then(() => options.port) : printed;
  const outcome = await Promise.race([
    ready,
    proc.exited.then((code) => new Error(`exited with code ${code}`)),
    Bun.sleep(START_TIMEOUT_MS).then(() => new Error(`not ready after ${START_TIMEOUT_MS} ms`)),
  ]);
  if (outcome instanceof Error) {
    await stop();
    throw new Error(`${cmd.join(" ")}: ${outcome.message}\n${tail.trim()}`);
  }
  return { pid: proc.pid, port: outcome as number, output: () => tail, stop };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      Bun.connect({
        hostname: "127.0.0.1",
        port,
        socket: {
          open(socket) {
            socket.end();
            resolve(true);
          },
          connectError() {
            resolve(false);
          },
          data() {},
        },
      }).catch(() => resolve(false));
    });
    if (ok) return;
    await Bun.sleep(20);
  }
}

/** A port free right now on 127.0.0.1, for servers that cannot pick their own (socat, ncat,
 * nginx). Another process could take it before the server binds; the start then fails loudly. */
export function freePort(): number {
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: { data() {} },
  });
  const port = listener.port;
  listener.stop(true);
  return port;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** CPU seconds the command used (user + system), to tell a saturated load generator. */
  cpuSeconds: number;
  wallSeconds: number;
}

/** Runs a command to completion (a load generator, a compiler), killed after `timeoutMs`. */
export async function runCommand(
  cmd: string[],
  timeoutMs: number,
  options: { cwd?: string } = {},
): Promise<RunResult> {
  const proc = Bun.spawn(cmd, {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
    cwd: options.cwd,
  });
  const began = performance.now();
  live.add(proc);
  const timer = setTimeout(() => killGroup(proc, "SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  // Whatever it started and left behind (startclock's server) goes with it.
  killGroup(proc, "SIGKILL");
  live.delete(proc);
  const cpu = proc.resourceUsage()?.cpuTime.total ?? 0n;
  return {
    code,
    stdout,
    stderr,
    cpuSeconds: Number(cpu) / 1e6,
    wallSeconds: (performance.now() - began) / 1000,
  };
}

/** The resident memory of a process, in bytes (Linux /proc), or undefined if it is gone. */
export async function rssBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await Bun.file(`/proc/${pid}/status`).text();
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
