// The client's TCP connection: Bun.connect with a deadline, every write through the Outbox,
// failures turned into one sentence a student can act on.

import { Outbox } from "@socklab/protocol";
import type { Socket } from "bun";
import { type Address, formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { ConnectError } from "./errors.ts";

/** How long a connection attempt may take. A server on the lab LAN answers in milliseconds; a
 * machine that is off or firewalled never answers, and the kernel would wait two minutes. */
export const CONNECT_TIMEOUT_MS = 5000;

/** After our FIN, how long we wait for the server's before closing anyway: enough for a server
 * to read our last line and answer, short enough that leaving never feels stuck. */
const CLOSE_GRACE_MS = 1000;

/** Bytes kept for a reader that has not called `listen` yet (a greeting sent on connect). Past
 * it the socket is paused: the rest waits in the kernel, never in our memory. */
const MAX_EARLY_BYTES = 64 * 1024;

export interface LinkHandlers {
  /** Bytes from the server, in the order received. */
  data(bytes: Uint8Array): void;
  /** The connection ended: the server closed it (`error` unset) or it broke (`error` set). */
  close(error?: Error): void;
}

export interface Link {
  readonly address: Address;
  /** True until the connection ended or `end`/`destroy` was called. */
  readonly isOpen: boolean;
  /** Bytes queued in the outbox, not yet taken by the kernel. */
  readonly queued: number;
  /** Starts delivering data (and what arrived before) to `handlers`. */
  listen(handlers: LinkHandlers): void;
  /** Queues data for the server; false once the connection is closing. */
  send(data: string | Uint8Array): boolean;
  /** Runs `done` once everything sent so far has been taken by the kernel. */
  whenFlushed(done: () => void): void;
  /** Stops reading (data waits in the kernel) until `resume`: for a slow stdout. */
  pause(): void;
  resume(): void;
  /** Graceful close: flush, FIN, wait (bounded) for the server's close. Resolves when closed. */
  end(): Promise<void>;
  /** Closes at once, dropping what is queued. */
  destroy(): void;
}

interface LinkOptions {
  timeoutMs?: number;
  /** The sentences of a failure (default English). */
  msg?: Messages;
  /** Called when the outbox passes its high-water mark / empties again (pipe mode pauses stdin). */
  onHigh?(): void;
  onLow?(): void;
}

/** Turns Bun's connect failure into the sentence we show. */
export function describeConnectError(
  error: unknown,
  address: Address,
  msg: Messages = messages("en"),
): ConnectError {
  const where = formatAddress(address);
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return new ConnectError("refused", msg.clientConnRefused(where));
    case "ENOTFOUND":
    case "EAI_NONAME":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return new ConnectError("unknown_host", msg.clientUnknownHost(address.host));
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EHOSTDOWN":
    case "ENETDOWN":
      return new ConnectError("unreachable", msg.clientUnreachable(address.host, code));
    case "ETIMEDOUT":
      return new ConnectError("timeout", msg.clientTimedOut(where));
    default: {
      const text = (error as Error | undefined)?.message ?? String(error);
      return new ConnectError("other", msg.clientCannotConnect(where, text));
    }
  }
}

/**
 * Waits for a connection attempt at most `timeoutMs`: past it, rejects with `timedOut()`, and a
 * socket that connects after all is closed at once (none is left behind). The attempt's own
 * failure comes through as it is. The interactive client's link and the checker's connections
 * (check/socket.ts) both dial through it.
 *
 * @example
 * const socket = await connectWithin(Bun.connect({ ... }), 5000, () => new Error("no answer"));
 */
export async function connectWithin<S extends { terminate(): void }>(
  attempt: Promise<S>,
  timeoutMs: number,
  timedOut: () => Error,
): Promise<S> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      attempt,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timedOut()), timeoutMs);
      }),
    ]);
  } catch (error) {
    // A late success after the deadline must not leave a socket behind.
    attempt.then((late) => late.terminate()).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens a TCP connection; rejects with a {@link ConnectError} carrying the sentence to show.
 *
 * @example
 * const link = await openLink({ host: "127.0.0.1", port: 7007 });
 * link.listen({ data: (b) => console.log(b), close: () => {} });
 * link.send("hello\n");
 */
export async function openLink(address: Address, options: LinkOptions = {}): Promise<Link> {
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const msg = options.msg ?? messages("en");
  let handlers: LinkHandlers | undefined;
  let early: Uint8Array[] = [];
  let earlyBytes = 0;
  let earlyClose: { error?: Error } | undefined;
  let open = true;
  let outbox: Outbox | undefined;
  let closedResolve: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => {
    closedResolve = resolve;
  });

  /** The connection ended (once): the reader hears it now, or on `listen` if not listening yet. */
  const finish = (error?: Error) => {
    if (!open) return;
    open = false;
    outbox?.close();
    closedResolve?.();
    if (handlers) handlers.close(error);
    else earlyClose = { error };
  };

  const attempt = Bun.connect({
    hostname: address.host,
    port: address.port,
    socket: {
      data(socket, data) {
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (handlers) {
          handlers.data(bytes);
          return;
        }
        early.push(bytes.slice());
        earlyBytes += bytes.length;
        if (earlyBytes > MAX_EARLY_BYTES) socket.pause();
      },
      drain() {
        outbox?.drain();
      },
      end(socket) {
        // The server sent its FIN: nothing more will come. We have nothing to finish either.
        socket.end();
        finish();
      },
      close(_socket, error) {
        finish(error);
      },
      error(_socket, error) {
        finish(error);
      },
      connectError() {
        // The rejected promise reports it; this handler keeps it from counting as unhandled.
      },
    },
  });

  let socket: Socket<undefined>;
  try {
    socket = await connectWithin(
      attempt,
      timeoutMs,
      () =>
        new ConnectError("timeout", msg.clientNoAnswer(formatAddress(address), timeoutMs / 1000)),
    );
  } catch (error) {
    throw error instanceof ConnectError ? error : describeConnectError(error, address, msg);
  }
  socket.setNoDelay(true); // lines are typed one by one: send each at once (round-trip times)
  const box = new Outbox(socket, { onHigh: options.onHigh, onLow: options.onLow });
  outbox = box;

  const link: Link = {
    address,
    get isOpen() {
      return open;
    },
    get queued() {
      return box.queued;
    },
    listen(next) {
      handlers = next;
      const chunks = early;
      early = [];
      earlyBytes = 0;
      for (const chunk of chunks) next.data(chunk);
      if (open) socket.resume();
      if (earlyClose) {
        const { error } = earlyClose;
        earlyClose = undefined;
        next.close(error);
      }
    },
    send(data) {
      if (!open) return false;
      return box.write(data);
    },
    whenFlushed(done) {
      box.whenFlushed(done);
    },
    pause() {
      if (open) socket.pause();
    },
    resume() {
      if (open) socket.resume();
    },
    async end() {
      if (!open) return closed;
      box.whenFlushed(() => {
        if (!open) return;
        socket.shutdown();
        setTimeout(() => {
          if (open) {
            socket.end();
            finish();
          }
        }, CLOSE_GRACE_MS).unref();
      });
      return closed;
    },
    destroy() {
      if (!open) return;
      box.close();
      socket.terminate();
      finish();
    },
  };
  return link;
}
