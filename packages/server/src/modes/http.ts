// http (seed: the TCP server a browser uses as its client): a raw HTTP/1.1 "Hello World"
// responder. Parsing and answers live in @socklab/protocol; here: flow, timers, the log.

import { type CloseReason, type HttpRequest, RequestParser } from "@socklab/protocol";
import type { Connection } from "../core/connection.ts";
import { UsageError } from "../core/errors.ts";
import { numberFlag } from "../core/flags.ts";
import type { ModeDefinition } from "../core/mode.ts";
import { answer, refusal } from "../http/answer.ts";
import { helloPages, refusalPage } from "../http/pages.ts";
import { CONTINUE_RESPONSE, httpDate, Persist } from "../http/response.ts";
import { usage } from "../usage.ts";
import type { ViewState } from "../view/state.ts";

/** Cap on a --body file: it is held in memory and sent whole on every request. */
const MAX_BODY_FILE = 16 * 1024 * 1024;
/** How often the Date header is rewritten: its resolution is one second (RFC 9110 §5.6.7). */
const DATE_REFRESH_MS = 1000;
/** Longest path shown in the request log; the rest is cut so one request is one short line. */
const MAX_LOGGED_PATH = 200;
/** Responses queued for one connection past which it stops being read: parsing stops (the
 * unparsed rest is kept, the socket paused so TCP pushes back on the client) and goes on once
 * the kernel has taken them. Also the core's outbox mark for this mode. A quarter of the
 * core's default: the kernel's socket buffers hold far more than this (megabytes on loopback),
 * so a client that reads never waits on it, and one that does not costs us at most this much
 * (plus the unparsed rest of one read, at most 512 KiB). */
const HIGH_WATER_MARK = 64 * 1024;
/** A response larger than this (a big --body) is queued this much at a time, each slice a view
 * of the one prepared response: the outbox copies only what the kernel refuses, so a client
 * that pipelines 1,500 requests for a 1 MiB body costs one slice of copy, not 1.5 GB. */
const SLICE = 64 * 1024;

/** One answered request for the class view (--view); a refused one shows as its status alone. */
function viewRequest(
  view: ViewState,
  result: { kind: string; method?: string; target?: string },
  status: number,
  t0: number,
): void {
  const ms = Math.round((performance.now() - t0) * 100) / 100;
  view.httpRequest(result.method ?? "-", result.target ?? "-", status, ms);
}

/** What a connection's one timer is for. */
const Wait = {
  /** A new connection, nothing received yet (--first-byte-timeout): closed silently. */
  FirstByte: 0,
  /** Between requests of a keep-alive connection (--idle-timeout): closed silently. */
  Idle: 1,
  /** A request under way since its first byte (--header-timeout): 408, then closed. */
  Request: 2,
  /** Responses waiting for the client to read them: no timer of ours (the core cuts a client
   * that takes none of them for --stall-timeout). */
  Send: 3,
} as const;
type Wait = (typeof Wait)[keyof typeof Wait];

/** Where one connection stands between reads. */
interface Exchange {
  readonly conn: Connection;
  readonly parser: RequestParser;
  wait: Wait;
  /** When the last request was answered: idleness starts there (the idle timer is re-armed
   * lazily, answering only moves this). */
  idleSince: number;
  /** What is left of a response larger than {@link SLICE}, queued a slice at a time. */
  rest: Uint8Array | undefined;
  /** The connection ends, for this reason, once `rest` is sent. */
  closeAfter: CloseReason | undefined;
  /** Parsing stopped until the outbox is flushed (the socket is paused meanwhile). */
  stopped: boolean;
  /** The client sent its FIN while requests it sent before were still kept: close once they
   * are answered. */
  finished: boolean;
}

/** The connection's exchange, kept in its slot (set at open, for the connection's life). */
const exchangeOf = (conn: Connection) => conn.slot as Exchange;

async function readBody(path: string): Promise<Uint8Array> {
  const file = Bun.file(path);
  try {
    if (file.size > MAX_BODY_FILE) {
      throw usage("bodyTooLarge", path, MAX_BODY_FILE >> 20);
    }
    return await file.bytes();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : code === "EACCES"
            ? "permission denied"
            : String((error as Error).message);
    throw usage("bodyUnreadable", path, why);
  }
}

