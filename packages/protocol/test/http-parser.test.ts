// RequestParser: every framing rule the http mode relies on (RFC 9112), in one chunk, split at
// every byte, and pipelined; plus a property test: any chunking of a stream gives the same result.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  type HttpParseResult,
  MAX_DISCARDED_BODY,
  MAX_HEAD,
  MAX_QUOTED_LINE,
  quoteLine,
  RequestParser,
} from "../src/http/parser.ts";

const enc = new TextEncoder();

/** Every result the parser gives for the chunks, in order (stops after an error). */
function parseAll(...chunks: (string | Uint8Array)[]): HttpParseResult[] {
  const parser = new RequestParser();
  const out: HttpParseResult[] = [];
  for (const chunk of chunks) {
    parser.push(typeof chunk === "string" ? enc.encode(chunk) : chunk);
    for (let r = parser.next(); r !== undefined; r = parser.next()) out.push(r);
  }
  return out;
}

/** The one result of a complete request (or error) sent in one chunk. */
function one(text: string): HttpParseResult {
  const results = parseAll(text);
  expect(results).toHaveLength(1);
  return results[0] as HttpParseResult;
}

function errorOf(text: string): string {
  const r = one(text);
  if (r.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return `${r.status} ${r.code}`;
}

const GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

describe("well-formed requests", () => {
  test("a plain GET / HTTP/1.1 with Host", () => {
    expect(one(GET)).toEqual({
      kind: "request",
      method: "GET",
      target: "/",
      minor: 1,
      keepAlive: true,
      contentLength: 0,
      chunked: false,
    });
  });

  test("other methods, targets and headers are read as sent", () => {
    const r = one("DELETE /a/b?c=d#e HTTP/1.1\r\nhOsT:   x.y:80  \r\nAccept: */*\r\n\r\n");
    expect(r).toMatchObject({ kind: "request", method: "DELETE", target: "/a/b?c=d#e" });
  });

  test("absolute-form and asterisk-form targets (RFC 9112 §3.2.2, §3.2.4)", () => {
    expect(one("GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n")).toMatchObject({
      target: "http://a/x",
    });
    expect(one("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")).toMatchObject({ target: "*" });
  });

  test("bare LF line ends are accepted (RFC 9112 §2.2), as nc without -C sends them", () => {
    expect(one("GET / HTTP/1.1\nHost: a\n\n")).toMatchObject({ kind: "request", target: "/" });
  });

  test("empty lines before the request line are ignored (RFC 9112 §2.2)", () => {
    expect(parseAll(`\r\n\n${GET}`)).toHaveLength(1);
  });

  test("more than a few leading empty lines are noise: 400", () => {
    expect(errorOf(`${"\r\n".repeat(5)}${GET}`)).toBe("400 too-many-empty-lines");
  });

  test("header values may hold obs-text (bytes ≥ 0x80) and tabs", () => {
    const bytes = new Uint8Array([...enc.encode("GET / HTTP/1.1\r\nHost: a\r\nX: \t"), 0xe9, 0xff]);
    const r = parseAll(bytes, "\r\n\r\n");
    expect(r).toEqual([expect.objectContaining({ kind: "request" })]);
  });
});

describe("persistence (RFC 9112 §9.3)", () => {
  test("HTTP/1.1 keeps the connection unless Connection: close", () => {
    expect(one(GET)).toMatchObject({ keepAlive: true });
    expect(one("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")).toMatchObject({
      keepAlive: false,
    });
    expect(one("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n")).toMatchObject({
      keepAlive: false,
    });
  });

  test("HTTP/1.0 closes unless it asks for keep-alive, and needs no Host", () => {
    expect(one("GET / HTTP/1.0\r\n\r\n")).toMatchObject({ minor: 0, keepAlive: false });
    expect(one("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).toMatchObject({
      minor: 0,
      keepAlive: true,
    });
    expect(one("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n")).toMatchObject({
      keepAlive: false,
    });
  });
});

describe("pipelining and chunking", () => {
  test("several requests in one chunk come out in order", () => {
    const text = `${GET}HEAD /x HTTP/1.1\r\nHost: a\r\n\r\nGET /y HTTP/1.0\r\n\r\n`;
    expect(parseAll(text).map((r) => (r.kind === "request" ? r.target : r.kind))).toEqual([
      "/",
      "/x",
      "/y",
    ]);
  });

  test("one request split at every byte gives the same result", () => {
    const text = "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
    const whole = parseAll(text);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parseAll(text.slice(0, cut), text.slice(cut))).toEqual(whole);
    }
    expect(parseAll(...text.split(""))).toEqual(whole);
  });

  test("not enough bytes is a normal state: undefined, and inMessage says a request is open", () => {
    const parser = new RequestParser();
    expect(parser.inMessage).toBe(false);
    parser.push(enc.encode("GET / HT"));
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(true);
    parser.push(enc.encode("TP/1.1\r\nHost: a\r\n\r\n"));
    expect(parser.next()).toMatchObject({ kind: "request" });
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(false);
  });

  test("the caller's chunk is not kept: reusing its buffer does not change the request", () => {
    const parser = new RequestParser();
    const chunk = enc.encode("GET /abc HTTP/1.1\r\nHo");
    parser.push(chunk);
    expect(parser.next()).toBeUndefined();
    chunk.fill(0x21);
    parser.push(enc.encode("st: a\r\n\r\n"));
    expect(parser.next()).toMatchObject({ target: "/abc" });
  });

  test("a Content-Length body is skipped, across chunks, and the next request follows", () => {
    const results = parseAll(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123",
      "456",
      `789${GET}`,
    );
    expect(results.map((r) => r.kind === "request" && r.method)).toEqual(["POST", "GET"]);
    expect(results[0]).toMatchObject({ contentLength: 10 });
  });

  test("a body that looks like a request is never parsed as one", () => {
    const smuggled = GET.replace("/", "/smuggled");
    const head = `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${smuggled.length}\r\n\r\n`;
    const results = parseAll(head + smuggled + GET);
    expect(results.map((r) => r.kind === "request" && r.target)).toEqual(["/", "/"]);
  });

  test("identical repeated Content-Length values are one value (RFC 9110 §8.6)", () => {
    const r = one(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nab",
    );
    expect(r).toMatchObject({ kind: "request", contentLength: 2 });
  });
});

