// Incremental HTTP/1.1 request parser (RFC 9112): bytes in any chunking become requests, framing
// errors become a status to answer with. No sockets here; "not enough bytes yet" is `undefined`.
// A request is returned once its body (read and thrown away) is complete, so its answer never
// comes before the client finished sending it.

import { COLON, COMMA, CR, HTAB, LF, SP } from "../ascii.ts";
import { FIELD_CHAR, TCHAR } from "./chars.ts";
import { type ChunkError, ChunkScanner } from "./chunked.ts";

/** Cap on request line + header fields, in bytes. Browsers send 0.5-2 KiB, cookies included;
 * past it the request is refused with 431 and the connection closed, so a peer that never ends
 * its head costs at most this much memory (RFC 9110 §5.4 leaves the limit to the server;
 * 431 is RFC 6585 §5). */
export const MAX_HEAD = 8 * 1024;

/** How much of a refused request line an error page quotes: enough for any path a student
 * types, short enough that a page stays small. */
export const MAX_QUOTED_LINE = 200;

/** Cap on a request body we read and throw away. This server has no use for bodies; the cap
 * stops a client from holding a connection open forever with an endless upload. Past it: 413. */
export const MAX_DISCARDED_BODY = 64 * 1024 * 1024;

/** Empty lines tolerated before a request line (RFC 9112 §2.2: ignore "at least one"; some
 * clients send an extra CRLF after a body). More than this is noise, refused with 400. */
const MAX_LEADING_EMPTY_LINES = 4;

/** A complete, well-framed request head. Its body, if any, is skipped by the parser. */
export interface HttpRequest {
  readonly kind: "request";
  /** Case-sensitive token (RFC 9110 §9.1): "GET", "HEAD", "POST"… */
  readonly method: string;
  /** The request-target as sent: "/", "/a?b", "http://host/a" or "*" (visible ASCII only). */
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minor: 0 | 1;
  /** Whether the connection stays open after the response (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
  /** Length of the body that follows the head (read and discarded by the parser); 0 when
   * there is none or it is chunked. */
  readonly contentLength: number;
  /** The body follows in the chunked coding (RFC 9112 §7.1), also read and discarded. */
  readonly chunked: boolean;
}

/** Why a request was refused; the status says what to answer, the code what went wrong. */
export type HttpErrorCode =
  | "bad-request-line"
  | "missing-version"
  | "bad-method"
  | "bad-target"
  | "bad-version"
  | "unsupported-version"
  | "bare-cr"
  | "obs-fold"
  | "space-before-colon"
  | "bad-header-name"
  | "bad-header-value"
  | "missing-host"
  | "duplicate-host"
  | "bad-host"
  | "bad-content-length"
  | "conflicting-content-length"
  | "content-length-and-transfer-encoding"
  | "chunked-not-final"
  | "bad-chunk"
  | "bad-trailer"
  | "transfer-encoding-in-http-1.0"
  | "unknown-transfer-coding"
  | "body-too-large"
  | "head-too-large"
  | "uri-too-long"
  | "unsupported-expectation"
  | "too-many-empty-lines";

/** Where each rule is written, for the error page that names the rule broken. */
export const RULE_SECTIONS: Readonly<Record<HttpErrorCode, string>> = {
  "bad-request-line": "RFC 9112 §3",
  "missing-version": "RFC 9112 §3",
  "bad-method": "RFC 9110 §9.1",
  "bad-target": "RFC 9112 §3.2",
  "bad-version": "RFC 9112 §2.3",
  "unsupported-version": "RFC 9110 §15.6.6",
  "bare-cr": "RFC 9112 §2.2",
  "obs-fold": "RFC 9112 §5.2",
  "space-before-colon": "RFC 9112 §5.1",
  "bad-header-name": "RFC 9112 §5",
  "bad-header-value": "RFC 9110 §5.5",
  "missing-host": "RFC 9112 §3.2",
  "duplicate-host": "RFC 9112 §3.2",
  "bad-host": "RFC 9110 §7.2",
  "bad-content-length": "RFC 9110 §8.6",
  "conflicting-content-length": "RFC 9112 §6.3",
  "content-length-and-transfer-encoding": "RFC 9112 §6.3",
  "chunked-not-final": "RFC 9112 §6.3",
  "bad-chunk": "RFC 9112 §7.1",
  "bad-trailer": "RFC 9112 §7.1.2",
  "transfer-encoding-in-http-1.0": "RFC 9112 §6.1",
  "unknown-transfer-coding": "RFC 9112 §6.1",
  "body-too-large": "RFC 9110 §15.5.14",
  "head-too-large": "RFC 6585 §5",
  "uri-too-long": "RFC 9112 §3",
  "unsupported-expectation": "RFC 9110 §10.1.1",
  "too-many-empty-lines": "RFC 9112 §2.2",
};

