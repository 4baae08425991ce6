// The connection core: accepts connections for any mode, numbers them, enforces the client
// limit, frames lines for line modes, runs per-connection timers, logs, and shuts down cleanly.

import {
  type CloseReason,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_LINE,
  type Lang,
  LineDecoder,
  type LineHandlers,
  modeRow,
  type OutboxOptions,
} from "@socklab/protocol";
import type { Socket, TCPSocketListener } from "bun";
import { messages } from "../catalog/index.ts";
import { startWithUdp } from "../udp/server.ts";
import { usage } from "../usage.ts";
import type { View } from "../view/view.ts";
import { closeText } from "./close-reason.ts";
import { Connection } from "./connection.ts";
import {
  DEFAULT_JOIN_TIMEOUT_S,
  firstBytesHint,
  GREETING_HOLD_MS,
  httpRequestLine,
  sniff,
  wrongPortResponse,
} from "./door.ts";
import { connectionBudget } from "./fd-limit.ts";
import { DEFAULT_STALL_TIMEOUT_MS, Flow } from "./flow.ts";
import { type EolPolicy, LineConnection } from "./line-connection.ts";
import { createLogger, type Logger, SHUTDOWN_LOG_MS, warn } from "./logger.ts";
import type { FlagValues, ModeDefinition, ModeHandlers, TeacherHooks } from "./mode.ts";

/** The seed chat's limit, and plenty for a class; past it a newcomer is told and closed. */
export const DEFAULT_MAX_CLIENTS = 100;
/** How often the timer wheel looks at deadlines: HTTP's shortest timeout is whole seconds. */
const TICK_MS = 250;
/** Shutdown waits this long for clients to close after our goodbye, then cuts the rest, so that
 * Ctrl-C always exits within 2 s. */
const SHUTDOWN_WAIT_MS = 1500;
/** A partial line a program sent in one write, then this much silence, is taken as a line: the
 * program waits for an answer to `send(b"Salut le serveur !")` (no newline). Long enough for
 * a write split by the network to arrive whole; short enough that the answer seems immediate. */
export const DEFAULT_LINE_WAIT_MS = 300;

export interface ServerOptions {
  /** What to serve: a definition from ../modes/ (the CLI looks the name up), or a test's own. */
  mode: ModeDefinition;
  /** 0 picks a free port (tests always use it). Default: the mode's port in the protocol's
   * table (MODES), or a free one for a mode not in it. */
  port?: number;
  /** Default 0.0.0.0: students connect from other machines. */
  host?: string;
  lang?: Lang;
  maxClients?: number;
  /** A peer with bytes waiting that takes none for this long is cut off (ms; default 10 s). */
  stallTimeout?: number;
  /** Connections one address may hold at once; past it a newcomer is refused as by a full
   * server. Default: no cap. */
  maxPerAddress?: number;
  /** Line modes: seconds a connection has to join (chat: choose a nickname; game, length: send
   * a first line) before it is told and closed. 0: no limit. Default 60. */
  joinTimeout?: number;
  quiet?: boolean;
  /** Colour the console (the CLI: on a terminal, unless NO_COLOR). Default off. */
  color?: boolean;
  /** The mode's own flags, as on the command line (`{ rate: "0" }` or `{ rate: 0 }`). */
  flags?: Record<string, string | number | boolean | undefined>;
  /** Where console lines go (default stdout, batched). */
  log?: Logger;
  /** Serve UDP datagrams (echo, bytes, inspect; see ../udp/server.ts). Alone unless `tcp` too. */
  udp?: boolean;
  /** With `udp`: TCP as well, on the same port number. Without `udp`, TCP is all there is. */
  tcp?: boolean;
  /** With `udp`: datagrams per second answered per source (default DEFAULT_UDP_RATE; 0: off). */
  udpRate?: number;
  /** Line modes: ms of silence after which a written partial line is a line (0: never).
   * Default {@link DEFAULT_LINE_WAIT_MS}. */
  lineWait?: number;
  /** Line modes: the line ends sent back (default `auto`: CRLF to CR and telnet clients). */
  eol?: EolPolicy;
  /** Serve the class view (a read-only live web page) on this port; host defaults to `host`. */
  view?: { port: number; host?: string };
  /** Internal: the view the UDP side already started (`--tcp --udp --view`), shared, not owned. */
  sharedView?: View;
  /** The class record's SQLite file (../record/): connections, chat, game rounds. */
  record?: string;
  /** With `record`: private chat messages are kept too. */
  recordPrivate?: boolean;
  /** --workers N (../workers/): the CLI runs N processes; startServer itself serves one. */
  workers?: number;
  /** Internal (--workers): join the port's SO_REUSEPORT group instead of holding it alone. */
  reusePort?: boolean;
  /** Internal (--workers): this process's client numbers are first, first + step, … */
  numbering?: { first: number; step: number };
  /** Internal (--workers): the places of --max-clients, shared with the other workers. */
  siblings?: Siblings;
}

