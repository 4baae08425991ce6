// HTTP/1.1 responses built once, as bytes: status line, headers and body ready to send, with only
// the Date patched in place once a second. The hot path of the http mode copies nothing.

/** How the response ends the exchange, which decides its Connection header (RFC 9112 §9.3). */
export const Persist = {
  /** HTTP/1.1 default: no header needed, the connection stays. */
  KeepAlive: 0,
  /** "Connection: close": the server closes after this response (RFC 9112 §9.6). */
  Close: 1,
  /** An HTTP/1.0 client asked for keep-alive: it needs the header back to keep the connection. */
  KeepAlive10: 2,
} as const;
export type Persist = (typeof Persist)[keyof typeof Persist];

/** Standard reason phrases (RFC 9110 §15) of the statuses this server sends. */
export const REASONS: Readonly<Record<number, string>> = {
  100: "Continue",
  200: "OK",
  204: "No Content",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Content Too Large",
  414: "URI Too Long",
  417: "Expectation Failed",
  431: "Request Header Fields Too Large",
  501: "Not Implemented",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

/** Length of an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7): always 29. */
export const HTTP_DATE_LENGTH = 29;

/**
 * The Date header value for a time (RFC 9110 §6.6.1, IMF-fixdate).
 *
 * @example
 * httpDate(784111777000) // "Sun, 06 Nov 1994 08:49:37 GMT"
 */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export interface ResponseSpec {
  status: number;
  /** Extra headers after Server and Date, e.g. [["Content-Type", "text/html; charset=utf-8"]]. */
  headers?: [string, string][];
  /** The body; omitted for 204 (which also gets no Content-Length: RFC 9110 §8.6). */
  body?: Uint8Array;
  /** Value of the Server header (RFC 9110 §10.2.4). */
  server: string;
  /** Date header value; `httpDate(Date.now())` when omitted. */
  date?: string;
}

const encoder = new TextEncoder();

/** The interim response to `Expect: 100-continue` (RFC 9110 §15.2.1): a status line and an
 * empty line, no headers; the final response follows once the body is read. */
export const CONTINUE_RESPONSE: Uint8Array = encoder.encode("HTTP/1.1 100 Continue\r\n\r\n");

/**
 * One response, precomputed in its three Connection variants. {@link bytes} returns a view
 * to hand straight to a socket; HEAD gets the same bytes without the body (RFC 9110 §9.3.2).
 *
 * @example
 * const ok = new PreparedResponse({ status: 200, server: "socklab",
 *   body: new TextEncoder().encode("hi"), headers: [["Content-Type", "text/plain"]] });
 * socket.write(ok.bytes(Persist.KeepAlive, false)); // "HTTP/1.1 200 OK\r\nServer: socklab\r\n…hi"
 * ok.setDate(httpDate(Date.now()));                  // once a second
 */
export class PreparedResponse {
  readonly status: number;
  /** Length of the head (status line + headers + empty line) in every variant, per variant. */
  private readonly headLengths: number[] = [];
  private readonly variants: Uint8Array[] = [];
  /** Where the 29 bytes of the Date value start; the same in every variant. */
  private readonly dateAt: number;

  constructor(spec: ResponseSpec) {
    this.status = spec.status;
    const body = spec.body;
    const statusLine = `HTTP/1.1 ${spec.status} ${REASONS[spec.status] ?? "Unknown"}\r\n`;
    const before = `${statusLine}Server: ${spec.server}\r\nDate: `;
    this.dateAt = Buffer.byteLength(before);
    let rest = "";
    for (const [name, value] of spec.headers ?? []) rest += `\r\n${name}: ${value}`;
    if (body !== undefined) rest += `\r\nContent-Length: ${body.length}`;
    const connection = ["", "\r\nConnection: close", "\r\nConnection: keep-alive"];
    const date = spec.date ?? httpDate(Date.now());
    for (const header of connection) {
      const head = encoder.encode(`${before}${date}${rest}${header}\r\n\r\n`);
      const all = new Uint8Array(head.length + (body?.length ?? 0));
      all.set(head);
      if (body) all.set(body, head.length);
      this.variants.push(all);
      this.headLengths.push(head.length);
    }
  }

  /** The bytes to send: whole, or only the head for a HEAD request. Valid until the next
   * `setDate`, which rewrites them in place (same length, so a queued copy stays well-formed). */
  bytes(persist: Persist, headOnly: boolean): Uint8Array {
    const all = this.variants[persist] as Uint8Array;
    return headOnly ? all.subarray(0, this.headLengths[persist]) : all;
  }

  /** Writes a new Date value (from {@link httpDate}) into every variant. */
  setDate(date: string): void {
    if (date.length !== HTTP_DATE_LENGTH) throw new Error(`not an IMF-fixdate: "${date}"`);
    for (const all of this.variants) encoder.encodeInto(date, all.subarray(this.dateAt));
  }
}
