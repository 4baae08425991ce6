// answer() and refusal(): what the http mode sends for a parsed request, tested without a socket
// (routing, HEAD, persistence, the refusal page's rule, section and quoted line, in en and fr).

import { describe, expect, test } from "bun:test";
import type { HttpRequest } from "@socklab/protocol";
import { answer, refusal, targetPath } from "../src/http/answer.ts";
import { helloPages } from "../src/http/pages.ts";

const dec = new TextDecoder();
const pages = helloPages("en");
const request = (over: Partial<HttpRequest> = {}): HttpRequest => ({
  kind: "request",
  method: "GET",
  target: "/",
  minor: 1,
  keepAlive: true,
  contentLength: 0,
  chunked: false,
  ...over,
});
const head = (bytes: Uint8Array) => dec.decode(bytes).split("\r\n\r\n")[0] ?? "";

describe("answer", () => {
  test("routes /, /index.html, /favicon.ico, other paths and other methods", () => {
    const status = (over: Partial<HttpRequest>) => answer(request(over), pages).status;
    expect(status({})).toBe(200);
    expect(status({ target: "/index.html?x" })).toBe(200);
    expect(status({ target: "http://h/index.html" })).toBe(200);
    expect(status({ target: "/favicon.ico" })).toBe(204);
    expect(status({ target: "/nope" })).toBe(404);
    expect(status({ method: "POST" })).toBe(405);
    expect(status({ method: "get" })).toBe(405); // methods are case-sensitive (RFC 9110 §9.1)
  });

  test("HEAD gets GET's head and no body", () => {
    const get = answer(request(), pages).bytes;
    const headOnly = answer(request({ method: "HEAD" }), pages).bytes;
    expect(head(headOnly)).toBe(head(get));
    expect(dec.decode(headOnly).endsWith("\r\n\r\n")).toBe(true);
  });

  test("persistence: 1.1 stays, close closes, 1.0 keep-alive is echoed", () => {
    expect(answer(request(), pages)).toMatchObject({ close: false });
    expect(head(answer(request(), pages).bytes)).not.toContain("Connection:");
    const closing = answer(request({ keepAlive: false }), pages);
    expect(closing.close).toBe(true);
    expect(head(closing.bytes)).toContain("Connection: close");
    const old = answer(request({ minor: 0 }), pages);
    expect(head(old.bytes)).toContain("Connection: keep-alive");
  });

  test("targetPath strips the query and the absolute form's scheme and host", () => {
    expect(targetPath("/a?b")).toBe("/a");
    expect(targetPath("http://h:80/x/y#z")).toBe("/x/y");
    expect(targetPath("http://h")).toBe("/");
    expect(targetPath("*")).toBe("*");
  });
});

describe("refusal", () => {
  test("names the rule and its section, quotes the line escaped, and closes", () => {
    const r = refusal(
      { kind: "error", status: 400, code: "missing-host", line: 'GET /"<x>& HTTP/1.1' },
      "en",
    );
    expect(r.close).toBe(true);
    const text = dec.decode(r.bytes);
    expect(text).toStartWith("HTTP/1.1 400 Bad Request\r\n");
    expect(text).toContain("Connection: close");
    expect(text).toContain("<h1>400 Bad Request</h1>");
    expect(text).toContain("must carry a Host header");
    expect(text).toContain("(RFC 9112 §3.2)");
    expect(text).toContain("<code>GET /&#34;&#60;x&#62;&#38; HTTP/1.1</code>");
    // Content-Length counts the page exactly.
    const [headText, body] = text.split("\r\n\r\n");
    const length = Number(/Content-Length: (\d+)/.exec(headText ?? "")?.[1]);
    expect(length).toBe(Buffer.byteLength(body ?? ""));
  });

  test("in French, and without a line when none arrived", () => {
    const r = refusal({ kind: "error", status: 414, code: "uri-too-long", line: "" }, "fr");
    const text = dec.decode(r.bytes);
    expect(text).toStartWith("HTTP/1.1 414 URI Too Long\r\n");
    expect(text).toContain("<h1>414 URI trop longue</h1>");
    expect(text).toContain("la cible est trop longue");
    expect(text).toContain("Aucune ligne de requête n&#39;a été reçue.");
    expect(text).not.toContain("<code>");
  });
});