/** A request that cannot be answered normally: reply with `status`, then close (the framing of
 * what follows is unknown, so nothing after it on this connection can be trusted). */
export interface HttpParseError {
  readonly kind: "error";
  readonly status: 400 | 413 | 414 | 417 | 431 | 501 | 505;
  readonly code: HttpErrorCode;
  /** The request line as received, for the error page (see {@link quoteLine}); "" if none. */
  readonly line: string;
}

/** The head asked `Expect: 100-continue` and its body has not started: answer
 * `100 Continue` now, the client waits for it before sending the body (RFC 9110 §10.1.1). */
export interface HttpContinue {
  readonly kind: "continue";
}

export type HttpParseResult = HttpRequest | HttpParseError | HttpContinue;

const CONTINUE: HttpContinue = { kind: "continue" };

/** What a Host value may hold: reg-name / IP-literal characters and ":port" (RFC 3986 §3.2). */
const HOST_CHAR = new Uint8Array(256);
for (const c of "-._~!$&'()*+,;=:[]%") HOST_CHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) HOST_CHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) HOST_CHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) HOST_CHAR[c] = 1;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** The request line of nearly every request: recognised without building strings. */
const GET_ROOT_11 = ascii("GET / HTTP/1.1");
const HTTP_SLASH = ascii("HTTP/");
const NAME_HOST = ascii("host");
const NAME_CONNECTION = ascii("connection");
const NAME_CONTENT_LENGTH = ascii("content-length");
const NAME_TRANSFER_ENCODING = ascii("transfer-encoding");
const NAME_EXPECT = ascii("expect");
const TOKEN_100_CONTINUE = ascii("100-continue");
const TOKEN_CLOSE = ascii("close");
const TOKEN_KEEP_ALIVE = ascii("keep-alive");
const TOKEN_CHUNKED = ascii("chunked");

/** Most content lengths fit in this many digits; more would pass MAX_SAFE_INTEGER. */
const MAX_LENGTH_DIGITS = 15;

const EMPTY = new Uint8Array(0);
/** parseHead ran out of bytes before the head's empty line. */
const INCOMPLETE = Symbol("incomplete");
const latin1 = new TextDecoder("latin1");

/** A framing error before the request line is known (the caller adds the line). */
interface Failure {
  readonly status: HttpParseError["status"];
  readonly code: HttpErrorCode;
}

function fail(status: HttpParseError["status"], code: HttpErrorCode): Failure {
  return { status, code };
}

/** A refused chunked body's status: too large is 413, trailers past the head's cap 431 (as a
 * head), a framing error 400. */
function chunkFailure(error: ChunkError): Failure {
  if (error === "body-too-large") return fail(413, error);
  if (error === "head-too-large") return fail(431, error);
  return fail(400, error);
}

/**
 * The request line at `data[start…]` as an error page may quote it: up to its line end (or
 * {@link MAX_QUOTED_LINE} bytes, then "…"), printable ASCII as is, other bytes as escapes, so
 * a bare CR or a NUL is shown where it was.
 *
 * @example
 * quoteLine(new TextEncoder().encode("GET /\r x\r\n"), 0, 12) // "GET /\\r x"
 */