describe("chunked bodies (RFC 9112 §7.1)", () => {
  const POST = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

  test("are skipped, extensions and trailers included, and the next request follows", () => {
    const body = "3\r\nabc\r\nA;name=val\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
    const results = parseAll(POST + body + GET);
    expect(results.map((r) => r.kind === "request" && [r.method, r.chunked])).toEqual([
      ["POST", true],
      ["GET", false],
    ]);
  });

  test("a chunk that holds a request is never parsed as one, in any chunking", () => {
    const inner = GET.replace("/", "/smuggled");
    const text = `${POST}${inner.length.toString(16)}\r\n${inner}\r\n0\r\n\r\n${GET}`;
    for (let cut = 1; cut < text.length; cut++) {
      const results = parseAll(text.slice(0, cut), text.slice(cut));
      expect(results.map((r) => r.kind === "request" && r.target)).toEqual(["/", "/"]);
    }
  });

  test("the request comes once its chunked body is complete; until then a request is open", () => {
    const parser = new RequestParser();
    parser.push(enc.encode(`${POST}5\r\nab`));
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(true);
    parser.push(enc.encode("cde\r\n0\r\n\r\n"));
    expect(parser.next()).toMatchObject({ kind: "request", chunked: true });
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(false);
  });

  const bad: [string, string, string][] = [
    ["no size", "\r\nabc\r\n0\r\n\r\n", "400 bad-chunk"],
    ["a size that is not hex", "3g\r\nabc\r\n0\r\n\r\n", "400 bad-chunk"],
    ["a bare LF after the size", "3\nabc\r\n0\r\n\r\n", "400 bad-chunk"],
    ["a CR without LF after the size", "3\rabc\r\n0\r\n\r\n", "400 bare-cr"],
    ["data longer than its size", "3\r\nabcd\r\n0\r\n\r\n", "400 bad-chunk"],
    ["no CRLF after the data", "3\r\nabc0\r\n\r\n", "400 bad-chunk"],
    ["a control byte in an extension", "3;a\u0001\r\nabc\r\n0\r\n\r\n", "400 bad-chunk"],
    ["a size line past the cap", `3;${"x".repeat(2000)}\r\nabc\r\n0\r\n\r\n`, "400 bad-chunk"],
    // RFC 9112 §7.1.1: after the size, whitespace may only lead to ";" (a chunk extension).
    ["a size followed by junk", "4 zz\r\nabcd\r\n0\r\n\r\n", "400 bad-chunk"],
    ["a size followed by another number", "4 5\r\nabcd\r\n0\r\n\r\n", "400 bad-chunk"],
    ["trailing whitespace after the size", "4 \r\nabcd\r\n0\r\n\r\n", "400 bad-chunk"],
    // §7.1.2: trailer fields are field lines; a request line there is a missing empty line.
    ["a request line after the last chunk", `0\r\n${GET}`, "400 bad-trailer"],
    ["a trailer without a colon", "0\r\nX-Trailer\r\n\r\n", "400 bad-trailer"],
    ["a size past any body we accept", "fffffffff\r\n", "413 body-too-large"],
    ["one chunk past the body cap", "4000001\r\n", "413 body-too-large"],
  ];
  for (const [what, body, expected] of bad) {
    test(`${what} → ${expected}, and the request is not returned`, () => {
      const results = parseAll(POST + body + GET);
      const only = results[0];
      expect(only && only.kind === "error" && `${only.status} ${only.code}`).toBe(expected);
      expect(results).toHaveLength(1);
      // The error page quotes the request whose body broke.
      expect(only).toMatchObject({ line: "POST / HTTP/1.1" });
    });
  }

  test("trailers longer than a size line's cap, within a head's, are taken (RFC 9112 §7.1.2)", () => {
    // Once read a 1 KiB trailer section as a chunk-size line past its cap (400) at the final LF.
    const body = `0\r\nX-Trailer: ${"t".repeat(2000)}\r\n\r\n`;
    const results = parseAll(POST + body + GET);
    expect(results.map((r) => r.kind === "request" && r.method)).toEqual(["POST", "GET"]);
  });

  test("extensions after optional whitespace and a semicolon are skipped (RFC 9112 §7.1.1)", () => {
    const body = "4 ;a=b\r\nabcd\r\n3\t; x\r\nabc\r\n0\r\nX-T: 1\r\nY:\r\n\r\n";
    const results = parseAll(POST + body + GET);
    expect(results.map((r) => r.kind === "request" && r.method)).toEqual(["POST", "GET"]);
  });
});

