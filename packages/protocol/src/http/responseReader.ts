// Reading an HTTP/1.1 response (the client's http screen, the checker's http plan): status line,
// headers, body (Content-Length, chunked, or up to the close), with a cap on what is kept. The
// chunked coding is read by the same scanner as the request parser's (./chunked.ts).

import { ChunkScanner } from "./chunked.ts";

/** Bytes of one response kept for display: a page is a few KiB; past this the rest is counted,
 * not kept, and the screen says the body was cut. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpResponse {
  statusLine: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  /** The whole response is here (length reached, last chunk, or the server closed). */
  complete: boolean;
  /** Bytes that went past MAX_RESPONSE_BYTES and were dropped. */
  dropped: number;
}

const CRLFCRLF = [13, 10, 13, 10];

function indexOfSequence(bytes: Uint8Array, sequence: number[], from = 0): number {
  outer: for (let i = from; i + sequence.length <= bytes.length; i++) {
    for (let k = 0; k < sequence.length; k++) if (bytes[i + k] !== sequence[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Accumulates a response's bytes; `response()` is undefined until the head is complete.
 *
 * @example
 * const reader = new ResponseReader();
 * reader.push(bytes);
 * reader.response()?.status // 200
 */
export class ResponseReader {
  private buffer = new Uint8Array(0);
  private dropped = 0;
  private closed = false;

  push(bytes: Uint8Array): void {
    const room = MAX_RESPONSE_BYTES - this.buffer.length;
    if (bytes.length > room) this.dropped += bytes.length - Math.max(0, room);
    const kept = bytes.subarray(0, Math.max(0, room));
    if (kept.length === 0) return;
    const next = new Uint8Array(this.buffer.length + kept.length);
    next.set(this.buffer);
    next.set(kept, this.buffer.length);
    this.buffer = next;
  }

  /** The server closed: whatever arrived is the whole response. */
  close(): void {
    this.closed = true;
  }

  response(): HttpResponse | undefined {
    const headEnd = indexOfSequence(this.buffer, CRLFCRLF);
    if (headEnd < 0) {
      if (!this.closed || this.buffer.length === 0) return undefined;
      // Closed before the end of the head: show what there is as the status line.
      return {
        statusLine: new TextDecoder().decode(this.buffer).split(/\r?\n/)[0] ?? "",
        status: 0,
        headers: [],
        body: new Uint8Array(0),
        complete: true,
        dropped: this.dropped,
      };
    }
    const head = new TextDecoder().decode(this.buffer.subarray(0, headEnd)).split("\r\n");
    const statusLine = head[0] ?? "";
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: [string, string][] = [];
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    const header = (name: string) =>
      headers.find(([key]) => key.toLowerCase() === name)?.[1]?.toLowerCase();
    const raw = this.buffer.subarray(headEnd + 4);
    let body: Uint8Array = raw;
    let complete = this.closed;
    const length = header("content-length");
    if (header("transfer-encoding")?.includes("chunked")) {
      const decoded = decodeChunked(raw);
      body = decoded.body;
      complete ||= decoded.complete;
    } else if (length !== undefined && /^\d+$/.test(length)) {
      body = raw.subarray(0, Number(length));
      complete ||= raw.length >= Number(length);
    } else if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      complete = true; // no body by definition (RFC 9112 §6.3)
    }
    return { statusLine, status, headers, body, complete, dropped: this.dropped };
  }
}

/** Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1) as far as it has arrived: complete once
 * the final empty line is here; a framing error ends the body where it is (not complete). */
function decodeChunked(bytes: Uint8Array): { body: Uint8Array; complete: boolean } {
  const parts: Uint8Array[] = [];
  // The reader's buffer is already capped (MAX_RESPONSE_BYTES): no cap of the scanner's is hit
  // before it, and trailers are read within it too.
  const scanner = new ChunkScanner({
    maxBody: MAX_RESPONSE_BYTES,
    maxTrailers: MAX_RESPONSE_BYTES,
  });
  scanner.scan(bytes, 0, bytes.length, (start, stop) => parts.push(bytes.subarray(start, stop)));
  return { body: join(parts), complete: scanner.done };
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
