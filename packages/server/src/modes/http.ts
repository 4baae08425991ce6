// http (seed: the TCP server a browser uses as its client): a raw HTTP/1.1 "Hello World"
// responder. Parsing and responses live in @socklab/protocol; here: routing, timers, the log.

import {
  type ErrorStatus,
  type HttpRequest,
  helloPages,
  httpDate,
  Persist,
  type PreparedResponse,
  RequestParser,
} from "@socklab/protocol";
import type { Connection } from "../core/connection.ts";
import { UsageError } from "../core/errors.ts";
import { numberFlag } from "../core/flags.ts";
import type { ModeDefinition } from "../core/mode.ts";

/** Cap on a --body file: it is held in memory and sent whole on every request. */
const MAX_BODY_FILE = 16 * 1024 * 1024;
/** How often the Date header is rewritten: its resolution is one second (RFC 9110 §5.6.7). */
const DATE_REFRESH_MS = 1000;
/** Longest path shown in the request log; the rest is cut so one request is one short line. */
const MAX_LOGGED_PATH = 200;

/** Where one connection stands between chunks. */
interface Exchange {
  readonly parser: RequestParser;
  /** A request is partly received: the header timer runs (else the idle timer). */
  reading: boolean;
  /** When the last request was answered (or the connection opened): idleness starts there. */
  idleSince: number;
  readonly onIdle: () => void;
  readonly onHeadTimeout: () => void;
}

/** The path of a request-target without its query (RFC 9112 §3.2): origin-form "/a?b" → "/a",
 * absolute-form "http://h/a" → "/a" (a server MUST accept it, §3.2.2), "*" stays "*". */
