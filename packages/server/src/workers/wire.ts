// What the parent and its workers say to each other: a worker's place, handed over in an
// environment variable before anything starts, then a few messages over Bun's IPC channel
// (Bun.spawn's `ipc`, process.send in the worker). The client count needs none: it is in the
// memory they share (SharedPlaces in ./policy.ts).

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
  /** The file the workers map for their shared counts. */
  places: string;
}

export type FromWorker =
  /** Bound and serving. */
  | { t: "listening" }
  /** A batch of its console lines (timestamped, newline-terminated). */
  | { t: "log"; text: string }
  /** Stopped: its last lines are sent, it exits now. */
  | { t: "bye" };

/** Stop as on Ctrl-C: goodbye to each client, close, exit 0. */
export type ToWorker = { t: "stop" };

/** The place in the environment, or undefined when this process is not a worker. */
export function workerPlace(env: Record<string, string | undefined>): WorkerPlace | undefined {
  const raw = env[WORKER_ENV];
  return raw === undefined ? undefined : (JSON.parse(raw) as WorkerPlace);
}

/** The shared counts' memory, mapped from the file (parent and workers alike). */
export function mapPlaces(path: string): Int32Array {
  const bytes = Bun.mmap(path, { shared: true });
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
}
