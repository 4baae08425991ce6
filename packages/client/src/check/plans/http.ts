// The http checks (seed: the Hello World server a browser displays): a browser's request gets a
// valid status line and a delimited "Hello World" page, HEAD no body, keep-alive or a clean
// close, 5 successive connections and 10 at once.

import { type HttpResponse, ResponseReader } from "@socklab/protocol";
import type { Conn } from "../conn.ts";
import { fail, note, receivedOn, shown, untilQuiet } from "../evidence.ts";
import { type Check, type CheckContext, DialError, pass, type Verdict } from "../types.ts";

const SUCCESSIVE = 5;
const AT_ONCE = 10;

/** The request Chromium sends when a student types the address (its real header set). */
export function browserRequest(method: string, host: string, close = false): string {
  return [
    `${method} / HTTP/1.1`,
    `Host: ${host}`,
    `Connection: ${close ? "close" : "keep-alive"}`,
    'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"',
    "sec-ch-ua-mobile: ?0",
    'sec-ch-ua-platform: "Linux"',
    "Upgrade-Insecure-Requests: 1",
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "Sec-Fetch-Site: none",
    "Sec-Fetch-Mode: navigate",
    "Sec-Fetch-User: ?1",
    "Sec-Fetch-Dest: document",
    "Accept-Encoding: gzip, deflate, br, zstd",
    "Accept-Language: en-US,en;q=0.9",
    "",
    "",
  ].join("\r\n");
}

/** The response read from byte `at` of `conn` so far (undefined until its head is complete,
 * or the connection closed). */
function responseOn(conn: Conn, at = 0): HttpResponse | undefined {
  const reader = new ResponseReader();
  reader.push(conn.received.subarray(at));
  if (conn.serverDone) reader.close();
  return reader.response();
}

/** Bytes of the head (status line and headers, up to and with the blank line), or -1. */
function headLength(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i + 4;
    }
  }
  return -1;
}

const host = (ctx: CheckContext) => ctx.options.hostHeader ?? "localhost";

/** Sends a browser's GET on a new connection and waits for the whole response (or silence). */
async function get(ctx: CheckContext, close = false): Promise<{ conn: Conn; request: string }> {
  const conn = await ctx.dialer.dial();
  const request = browserRequest("GET", host(ctx), close);
  conn.send(request);
  await untilQuiet(conn, () => responseOn(conn)?.complete === true, ctx.options.timeoutMs);
  return { conn, request };
}