export function targetPath(target: string): string {
  if (target === "/") return target;
  let path = target;
  if (path.charCodeAt(0) !== 0x2f /* / */ && path !== "*") {
    const scheme = path.indexOf("://");
    const slash = scheme < 0 ? -1 : path.indexOf("/", scheme + 3);
    path = slash < 0 ? "/" : path.slice(slash);
  }
  const query = path.search(/[?#]/);
  return query < 0 ? path : path.slice(0, query);
}

async function readBody(path: string): Promise<Uint8Array> {
  const file = Bun.file(path);
  try {
    if (file.size > MAX_BODY_FILE) {
      throw new UsageError(`--body: "${path}" is larger than ${MAX_BODY_FILE >> 20} MiB`);
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
    throw new UsageError(`--body: cannot read "${path}": ${why}`);
  }
}

export const http: ModeDefinition = {
  name: "http",
  summary: 'a raw HTTP/1.1 "Hello World" responder that browsers display',
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
    "header-timeout": {
      type: "string",
      valueName: "S",
      default: "10",
      description: "seconds a client may take to send a whole request, from its first byte",
    },
    "idle-timeout": {
      type: "string",
      valueName: "S",
      default: "5",
      description: "seconds a keep-alive connection may stay idle between requests",
    },
  },
  async create({ lang, msg, log, flags }) {
    // A slowloris client sends a header line every few seconds to hold a connection forever;
    // a deadline on the whole head (not on each read) defeats it. 10 s suits a LAN; a human
    // typing a request into nc needs longer (--header-timeout 120).
    const headerMs = numberFlag(flags, "header-timeout", 0.1, 3600) * 1000;
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

    const exchanges = new Map<Connection, Exchange>();

    const logRequest = (conn: Connection, request: HttpRequest, status: number, t0: number) => {
      const path = request.target.slice(0, MAX_LOGGED_PATH);
      const ms = (performance.now() - t0).toFixed(2);
      log.info(msg.httpRequestLog(conn.id, conn.peer, request.method, path, status, ms));
    };

    /** The response to one well-framed request, as bytes ready to send. */
    const responseTo = (request: HttpRequest): PreparedResponse => {
      const method = request.method;
      if (method !== "GET" && method !== "HEAD") {
        // RFC 9110 §15.5.6: 405 with Allow. The request was well framed, so the connection stays.
        return pages.errors[405];
      }
      const path = targetPath(request.target);
      if (path === "/" || path === "/index.html") return pages.hello;
      if (path === "/favicon.ico") return pages.favicon;
      return pages.errors[404];
    };

    /** The framing broke: what follows cannot be trusted, so answer and close (RFC 9112 §9.6). */
    const refuse = (conn: Connection, status: ErrorStatus, code: string, reason?: string) => {
      conn.send(pages.errors[status].bytes(Persist.Close, false));
      if (logging) log.info(msg.httpRefusedLog(conn.id, conn.peer, status, code));
      conn.end(reason ?? msg.httpRefusedReason(status, code));
    };

    return {
      open(conn) {
        const exchange: Exchange = {
          parser: new RequestParser(),
          reading: false,
          idleSince: Date.now(),
          onIdle() {
            // The idle timer is re-armed lazily: answering a request only moves idleSince.
            const left = exchange.idleSince + idleMs - Date.now();
            if (left > 0) conn.setTimer(left, exchange.onIdle);
            else conn.end(msg.httpIdleTimeout);
          },
          onHeadTimeout() {
            // RFC 9110 §15.5.9: 408, then close.
            refuse(conn, 408, "header-timeout", msg.httpHeaderTimeout);
          },
        };
        exchanges.set(conn, exchange);
        conn.setTimer(idleMs, exchange.onIdle);
      },
      data(conn, bytes) {
        const exchange = exchanges.get(conn);
        if (exchange === undefined) return;
        const t0 = logging ? performance.now() : 0;
        const parser = exchange.parser;
        parser.push(bytes);
        // One request per read is the common case: its response is written at once, from inside
        // the read callback (sendNow), which beats the end-of-tick flush. From the second on,
        // responses queue and leave together in one write at the end of the tick (pipelining).
        let first: Uint8Array | undefined;
        let count = 0;
        for (;;) {
          const result = parser.next();
          if (result === undefined) break;
          let bytes: Uint8Array;
          let closing: boolean;
          if (result.kind === "error") {
            // The framing broke: what follows cannot be trusted, so answer and close (§9.6).
            bytes = pages.errors[result.status].bytes(Persist.Close, false);
            closing = true;
            if (logging)
              log.info(msg.httpRefusedLog(conn.id, conn.peer, result.status, result.code));
          } else {
            const response = responseTo(result);
            closing = !result.keepAlive;
            const persist = closing
              ? Persist.Close
              : result.minor === 0
                ? Persist.KeepAlive10
                : Persist.KeepAlive;
            // RFC 9110 §9.3.2: HEAD gets exactly GET's headers, Content-Length included, no body.
            bytes = response.bytes(persist, result.method === "HEAD");
            if (logging) logRequest(conn, result, response.status, t0);
          }
          if (count === 0) first = bytes;
          else {
            if (count === 1) conn.send(first as Uint8Array);
            conn.send(bytes);
          }
          count++;
          if (closing) {
            if (count === 1) conn.sendNow(bytes);
            // RFC 9112 §9.6: after "close" (or an error) no further request is read.
            conn.end(
              result.kind === "error"
                ? msg.httpRefusedReason(result.status, result.code)
                : msg.httpClientAskedClose,
            );
            return;
          }
        }
        if (count === 1) conn.sendNow(first as Uint8Array);
        const answered = count > 0;
        if (parser.inMessage) {
          // A new request started (maybe right behind one just answered): its deadline starts.
          if (!exchange.reading || answered) {
            exchange.reading = true;
            conn.setTimer(headerMs, exchange.onHeadTimeout);
          }
        } else if (answered || exchange.reading) {
          exchange.idleSince = Date.now();
          if (exchange.reading) {
            exchange.reading = false;
            conn.setTimer(idleMs, exchange.onIdle);
          }
        }
      },
      close(conn) {
        exchanges.delete(conn);
      },
      // Past --max-clients a browser must read HTTP, not a text line: 503 (RFC 9110 §15.6.4).
      serverFull: () => pages.errors[503].bytes(Persist.Close, false),
      stop() {
        clearInterval(dateTimer);
      },
    };
  },
};
