// Reading HTTP/1.1 responses out of the raw bytes a test peer received, for the http mode's
// end-to-end tests: status, headers and body of each, in order, with Content-Length framing.

import type { Peer } from "./peer.ts";

export interface RawResponse {
  status: number;
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** Header lines exactly as sent, in order. */
  lines: string[];
  body: string;
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder();

/**
 * The complete responses at the start of `bytes`. `methods` says which requests were HEAD (their
 * responses carry Content-Length but no body); responses past the list are taken as GET.
 */
export function parseResponses(bytes: Uint8Array, methods: string[] = []): RawResponse[] {
  const out: RawResponse[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (;;) {
    // Only the head is decoded: thousands of pipelined responses stay linear to read.
    const end = buffer.indexOf("\r\n\r\n", at);
    if (end < 0) return out;
    const headEnd = end - at;
    const lines = latin1.decode(bytes.subarray(at, end)).split("\r\n");
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(lines[0] ?? "")?.[1]);
    if (!Number.isInteger(status)) throw new Error(`not a status line: ${lines[0]}`);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const head = methods[out.length] === "HEAD";
    const length = head || status === 204 ? 0 : Number(headers["content-length"] ?? 0);
    const bodyStart = at + headEnd + 4;
    if (bytes.length < bodyStart + length) return out;
    const body = utf8.decode(bytes.subarray(bodyStart, bodyStart + length));
    out.push({ status, headers, lines, body });
    at = bodyStart + length;
  }
}

/** Waits until `count` complete responses arrived on `peer` (or it closed), returns them. */
export async function responses(
  peer: Peer,
  count: number,
  methods: string[] = [],
  ms = 5000,
): Promise<RawResponse[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = parseResponses(peer.received(), methods);
    if (got.length >= count) return got;
    if (peer.isClosed) {
      throw new Error(
        `closed after ${got.length} of ${count} responses: ${got.map((r) => r.status)}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${got.length} of ${count} responses`);
    await Bun.sleep(5);
  }
}