describe("bad requests", () => {
  const cases: [string, string, string][] = [
    ["no request target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", "400 bad-target"],
    ["two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "400 bad-target"],
    ["an HTTP/0.9 line", "GET /\r\n\r\n", "400 missing-version"],
    ["an HTTP/0.9 line with LF", "GET /index.html\n\n", "400 missing-version"],
    ["a method alone", "GET\r\nHost: a\r\n\r\n", "400 bad-request-line"],
    [
      "an expectation other than 100-continue (RFC 9110 §10.1.1)",
      "GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n",
      "417 unsupported-expectation",
    ],
    ["a method with a bad character", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", "400 bad-method"],
    ["a lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", "400 bad-version"],
    ["a version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", "400 bad-version"],
    ["a space in the target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", "400 bad-version"],
    ["raw UTF-8 in the target", "GET /é HTTP/1.1\r\nHost: a\r\n\r\n", "400 bad-target"],
    ["HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "505 unsupported-version"],
    ["HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", "505 unsupported-version"],
    ["HTTP/0.9 in the new form", "GET / HTTP/0.9\r\n\r\n", "505 unsupported-version"],
    ["a bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", "400 bare-cr"],
    ["a bare CR after the version", "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", "400 bare-cr"],
    ["a bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", "400 bare-cr"],
    ["a bare CR as a line", "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n\r\n", "400 bare-cr"],
    ["a NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", "400 bad-header-value"],
    [
      "a header without colon",
      "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
      "400 bad-header-name",
    ],
    ["an empty field name", "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", "400 bad-header-name"],
    ["a space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "400 space-before-colon"],
    ["a tab before the colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", "400 space-before-colon"],
    ["obsolete line folding", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", "400 obs-fold"],
    ["no Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", "400 missing-host"],
    ["two Host lines", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "400 duplicate-host"],
    ["two Host lines in 1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", "400 duplicate-host"],
    ["a Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "400 bad-host"],
    ["a Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "400 bad-host"],
    [
      "a non-numeric Content-Length",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
      "400 bad-content-length",
    ],
    [
      "a negative Content-Length",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
      "400 bad-content-length",
    ],
    [
      "an empty Content-Length",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
      "400 bad-content-length",
    ],
    [
      "a Content-Length past any safe integer",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "400 bad-content-length",
    ],
    [
      "two different Content-Length lines",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "400 conflicting-content-length",
    ],
    [
      "a Content-Length list of different values",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab",
      "400 conflicting-content-length",
    ],
    [
      "Content-Length and Transfer-Encoding together",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
      "400 content-length-and-transfer-encoding",
    ],
    [
      "Transfer-Encoding then Content-Length",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
      "400 content-length-and-transfer-encoding",
    ],
    [
      "Transfer-Encoding in HTTP/1.0",
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "400 transfer-encoding-in-http-1.0",
    ],
    [
      "gzip then chunked",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "501 unknown-transfer-coding",
    ],
    [
      "chunked not last",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
      "400 chunked-not-final",
    ],
    [
      "a disguised chunked",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
      "400 chunked-not-final",
    ],
    [
      "a body over the cap",
      `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${MAX_DISCARDED_BODY + 1}\r\n\r\n`,
      "413 body-too-large",
    ],
  ];
  for (const [what, text, expected] of cases) {
    test(`${what} → ${expected}`, () => {
      expect(errorOf(text)).toBe(expected);
    });
  }

  test("an error in an unfinished head is reported at once, without waiting for its end", () => {
    expect(parseAll("GET / HTTP/1.1\r\nHost : a")).toEqual([
      { kind: "error", status: 400, code: "space-before-colon", line: "GET / HTTP/1.1" },
    ]);
    expect(parseAll("GET / HTTP/1.1 and more")).toEqual([
      { kind: "error", status: 400, code: "bad-version", line: "GET / HTTP/1.1 and more" },
    ]);
  });

  test("a head of exactly the cap passes; one byte more is 431", () => {
    const base = "GET / HTTP/1.1\r\nHost: a\r\nX: \r\n\r\n";
    const fits = base.replace("X: ", `X: ${"a".repeat(MAX_HEAD - base.length)}`);
    expect(fits.length).toBe(MAX_HEAD);
    expect(one(fits)).toMatchObject({ kind: "request" });
    expect(errorOf(fits.replace("X: ", "X: a"))).toBe("431 head-too-large");
  });

  test("a head that never ends is refused with 431 as soon as it passes the cap", () => {
    const parser = new RequestParser();
    parser.push(enc.encode("GET / HTTP/1.1\r\nX: "));
    let result: HttpParseResult | undefined;
    let sent = 0;
    while (result === undefined && sent < 4 * MAX_HEAD) {
      parser.push(enc.encode("a".repeat(100)));
      sent += 100;
      result = parser.next();
    }
    expect(result).toMatchObject({ status: 431 });
    expect(sent).toBeLessThanOrEqual(MAX_HEAD + 100);
  });

  test("a 9,000-byte URI is 414 URI Too Long, not 431 (RFC 9112 §3), however it arrives", () => {
    const long = `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: a\r\n\r\n`;
    expect(errorOf(long)).toBe("414 uri-too-long");
    // Unfinished: refused once past the cap, without waiting for the line's end.
    expect(parseAll(long.slice(0, 8300))).toMatchObject([{ status: 414 }]);
    // Dribbled in small pieces (the head's end is looked for once, not parsed again).
    const pieces = Array.from({ length: Math.ceil(long.length / 100) }, (_, k) =>
      long.slice(k * 100, k * 100 + 100),
    );
    expect(parseAll(...pieces)).toMatchObject([{ status: 414, code: "uri-too-long" }]);
    // A long header after a short request line is still 431.
    expect(errorOf(`GET / HTTP/1.1\r\nHost: a\r\nX: ${"a".repeat(9000)}\r\n\r\n`)).toBe(
      "431 head-too-large",
    );
  });

  test("after an error the parser reports nothing more and holds nothing", () => {
    const parser = new RequestParser();
    parser.push(enc.encode(`GET / HTTP/9.9\r\n\r\n${GET}`));
    expect(parser.next()).toMatchObject({ status: 505 });
    expect(parser.next()).toBeUndefined();
    parser.push(enc.encode(GET));
    expect(parser.next()).toBeUndefined();
    expect(parser.buffered).toBe(0);
    expect(parser.inMessage).toBe(false);
  });
});

describe("properties", () => {
  const request = fc.record({
    method: fc.constantFrom("GET", "HEAD", "POST", "PUT"),
    path: fc.stringMatching(/^\/[a-z0-9/._?=&-]{0,30}$/),
    minor: fc.constantFrom(0, 1),
    close: fc.boolean(),
    body: fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
    /** Chunked (HTTP/1.1 only): the body cut into pieces of these sizes. */
    chunks: fc.option(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 })),
  });
  type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;
  const chunkedBody = (body: string, sizes: number[]) => {
    let out = "";
    let at = 0;
    for (let k = 0; at < body.length; k++) {
      const piece = body.slice(at, at + (sizes[k % sizes.length] as number));
      out += `${piece.length.toString(16)}\r\n${piece}\r\n`;
      at += piece.length;
    }
    return `${out}0\r\n\r\n`;
  };
  const render = (r: Generated) => {
    const chunked = r.chunks !== null && r.minor === 1;
    const framing = chunked
      ? "Transfer-Encoding: chunked\r\n"
      : r.body
        ? `Content-Length: ${r.body.length}\r\n`
        : "";
    const body = chunked ? chunkedBody(r.body, r.chunks ?? []) : r.body;
    return (
      `${r.method} ${r.path} HTTP/1.${r.minor}\r\nHost: h\r\n` +
      `${r.close ? "Connection: close\r\n" : ""}${framing}\r\n${body}`
    );
  };

  test("a pipelined stream gives the same requests however it is cut into chunks", () => {
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (requests, cuts) => {
          const bytes = enc.encode(requests.map(render).join(""));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (const p of points) {
            chunks.push(bytes.slice(at, p));
            at = p;
          }
          chunks.push(bytes.slice(at));
          const results = parseAll(...chunks);
          expect(results.map((r) => r.kind === "request" && [r.method, r.target])).toEqual(
            requests.map((r) => [r.method, r.path]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test("random bytes never throw, and whatever is held stays under the cap", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }), (chunks) => {
        const parser = new RequestParser();
        for (const chunk of chunks) {
          parser.push(chunk);
          while (parser.next() !== undefined) {}
          expect(parser.buffered).toBeLessThanOrEqual(MAX_HEAD);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("Expect: 100-continue and bodies (RFC 9110 §10.1.1)", () => {
  const POST = (extra: string) => `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n${extra}\r\n`;

  test("asked for before the body: continue, then the request once the body arrived", () => {
    const parser = new RequestParser();
    parser.push(enc.encode(POST("Expect: 100-Continue\r\n")));
    expect(parser.next()).toEqual({ kind: "continue" });
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(true);
    parser.push(enc.encode("hello"));
    expect(parser.next()).toMatchObject({ kind: "request", method: "POST" });
    expect(parser.inMessage).toBe(false);
  });

  test("not needed when the body came with the head, nor in HTTP/1.0, nor without a body", () => {
    expect(parseAll(`${POST("Expect: 100-continue\r\n")}hello`).map((r) => r.kind)).toEqual([
      "request",
    ]);
    const old = "POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
    expect(parseAll(old, "hello").map((r) => r.kind)).toEqual(["request"]);
    const get = "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n";
    expect(parseAll(get).map((r) => r.kind)).toEqual(["request"]);
  });

  test("a trickled body: no request (so no answer) until its last byte", () => {
    const parser = new RequestParser();
    parser.push(enc.encode(POST("")));
    for (const c of "hell") {
      expect(parser.next()).toBeUndefined();
      parser.push(enc.encode(c));
    }
    expect(parser.next()).toBeUndefined();
    expect(parser.inMessage).toBe(true);
    expect(parser.receivedLine).toBe("POST / HTTP/1.1");
    parser.push(enc.encode("o"));
    expect(parser.next()).toMatchObject({ kind: "request" });
  });
});

describe("the request line an error page quotes", () => {
  test("up to its line end, controls escaped, cut at MAX_QUOTED_LINE", () => {
    const at = (text: string) => quoteLine(enc.encode(text), 0, text.length);
    expect(at("GET / HTTP/1.1\r\nHost: a\r\n")).toBe("GET / HTTP/1.1");
    expect(at("GET /\r x\r\n")).toBe("GET /\\r x");
    expect(at("GET /\0\t<b>")).toBe("GET /\\x00\\t<b>");
    expect(at("x".repeat(MAX_QUOTED_LINE + 50))).toBe(`${"x".repeat(MAX_QUOTED_LINE)}…`);
  });

  test("every error carries the line it is about", () => {
    expect(one("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")).toMatchObject({
      code: "missing-host",
      line: "GET / HTTP/1.1",
    });
    expect(one("\r\nGET /é HTTP/1.1\r\n\r\n")).toMatchObject({
      code: "bad-target",
      line: "GET /\\xc3\\xa9 HTTP/1.1",
    });
  });
});