export const http: ModeDefinition = {
  name: "http",
  examples: [
    "socklab-server http",
    "socklab-server http --body page.html --port 8000",
    "curl -v http://127.0.0.1:8080/ http://127.0.0.1:8080/",
  ],
  flags: {
    body: {
      type: "string",
      valueName: "FILE",
      description: "serve this file (as text/html) instead of the Hello World page; read once",
    },
    "first-byte-timeout": {
      type: "string",
      valueName: "S",
      default: "60",
      description: "seconds a new connection may wait before sending its first byte",
    },
    "header-timeout": {
      type: "string",
      valueName: "S",
      default: "60",
      description: "seconds a client may take to send a whole request, from its first byte",
    },
    "idle-timeout": {
      type: "string",
      valueName: "S",
      default: "5",
      description: "seconds a keep-alive connection may stay idle between requests",
    },
  },
  async create({ lang, msg, log, flags, view }) {
    // nginx's client_header_timeout (60 s) for both: a student typing a request into nc or
    // telnet, or reading the exercise sheet before typing, is not a slowloris. A slowloris
    // client (a header line every few seconds) still holds its slot at most --header-timeout,
    // because the deadline is on the whole request from its first byte, not on each read.
    const firstByteMs = numberFlag(flags, "first-byte-timeout", 0.1, 3600) * 1000;
    const headerS = numberFlag(flags, "header-timeout", 0.1, 3600);
    const headerMs = headerS * 1000;
    // Browsers reuse a connection within a second or two; 5 s keeps that and frees idle ones.
    const idleMs = numberFlag(flags, "idle-timeout", 0.1, 3600) * 1000;
    const body = typeof flags.body === "string" ? await readBody(flags.body) : undefined;
    const pages = helloPages(lang, body);
    const logging = log.quiet !== true;

    const dateTimer = setInterval(() => {
      const date = httpDate(Date.now());
      for (const response of pages.all) response.setDate(date);
    }, DATE_REFRESH_MS);
    dateTimer.unref();

    const logRequest = (conn: Connection, request: HttpRequest, status: number, t0: number) => {
      const path = request.target.slice(0, MAX_LOGGED_PATH);
      const ms = (performance.now() - t0).toFixed(2);
      log.info(msg.httpRequestLog(conn.id, conn.peer, request.method, path, status, ms));
    };

    /** The connection's deadline: one function for all of them (no closure per connection). */
    const onTimer = (conn: Connection) => {
      const ex = exchangeOf(conn);
      switch (ex.wait) {
        case Wait.FirstByte:
          conn.end({ kind: "timeout", detail: "first_byte" });
          return;
        case Wait.Idle: {
          const left = ex.idleSince + idleMs - Date.now();
          if (left > 0) conn.setTimer(left, onTimer);
          else conn.end({ kind: "timeout", detail: "idle" });
          return;
        }
        case Wait.Request:
          // RFC 9110 §15.5.9: 408, then close. No response has gone out for this request
          // (answers wait for the whole body), so the 408 is the answer to it.
          if (logging) log.info(msg.httpRefusedLog(conn.id, conn.peer, 408, "header-timeout"));
          conn.send(refusalPage(lang, 408, { timeoutSeconds: headerS }, ex.parser.receivedLine));
          conn.end({ kind: "timeout", detail: "header" });
          return;
        case Wait.Send:
          return;
      }
    };

    /** The client took every queued response: read it again, and go on with what the parser
     * kept. (Paused again by `stop` if that fills the outbox once more.) */
    const onFlushed = (conn: Connection) => {
      const ex = exchangeOf(conn);
      if (!ex.stopped || !conn.isOpen) return;
      ex.stopped = false;
      conn.resume();
      pump(ex, logging || view ? performance.now() : 0);
    };

    /** Parsing stops: the rest stays in the parser, the socket is paused (the client's own
     * send buffer fills: TCP pushes back), and `onFlushed` goes on once the kernel took all. */
    const stop = (ex: Exchange) => {
      ex.stopped = true;
      ex.parser.hold(true);
      ex.conn.pause();
      // No deadline of ours while it reads: the core cuts a client that takes none of its
      // responses for --stall-timeout (nginx's send_timeout), whoever paused it.
      ex.wait = Wait.Send;
      ex.conn.clearTimer();
      ex.conn.outbox.whenFlushed(onFlushed);
    };

    /** Queues one response, or its first slice when it is large (the rest waits in `ex`). */
    const queue = (ex: Exchange, bytes: Uint8Array) => {
      if (bytes.length <= SLICE) ex.conn.send(bytes);
      else {
        ex.conn.send(bytes.subarray(0, SLICE));
        ex.rest = bytes.subarray(SLICE);
      }
    };

    /** Answers what the parser holds, in order, until it needs more bytes, the connection
     * closes, or the queued responses pass the high-water mark. */
    const pump = (ex: Exchange, t0: number) => {
      const { conn, parser } = ex;
      if (ex.rest !== undefined) {
        const rest = ex.rest;
        ex.rest = rest.length > SLICE ? rest.subarray(SLICE) : undefined;
        conn.send(rest.length > SLICE ? rest.subarray(0, SLICE) : rest);
        if (ex.rest !== undefined) return stop(ex);
        if (ex.closeAfter !== undefined) return conn.end(ex.closeAfter);
      }
      // One request per read is the common case: its response is written at once, from inside
      // the read callback (sendNow), which beats the end-of-tick flush. From the second on,
      // responses queue and leave together in one write at the end of the tick (pipelining).
      let first: Uint8Array | undefined;
      let answered = false;
      for (;;) {
        const result = parser.next();
        if (result === undefined) break;
        if (result.kind === "continue") {
          // RFC 9110 §10.1.1: the client waits for this before it sends the body.
          if (first !== undefined) conn.send(first);
          first = undefined;
          conn.send(CONTINUE_RESPONSE);
          continue;
        }
        const out = result.kind === "error" ? refusal(result, lang) : answer(result, pages);
        if (view) viewRequest(view, result, out.status, t0);
        if (logging) {
          if (result.kind === "error") {
            log.info(msg.httpRefusedLog(conn.id, conn.peer, result.status, result.code));
          } else logRequest(conn, result, out.status, t0);
        }
        if (!answered && out.bytes.length <= SLICE && conn.outbox.queued === 0) {
          first = out.bytes;
        } else {
          if (first !== undefined) conn.send(first);
          first = undefined;
          queue(ex, out.bytes);
        }
        answered = true;
        if (out.close) {
          // RFC 9112 §9.6: after "close" (or an error) no further request is read.
          const reason: CloseReason =
            result.kind === "error"
              ? { kind: "refused", status: result.status, detail: result.code }
              : { kind: "http_close" };
          if (first !== undefined) conn.sendNow(first);
          if (ex.rest !== undefined) {
            ex.closeAfter = reason;
            return stop(ex);
          }
          return conn.end(reason);
        }
        if (ex.rest !== undefined || conn.outbox.queued > HIGH_WATER_MARK) {
          if (first !== undefined) conn.send(first);
          return stop(ex);
        }
      }
      if (first !== undefined) conn.sendNow(first);
      if (ex.finished) return conn.end({ kind: "closed" });
      if (parser.inMessage) {
        // A new request started (maybe right behind one just answered): its deadline starts.
        if (ex.wait !== Wait.Request || answered) {
          ex.wait = Wait.Request;
          conn.setTimer(headerMs, onTimer);
        }
      } else if (answered || ex.wait !== Wait.Idle) {
        ex.idleSince = Date.now();
        if (ex.wait !== Wait.Idle) {
          ex.wait = Wait.Idle;
          conn.setTimer(idleMs, onTimer);
        }
      }
    };

    return {
      highWaterMark: HIGH_WATER_MARK,
      open(conn) {
        const ex: Exchange = {
          conn,
          parser: new RequestParser(),
          wait: Wait.FirstByte,
          idleSince: Date.now(),
          rest: undefined,
          closeAfter: undefined,
          stopped: false,
          finished: false,
        };
        conn.slot = ex;
        conn.setTimer(firstByteMs, onTimer);
      },
      data(conn, bytes) {
        const ex = exchangeOf(conn);
        ex.parser.push(bytes);
        // Bytes read before the pause took effect: kept for when the client reads again.
        if (ex.stopped) ex.parser.hold(true);
        else pump(ex, logging || view ? performance.now() : 0);
      },
      end(conn) {
        // A client that pipelined then half-closed (`nc` at the end of its input) is owed
        // every answer: if some of its requests wait behind a full outbox, answer them first.
        const ex = exchangeOf(conn);
        if (ex.stopped) ex.finished = true;
        else conn.end({ kind: "closed" });
      },
      // Past --max-clients a browser must read HTTP, not a text line: 503 (RFC 9110 §15.6.4).
      serverFull: () => pages.errors[503].bytes(Persist.Close, false),
      stop() {
        clearInterval(dateTimer);
      },
    };
  },
};