export function quoteLine(data: Uint8Array, start: number, end: number): string {
  let lineEnd = data.indexOf(LF, start);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  if (lineEnd > start && data[lineEnd - 1] === CR && lineEnd < end) lineEnd--;
  const stop = Math.min(lineEnd, start + MAX_QUOTED_LINE);
  let out = "";
  for (let k = start; k < stop; k++) {
    const b = data[k] as number;
    if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === CR) out += "\\r";
    else if (b === HTAB) out += "\\t";
    else out += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return stop < lineEnd ? `${out}…` : out;
}

/** `data[start, end)` equals `lower` ignoring ASCII case (the bytes are tchars: only letters
 * have a case, and no other tchar maps onto a letter or "-" with the 0x20 bit). */
function equalsLower(data: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  if (end - start !== lower.length) return false;
  for (let k = 0; k < lower.length; k++) {
    if (((data[start + k] as number) | 0x20) !== lower[k]) return false;
  }
  return true;
}

/** Text of ASCII bytes already checked to be visible characters. */
function text(data: Uint8Array, start: number, end: number): string {
  if (end - start === 1) return String.fromCharCode(data[start] as number);
  return latin1.decode(data.subarray(start, end));
}

/** What the header fields of one request said, gathered while scanning them. */
interface HeadFacts {
  hosts: number;
  close: boolean;
  keepAlive: boolean;
  /** -1 when absent. */
  contentLength: number;
  transferEncoding: boolean;
  /** Transfer codings seen: the last one and whether any other than chunked came before. */
  lastCodingChunked: boolean;
  otherCoding: boolean;
  /** Expect: 100-continue seen; any other expectation seen. */
  expectContinue: boolean;
  otherExpectation: boolean;
}

/**
 * Incremental request parser for one connection. Feed it chunks with {@link push}, then call
 * {@link next} until it returns `undefined` (not enough bytes yet: a normal state). Several
 * requests in one chunk (pipelining) and one request over many chunks both work. After an error
 * the parser is done: the connection must be answered and closed.
 *
 * @example
 * const parser = new RequestParser();
 * parser.push(new TextEncoder().encode("GET / HTTP/1.1\r\nHo"));
 * parser.next(); // undefined: the head is not complete
 * parser.push(new TextEncoder().encode("st: a\r\n\r\n"));
 * parser.next(); // { kind: "request", method: "GET", target: "/", minor: 1, keepAlive: true, … }
 */
export class RequestParser {
  /** Bytes not parsed yet live in data[pos, end). `data` may be the caller's chunk until
   * `next` returns undefined; then what is left is copied, so chunks are never kept. */
  private data: Uint8Array = EMPTY;
  private pos = 0;
  private end = 0;
  private owned = false;
  /** Where the search for the end of the current head resumes (absolute index in data). */
  private scan = 0;
  /** Body bytes of the last request still to skip (Content-Length, or the current chunk). */
  private bodyLeft = 0;
  /** The chunked body being skipped, if any (made on the first one: most clients send none). */
  private chunked: ChunkScanner | undefined = undefined;
  private inChunked = false;
  private emptyLines = 0;
  private failed = false;
  /** Set by parseHead: just past the head's empty line. */
  private headEnd = 0;
  /** Reused for every head, so parsing a request allocates only the request. */
  private readonly facts: HeadFacts = {
    hosts: 0,
    close: false,
    keepAlive: false,
    contentLength: -1,
    transferEncoding: false,
    lastCodingChunked: false,
    otherCoding: false,
    expectContinue: false,
    otherExpectation: false,
  };
  /** A request whose head is parsed and whose body is still being skipped: returned once the
   * body is complete. */
  private pending: HttpRequest | undefined = undefined;

  /** True while a request is partly received: head bytes buffered or body bytes still due. A
   * server times this (slowloris); between requests the connection is merely idle. */
  get inMessage(): boolean {
    return !this.failed && (this.pos < this.end || this.pending !== undefined);
  }