/** The whole server's --max-clients, shared by the workers (../workers/policy.ts). */
export interface Siblings {
  /** Takes a place for a newcomer (to be numbered `id`); false: the whole server is full. */
  take(id: number): boolean;
  /** A client that had a place left. */
  give(): void;
  /** Clients of the whole server now. */
  readonly online: number;
}

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** The mode's name. */
  readonly mode: string;
  /** Connected clients right now. */
  readonly clientCount: number;
  /** The class view's port, when `view` was given. */
  readonly viewPort?: number;
  /** Stops accepting, tells each line-mode client, closes everyone, then resolves. */
  stop(): Promise<void>;
  /** What the teacher's console works on (../console/desk.ts): the clients the mode has met,
   * whether the mode speaks in lines, and the mode's own console hooks. */
  readonly desk: {
    readonly clients: ReadonlySet<Connection>;
    readonly lineMode: boolean;
    readonly teacher: TeacherHooks | undefined;
  };
}

/**
 * Starts a server for one mode.
 *
 * @example
 * const server = await startServer({ mode: modes.echo, port: 0, quiet: true });
 * // … connect to 127.0.0.1:server.port …
 * await server.stop();
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const definition = options.mode;
  if (options.udp) return startWithUdp(options, definition, startServer);
  const lang = options.lang ?? "en";
  const msg = messages(lang);
  const log = options.log ?? createLogger({ quiet: options.quiet, lang, color: options.color });
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const maxPerAddress = options.maxPerAddress ?? 0;
  const joinTimeoutS = options.joinTimeout ?? DEFAULT_JOIN_TIMEOUT_S;
  const host = options.host ?? "0.0.0.0";
  const clients = new Set<Connection>();
  const flags = withDefaults(definition.flags, options.flags ?? {});
  // --record: the class record (../record/); a file it cannot use stops the start here.
  // (Both loaded only when asked for: bun:sqlite, node:os and the page would cost every
  // server's start otherwise, see `bun run bench start`.)
  const record = options.record
    ? (await import("../record/recorder.ts")).Recorder.open(options.record, {
        mode: definition.name,
        flags,
        recordPrivate: options.recordPrivate,
      })
    : undefined;
  const viewAt = options.view;
  let view: View | undefined;
  let mode: ModeHandlers;
  try {
    view =
      options.sharedView ??
      (viewAt &&
        (await import("../view/view.ts")).startView({
          ...viewAt,
          host: viewAt.host ?? host,
          mode: definition.name,
          lang,
          chunks: definition.name === "inspect",
        }));
    mode = await definition.create({
      view: view?.state,
      record,
      lang,
      msg,
      log,
      flags,
      clients,
      maxClients,
    });
  } catch (error) {
    // A bad mode flag: the view's port is freed with the error (its own server, when shared).
    if (options.sharedView === undefined) view?.stop();
    record?.close();
    throw error;
  }
  const maxLine = mode.maxLine;
  const lineMode = maxLine !== undefined;
  const eol = options.eol ?? "auto";
  const lineWaitMs = lineMode ? (options.lineWait ?? DEFAULT_LINE_WAIT_MS) : 0;
  /** Line modes make LineConnections (CRLF when wanted), raw modes plain ones. */
  const ConnectionClass = lineMode ? LineConnection : Connection;

  /** Refused newcomers still closing (the others are in `clients`): shutdown waits for them too. */
  const refused = new Set<Connection>();
  /** Connections with a deadline (mode timer or close grace) for the wheel to look at. */
  const timed = new Set<Connection>();
  let nextId = options.numbering?.first ?? 1;
  const idStep = options.numbering?.step ?? 1;
  const siblings = options.siblings;
  /** Clients of the whole server, as "(N online)" says: with --workers, the others' too. */
  const online = () => siblings?.online ?? clients.size + held.size;
  let now = Date.now();
  let stopping = false;

  // ── the front door (see door.ts) ──
  /** Line modes: newcomers whose greeting (mode.open) waits, with when they came (precise: the
   * core's clock is coarse), until their first line shows they are not a browser, or until
   * GREETING_HOLD_MS. They count as clients for the limits but are not yet in `clients`, so no
   * mode broadcast reaches one before our HTTP answer could. Insertion order is arrival order. */
  const held = new Map<Connection, number>();
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Connections that have not sent their first line (line modes) or first chunk (raw modes):
   * their first bytes are looked at once. */
  const fresh = new Set<Connection>();
  /** Line modes, --join-timeout on: connections not known to have joined, in arrival order, so
   * the timer wheel stops at the first one not yet due. */
  const unjoined = new Set<Connection>();
  const joinTimeoutMs = lineMode ? joinTimeoutS * 1000 : 0;
  /** --max-per-address: connections held per peer address (admitted or held). */
  const perAddress = new Map<string, number>();
  const addressOf = (conn: Connection) => conn.peer.replace(/^\[|\]?:\d+$/g, "");

  /** The greeting hold is over (timer, first line or FIN): the mode meets the connection. */
  const admit = (conn: Connection) => {
    // Closing already: the mode never hears of it (it stays held until its close handler).
    if (!conn.isOpen || !held.delete(conn)) return;
    clients.add(conn);
    if (mode.open) guard(conn, "open", () => mode.open?.(conn));
  };
  const admitDue = () => {
    holdTimer = undefined;
    const due = Date.now() - GREETING_HOLD_MS;
    for (const [conn, since] of held) {
      if (since > due) {
        holdTimer = setTimeout(admitDue, since - due);
        holdTimer.unref?.();
        return;
      }
      admit(conn);
    }
  };

  /** A line port's first line: an HTTP request gets a page saying how to connect, then the
   * connection closes, never announced to the mode. True when the line was taken here. */
  const firstLine = (conn: Connection, text: string): boolean => {
    const request = httpRequestLine(text);
    if (request) {
      log.info(msg.doorLogHttp(conn.id, definition.name, `${request.method} ${request.target}`));
      // Exactly as built: an HTTP message's own line ends, its Content-Length counted before
      // any CRLF translation would change it.
      const page = wrongPortResponse(msg, lang, definition.name, listener.port, request.method);
      if (conn instanceof LineConnection) conn.sendExact(page);
      else conn.send(page);
      conn.end({ kind: "wrong_protocol" });
      return true;
    }
    if (!mode.joined) unjoined.delete(conn);
    return false;
  };

  /** The first chunk of a connection, before the mode or the line decoder sees it. True when
   * the connection was closed here (TLS on a line port). */
  const firstChunk = (conn: Connection, data: Uint8Array): boolean => {
    const hint = sniff(data);
    if (hint === undefined) return false;
    if (hint.kind === "tls") {
      // A raw mode's bytes are its data, byte for byte (echo, bytes, inspect; http answers 400
      // itself): only the console hears of it. A line port has nothing to say to a TLS client.
      if (!lineMode) {
        log.info(msg.doorLogTlsRaw(conn.id, conn.peer));
        return false;
      }
      log.info(msg.doorLogTls(conn.id, conn.peer));
      conn.end({ kind: "wrong_protocol" });
      return true;
    }
    if (lineMode) {
      const line = firstBytesHint(msg, conn.id, hint);
      if (line) log.info(line);
    }
    return false;
  };

  /** Closes the line-mode connections that did not join in time (the wheel calls it). */
  const expireJoins = () => {
    const due = now - joinTimeoutMs;
    for (const conn of unjoined) {
      if (!conn.isOpen) {
        unjoined.delete(conn);
        continue;
      }
      if (conn.openedAt > due) return;
      unjoined.delete(conn);
      if (mode.joined && held.has(conn) === false && mode.joined(conn)) continue;
      fresh.delete(conn);
      warn(log, msg.joinTimedOutLog(conn.id, joinTimeoutS));
      const text = mode.joinTimedOut?.(conn, joinTimeoutS) ?? `${msg.joinTimedOut(joinTimeoutS)}\n`;
      conn.send(text);
      conn.end({ kind: "join_timeout" });
    }
  };

  // One of each for the whole server, told which connection they are for: a connection costs no
  // closure (see Connection).
  const hooks = { watch: (conn: Connection) => timed.add(conn) };
  // A peer that falls behind is paused (its own requests fill its queue); in a fan-out mode the
  // senders are slowed instead. Either way, one that stopped reading is cut off (./flow.ts).
  const flow = new Flow<Connection>(
    mode.fanOut,
    options.stallTimeout ?? DEFAULT_STALL_TIMEOUT_MS,
    // Why the flow control cuts a reader off by default (the chat says it to the room too).
    mode.cutOff ?? ((conn) => conn.destroy({ kind: "overflow" })),
  );
  const outboxOptions: OutboxOptions<Connection> = {
    highWaterMark:
      mode.fanOut === undefined
        ? (mode.highWaterMark ?? DEFAULT_HIGH_WATER_MARK)
        : Math.min(mode.highWaterMark ?? DEFAULT_HIGH_WATER_MARK, mode.fanOut.sendQueue / 2),
    hardLimit: mode.fanOut?.sendQueue,
    onHigh: (conn: Connection) => flow.lagging(conn),
    onLow: (conn: Connection) => flow.caughtUp(conn),
    onOverflow: (conn: Connection) => flow.overflowed(conn),
  };

  /** A mode handler threw: log it, and end only that connection. */
  const failed = (conn: Connection, what: string, error: unknown) => {
    log.always(`client #${conn.id}: ${what} failed: ${(error as Error).message}`);
    conn.destroy({ kind: "internal" });
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
    // An empty line (Enter pressed, a CRLF's leftovers) is nobody's first line.
    if (fresh.size !== 0 && text.trim() !== "" && fresh.delete(conn) && firstLine(conn, text))
      return;
    if (held.size !== 0) admit(conn);
    guard(conn, "line", () => mode.line?.(conn, text));
    flow.handled(conn);
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
    // Telnet answers go out as they are: the timing mark a Ctrl-C waits for, refusals.
    reply: (bytes, conn) => (conn as LineConnection).sendExact(bytes),
    areYouThere: (conn) => conn.send(`${msg.telnetHere}\n`),
    // A CR line end or a telnet command: a terminal that wants CRLF back (--eol auto).
    crlf: (conn) => {
      if (eol === "auto") (conn as LineConnection).crlf = true;
    },
  };

  /** Connections holding a partial line that looks written (see LineDecoder.looksWritten), with
   * the time it becomes a line. Insertion order is deadline order (one wait for all), so one
   * timer, for the oldest, serves them all; none runs while no line waits. */
  const lineWaits = new Map<Connection, number>();
  let lineWaitTimer: ReturnType<typeof setTimeout> | undefined;
  const runLineWaits = () => {
    lineWaitTimer = undefined;
    const at = Date.now();
    for (const [conn, due] of lineWaits) {
      if (due > at) {
        lineWaitTimer = setTimeout(runLineWaits, due - at);
        lineWaitTimer.unref();
        return;
      }
      lineWaits.delete(conn);
      const decoder = conn.decoder;
      if (decoder === undefined || !conn.isOpen) continue;
      if (conn.isPaused || decoder.stopped) {
        // The silence is ours (the flow control holds this sender): the rest of its line is in
        // the kernel. Look again later; a read that comes first restarts the wait anyway.
        lineWaits.set(conn, at + lineWaitMs);
        continue;
      }
      decoder.takePartial();
      if (decoder.idle && conn.decoder === decoder) conn.decoder = undefined;
    }
  };
  /** After a read in a line mode: (re)starts or cancels the wait for the partial line. */
  const watchPartial = (conn: Connection, decoder: LineDecoder<Connection>) => {
    lineWaits.delete(conn);
    if (!decoder.looksWritten) return;
    lineWaits.set(conn, Date.now() + lineWaitMs);
    if (lineWaitTimer === undefined) {
      lineWaitTimer = setTimeout(runLineWaits, lineWaitMs);
      lineWaitTimer.unref();
    }
  };

  const tick = setInterval(() => {
    now = Date.now();
    flow.tick(now, clients);
    for (const conn of timed) {
      if (conn.isClosed) {
        timed.delete(conn);
        continue;
      }
      if (conn.graceDeadline !== 0 && conn.graceDeadline <= now) {
        conn.graceDeadline = 0;
        conn.graceExpired(now);
      }
      if (conn.deadline !== 0 && conn.deadline <= now) {
        const fn = conn.onDeadline;
        conn.clearTimer();
        if (fn) guard(conn, "timer", () => fn(conn));
      }
      if (conn.deadline === 0 && conn.graceDeadline === 0) timed.delete(conn);
    }
    if (unjoined.size !== 0) expireJoins();
  }, TICK_MS);
  tick.unref();

  let listener: TCPSocketListener<Connection>;
  try {
    listener = Bun.listen<Connection>({
      hostname: host,
      port: options.port ?? defaultPort(definition.name),
      // Without it a second server could bind the same port and steal half the clients. Only
      // --workers shares it, among its own processes, once the parent checked it was free.
      ...(options.reusePort ? { reusePort: true } : { exclusive: true }),
      // The peer's FIN must not close our side: echo still owes it the rest of its bytes.
      allowHalfOpen: true,
      socket: {
        open(socket: Socket<Connection>) {
          // Near `ulimit -n`: past it accept() fails and Bun's listener spins (fd-limit.ts).
          // Closed at once: a graceful "server full" would hold the descriptor for a second.
          if (clients.size + held.size + refused.size >= fds.budget) {
            if (now >= fdLimitLoggedUntil) {
              fdLimitLoggedUntil = now + 60_000; // once a minute at most
              warn(log, msg.fdLimit(fds.limit, clients.size + held.size + refused.size), true);
            }
            socket.terminate();
            return;
          }
          // (addressOf(conn) gives the same text back at close.)
          const address = maxPerAddress > 0 ? socket.remoteAddress : "";
          const fromAddress = maxPerAddress > 0 ? (perAddress.get(address) ?? 0) : 0;
          const overAddress = maxPerAddress > 0 && fromAddress >= maxPerAddress;
          // (--workers: the place is taken here, when nothing else refuses the newcomer.)
          const full =
            clients.size + held.size >= maxClients ||
            (!stopping && !overAddress && siblings?.take(nextId) === false);
          if (overAddress && !stopping && !full) {
            // One machine already holds its share: refused as by a full server (http's 503).
            const conn = new ConnectionClass(socket, 0, now, hooks, outboxOptions);
            socket.data = conn;
            refused.add(conn);
            warn(log, msg.refusedPerAddress(conn.peer, maxPerAddress));
            conn.send(
              mode.serverFull?.(maxClients, maxPerAddress) ??
                `${msg.perAddressFull(maxPerAddress)}\n`,
            );
            conn.end({ kind: "per_address" });
            return;
          }
          if (stopping || full) {
            const conn = new ConnectionClass(socket, 0, now, hooks, outboxOptions);
            socket.data = conn;
            refused.add(conn);
            if (!stopping) {
              warn(log, msg.refusedFull(conn.peer));
              conn.send(mode.serverFull?.(maxClients) ?? `${msg.serverFull(maxClients)}\n`);
            }
            conn.end({ kind: stopping ? "shutdown" : "full" });
            return;
          }
          const conn = new ConnectionClass(socket, nextId, now, hooks, outboxOptions);
          nextId += idStep;
          if (eol === "crlf" && conn instanceof LineConnection) conn.crlf = true;
          socket.data = conn;
          view?.connected(conn);
          if (maxPerAddress > 0) perAddress.set(address, fromAddress + 1);
          record?.connected(conn);
          fresh.add(conn);
          if (joinTimeoutMs > 0) unjoined.add(conn);
          if (lineMode) {
            // The greeting waits: a browser speaks first (see GREETING_HOLD_MS).
            held.set(conn, Date.now());
            if (holdTimer === undefined) {
              holdTimer = setTimeout(admitDue, GREETING_HOLD_MS);
              holdTimer.unref?.();
            }
            log.info(msg.connected(conn.id, conn.peer, online()));
            return;
          }
          clients.add(conn);
          log.info(msg.connected(conn.id, conn.peer, online()));
          if (mode.open) guard(conn, "open", () => mode.open?.(conn));
        },
        data(socket, data) {
          const conn = socket.data;
          if (!conn.isOpen || conn.id === 0) return; // ending or refused: discard
          conn.lastActivity = now;
          view?.received(conn, data);
          conn.bytesIn += data.byteLength;
          if (fresh.size !== 0 && fresh.has(conn) && !conn.decoder?.pending) {
            if (!lineMode) fresh.delete(conn);
            if (firstChunk(conn, data)) return;
          }
          if (lineMode) {
            const decoder = conn.decoder ?? new LineDecoder(lineHandlers, maxLine, conn);
            conn.decoder = decoder;
            decoder.push(data);
            // Holding nothing, it goes (the next read makes a new one): an idle client, joined
            // or not, keeps no decoder and no line buffer. One small allocation per read.
            if (decoder.idle) {
              if (conn.decoder === decoder) conn.decoder = undefined;
              if (lineWaits.size > 0) lineWaits.delete(conn);
            } else if (lineWaitMs > 0) watchPartial(conn, decoder);
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
          const conn = socket.data;
          conn.outbox.drain();
          flow.drained(conn);
        },
        end(socket) {
          const conn = socket.data;
          if (!conn.isOpen || conn.id === 0) {
            conn.peerFinished();
            return;
          }
          conn.peerEnded = true;
          lineWaits.delete(conn);
          if (mode.end) {
            guard(conn, "end", () => mode.end?.(conn));
            return;
          }
          const last = conn.decoder?.end();
          if (last !== undefined) deliverLine(conn, last);
          // It will not speak first now: it gets its greeting before the close.
          if (held.size !== 0) admit(conn);
          conn.end({ kind: "closed" });
        },
        close(socket, error) {
          const conn = socket.data;
          if (!conn || conn.isClosed) return;
          conn.markClosed(error ? { kind: "lost", detail: error.message } : { kind: "closed" });
          // Shutting down: the last close ends stop()'s wait (after this handler's bookkeeping).
          if (stopping) queueMicrotask(checkDrained);
          timed.delete(conn);
          flow.closed(conn);
          lineWaits.delete(conn);
          if (conn.id === 0) {
            refused.delete(conn);
            return;
          }
          fresh.delete(conn);
          unjoined.delete(conn);
          if (maxPerAddress > 0) {
            const address = addressOf(conn);
            const left = (perAddress.get(address) ?? 1) - 1;
            if (left > 0) perAddress.set(address, left);
            else perAddress.delete(address);
          }
          const wasHeld = held.delete(conn);
          clients.delete(conn);
          siblings?.give();
          view?.disconnected(conn);
          // One line per departure: the mode's, when it names who left.
          // markClosed above set a reason if nobody had.
          const reason: CloseReason = conn.reason ?? { kind: "closed" };
          if (wasHeld || !mode.logsDeparture?.(conn)) {
            log.info(msg.disconnected(conn.id, conn.peer, closeText(msg, reason)));
          }
          record?.disconnected(conn, closeText(msg, reason));
          // Never admitted: the mode never met it, so it has nothing to forget.
          if (wasHeld) return;
          if (mode.close) guard(conn, "close", () => mode.close?.(conn, reason));
        },
        error(socket, error) {
          const conn = socket.data;
          if (conn) conn.destroy({ kind: "error", detail: error.message });
        },
      },
    });
  } catch (error) {
    clearInterval(tick);
    mode.stop?.();
    if (options.sharedView === undefined) view?.stop();
    record?.close();
    throw listenError(
      error as NodeJS.ErrnoException,
      host,
      options.port ?? defaultPort(definition.name),
    );
  }

  // Measured once listening: what the process holds at rest (listener, Bun's own, stdio).
  const fds = connectionBudget();
  let fdLimitLoggedUntil = 0;

  /** Resolves stop()'s wait once no connection is left (set while it waits). */
  let drained: (() => void) | undefined;
  const checkDrained = () => {
    if (clients.size + held.size + refused.size === 0) drained?.();
  };

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info(msg.stopping);
    listener.stop(false);
    const modeStopped = mode.stop?.();
    clearTimeout(holdTimer);
    for (const conn of held.keys()) {
      conn.send(`${msg.serverClosing}\n`);
      conn.end({ kind: "shutdown" });
    }
    for (const conn of clients) {
      const bye = mode.goodbye
        ? mode.goodbye(conn)
        : lineMode
          ? `${msg.serverClosing}\n`
          : undefined;
      if (bye) conn.send(bye);
      conn.end({ kind: "shutdown" });
    }
    // Wait on the closes themselves (no polling), at most SHUTDOWN_WAIT_MS.
    if (clients.size + held.size + refused.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
        drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const conn of [...clients, ...held.keys(), ...refused]) conn.destroy({ kind: "shutdown" });
    // The close handlers of destroyed sockets run on the next turn of the loop.
    await Bun.sleep(0);
    clearInterval(tick);
    clearTimeout(lineWaitTimer);
    listener.stop(true);
    if (options.sharedView === undefined) view?.stop();
    record?.close();
    await modeStopped;
    // The console's queue (inspect's dumps behind a slow pipe) goes out before the exit.
    await (log.settled?.(SHUTDOWN_LOG_MS) ?? log.flush());
  };
  view?.listening(listener.port, host, false);

  return {
    port: listener.port,
    host,
    mode: definition.name,
    viewPort: view?.port,
    get clientCount() {
      return clients.size + held.size;
    },
    stop,
    desk: { clients, lineMode, teacher: mode.teacher },
  };
}

