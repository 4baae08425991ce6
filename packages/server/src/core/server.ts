// The connection core: accepts connections for any mode, numbers them, enforces the client
// limit, frames lines for line modes, runs per-connection timers, logs, and shuts down cleanly.

import {
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_LINE,
  DEFAULT_PORTS,
  flushOutboxes,
  isModeName,
  type Lang,
  LineDecoder,
  type LineHandlers,
  type ModeName,
  messages,
  type OutboxOptions,
} from "@socklab/protocol";
import type { Socket, TCPSocketListener } from "bun";
import { modes } from "../modes/index.ts";
import { Connection } from "./connection.ts";
import { UsageError } from "./errors.ts";
import { connectionBudget } from "./fd-limit.ts";
import { createLogger, type Logger } from "./logger.ts";
import type { FlagValues, ModeDefinition, ModeHandlers } from "./mode.ts";

/** The seed chat's limit, and plenty for a class; past it a newcomer is told and closed. */
export const DEFAULT_MAX_CLIENTS = 100;
/** How often the timer wheel looks at deadlines: HTTP's shortest timeout is whole seconds. */
const TICK_MS = 250;
/** Shutdown waits this long for clients to close after our goodbye, then cuts the rest, so that
 * Ctrl-C always exits within 2 s. */
const SHUTDOWN_WAIT_MS = 1500;

export interface ServerOptions {
  mode: ModeName;
  /** 0 picks a free port (tests always use it). Default: the mode's port. */
  port?: number;
  /** Default 0.0.0.0: students connect from other machines. */
  host?: string;
  lang?: Lang;
  maxClients?: number;
  quiet?: boolean;
  /** The mode's own flags, as on the command line (`{ rate: "0" }` or `{ rate: 0 }`). */
  flags?: Record<string, string | number | boolean | undefined>;
  /** Where console lines go (default stdout, batched). */
  log?: Logger;
  /** Runs this definition instead of the registry's one for `mode` (tests: a mode that throws). */
  definition?: ModeDefinition;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  readonly mode: ModeName;
  /** Connected clients right now. */
  readonly clientCount: number;
  /** Stops accepting, tells each line-mode client, closes everyone, then resolves. */
  stop(): Promise<void>;
}