  /** The request line of the request under way, quoted as {@link quoteLine} does ("" when
   * none): what a 408 page shows of what arrived. */
  get receivedLine(): string {
    if (this.pending !== undefined) return requestLine(this.pending);
    return quoteLine(this.data, this.pos, this.end);
  }

  /** Bytes held: an incomplete head (never more than {@link MAX_HEAD} plus one chunk), or
   * after {@link hold}, the unparsed rest of the last chunk. */
  get buffered(): number {
    return this.end - this.pos;
  }

  /** Adds received bytes. The chunk is only read, and not kept past the next `undefined`. */
  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    if (this.pos === this.end) {
      this.data = chunk;
      this.pos = this.scan = 0;
      this.end = chunk.length;
      this.owned = false;
      return;
    }
    const left = this.end - this.pos;
    const need = left + chunk.length;
    if (this.owned && this.pos + need <= this.data.length) {
      // Room after the partial head: a head dribbled byte by byte costs no copy per byte.
      this.data.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    // Doubling keeps a slowly arriving head at O(n) copies in all; MAX_HEAD bounds what is kept.
    const joined = new Uint8Array(Math.max(need, Math.min(2 * left, MAX_HEAD + 1), 256));
    joined.set(this.data.subarray(this.pos, this.end));
    joined.set(chunk, left);
    this.scan -= this.pos;
    this.data = joined;
    this.pos = 0;
    this.end = need;
    this.owned = true;
  }

  /** The next request or error, or `undefined` when more bytes are needed. */
  next(): HttpParseResult | undefined {
    if (this.failed) return undefined;
    const pending = this.pending;
    if (pending !== undefined) {
      if (this.bodyLeft > 0) {
        // RFC 9112 §6.3 (6): the body is exactly Content-Length bytes; skip them.
        const take = Math.min(this.bodyLeft, this.end - this.pos);
        this.pos += take;
        this.bodyLeft -= take;
        if (this.bodyLeft > 0) return this.needMore();
      } else if (this.inChunked) {
        const body = this.chunked as ChunkScanner;
        this.pos = body.scan(this.data, this.pos, this.end);
        if (body.error !== undefined) return this.fail(chunkFailure(body.error));
        if (!body.done) return this.needMore();
        this.inChunked = false;
      }
      this.pending = undefined;
      if (this.pos === this.end) this.release();
      return pending;
    }
    const data = this.data;
    const end = this.end;
    // RFC 9112 §2.2: empty lines before a request line are ignored, up to a point.
    for (;;) {
      if (this.pos === end) return this.needMore();
      const b = data[this.pos];
      if (b === CR && this.pos + 1 === end) return this.needMore();
      const skip = b === LF ? 1 : b === CR && data[this.pos + 1] === LF ? 2 : 0;
      if (skip === 0) break;
      if (++this.emptyLines > MAX_LEADING_EMPTY_LINES) {
        return this.fail(fail(400, "too-many-empty-lines"));
      }
      this.pos += skip;
      this.scan = this.pos;
    }
    const start = this.pos;
    if (this.scan > start && !this.headComplete()) {
      // An earlier try ran out of bytes and the empty line has not come yet: a head dribbled
      // byte by byte is scanned once for line ends, not parsed again on every byte.
      if (end - start > MAX_HEAD) return this.fail(this.tooLarge(end));
      return this.needMore();
    }
    const result = this.parseHead(data, start, end);
    if (result === INCOMPLETE) {
      if (end - start > MAX_HEAD) return this.fail(this.tooLarge(end));
      this.scan = end;
      return this.needMore();
    }
    if (!("kind" in result)) return this.fail(result);
    if (this.headEnd - start > MAX_HEAD) return this.fail(this.tooLarge(this.headEnd));
    this.pos = this.scan = this.headEnd;
    this.emptyLines = 0;
    if (result.contentLength === 0 && !result.chunked) {
      if (this.pos === end) this.release();
      return result;
    }
    // A body follows: the request is returned once it has been skipped, so that its answer
    // (and a 408 if it never ends) comes after what the client sent, never in the middle.
    this.pending = result;
    if (result.chunked) {
      // Capped like a discarded body; trailers like a head.
      this.chunked ??= new ChunkScanner({ maxBody: MAX_DISCARDED_BODY, maxTrailers: MAX_HEAD });
      this.chunked.reset();
      this.inChunked = true;
    } else this.bodyLeft = result.contentLength;
    // RFC 9110 §10.1.1: the client waits for 100 (Continue) before sending the body; not
    // needed once some of it is here. HTTP/1.0 clients cannot ask (facts ignore it there).
    if (this.facts.expectContinue && this.pos === end) return CONTINUE;
    return this.next();
  }

