// PreparedResponse and the http mode's pages: exact bytes, Content-Length, HEAD, the Connection
// variants, the Date patched in place, and the pages in both languages.

import { describe, expect, test } from "bun:test";
import { ERROR_STATUSES, helloPages, htmlPage } from "../src/http/pages.ts";
import { httpDate, Persist, PreparedResponse } from "../src/http/response.ts";

const dec = new TextDecoder();
const text = (bytes: Uint8Array) => dec.decode(bytes);
const DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

/** Splits a response into its head lines and its body. */
function split(bytes: Uint8Array): { lines: string[]; body: string } {
  const all = text(bytes);
  const at = all.indexOf("\r\n\r\n");
  return { lines: all.slice(0, at).split("\r\n"), body: all.slice(at + 4) };
}

describe("httpDate", () => {
  test("is an IMF-fixdate (RFC 9110 §5.6.7)", () => {
    expect(httpDate(784111777000)).toBe(DATE);
  });
});

describe("PreparedResponse", () => {
  const body = new TextEncoder().encode("héllo");
  const response = new PreparedResponse({
    status: 200,
    server: "socklab",
    date: DATE,
    headers: [["Content-Type", "text/plain; charset=utf-8"]],
    body,
  });

  test("the exact bytes of a keep-alive response", () => {
    expect(text(response.bytes(Persist.KeepAlive, false))).toBe(
      "HTTP/1.1 200 OK\r\nServer: socklab\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\nhéllo",
    );
  });

  test("Content-Length counts bytes, not characters", () => {
    const { lines, body: sent } = split(response.bytes(Persist.KeepAlive, false));
    expect(lines).toContain(`Content-Length: ${body.length}`);
    expect(new TextEncoder().encode(sent).length).toBe(body.length);
  });

  test("close and HTTP/1.0 keep-alive variants say so; the default says nothing", () => {
    expect(split(response.bytes(Persist.Close, false)).lines).toContain("Connection: close");
    expect(split(response.bytes(Persist.KeepAlive10, false)).lines).toContain(
      "Connection: keep-alive",
    );
    expect(text(response.bytes(Persist.KeepAlive, false))).not.toContain("Connection:");
  });

  test("HEAD gets the same head, Content-Length included, and no body (RFC 9110 §9.3.2)", () => {
    for (const persist of [Persist.KeepAlive, Persist.Close, Persist.KeepAlive10]) {
      const full = text(response.bytes(persist, false));
      const head = text(response.bytes(persist, true));
      expect(head.endsWith("\r\n\r\n")).toBe(true);
      expect(full).toBe(`${head}héllo`);
    }
  });

  test("setDate rewrites the Date of every variant in place and nothing else", () => {
    const before = text(response.bytes(Persist.Close, false));
    const held = response.bytes(Persist.Close, false);
    const later = httpDate(Date.UTC(2030, 0, 2, 3, 4, 5));
    response.setDate(later);
    expect(text(held)).toBe(before.replace(DATE, later));
    expect(text(response.bytes(Persist.KeepAlive, true))).toContain(`Date: ${later}\r\n`);
    expect(() => response.setDate("yesterday")).toThrow();
  });

  test("204 has neither body nor Content-Length (RFC 9110 §8.6)", () => {
    const none = new PreparedResponse({ status: 204, server: "socklab", date: DATE });
    const all = text(none.bytes(Persist.KeepAlive, false));
    expect(all).toBe(`HTTP/1.1 204 No Content\r\nServer: socklab\r\nDate: ${DATE}\r\n\r\n`);
  });
});

describe("pages", () => {
  test("the Hello World page is a small valid HTML5 document", () => {
    const page = htmlPage("en", "Hello World", "a <b> & c");
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain("<title>Hello World</title>");
    expect(page).toContain("<h1>Hello World</h1>");
    expect(page).toContain("a &#60;b&#62; &#38; c");
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
  });

  for (const lang of ["en", "fr"] as const) {
    test(`${lang}: hello is 200 text/html with the heading, errors have their status`, () => {
      const pages = helloPages(lang);
      const hello = split(pages.hello.bytes(Persist.KeepAlive, false));
      expect(hello.lines[0]).toBe("HTTP/1.1 200 OK");
      expect(hello.lines).toContain("Content-Type: text/html; charset=utf-8");
      expect(hello.lines).toContain("Server: socklab");
      expect(hello.body).toContain(
        lang === "en" ? "<h1>Hello World</h1>" : "<h1>Bonjour le monde</h1>",
      );
      expect(hello.body).toContain(`<html lang="${lang}">`);
      for (const status of ERROR_STATUSES) {
        const page = split(pages.errors[status].bytes(Persist.Close, false));
        expect(page.lines[0]).toStartWith(`HTTP/1.1 ${status} `);
        expect(page.body).toContain(`<h1>${status} `);
      }
      expect(split(pages.errors[405].bytes(Persist.KeepAlive, false)).lines).toContain(
        "Allow: GET, HEAD",
      );
      expect(text(pages.favicon.bytes(Persist.KeepAlive, false))).toStartWith(
        "HTTP/1.1 204 No Content\r\n",
      );
    });
  }

  test("English and French error pages differ (the text comes from the catalog)", () => {
    const en = text(helloPages("en").errors[404].bytes(Persist.KeepAlive, false));
    const fr = text(helloPages("fr").errors[404].bytes(Persist.KeepAlive, false));
    expect(en).toContain("<h1>404 Not Found</h1>");
    expect(fr).toContain("<h1>404 Page introuvable</h1>");
    expect(fr).toStartWith("HTTP/1.1 404 Not Found\r\n");
    expect(en).toContain("There is nothing at this address");
    expect(fr).toContain("Il n&#39;y a rien à cette adresse");
  });

  test("a --body replaces the page byte for byte", () => {
    const body = Uint8Array.from([0, 1, 2, 0xff]);
    const bytes = helloPages("en", body).hello.bytes(Persist.KeepAlive, false);
    expect([...bytes.subarray(bytes.length - 4)]).toEqual([0, 1, 2, 0xff]);
    expect(text(bytes)).toContain("Content-Length: 4\r\n");
  });
});
