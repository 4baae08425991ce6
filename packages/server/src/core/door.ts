// The front door, without sockets: what a connection's first bytes or first line say about the
// program at the other end (a browser, a TLS client, Java's writeUTF, a C buffer sent whole), and
// the HTTP page a browser gets on a line port. The core (server.ts) asks; unit tests drive it.

import { type Lang, sanitizeText } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import { escapeHtml, htmlDocument, SERVER_NAME } from "../http/pages.ts";
import { httpDate } from "../http/response.ts";

/** How long a line mode holds its greeting for a newcomer that may speak first. A browser sends
 * its request at once (headless Chromium on this machine: 5-19 ms after the connection opened),
 * and a greeting sent before our HTTP answer makes it show ERR_INVALID_HTTP_RESPONSE; 100 ms is
 * five times that, and still too short for a person at nc to notice. A first line, or the peer's
 * FIN, ends the hold at once. */
export const GREETING_HOLD_MS = 100;
/** Default --join-timeout: a minute to type a nickname (or a first guess) is generous for a
 * person; a connection that says nothing for longer is holding a place for free. */
export const DEFAULT_JOIN_TIMEOUT_S = 60;
/** What a quote of a client's line keeps, in characters: enough to recognise it, short enough
 * for one line of a terminal. */
export const QUOTE_MAX = 40;

/** What a connection's first chunk looks like, when it is something the teacher should hear of. */
export type FirstBytes =
  /** A TLS record header, handshake type (0x16), version 3.x: an https:// client. */
  | { kind: "tls" }
  /** Java DataOutputStream.writeUTF: a 2-byte big-endian length, then exactly that many bytes. */
  | { kind: "writeUTF"; text: string }
  /** Text then NUL bytes up to a buffer's size: C `send(name, 32)` or `send(buf, sizeof buf)`. */
  | { kind: "nulPadded"; text: string; size: number; nuls: number }
  /** Text then one NUL: C `send(buf, strlen(buf) + 1)`. */
  | { kind: "nulTerminated"; text: string };

const utf8 = new TextDecoder("utf-8", { fatal: false });
const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;

/**
 * True when bytes begin like a TLS ClientHello: record type handshake (0x16), major version 3
 * (RFC 8446 §5.1: every TLS version's record starts 16 03 0x).
 *
 * @example
 * isTls(new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00])) // true
 */
export function isTls(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x16 && bytes[1] === 0x03 && (bytes[2] as number) <= 4;
}

/** The chunk is one or more whole writeUTF frames (non-empty, no NUL or line end inside: Java
 * writes U+0000 as C0 80); the first frame's text, or undefined. */
function writeUtf(bytes: Uint8Array): string | undefined {
  let at = 0;
  let first: string | undefined;
  while (at + 2 <= bytes.length) {
    const length = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
    const end = at + 2 + length;
    if (length === 0 || end > bytes.length) return undefined;
    for (let i = at + 2; i < end; i++) {
      const b = bytes[i];
      if (b === NUL || b === LF || b === CR) return undefined;
    }
    first ??= utf8.decode(bytes.subarray(at + 2, end));
    at = end;
  }
  return at === bytes.length ? first : undefined;
}

/**
 * Looks at a connection's first chunk for the mistakes worth a console hint. Undefined for
 * anything else (plain lines, most of all).
 *
 * @example
 * sniff(new TextEncoder().encode("alice\0\0\0")) // { kind: "nulPadded", text: "alice", size: 8, nuls: 3 }
 * sniff(new Uint8Array([0, 5, 104, 101, 108, 108, 111])) // { kind: "writeUTF", text: "hello" }
 */
export function sniff(bytes: Uint8Array): FirstBytes | undefined {
  if (isTls(bytes)) return { kind: "tls" };
  const utf = writeUtf(bytes);
  if (utf !== undefined) return { kind: "writeUTF", text: utf };
  const nul = bytes.indexOf(NUL);
  if (nul <= 0) return undefined;
  let end = nul;
  while (end < bytes.length && bytes[end] === NUL) end++;
  // The text is what a C string held: up to its NUL, without the line end fgets keeps.
  let textEnd = nul;
  while (textEnd > 0 && (bytes[textEnd - 1] === LF || bytes[textEnd - 1] === CR)) textEnd--;
  const text = utf8.decode(bytes.subarray(0, textEnd));
  if (text === "" || bytes.subarray(0, textEnd).includes(LF)) return undefined;
  const nuls = end - nul;
  if (nuls === 1) return { kind: "nulTerminated", text };
  return { kind: "nulPadded", text, size: end, nuls };
}