  /** The head passed {@link MAX_HEAD}: 414 when the request line alone does (the target is
   * what is long: RFC 9112 §3 says 414), else 431 (the header fields are). */
  private tooLarge(end: number): Failure {
    const start = this.pos;
    let lineEnd = this.data.indexOf(LF, start);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const space = this.data.indexOf(SP, start);
    if (lineEnd - start > MAX_HEAD && space >= 0 && space < lineEnd) {
      return fail(414, "uri-too-long");
    }
    return fail(431, "head-too-large");
  }

  /** Looks for the empty line that ends the head, among the bytes not looked at yet: an LF
   * right after another line end (RFC 9112 §2.2: LF or CRLF). */
  private headComplete(): boolean {
    const data = this.data;
    const start = this.pos;
    let i = this.scan;
    for (;;) {
      const lf = data.indexOf(LF, i);
      if (lf < 0 || lf >= this.end) break;
      const before = lf - 1 >= start ? data[lf - 1] : undefined;
      if (before === LF || (before === CR && lf - 2 >= start && data[lf - 2] === LF)) return true;
      i = lf + 1;
    }
    this.scan = this.end;
    return false;
  }

  /**
   * The caller stops asking for requests for a while (a server waiting for the client to read
   * its responses): what is not parsed yet is copied, so the chunk pushed last is not kept.
   * The next `next` goes on where this one stopped. `keepChunk`: the caller never reuses the
   * chunk it pushed (Bun gives each socket read a buffer of its own), so it is kept as it is
   * rather than copied: one read held, not the read plus its copy.
   */
  hold(keepChunk = false): void {
    if (this.pos === this.end) this.release();
    else if (!this.owned && !keepChunk) {
      // Keep a copy of the rest, never the caller's chunk.
      this.data = this.data.slice(this.pos, this.end);
      this.scan -= this.pos;
      this.end -= this.pos;
      this.pos = 0;
      this.owned = true;
    }
  }

  private needMore(): undefined {
    this.hold();
    return undefined;
  }

  private release(): void {
    this.data = EMPTY;
    this.pos = this.end = this.scan = 0;
    this.owned = false;
  }

  /** Ends the parser with an error that quotes the request line: the pending request's, or
   * the one starting at `pos` (a head error is always found before `pos` moves past it). */
  private fail(failure: Failure): HttpParseError {
    const pending = this.pending;
    const line =
      pending !== undefined ? requestLine(pending) : quoteLine(this.data, this.pos, this.end);
    this.failed = true;
    this.pending = undefined;
    this.bodyLeft = 0;
    this.inChunked = false;
    this.release();
    return { kind: "error", status: failure.status, code: failure.code, line };
  }