/**
 * Starts a server for one mode.
 *
 * @example
 * const server = await startServer({ mode: "echo", port: 0, quiet: true });
 * // … connect to 127.0.0.1:server.port …
 * await server.stop();
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (!isModeName(options.mode)) throw new UsageError(`unknown mode "${options.mode}"`);
  const definition = options.definition ?? modes[options.mode];
  const lang = options.lang ?? "en";
  const msg = messages(lang);
  const log = options.log ?? createLogger({ quiet: options.quiet, lang });
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const host = options.host ?? "0.0.0.0";
  const clients = new Set<Connection>();
  const flags = withDefaults(definition.flags, options.flags ?? {});
  const mode: ModeHandlers = await definition.create({
    lang,
    msg,
    log,
    flags,
    clients,
    maxClients,
  });
  const maxLine = mode.maxLine;
  const lineMode = maxLine !== undefined;

  /** Refused newcomers still closing (the others are in `clients`): shutdown waits for them too. */
  const refused = new Set<Connection>();
  /** Connections with a deadline (mode timer or close grace) for the wheel to look at. */
  const timed = new Set<Connection>();
  let nextId = 1;
  let now = Date.now();
  let stopping = false;

  // One of each for the whole server, told which connection they are for: a connection costs no
  // closure (see Connection).
  const hooks = { watch: (conn: Connection) => timed.add(conn) };
  const outboxOptions: OutboxOptions<Connection> = {
    highWaterMark: mode.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
    onHigh: mode.onHigh ?? ((conn: Connection) => conn.pause()),
    onLow: (conn: Connection) => {
      if (conn.isOpen) conn.resume();
    },
  };

  /** A mode handler threw: log it, and end only that connection. */
  const failed = (conn: Connection, what: string, error: unknown) => {
    log.always(`client #${conn.id}: ${what} failed: ${(error as Error).message}`);
    conn.destroy("internal error");
  };
  /** Runs a mode handler; an exception ends only that connection. */
  const guard = (conn: Connection, what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      failed(conn, what, error);
    }
  };

  /** Hands one line to the mode. If that paused the connection (its outbox passed the
   * high-water mark), the rest of what was read waits for the resume too: otherwise one
   * 512 KiB read of short lines could queue megabytes of replies. */
  const deliverLine = (conn: Connection, text: string) => {
    if (!conn.isOpen) return; // ending: the rest is discarded, no need to hold it
    guard(conn, "line", () => mode.line?.(conn, text));
    if (conn.isPaused && conn.isOpen) conn.decoder?.stop();
  };

  const refuseLine = (conn: Connection, bytes: number) => {
    if (!conn.isOpen) return;
    if (mode.overlong) guard(conn, "overlong", () => mode.overlong?.(conn, bytes));
    else conn.send(`${msg.lineTooLong(maxLine ?? DEFAULT_MAX_LINE)}\n`);
  };
  const lineHandlers: LineHandlers<Connection> = {
    line: (text, conn) => deliverLine(conn, text),
    overlong: (bytes, conn) => refuseLine(conn, bytes),
  };

  const tick = setInterval(() => {
    now = Date.now();
    // Safety net for the outboxes' end-of-tick flush (see flushOutboxes): a no-op normally.
    flushOutboxes();
    for (const conn of timed) {
      if (conn.isClosed) {
        timed.delete(conn);
        continue;
      }
      if (conn.graceDeadline !== 0 && conn.graceDeadline <= now) {
        conn.graceDeadline = 0;
        conn.graceExpired();
      }
      if (conn.deadline !== 0 && conn.deadline <= now) {
        const fn = conn.onDeadline;
        conn.clearTimer();
        if (fn) guard(conn, "timer", fn);
      }
      if (conn.deadline === 0 && conn.graceDeadline === 0) timed.delete(conn);
    }
  }, TICK_MS);
  tick.unref();

  let listener: TCPSocketListener<Connection>;
  try {
    listener = Bun.listen<Connection>({
      hostname: host,
      port: options.port ?? DEFAULT_PORTS[options.mode],
      // Without it a second server could bind the same port and steal half the clients.
      exclusive: true,
      // The peer's FIN must not close our side: echo still owes it the rest of its bytes.
      allowHalfOpen: true,
      socket: {
        open(socket: Socket<Connection>) {
          // Near `ulimit -n`: past it accept() fails and Bun's listener spins (fd-limit.ts).
          // Closed at once: a graceful "server full" would hold the descriptor for a second.
          if (clients.size + refused.size >= fds.budget) {
            if (now >= fdLimitLoggedUntil) {
              fdLimitLoggedUntil = now + 60_000; // once a minute at most
              log.always(msg.fdLimit(fds.limit, clients.size + refused.size));
            }
            socket.terminate();
            return;
          }
          if (stopping || clients.size >= maxClients) {
            const conn = new Connection(socket, 0, now, hooks, outboxOptions);
            socket.data = conn;
            refused.add(conn);
            if (!stopping) {
              log.info(msg.refusedFull(conn.peer));
              conn.send(mode.serverFull?.(maxClients) ?? `${msg.serverFull(maxClients)}\n`);
            }
            conn.end(stopping ? "server shutting down" : "server full");
            return;
          }
          const conn = new Connection(socket, nextId++, now, hooks, outboxOptions);
          socket.data = conn;
          clients.add(conn);
          log.info(msg.connected(conn.id, conn.peer, clients.size));
          if (mode.open) guard(conn, "open", () => mode.open?.(conn));
        },
        data(socket, data) {
          const conn = socket.data;
          if (!conn.isOpen || conn.id === 0) return; // ending or refused: discard
          conn.lastActivity = now;
          if (lineMode) {
            const decoder = conn.decoder ?? new LineDecoder(lineHandlers, maxLine, conn);
            conn.decoder = decoder;
            decoder.push(data);
            // Holding nothing, it goes (the next read makes a new one): an idle client, joined
            // or not, keeps no decoder and no line buffer. One small allocation per read.
            if (decoder.idle && conn.decoder === decoder) conn.decoder = undefined;
          } else if (mode.data) {
            // guard() inlined: this runs once per chunk read, a closure per chunk is measurable.
            try {
              mode.data(conn, data);
            } catch (error) {
              failed(conn, "data", error);
            }
          }
        },
        drain(socket) {
          socket.data.outbox.drain();
        },
        end(socket) {
          const conn = socket.data;
          if (!conn.isOpen || conn.id === 0) {
            conn.peerFinished();
            return;
          }
          conn.peerEnded = true;
          if (mode.end) {
            guard(conn, "end", () => mode.end?.(conn));
            return;
          }
          const last = conn.decoder?.end();
          if (last !== undefined) deliverLine(conn, last);
          conn.end("client closed");
        },
        close(socket, error) {
          const conn = socket.data;
          if (!conn || conn.isClosed) return;
          conn.markClosed(error ? `connection lost (${error.message})` : "client closed");
          timed.delete(conn);
          if (conn.id === 0) {
            refused.delete(conn);
            return;
          }
          clients.delete(conn);
          log.info(msg.disconnected(conn.id, conn.peer, conn.reason ?? "closed"));
          if (mode.close) guard(conn, "close", () => mode.close?.(conn, conn.reason ?? "closed"));
        },
        error(socket, error) {
          const conn = socket.data;
          if (conn) conn.destroy(`error: ${error.message}`);
        },
      },
    });
  } catch (error) {
    clearInterval(tick);
    mode.stop?.();
    throw listenError(
      error as NodeJS.ErrnoException,
      host,
      options.port ?? DEFAULT_PORTS[options.mode],
    );
  }

  // Measured once listening: what the process holds at rest (listener, Bun's own, stdio).
  const fds = connectionBudget();
  let fdLimitLoggedUntil = 0;

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info(msg.stopping);
    listener.stop(false);
    mode.stop?.();
    for (const conn of clients) {
      const bye = mode.goodbye
        ? mode.goodbye(conn)
        : lineMode
          ? `${msg.serverClosing}\n`
          : undefined;
      if (bye) conn.send(bye);
      conn.end("server shutting down");
    }
    const deadline = Date.now() + SHUTDOWN_WAIT_MS;
    while (clients.size + refused.size > 0 && Date.now() < deadline) await Bun.sleep(20);
    for (const conn of [...clients, ...refused]) conn.destroy("server shutting down");
    // The close handlers of destroyed sockets run on the next turn of the loop.
    await Bun.sleep(0);
    clearInterval(tick);
    listener.stop(true);
    log.flush();
  };

  return {
    port: listener.port,
    host,
    mode: options.mode,
    get clientCount() {
      return clients.size;
    },
    stop,
  };
}

