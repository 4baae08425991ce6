// What the parent and its workers say to each other over Bun's IPC channel (Bun.spawn's `ipc`,
// process.send in the worker), and how the parent hands a worker its place (an environment
// variable, read before anything starts).

/** Set in a worker's environment: its place among the workers, as JSON (see WorkerPlace). */
export const WORKER_ENV = "SOCKLAB_WORKER";

export interface WorkerPlace {
  /** 1 to count. */
  index: number;
  count: number;
  /** The port the parent checked is free (the real one when --port 0). */
  port: number;
  /** Its first client number (see firstNumber in ./policy.ts). */
  first: number;
}

export type FromWorker =
  /** Bound and serving. */
  | { t: "listening" }
  /** Holds `n` clients now; `lastId` is the highest number it has given. */
  | { t: "count"; n: number; lastId: number }
  /** A batch of its console lines (timestamped, newline-terminated). */
  | { t: "log"; text: string }
  /** It has taken the last "others" into account. */
  | { t: "ack" }
  /** Stopped: its last lines are sent, it exits now. */
  | { t: "bye" };

export type ToWorker =
  /** The other workers hold `n` clients. */
  | { t: "others"; n: number }
  /** Stop as on Ctrl-C: goodbye to each client, close, exit 0. */
  | { t: "stop" };

/** The place in the environment, or undefined when this process is not a worker. */
export function workerPlace(env: Record<string, string | undefined>): WorkerPlace | undefined {
  const raw = env[WORKER_ENV];
  if (raw === undefined) return undefined;
  const place = JSON.parse(raw) as WorkerPlace;
  return place;
}