  /** Parses the head starting at `start`, in one pass over its bytes (the common request is
   * whole in one chunk). Sets `headEnd` past its empty line; INCOMPLETE when `end` comes first. */
  private parseHead(
    data: Uint8Array,
    start: number,
    end: number,
  ): HttpRequest | Failure | typeof INCOMPLETE {
    // Request line (RFC 9112 §3): method SP request-target SP HTTP-version.
    let method: string;
    let target: string;
    let minor: 0 | 1;
    let i: number;
    const after = start + GET_ROOT_11.length;
    if (
      after + 1 < end &&
      startsWith(data, start, GET_ROOT_11) &&
      (data[after] === LF || (data[after] === CR && data[after + 1] === LF))
    ) {
      method = "GET";
      target = "/";
      minor = 1;
      i = data[after] === LF ? after + 1 : after + 2;
    } else {
      i = start;
      while (i < end && TCHAR[data[i] as number] === 1) i++;
      if (i === end) return INCOMPLETE;
      if (data[i] === CR && i + 1 === end) return INCOMPLETE;
      if (data[i] !== SP || i === start) {
        if (data[i] === CR && data[i + 1] !== LF) return fail(400, "bare-cr");
        // "GET" alone on its line: a method and nothing else is no request line.
        const lineEnd = data[i] === LF || data[i] === CR;
        return fail(400, lineEnd && i > start ? "bad-request-line" : "bad-method");
      }
      method = text(data, start, i);
      const targetStart = ++i;
      // Visible ASCII only: no spaces, controls or raw UTF-8 (RFC 9112 §3.2, RFC 3986).
      while (i < end && (data[i] as number) > SP && (data[i] as number) < 0x7f) i++;
      if (i === end || (data[i] === CR && i + 1 === end)) return INCOMPLETE;
      if (data[i] !== SP || i === targetStart) {
        if (data[i] === CR && data[i + 1] !== LF) return fail(400, "bare-cr");
        // "GET /" then the line end: HTTP/0.9's form, which has no version and no headers.
        // ("GET HTTP/1.1" is the other way round: the version is there, the target is not.)
        const lineEnd = data[i] === LF || data[i] === CR;
        const noTarget = startsWith(data, targetStart, HTTP_SLASH);
        return fail(400, lineEnd && !noTarget ? "missing-version" : "bad-target");
      }
      target = text(data, targetStart, i);
      const versionStart = ++i;
      // "HTTP/1.1" is 8 bytes; past 9 without a line end it cannot be a version.
      while (i < end && data[i] !== LF && i - versionStart <= 9) i++;
      if (i === end) return INCOMPLETE;
      if (data[i] !== LF) return fail(400, "bad-version");
      const version = parseVersion(data, versionStart, data[i - 1] === CR ? i - 1 : i);
      if (typeof version !== "number") return version;
      minor = version;
      i++;
    }

    // Header fields (RFC 9112 §5), one per line, up to the empty line.
    const facts = this.facts;
    facts.hosts = 0;
    facts.close = false;
    facts.keepAlive = false;
    facts.contentLength = -1;
    facts.transferEncoding = false;
    facts.lastCodingChunked = false;
    facts.otherCoding = false;
    facts.expectContinue = false;
    facts.otherExpectation = false;
    for (;;) {
      if (i >= end) return INCOMPLETE;
      const b = data[i];
      if (b === LF) {
        this.headEnd = i + 1;
        break;
      }
      if (b === CR) {
        if (i + 1 === end) return INCOMPLETE;
        if (data[i + 1] !== LF) return fail(400, "bare-cr");
        this.headEnd = i + 2;
        break;
      }
      const next = parseField(data, i, end, facts);
      if (typeof next !== "number") return next;
      if (next < 0) return INCOMPLETE;
      i = next;
    }

    // RFC 9112 §3.2: exactly one Host in HTTP/1.1; more than one is an error in any version.
    if (facts.hosts > 1) return fail(400, "duplicate-host");
    if (facts.hosts === 0 && minor === 1) return fail(400, "missing-host");
    let contentLength = 0;
    if (facts.transferEncoding) {
      // RFC 9112 §6.3 (3) and §11.2: both framings at once is how requests are smuggled.
      if (facts.contentLength >= 0) return fail(400, "content-length-and-transfer-encoding");
      // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
      if (minor === 0) return fail(400, "transfer-encoding-in-http-1.0");
      // §6.3 (4): chunked must be the final coding, or the body's end cannot be found.
      if (!facts.lastCodingChunked) return fail(400, "chunked-not-final");
      // §6.1: a coding we do not understand (gzip, chunked) is 501. Plain chunked is decoded
      // (§7: a recipient MUST be able to parse it), so its body is never misread as a request.
      if (facts.otherCoding) return fail(501, "unknown-transfer-coding");
    }
    if (facts.contentLength > MAX_DISCARDED_BODY) return fail(413, "body-too-large");
    // RFC 9110 §10.1.1: 100-continue is the only expectation defined; another is refused with
    // 417. An HTTP/1.0 server MUST ignore the field (1.0 has no 100 Continue).
    if (minor === 0) facts.expectContinue = false;
    else if (facts.otherExpectation) return fail(417, "unsupported-expectation");
    if (facts.contentLength > 0) contentLength = facts.contentLength;
    // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only when it asked for keep-alive.
    const keepAlive = minor === 1 ? !facts.close : facts.keepAlive && !facts.close;
    const chunked = facts.transferEncoding;
    return { kind: "request", method, target, minor, keepAlive, contentLength, chunked };
  }
}