/** The port a mode listens on when none is given: its row's in the protocol's table, or a free
 * one (0) for a mode that has none. */
export function defaultPort(name: string): number {
  return modeRow(name)?.port ?? 0;
}

/** Flag defaults from the mode's spec, under the values given; numbers become text so that a
 * test's `{ rate: 0 }` reads like the command line's `--rate 0`. */
export function withDefaults(
  specs: Record<string, { default?: string | boolean }>,
  given: Record<string, string | number | boolean | undefined>,
): FlagValues {
  const out: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  for (const [name, value] of Object.entries(given)) {
    if (!(name in specs)) throw usage("unknownFlag", name);
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
    return usage("portInUse", port, host);
  }
  if (code === "EACCES" || /permission|access/i.test(text)) {
    return usage("listenDenied", where);
  }
  if (code === "EADDRNOTAVAIL" || /not available|ENOTFOUND|getaddrinfo/i.test(text)) {
    return usage("noSuchAddress", where);
  }
  // Bun gives a name it cannot resolve no code at all. (An IP literal is told apart by its
  // shape: importing node:net for isIP cost ~1.4 ms of every start, see `bun run bench start`.)
  if (code === "" && !IP_LITERAL.test(host)) {
    return usage("unknownHost", where, host);
  }
  return usage("cannotListen", where, text);
}
