// The pages of the http mode as prepared responses: Hello World (or the --body file), the
// favicon's 204, one small HTML page per error status, and the page that teaches which rule a
// refused request broke, in the server's language.

import { type HttpErrorCode, type Lang, RULE_SECTIONS } from "@socklab/protocol";
import { messages } from "../catalog/index.ts";
import { Persist, PreparedResponse } from "./response.ts";

/** The Server header (RFC 9110 §10.2.4). */
export const SERVER_NAME = "socklab";
const HTML = "text/html; charset=utf-8";
/** Seconds a client refused for --max-clients is told to wait: connections free up quickly. */
const RETRY_AFTER_S = 5;
/** Statuses the error pages exist for. */
export const ERROR_STATUSES = [400, 404, 405, 408, 413, 414, 417, 431, 501, 503, 505] as const;
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

/** Text made safe inside HTML (element content or a quoted attribute). */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A minimal valid HTML5 document (it passes the W3C validator: doctype, lang, charset, title)
 * around `body`, lines of HTML the caller has already escaped; the title is escaped here and
 * repeated as the heading.
 *
 * @example
 * htmlDocument("en", "Hello World", ["<p>Hi.</p>"]) // "<!DOCTYPE html>\n<html lang=\"en\">…"
 */
export function htmlDocument(lang: Lang, title: string, body: string[]): string {
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
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * A page of one paragraph (and maybe a quote): the http mode's pages.
 *
 * @example
 * htmlPage("en", "Hello World", "Hi.") // "<!DOCTYPE html>\n<html lang=\"en\">…<h1>Hello World</h1>…"
 */
export function htmlPage(
  lang: Lang,
  title: string,
  text: string,
  /** A last paragraph: a label, then `code` shown verbatim (escaped) in a <code> element. */
  quote?: { label: string; code: string },
): string {
  return htmlDocument(lang, title, [
    `<p>${escapeHtml(text)}</p>`,
    ...(quote === undefined
      ? []
      : [`<p>${escapeHtml(quote.label)} <code>${escapeHtml(quote.code)}</code></p>`]),
  ]);
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

/** Why a request is refused: a rule of the parser, or the request timeout. */
export type RefusalRule = HttpErrorCode | { readonly timeoutSeconds: number };

/**
 * The error page for one refused request, with `Connection: close` (the connection ends after
 * it): the rule broken in one sentence with its RFC section, and the request line received,
 * HTML-escaped. Built when needed: it quotes the request, and refusals are rare.
 *
 * @example
 * refusalPage("en", 400, "missing-host", "GET / HTTP/1.1")
 * // "HTTP/1.1 400 Bad Request\r\n…An HTTP/1.1 request must carry a Host header… (RFC 9112 §3.2)…"
 */
export function refusalPage(
  lang: Lang,
  status: ErrorStatus,
  rule: RefusalRule,
  line: string,
): Uint8Array {
  const msg = messages(lang);
  const [sentence, section] =
    typeof rule === "string"
      ? [msg.httpRule(rule), RULE_SECTIONS[rule]]
      : [msg.httpTimeoutRule(rule.timeoutSeconds), "RFC 9110 §15.5.9"];
  const quote = line === "" ? undefined : { label: msg.httpLineReceived, code: line };
  const text =
    line === ""
      ? `${sentence} (${section}) ${msg.httpNothingReceived}`
      : `${sentence} (${section})`;
  const html = htmlPage(lang, `${status} ${msg.httpErrorTitle(status)}`, text, quote);
  const response = new PreparedResponse({
    status,
    server: SERVER_NAME,
    headers: [["Content-Type", HTML]],
    body: new TextEncoder().encode(html),
  });
  return response.bytes(Persist.Close, false);
}