/** An HTTP request line (RFC 9112 §3): method, request-target, version. */
export interface RequestLine {
  method: string;
  target: string;
  version: string;
}

/** Methods a browser, curl or an HTTP library sends (RFC 9110 §9, PATCH from RFC 5789, PRI the
 * HTTP/2 preface): a made-up word before a path is a chat line, not a request. */
const METHODS = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
  "CONNECT",
  "TRACE",
  "PRI",
]);
const REQUEST_LINE = /^([A-Z]+) (\S+) (HTTP\/\d\.\d)$/;

/**
 * The request line, if `line` (as the line decoder delivered it) is one.
 *
 * @example
 * httpRequestLine("GET /favicon.ico HTTP/1.1") // { method: "GET", target: "/favicon.ico", version: "HTTP/1.1" }
 * httpRequestLine("GET me a coffee")           // undefined
 */
export function httpRequestLine(line: string): RequestLine | undefined {
  const match = REQUEST_LINE.exec(line);
  if (!match || !METHODS.has(match[1] as string)) return undefined;
  return { method: match[1] as string, target: match[2] as string, version: match[3] as string };
}

/**
 * What a client sent, fit to quote to it or on the console: sanitised (no escape sequence or
 * control character survives) and cut to {@link QUOTE_MAX} characters.
 *
 * @example
 * excerpt("hello\x1b[2J everyone") // "hello everyone"
 * excerpt("x".repeat(50))           // "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"
 */
export function excerpt(text: string, max = QUOTE_MAX): string {
  const chars = [...sanitizeText(text)];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max).join("")}…`;
}

/** The wrong-port page: which service this is, and the commands that do reach it. HOST is filled
 * from the address bar by the page's one line of script (shown as HOST without it). */
export function wrongPortPage(msg: Messages, lang: Lang, mode: string, port: number): string {
  const host = '<span class="host">HOST</span>';
  const commands = [
    `nc ${host} ${port}`,
    `telnet ${host} ${port}`,
    `socklab-client ${escapeHtml(mode)} --host ${host} --port ${port}`,
  ];
  return htmlDocument(lang, msg.doorPageTitle(mode), [
    `<p>${escapeHtml(msg.doorPageText(port))}</p>`,
    `<pre>${commands.join("\n")}</pre>`,
    `<p>${escapeHtml(msg.doorPageHost)}</p>`,
    // IPv6 literals come bracketed in the address bar; nc and telnet want them bare.
    '<script>for (const e of document.querySelectorAll(".host")) e.textContent = location.hostname.replace(/^\\[|\\]$/g, "");</script>',
  ]);
}

const encoder = new TextEncoder();

/**
 * The whole HTTP answer to a request line on a line port: HTTP/1.0 (the connection closes after
 * it, so no keep-alive to negotiate), status 400 as nginx answers a plain request on its TLS port
 * (the request is fine, this port just does not speak HTTP), the page as body (none for HEAD,
 * RFC 9110 §9.3.2).
 *
 * @example
 * wrongPortResponse(messages("en"), "en", "chat", 4444, "GET") // "HTTP/1.0 400 Bad Request\r\n…"
 */
export function wrongPortResponse(
  msg: Messages,
  lang: Lang,
  mode: string,
  port: number,
  method: string,
  now = Date.now(),
): Uint8Array {
  const body = encoder.encode(wrongPortPage(msg, lang, mode, port));
  const head = [
    "HTTP/1.0 400 Bad Request",
    `Server: ${SERVER_NAME}`,
    `Date: ${httpDate(now)}`,
    "Content-Type: text/html; charset=utf-8",
    `Content-Length: ${body.length}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  const headBytes = encoder.encode(head);
  if (method === "HEAD") return headBytes;
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes);
  out.set(body, headBytes.length);
  return out;
}

/** The console line for a first chunk's hint (TLS is said by the core: what it does depends on
 * the mode). */
export function firstBytesHint(msg: Messages, id: number, hint: FirstBytes): string | undefined {
  switch (hint.kind) {
    case "tls":
      return undefined;
    case "writeUTF":
      return msg.doorLogWriteUtf(id, excerpt(hint.text));
    case "nulPadded":
      return msg.doorLogNulPadded(id, excerpt(hint.text), hint.size, hint.nuls);
    case "nulTerminated":
      return msg.doorLogNulTerminated(id, excerpt(hint.text));
  }
}
