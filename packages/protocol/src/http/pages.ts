// The pages of the http mode as prepared responses: Hello World (or the --body file), the
// favicon's 204, and one small HTML page per error status, in the server's language.

import { type Lang, messages } from "../catalog/index.ts";
import { PreparedResponse } from "./response.ts";

/** The Server header (RFC 9110 §10.2.4). */
export const SERVER_NAME = "socklab";
const HTML = "text/html; charset=utf-8";
/** Seconds a client refused for --max-clients is told to wait: connections free up quickly. */
const RETRY_AFTER_S = 5;
/** Statuses the error pages exist for. */
export const ERROR_STATUSES = [400, 404, 405, 408, 413, 431, 501, 503, 505] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export interface HelloPages {
  /** 200: GET / and HEAD /. */
  hello: PreparedResponse;
  /** 204 for /favicon.ico: browsers ask for it, and "nothing" beats a 404 in their console. */
  favicon: PreparedResponse;
  errors: Readonly<Record<ErrorStatus, PreparedResponse>>;
  /** Every response above, for the once-a-second Date refresh. */
  all: PreparedResponse[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A minimal valid HTML5 document (it passes the W3C validator: doctype, lang, charset, title).
 *
 * @example
 * htmlPage("en", "Hello World", "Hi.") // "<!DOCTYPE html>\n<html lang=\"en\">…<h1>Hello World</h1>…"
 */
export function htmlPage(lang: Lang, title: string, text: string): string {
  const t = escapeHtml(title);
  return [
    "<!DOCTYPE html>",
    `<html lang="${lang}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t}</title>`,
    "</head>",
    "<body>",
    `<h1>${t}</h1>`,
    `<p>${escapeHtml(text)}</p>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * Builds every response the http mode sends. `body` replaces the Hello World page (--body FILE).
 *
 * @example
 * const pages = helloPages("fr");
 * pages.hello.bytes(Persist.KeepAlive, false) // "HTTP/1.1 200 OK\r\n…<h1>Hello World</h1>…"
 */
export function helloPages(lang: Lang, body?: Uint8Array): HelloPages {
  const msg = messages(lang);
  const encoder = new TextEncoder();
  const page = (status: number, html: string, extra: [string, string][] = []) =>
    new PreparedResponse({
      status,
      server: SERVER_NAME,
      headers: [["Content-Type", HTML], ...extra],
      body: encoder.encode(html),
    });
  const hello = new PreparedResponse({
    status: 200,
    server: SERVER_NAME,
    headers: [["Content-Type", HTML]],
    body: body ?? encoder.encode(htmlPage(lang, msg.httpPageTitle, msg.httpPageText)),
  });
  const favicon = new PreparedResponse({ status: 204, server: SERVER_NAME });
  const errors = {} as Record<ErrorStatus, PreparedResponse>;
  for (const status of ERROR_STATUSES) {
    const title = `${status} ${msg.httpErrorTitle(status)}`;
    // RFC 9110 §15.5.6: a 405 lists the methods the resource supports; §15.6.4 and §10.2.3: a
    // 503 (server full) may say when to come back.
    const extra: [string, string][] =
      status === 405
        ? [["Allow", "GET, HEAD"]]
        : status === 503
          ? [["Retry-After", String(RETRY_AFTER_S)]]
          : [];
    errors[status] = page(status, htmlPage(lang, title, msg.httpErrorText(status)), extra);
  }
  return { hello, favicon, errors, all: [hello, favicon, ...Object.values(errors)] };
}
