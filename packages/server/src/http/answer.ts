// The answer to one parsed request, without a socket: routing (/, /index.html, /favicon.ico,
// 404, 405), persistence, and the page a refused request gets. The http mode sends what it says.

import type { HttpParseError, HttpRequest, Lang } from "@socklab/protocol";
import type { HelloPages } from "./pages.ts";
import { refusalPage } from "./pages.ts";
import { Persist } from "./response.ts";

/** What to send for one request, and whether the connection ends after it. */
export interface Answer {
  readonly bytes: Uint8Array;
  readonly status: number;
  /** The connection closes after these bytes: the client asked (RFC 9112 §9.3), or the framing
   * broke and what follows cannot be trusted (§9.6). */
  readonly close: boolean;
}

/** The path of a request-target without its query (RFC 9112 §3.2): origin-form "/a?b" → "/a",
 * absolute-form "http://h/a" → "/a" (a server MUST accept it, §3.2.2), "*" stays "*".
 *
 * @example
 * targetPath("http://host/a/b?c") // "/a/b"
 */
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

/**
 * The response to one well-framed request.
 *
 * @example
 * answer({ kind: "request", method: "GET", target: "/", minor: 1, keepAlive: true,
 *   contentLength: 0, chunked: false }, helloPages("en"))
 * // { bytes: "HTTP/1.1 200 OK…Hello World…", status: 200, close: false }
 */
export function answer(request: HttpRequest, pages: HelloPages): Answer {
  const method = request.method;
  let response = pages.errors[404];
  if (method !== "GET" && method !== "HEAD") {
    // RFC 9110 §15.5.6: 405 with Allow. The request was well framed, so the connection stays.
    response = pages.errors[405];
  } else {
    const path = targetPath(request.target);
    if (path === "/" || path === "/index.html") response = pages.hello;
    else if (path === "/favicon.ico") response = pages.favicon;
  }
  const close = !request.keepAlive;
  const persist = close
    ? Persist.Close
    : request.minor === 0
      ? Persist.KeepAlive10
      : Persist.KeepAlive;
  // RFC 9110 §9.3.2: HEAD gets exactly GET's headers, Content-Length included, no body.
  return { bytes: response.bytes(persist, method === "HEAD"), status: response.status, close };
}

/**
 * The answer to a request the parser refused: its page names the rule and quotes the line.
 *
 * @example
 * refusal({ kind: "error", status: 400, code: "missing-host", line: "GET / HTTP/1.1" }, "fr")
 * // { bytes: "HTTP/1.1 400 Bad Request…Host…", status: 400, close: true }
 */
export function refusal(error: HttpParseError, lang: Lang): Answer {
  return {
    bytes: refusalPage(lang, error.status, error.code, error.line),
    status: error.status,
    close: true,
  };
}