/** A parsed request's line, rebuilt for an error page about its body. */
function requestLine(request: HttpRequest): string {
  const target = request.target;
  const shown = target.length > MAX_QUOTED_LINE ? `${target.slice(0, MAX_QUOTED_LINE)}…` : target;
  return `${request.method} ${shown} HTTP/1.${request.minor}`;
}

function startsWith(data: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let k = 0; k < prefix.length; k++) if (data[at + k] !== prefix[k]) return false;
  return true;
}

/** "HTTP/1.0" → 0, "HTTP/1.1" → 1; another well-formed version → 505 (RFC 9110 §15.6.6);
 * anything else → 400 (RFC 9112 §2.3: HTTP-version is "HTTP/" DIGIT "." DIGIT, case-sensitive). */
function parseVersion(data: Uint8Array, at: number, stop: number): 0 | 1 | Failure {
  for (let k = at; k < stop; k++) if (data[k] === CR) return fail(400, "bare-cr");
  const digit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
  if (
    stop - at !== 8 ||
    data[at] !== 0x48 || // H
    data[at + 1] !== 0x54 || // T
    data[at + 2] !== 0x54 || // T
    data[at + 3] !== 0x50 || // P
    data[at + 4] !== 0x2f || // /
    !digit(data[at + 5]) ||
    data[at + 6] !== 0x2e || // .
    !digit(data[at + 7])
  ) {
    return fail(400, "bad-version");
  }
  if (data[at + 5] === 0x31 && data[at + 7] === 0x31) return 1;
  if (data[at + 5] === 0x31 && data[at + 7] === 0x30) return 0;
  return fail(505, "unsupported-version");
}

/** One header field line starting at `at`; records what matters in `facts`. Returns where the
 * next line starts, -1 when `end` comes before the line's end, or the error. */
