// One connection of the checker, as the check plans see it: what came back (bytes and lines),
// how it ended, and waits with a deadline. The socket (or a test's fake server) feeds it.

import { LineDecoder } from "@socklab/protocol";

/** Bytes kept per connection: the largest check (echo, 1 MiB back) plus room. Past it the
 * connection is cut: a server that floods us costs at most this much memory per connection. */
export const MAX_CONN_BYTES = 2 * 1024 * 1024;
/** Lines kept per connection: a chat of 20 clients says a few hundred; past it, older ones are
 * no longer kept (the count still grows), so a chatty server cannot grow our memory. */
export const MAX_CONN_LINES = 10_000;
/** After our FIN, how long the server has to close its side before we cut the connection: a
 * polite close (no RST), and a server that never closes costs the checker at most this. */
export const CLOSE_GRACE_MS = 500;
/** One line longer than this is split off as "over-long" by the decoder, never held whole. */
const MAX_LINE_BYTES = 64 * 1024;

export type Ending = "open" | "closed" | "reset";

/** What a plan holds: send, wait for what it expects, end the connection one of three ways. */
export interface Conn {
  /** Everything received so far (at most MAX_CONN_BYTES). */
  readonly received: Uint8Array;
  /** Lines received so far, without their line ends (CRLF, LF or CR). */
  readonly lines: readonly string[];
  /** "closed": the server sent FIN (or we closed); "reset": the connection broke. */
  readonly ending: Ending;
  /** True once the server's FIN (or a reset) arrived. */
  readonly serverDone: boolean;
  send(data: string | Uint8Array): void;
  /** Resolves once the kernel took everything sent so far (or the connection is gone). */
  flushed(): Promise<void>;
  /** Resolves true as soon as `test()` holds; false after `ms`, or once the server is done and
   * it still does not hold. Checked on every arrival, never polled. */
  until(test: () => boolean, ms: number): Promise<boolean>;
  /** Half-close: our FIN after what is queued; we keep reading. */
  shutdown(): void;
  /** Abortive close (RST where the platform does it): a client that was killed. */
  abort(): void;
  /** Our FIN, then the full close once the server closed too (or after CLOSE_GRACE_MS): a
   * client that leaves politely, never a reset. Resolves once closed; safe to call twice. */
  close(): Promise<void>;
}

/** The socket side of a connection: what conn.ts needs from a real socket or a fake. */
export interface Wire {
  write(data: string | Uint8Array): void;
  flushed(done: () => void): void;
  shutdown(): void;
  abort(): void;
  close(): void;
}

/**
 * The state shared by the real and the fake connection: the socket adapter calls `push`,
 * `serverEnded`, `broke`; the plan reads through the {@link Conn} interface.
 *
 * @example
 * const state = new ConnState(wire);
 * state.push(bytes);            // from the socket's data handler
 * await state.until(() => state.lines.length > 0, 2000);
 */
export class ConnState implements Conn {
  private buffer = new Uint8Array(4096);
  private size = 0;
  readonly lines: string[] = [];
  ending: Ending = "open";
  serverDone = false;
  /** The server's FIN or a reset really arrived (serverDone is also set by our own close). */
  private peerGone = false;
  private waiters = new Set<() => void>();
  private readonly decoder: LineDecoder;
  private readonly wire: Wire;

  constructor(wire: Wire) {
    this.wire = wire;
    this.decoder = new LineDecoder(
      {
        line: (text) => {
          if (this.lines.length >= MAX_CONN_LINES) this.lines.shift();
          this.lines.push(text);
        },
      },
      MAX_LINE_BYTES,
    );
  }

  get received(): Uint8Array {
    return this.buffer.subarray(0, this.size);
  }

  push(bytes: Uint8Array): void {
    if (this.ending !== "open") return;
    if (this.size + bytes.length > MAX_CONN_BYTES) {
      // A flood: cut at once, the rest stays in the kernel and goes with the reset.
      this.abort();
      return;
    }
    if (this.size + bytes.length > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < this.size + bytes.length) capacity *= 2;
      const next = new Uint8Array(Math.min(capacity, MAX_CONN_BYTES));
      next.set(this.received);
      this.buffer = next;
    }
    this.buffer.set(bytes, this.size);
    this.size += bytes.length;
    this.decoder.push(bytes);
    this.wake();
  }

  /** The server's FIN: nothing more will come. */
  serverEnded(): void {
    this.peerGone = true;
    if (this.serverDone) {
      this.wake();
      return;
    }
    this.serverDone = true;
    // A last line without its line end still counts: the server said it before closing.
    const last = this.decoder.end();
    if (last !== undefined) this.lines.push(last);
    if (this.ending === "open") this.ending = "closed";
    this.wake();
  }

  /** The connection broke (reset, error). */
  broke(): void {
    this.peerGone = true;
    if (this.serverDone) {
      this.wake();
      return;
    }
    this.serverDone = true;
    if (this.ending === "open") this.ending = "reset";
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  send(data: string | Uint8Array): void {
    if (this.ending === "open") this.wire.write(data);
  }

  flushed(): Promise<void> {
    if (this.ending !== "open") return Promise.resolve();
    // A connection that ends drops what was queued: the wait ends with it, never hangs.
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(ended);
        resolve();
      };
      const ended = () => {
        if (this.ending !== "open") done();
      };
      this.waiters.add(ended);
      this.wire.flushed(done);
    });
  }

  until(test: () => boolean, ms: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    if (this.serverDone) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const check = () => {
        if (test()) done(true);
        else if (this.serverDone) done(false);
      };
      const timer = setTimeout(() => done(test()), ms);
      this.waiters.add(check);
    });
  }

  shutdown(): void {
    if (this.ending === "open") this.wire.shutdown();
  }

  abort(): void {
    if (this.ending !== "open") return;
    this.ending = "reset";
    this.serverDone = true;
    this.wire.abort();
    this.wake();
  }

  private closing: Promise<void> | undefined;

  close(): Promise<void> {
    if (this.closing) return this.closing;
    const serverWasDone = this.serverDone;
    const finish = () => this.wire.close();
    this.closing = serverWasDone
      ? Promise.resolve(finish())
      : new Promise<void>((resolve) => {
          this.wire.shutdown();
          const timer = setTimeout(() => {
            this.waiters.delete(check);
            finish();
            resolve();
          }, CLOSE_GRACE_MS);
          const check = () => {
            if (!this.peerGone) return;
            clearTimeout(timer);
            this.waiters.delete(check);
            finish();
            resolve();
          };
          this.waiters.add(check);
        });
    // From the plan's side the connection is over now: waits end, sends are dropped.
    if (this.ending === "open") this.ending = "closed";
    this.serverDone = true;
    this.wake();
    return this.closing;
  }
}