/** Flag defaults from the mode's spec, under the values given; numbers become text so that a
 * test's `{ rate: 0 }` reads like the command line's `--rate 0`. */
function withDefaults(
  specs: Record<string, { default?: string | boolean }>,
  given: Record<string, string | number | boolean | undefined>,
): FlagValues {
  const out: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  for (const [name, value] of Object.entries(given)) {
    if (!(name in specs)) throw new UsageError(`unknown flag --${name}`);
    if (value !== undefined) out[name] = typeof value === "number" ? String(value) : value;
  }
  return out;
}

/** An IPv4 dotted quad, or anything with a colon (IPv6): a host that is not a name. */
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|.*:.*)$/;

/** Bind failures are the user's to fix (another server on the port, a privileged port). */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  const code = error.code ?? "";
  const text = String(error.message);
  if (code === "EADDRINUSE" || /in use/i.test(text)) {
    return new UsageError(
      `port ${port} is already in use on ${host} (another server running? try --port 0)`,
    );
  }
  if (code === "EACCES" || /permission|access/i.test(text)) {
    return new UsageError(`permission denied to listen on ${where} (ports below 1024 need root)`);
  }
  if (code === "EADDRNOTAVAIL" || /not available|ENOTFOUND|getaddrinfo/i.test(text)) {
    return new UsageError(`cannot listen on ${where}: no such address on this machine`);
  }
  // Bun gives a name it cannot resolve no code at all. (An IP literal is told apart by its
  // shape: importing node:net for isIP cost ~1.4 ms of every start, see `bun run bench start`.)
  if (code === "" && !IP_LITERAL.test(host)) {
    return new UsageError(`cannot listen on ${where}: unknown host "${host}" (try --host 0.0.0.0)`);
  }
  return new UsageError(`cannot listen on ${where}: ${text}`);
}