/** What was wrong with the head, as a hint: \n alone, no blank line, or no status line. */
function headHint(conn: Conn): "httpCrlf" | "httpHeadEnd" | "httpStatus" {
  const text = new TextDecoder().decode(conn.received);
  if (/^HTTP\/\d\.\d \d{3}[^\r\n]*\n/.test(text) && !/^[^\n]*\r\n/.test(text)) return "httpCrlf";
  if (/^HTTP\//.test(text)) return "httpHeadEnd";
  return "httpStatus";
}

/** A browser's request is long: evidence names it instead of showing its 700 bytes. */
function requestShown(request: string) {
  const [method = "GET", path = "/"] = request.split(" ");
  return note({ key: "browserRequest", args: [method, path] });
}

/** An answer started: the bytes begin with "HTTP/" (status line checked elsewhere). */
async function answered(conn: Conn, ms: number): Promise<boolean> {
  const starts = () => new TextDecoder().decode(conn.received.subarray(0, 5)) === "HTTP/";
  return untilQuiet(conn, () => conn.received.length >= 5, ms).then(starts);
}

export const httpChecks: Check[] = [
  {
    name: "http.status-line",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const conn = await ctx.dialer.dial();
      const request = browserRequest("GET", host(ctx));
      conn.send(request);
      await untilQuiet(conn, () => conn.received.includes(10), ms);
      const end = conn.received.indexOf(10);
      const line = new TextDecoder().decode(conn.received.subarray(0, end + 1));
      if (end >= 0 && /^HTTP\/1\.[01] 2\d\d [^\r\n]*\r\n$/.test(line)) return pass;
      return fail(
        {
          sent: requestShown(request),
          expected: note({ key: "statusLine", args: [] }),
          received: end >= 0 ? shown(line) : receivedOn(conn, ms),
        },
        end >= 0 && !line.endsWith("\r\n") ? "httpCrlf" : "httpStatus",
      );
    },
  },
  {
    name: "http.body",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const { conn, request } = await get(ctx);
      const response = responseOn(conn);
      const evidence = {
        sent: requestShown(request),
        expected: note({ key: "helloBody", args: [] }),
        received: receivedOn(conn, ms),
      };
      if (headLength(conn.received) < 0) return fail(evidence, headHint(conn));
      if (response === undefined || !response.complete) return fail(evidence, "httpLength");
      const body = new TextDecoder().decode(response.body);
      if (/hello world/i.test(body)) return pass;
      return fail(evidence, "httpBody");
    },
  },
  {
    name: "http.content-type",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const { conn, request } = await get(ctx);
      const response = headLength(conn.received) < 0 ? undefined : responseOn(conn);
      const type = response?.headers.find(([key]) => key.toLowerCase() === "content-type")?.[1];
      if (type !== undefined && /^text\/html\b/i.test(type)) return pass;
      const head = headLength(conn.received);
      return fail(
        {
          sent: requestShown(request),
          expected: note({ key: "htmlType", args: [] }),
          received: head < 0 ? receivedOn(conn, ms) : shown(conn.received.subarray(0, head)),
        },
        response === undefined ? headHint(conn) : "httpType",
      );
    },
  },
  {
    name: "http.head",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const conn = await ctx.dialer.dial();
      // "Connection: close" so that the end of the answer is the close, not a guess.
      const request = browserRequest("HEAD", host(ctx), true);
      conn.send(request);
      await untilQuiet(conn, () => conn.serverDone, ms);
      const head = headLength(conn.received);
      const evidence = {
        sent: requestShown(request),
        expected: note({ key: "noBody", args: [] }),
        received: receivedOn(conn, ms, Math.max(0, head)),
      };
      if (head < 0) return fail(evidence, headHint(conn));
      return conn.received.length === head ? pass : fail(evidence, "httpHead");
    },
  },
  {
    name: "http.keep-alive",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const { conn, request } = await get(ctx);
      const first = responseOn(conn);
      if (headLength(conn.received) < 0 || first === undefined || !first.complete) {
        return fail(
          {
            sent: requestShown(request),
            expected: note({ key: "secondOrClose", args: [] }),
            received: receivedOn(conn, ms),
          },
          headLength(conn.received) < 0 ? headHint(conn) : "httpLength",
        );
      }
      const saysClose = first.headers.some(
        ([key, value]) => key.toLowerCase() === "connection" && /close/i.test(value),
      );
      if (conn.serverDone) return pass; // a clean close after a delimited response
      if (saysClose) {
        await untilQuiet(conn, () => conn.serverDone, ms);
        return conn.serverDone
          ? pass
          : fail(
              {
                sent: requestShown(request),
                expected: note({ key: "secondOrClose", args: [] }),
                received: receivedOn(conn, ms),
              },
              "httpKeepAlive",
            );
      }
      const at = conn.received.length;
      conn.send(request);
      await untilQuiet(conn, () => responseOn(conn, at)?.complete === true, ms);
      if (responseOn(conn, at)?.complete === true && conn.received.length > at) return pass;
      return fail(
        {
          sent: requestShown(request),
          expected: note({ key: "secondOrClose", args: [] }),
          received: receivedOn(conn, ms, at),
        },
        "httpKeepAlive",
      );
    },
  },
  {
    name: "http.accepting",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      for (let i = 0; i < SUCCESSIVE; i++) {
        let conn: Conn;
        try {
          conn = await ctx.dialer.dial();
        } catch (error) {
          if (!(error instanceof DialError) || i === 0) throw error;
          return fail(
            {
              sent: note({ key: "anotherClient", args: [] }),
              expected: note({ key: "answered", args: [i, SUCCESSIVE] }),
              received: { kind: "refused", detail: error.message },
            },
            "acceptLoop",
          );
        }
        const request = browserRequest("GET", host(ctx), true);
        conn.send(request);
        if (!(await answered(conn, ms))) {
          return fail(
            {
              sent: requestShown(request),
              expected: note({ key: "answered", args: [i, SUCCESSIVE] }),
              received: receivedOn(conn, ms),
            },
            "acceptLoop",
          );
        }
        conn.close();
      }
      return pass;
    },
  },
  {
    name: "http.ten-clients",
    async run(ctx): Promise<Verdict> {
      const ms = ctx.options.timeoutMs;
      // The first client connects and says nothing yet, like a browser's spare connection:
      // a server that serves one client at a time waits for it, and the others starve.
      const idle = await ctx.dialer.dial();
      const others: Conn[] = [];
      for (let i = 1; i < AT_ONCE; i++) others.push(await ctx.dialer.dial());
      const request = browserRequest("GET", host(ctx), true);
      for (const conn of others) conn.send(request);
      const served = await Promise.all(others.map((conn) => answered(conn, ms)));
      idle.send(request);
      const idleServed = await answered(idle, ms);
      const count = served.filter(Boolean).length + (idleServed ? 1 : 0);
      if (count === AT_ONCE) return pass;
      const missed = others[served.indexOf(false)] ?? idle;
      return fail(
        {
          sent: requestShown(request),
          expected: note({ key: "answered", args: [count, AT_ONCE] }),
          received: receivedOn(missed, ms),
        },
        "multiClient",
      );
    },
  },
];
