// The parent of `--workers N`: checks the port is free, starts N worker processes on it (each
// its own Bun runtime, joined by SO_REUSEPORT), prints their console lines as its own, holds the
// memory they count --max-clients in, replaces a worker that dies, stops them all.
//
// Processes, not Bun Workers (threads): two processes and two Worker threads, each a minimal
// Bun.listen HTTP server with reusePort, served the same under wrk on this 2-core machine
// (59k, 30k, 36k req/s against 36k, 40k, 39k in alternate runs at a load average of 8: the
// cores, shared with wrk, are the limit either way). Processes win on what differs: a worker
// that crashes, leaks or is killed (kill -9 PID) takes only its own clients down and is
// replaced, where a thread's fatal error or out-of-memory ends the whole server; each has its
// own heap and collector, so one worker's garbage collection pauses no other. What threads would
// have given, memory shared for --max-clients, the workers get from a mapped file instead.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Lang } from "@socklab/protocol";
import type { Subprocess } from "bun";
import { messages } from "../catalog/index.ts";
import { UsageError } from "../core/errors.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import {
  DEFAULT_MAX_CLIENTS,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "../core/server.ts";
import { LineSplitter } from "./lines.ts";
import {
  firstNumber,
  RESTART_BUDGET,
  RESTART_WINDOW_MS,
  RestartBudget,
  SharedPlaces,
} from "./policy.ts";
import { type FromWorker, mapPlaces, type ToWorker, WORKER_ENV, type WorkerPlace } from "./wire.ts";

/** stop() gives the workers this long to say goodbye to their clients and exit (each has its
 * own 1.5 s wait for its clients), then kills those left. */
const STOP_WAIT_MS = 4000;
/** A worker that exited 0 sent "bye" after its last line; the channel hands it over at once.
 * This bounds the wait if it never comes (a worker stopped some other way). */
const BYE_WAIT_MS = 500;

export interface StartWorkers {
  options: ServerOptions & { workers: number };
  /** The command line as given (each worker runs it again, told its place). */
  argv: string[];
  /** The parent's console (default stdout, batched). */
  log?: Logger;
  /** The restart budget is spent: the workers are stopped, the process should exit with `code`. */
  fatal(code: number): void;
}

interface Worker {
  index: number;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  listening: boolean;
  /** Its last stderr line: the reason, when it dies before it listens. */
  lastError: string;
  /** Resolved by its "bye": every line it wrote has arrived. */
  bye: PromiseWithResolvers<void>;
}

/** The command that runs this program again: a compiled socklab-server is its own runtime (its
 * entry lives in Bun's embedded file system), the sources need bun and the entry file. */
function selfCommand(): string[] {
  const embedded = Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");
  return embedded ? [process.execPath] : [process.execPath, Bun.main];
}

/**
 * Starts `options.workers` processes serving `options.mode` on one port; resolves once all of
 * them listen. The port is checked first by binding it alone, exactly as a one-process server
 * does, so a port already in use (even by another socklab's workers) is the same usage error.
 *
 * @example
 * const server = await startWorkers({ options: { mode: "http", port: 0, workers: 2 }, argv, fatal });
 */