function parseField(data: Uint8Array, at: number, end: number, facts: HeadFacts): number | Failure {
  const first = data[at] as number;
  // RFC 9112 §5.2: obsolete line folding in a request is rejected with 400.
  if (first === SP || first === HTAB) return fail(400, "obs-fold");
  let i = at;
  while (i < end && TCHAR[data[i] as number] === 1) i++;
  if (i === end) return -1;
  const b = data[i] as number;
  if (b !== COLON) {
    // RFC 9112 §5.1: no whitespace between a field name and its colon; 400.
    if (b === SP || b === HTAB) return fail(400, "space-before-colon");
    if (b === CR && i + 1 === end) return -1;
    return fail(400, b === CR && data[i + 1] !== LF ? "bare-cr" : "bad-header-name");
  }
  if (i === at) return fail(400, "bad-header-name");
  const nameEnd = i;
  i++;
  // field-value with optional whitespace around it (RFC 9112 §5.1).
  while (i < end && (data[i] === SP || data[i] === HTAB)) i++;
  const valueStart = i;
  while (i < end && FIELD_CHAR[data[i] as number] === 1) i++;
  if (i === end) return -1;
  let valueEnd = i;
  let next: number;
  if (data[i] === LF) next = i + 1;
  else if (data[i] === CR) {
    if (i + 1 === end) return -1;
    if (data[i + 1] !== LF) return fail(400, "bare-cr");
    next = i + 2;
  } else return fail(400, "bad-header-value");
  while (valueEnd > valueStart && (data[valueEnd - 1] === SP || data[valueEnd - 1] === HTAB))
    valueEnd--;

  const nameLength = nameEnd - at;
  if (nameLength === 4 && equalsLower(data, at, nameEnd, NAME_HOST)) {
    facts.hosts++;
    for (let k = valueStart; k < valueEnd; k++) {
      if (HOST_CHAR[data[k] as number] !== 1) return fail(400, "bad-host");
    }
  } else if (nameLength === 10 && equalsLower(data, at, nameEnd, NAME_CONNECTION)) {
    eachListItem(data, valueStart, valueEnd, (s, e) => {
      if (equalsLower(data, s, e, TOKEN_CLOSE)) facts.close = true;
      else if (equalsLower(data, s, e, TOKEN_KEEP_ALIVE)) facts.keepAlive = true;
      return true;
    });
  } else if (nameLength === 14 && equalsLower(data, at, nameEnd, NAME_CONTENT_LENGTH)) {
    // RFC 9110 §8.6: 1*DIGIT; a list of identical values may be taken as one, differing values
    // (here or across lines) are an unrecoverable framing error (RFC 9112 §6.3 (5)).
    let conflict = false;
    const ok = eachListItem(data, valueStart, valueEnd, (s, e) => {
      if (e - s > MAX_LENGTH_DIGITS) return false;
      let n = 0;
      for (let k = s; k < e; k++) {
        const d = (data[k] as number) - 0x30;
        if (d < 0 || d > 9) return false;
        n = n * 10 + d;
      }
      if (facts.contentLength >= 0 && facts.contentLength !== n) conflict = true;
      facts.contentLength = n;
      return true;
    });
    if (!ok) return fail(400, "bad-content-length");
    if (conflict) return fail(400, "conflicting-content-length");
  } else if (nameLength === 6 && equalsLower(data, at, nameEnd, NAME_EXPECT)) {
    // The token is case-insensitive (RFC 9110 §10.1.1); equalsLower folds letters only.
    eachListItem(data, valueStart, valueEnd, (s, e) => {
      if (equalsLower(data, s, e, TOKEN_100_CONTINUE)) facts.expectContinue = true;
      else facts.otherExpectation = true;
      return true;
    });
  } else if (nameLength === 17 && equalsLower(data, at, nameEnd, NAME_TRANSFER_ENCODING)) {
    facts.transferEncoding = true;
    eachListItem(data, valueStart, valueEnd, (s, e) => {
      // Codings may carry parameters ("gzip;q=1"); only the bare word "chunked" is chunked.
      if (facts.lastCodingChunked) facts.otherCoding = true; // chunked applied twice or not last
      const chunked = equalsLower(data, s, e, TOKEN_CHUNKED);
      if (!chunked) facts.otherCoding = true;
      facts.lastCodingChunked = chunked;
      return true;
    });
  }
  return next;
}

/** Calls `item` for each non-empty element of a comma-separated list (RFC 9110 §5.6.1), trimmed
 * of whitespace; false from `item` (or an empty list) stops and returns false. */
function eachListItem(
  data: Uint8Array,
  start: number,
  end: number,
  item: (start: number, end: number) => boolean,
): boolean {
  let seen = false;
  let s = start;
  while (s <= end) {
    let e = s;
    while (e < end && data[e] !== COMMA) e++;
    let a = s;
    let z = e;
    while (a < z && (data[a] === SP || data[a] === HTAB)) a++;
    while (z > a && (data[z - 1] === SP || data[z - 1] === HTAB)) z--;
    if (z > a) {
      seen = true;
      if (!item(a, z)) return false;
    }
    s = e + 1;
  }
  return seen;
}
