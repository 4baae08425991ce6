// The parent of `--workers N`: checks the port is free, starts N worker processes on it (each
// its own Bun runtime, joined by SO_REUSEPORT), prints their console lines as its own, keeps
// the whole server's client count for --max-clients, replaces a worker that dies, stops them all.
//
// Processes, not Bun Workers (threads): measured with `bun run bench http`/`echo`-style loads on
// this 2-core machine, two processes and two Worker threads each listening with reusePort served
// the same within noise (the cores, shared with the load generator, are the limit either way;
// see the module's numbers in the README's "More than one core"). Processes win on what differs:
// a worker that crashes, leaks or is killed (kill -9 <pid>) takes only its own clients down and
// is replaced, where a thread's fatal error or out-of-memory ends the whole server; and each has
// its own heap and collector, so one worker's garbage collection pauses no other.

import { type Lang, messages } from "@socklab/protocol";
import type { Subprocess } from "bun";
import { UsageError } from "../core/errors.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import { type RunningServer, type ServerOptions, startServer } from "../core/server.ts";
import { LineSplitter } from "./lines.ts";
import {
  ClientLedger,
  firstNumber,
  RESTART_BUDGET,
  RESTART_WINDOW_MS,
  RestartBudget,
} from "./policy.ts";
import { type FromWorker, type ToWorker, WORKER_ENV, type WorkerPlace } from "./wire.ts";

/** stop() gives the workers this long to say goodbye to their clients and exit (each has its
 * own 1.5 s wait for its clients), then kills those left. */
const STOP_WAIT_MS = 4000;
/** A worker answers an "others" update in well under a millisecond; one that does not within
 * this is wedged or dying, and the lines queued behind it go out anyway. */
const ACK_WAIT_MS = 1000;

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
  /** Its messages, handled in order: a "count" holds the lines after it until every other
   * worker has heard the new total, so a line the console shows is already true everywhere. */
  queue: Promise<void>;
  /** Resolvers of the "others" updates it has not acknowledged yet, oldest first. */
  acks: (() => void)[];
  /** Its last stderr line: the reason, when it dies before it listens. */
  lastError: string;
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

  const ledger = new ClientLedger();
  const budget = new RestartBudget();
  const workers = new Map<number, Worker>();
  let stopping = false;
  let failed = false;

  const relay = (index: number, line: string) => {
    // The worker's logger stamped the time; the parent's stamps it again, once.
    log.always(`[${index}] ${line.replace(/^\[\d\d:\d\d:\d\d\] /, "")}`);
  };
  const tell = (worker: Worker, message: ToWorker) => {
    try {
      worker.proc.send(message);
    } catch {
      // Exiting: its exit handler does the bookkeeping.
    }
  };
  /** One worker learns what the others hold; resolves once it has taken it into account. */
  const sendOthers = (w: Worker) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ACK_WAIT_MS);
      w.acks.push(() => {
        clearTimeout(timer);
        resolve();
      });
      tell(w, { t: "others", n: ledger.others(w.index) });
    });

  // The count travels in rounds, one at a time: a round tells every worker the ledger as it is
  // when the round starts and ends when all have acknowledged. Changes reported meanwhile ride
  // on the next round, so a burst of connections costs a few rounds, not one per connection
  // (and no queue grows with the burst).
  /** Bumped by every change of the ledger. */
  let version = 0;
  /** The highest version every worker has acknowledged. */
  let known = 0;
  let round: Promise<void> | undefined;
  /** Resolves once every worker knows the ledger at `wanted` or later. */
  const everyoneKnows = async (wanted: number) => {
    while (known < wanted) {
      if (round === undefined) {
        const at = version;
        const live = [...workers.values()].filter((w) => w.listening);
        round = Promise.all(live.map(sendOthers)).then(() => {
          known = Math.max(known, at);
          round = undefined;
        });
      }
      await round;
    }
  };
  const changed = () => everyoneKnows(++version);

  const handle = async (worker: Worker, message: FromWorker) => {
    switch (message.t) {
      case "log":
        for (const line of message.text.split("\n")) if (line !== "") relay(worker.index, line);
        return;
      case "listening":
        worker.listening = true;
        await changed();
        if (!firstDone && [...workers.values()].every((w) => w.listening)) {
          firstDone = true;
          started();
        }
        return;
      default:
        return;
    }
  };

  const spawn = (index: number): Worker => {
    const place: WorkerPlace = {
      index,
      count,
      port,
      first: firstNumber(index, count, ledger.lastGiven(index)),
    };
    const worker: Worker = {
      index,
      listening: false,
      queue: Promise.resolve(),
      acks: [],
      lastError: "",
      proc: Bun.spawn([...selfCommand(), ...argv], {
        env: { ...process.env, [WORKER_ENV]: JSON.stringify(place) },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        ipc(message: FromWorker) {
          // Acknowledgements jump the queue (it may be waiting on a round that waits on this
          // one); a count is booked at once, and the lines after it wait until everyone knows.
          if (message.t === "ack") worker.acks.shift()?.();
          else if (message.t === "count") {
            ledger.report(worker.index, message.n, message.lastId);
            const wanted = ++version;
            worker.queue = worker.queue.then(() => everyoneKnows(wanted));
          } else worker.queue = worker.queue.then(() => handle(worker, message));
        },
      }),
    };
    workers.set(index, worker);
    pipeLines(worker.proc.stdout, (line) => relay(index, line));
    pipeLines(worker.proc.stderr, (line) => {
      worker.lastError = line.replace(/^socklab-server: /, "");
      relay(index, line);
    });
    log.info(msg.workerStarted(index, worker.proc.pid));
    void worker.proc.exited.then((code) => exited(worker, code));
    return worker;
  };

  /** Settled once every first worker listens, or one of them died first. */
  let started: (error?: Error) => void = () => {};
  const allStarted = new Promise<void>((resolve, reject) => {
    started = (error) => (error ? reject(error) : resolve());
  });

  const exited = async (worker: Worker, code: number | null) => {
    // Its last messages first: a count, lines.
    await worker.queue;
    for (const ack of worker.acks.splice(0)) ack();
    if (workers.get(worker.index) === worker) workers.delete(worker.index);
    ledger.gone(worker.index);
    if (stopping || failed) return;
    if (!firstDone) {
      // A first worker that could not start: the whole start fails with its reason (a usage
      // error, such as a port taken in between, stays one: exit 2).
      failed = true;
      const why = msg.workerFailedToStart(worker.index, worker.lastError || how(worker.proc, code));
      await stopAll();
      started(code === 2 ? new UsageError(why) : new Error(why));
      return;
    }
    void changed();
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

  const how = (proc: Subprocess, code: number | null) =>
    proc.signalCode ? msg.workerSignal(String(proc.signalCode)) : msg.workerExitCode(code ?? 1);

  const stopAll = async () => {
    const live = [...workers.values()];
    for (const worker of live) tell(worker, { t: "stop" });
    const timer = setTimeout(() => {
      for (const worker of live) worker.proc.kill("SIGKILL");
    }, STOP_WAIT_MS);
    await Promise.all(live.map((w) => w.proc.exited));
    await Promise.all(live.map((w) => w.queue));
    clearTimeout(timer);
  };

  let firstDone = false;
  for (let index = 1; index <= count; index++) spawn(index);
  await allStarted;

  return {
    port,
    host,
    mode: options.mode,
    get clientCount() {
      return ledger.total;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await stopAll();
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