export async function startWorkers({
  options,
  argv,
  log: given,
  fatal,
}: StartWorkers): Promise<RunningServer> {
  const lang: Lang = options.lang ?? "en";
  const msg = messages(lang);
  const log = given ?? createLogger({ quiet: options.quiet, lang, color: options.color });
  const count = options.workers;

  // The check: a one-process server bound exclusively (TCP, UDP or both), then let go. Its
  // errors are the ones a user knows (port in use, bad host); with --port 0 it finds the number
  // the workers will share. Bun once hid a port in use behind SO_REUSEPORT (bun issue 1443), and
  // the workers do set it, so the check must not: an exclusive bind fails on any holder.
  // (Between this check and the workers' binds another program could take the port: a few
  // milliseconds, once, at start.)
  const probe = await startServer({
    ...options,
    workers: undefined,
    log: createLogger({ quiet: true, write: () => {} }),
  });
  const port = probe.port;
  const host = probe.host;
  await probe.stop();

  // The shared counts: a private folder (mode 0700) in the temporary directory, removed when the
  // parent exits (left behind only if it is killed: 4 bytes per worker, twice, and one more).
  const dir = mkdtempSync(join(tmpdir(), "socklab-workers-"));
  const file = join(dir, "places");
  writeFileSync(file, new Uint8Array(4 * SharedPlaces.cells(count)));
  const places = new SharedPlaces(
    mapPlaces(file),
    count,
    options.maxClients ?? DEFAULT_MAX_CLIENTS,
  );
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.on("exit", removeDir);

  const budget = new RestartBudget();
  const workers = new Map<number, Worker>();
  let stopping = false;
  let failed = false;
  let firstDone = false;

  const relay = (index: number, line: string) => {
    // The worker's logger stamped the time; the parent's stamps it again, once.
    log.always(`[${index}] ${line.replace(/^\[\d\d:\d\d:\d\d\] /, "")}`);
  };
  const tell = (worker: Worker, message: ToWorker) => {
    try {
      worker.proc.send(message);
    } catch {
      // Exiting already: its exit handler does the bookkeeping.
    }
  };

  /** Settled once every first worker listens, or one of them died first. */
  let started: (error?: Error) => void = () => {};
  const allStarted = new Promise<void>((resolve, reject) => {
    started = (error) => (error ? reject(error) : resolve());
  });

  const spawn = (index: number): Worker => {
    const place: WorkerPlace = {
      index,
      count,
      port,
      first: firstNumber(index, count, places.lastGiven(index)),
      places: file,
    };
    const worker: Worker = {
      index,
      listening: false,
      lastError: "",
      bye: Promise.withResolvers<void>(),
      proc: Bun.spawn([...selfCommand(), ...argv], {
        env: { ...process.env, [WORKER_ENV]: JSON.stringify(place) },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        ipc(message: FromWorker) {
          if (message.t === "log") {
            for (const line of message.text.split("\n")) if (line !== "") relay(index, line);
          } else if (message.t === "bye") worker.bye.resolve();
          else if (message.t === "listening") {
            worker.listening = true;
            if (!firstDone && [...workers.values()].every((w) => w.listening)) {
              firstDone = true;
              started();
            }
          }
        },
      }),
    };
    workers.set(index, worker);
    void pipeLines(worker.proc.stdout, (line) => relay(index, line));
    void pipeLines(worker.proc.stderr, (line) => {
      worker.lastError = line.replace(/^socklab-server: /, "");
      relay(index, line);
    });
    log.info(msg.workerStarted(index, worker.proc.pid));
    void worker.proc.exited.then((code) => exited(worker, code));
    return worker;
  };

  const how = (proc: Subprocess, code: number | null) =>
    proc.signalCode ? msg.workerSignal(String(proc.signalCode)) : msg.workerExitCode(code ?? 1);

  const exited = async (worker: Worker, code: number | null) => {
    if (workers.get(worker.index) === worker) workers.delete(worker.index);
    // Its clients went with it (the kernel closed their sockets): their places are free.
    places.clear(worker.index);
    if (stopping || failed) return;
    if (!firstDone) {
      // A first worker that could not start: the whole start fails with its reason (a usage
      // error, such as a port taken in between, stays one: exit 2).
      failed = true;
      const why = msg.workerFailedToStart(worker.index, worker.lastError || how(worker.proc, code));
      await stopAll();
      removeDir();
      started(code === 2 ? new UsageError(why) : new Error(why));
      return;
    }
    if (!budget.allow(Date.now())) {
      failed = true;
      log.always(msg.workersCrashLoop(RESTART_BUDGET, RESTART_WINDOW_MS / 1000));
      await stopAll();
      log.flush();
      fatal(1);
      return;
    }
    log.always(msg.workerDied(worker.index, worker.proc.pid, how(worker.proc, code)));
    spawn(worker.index);
  };

  const stopAll = async () => {
    const live = [...workers.values()];
    for (const worker of live) tell(worker, { t: "stop" });
    const timer = setTimeout(() => {
      for (const worker of live) worker.proc.kill("SIGKILL");
    }, STOP_WAIT_MS);
    await Promise.all(
      live.map(async (w) => {
        // Exited by itself (0), it sent "bye" last: its lines may still be in the channel.
        if ((await w.proc.exited) === 0)
          await Promise.race([w.bye.promise, Bun.sleep(BYE_WAIT_MS)]);
      }),
    );
    clearTimeout(timer);
  };

  for (let index = 1; index <= count; index++) spawn(index);
  await allStarted;

  return {
    port,
    host,
    mode: options.mode.name,
    get clientCount() {
      return places.total;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await stopAll();
      removeDir();
      log.flush();
    },
    // The teacher's console is off with --workers: its clients are in N processes.
    desk: { clients: new Set(), lineMode: false, teacher: undefined },
  };
}

/** Reads a stream to its end, a line at a time. */
async function pipeLines(stream: ReadableStream<Uint8Array>, line: (text: string) => void) {
  const splitter = new LineSplitter(line);
  const decoder = new TextDecoder();
  for await (const chunk of stream) splitter.push(decoder.decode(chunk, { stream: true }));
  splitter.end();
}
