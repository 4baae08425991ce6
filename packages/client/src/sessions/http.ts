// The http screen: choose a method and a path, see the status line, the headers, the body and
// the time taken; again and again until the person quits. One connection per request
// (`Connection: close`), as a browser's first request would go.

import { isCancel, log, select, text } from "@clack/prompts";
import { escapeBytes, type HttpResponse, ResponseReader, sanitizeText } from "@socklab/protocol";
import { formatAddress } from "../address.ts";
import { HTTP_METHODS } from "../cli.ts";
import type { PromptIO } from "../form.ts";
import type { Link } from "../link.ts";
import { formatMs, type SessionIO } from "./session.ts";

export interface HttpOptions extends SessionIO {
  io: PromptIO;
  /** The connection opened by the form; later requests open their own with `connect`. */
  link: Link;
  connect(): Promise<Link>;
  /** From --method / --path: the first request goes without asking. */
  method?: string;
  path?: string;
}

/** How long a response may take to arrive whole. Our server answers in a millisecond; a
 * student's may be slow, but past this something is stuck and the person should know. */
export const RESPONSE_TIMEOUT_MS = 10_000;

/** Body lines shown; the rest is counted. A page fits, a megabyte of JSON does not flood. */
const MAX_BODY_LINES = 60;

/** Builds the request bytes (CRLF line ends, RFC 9112 §2.1). */
export function buildRequest(method: string, path: string, host: string, body: string): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${host}`,
    "User-Agent: socklab-client",
    "Accept: */*",
    "Connection: close",
  ];
  if (body !== "" || method === "POST" || method === "PUT") {
    lines.push("Content-Type: text/plain; charset=utf-8");
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** Sends `request` on `link`, resolves with the response (or undefined if nothing came). */
function exchange(
  link: Link,
  request: string,
): Promise<{ response: HttpResponse | undefined; ms: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const reader = new ResponseReader();
    const started = performance.now();
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (link.isOpen) link.destroy();
      resolve({ response: reader.response(), ms, timedOut });
    };
    const timer = setTimeout(() => finish(true), RESPONSE_TIMEOUT_MS);
    link.listen({
      data(bytes) {
        reader.push(bytes);
        if (reader.response()?.complete) finish(false);
      },
      close() {
        reader.close();
        finish(false);
      },
    });
    link.send(request);
  });
}

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0) || new TextDecoder().decode(bytes).includes("\ufffd");
}

/** The request as it went out, one line per header line, CRLF shown, so a student sees exactly
 * what a browser-like client sends. */
export function renderRequest(request: string, theme: SessionIO["theme"]): string {
  const [head = "", body = ""] = request.split("\r\n\r\n");
  const lines = head.split("\r\n").map((line) => `${theme.dim("→")} ${line}${theme.dim("\\r\\n")}`);
  lines.push(`${theme.dim("→")} ${theme.dim("\\r\\n")}`);
  if (body !== "") lines.push(`${theme.dim("→")} ${sanitizeText(body)}`);
  return lines.join("\n");
}

function renderResponse(
  response: HttpResponse,
  ms: number,
  theme: SessionIO["theme"],
  method: string,
  msg: SessionIO["msg"],
): string {
  const color =
    response.status >= 400 || response.status === 0
      ? theme.red
      : response.status >= 300
        ? theme.yellow
        : theme.green;
  const out = [color(theme.bold(sanitizeText(response.statusLine)))];
  for (const [name, value] of response.headers) {
    out.push(`${theme.cyan(sanitizeText(name))}: ${sanitizeText(value)}`);
  }
  out.push("");
  if (response.body.length > 0) {
    const bodyText = looksBinary(response.body)
      ? escapeBytes(response.body)
      : new TextDecoder().decode(response.body);
    const lines = bodyText.split(/\r?\n/).map((line) => sanitizeText(line));
    if (lines.at(-1) === "") lines.pop();
    out.push(...lines.slice(0, MAX_BODY_LINES));
    if (lines.length > MAX_BODY_LINES)
      out.push(theme.dim(msg.httpMoreLines(lines.length - MAX_BODY_LINES)));
  } else if (method !== "HEAD") {
    out.push(theme.dim(msg.httpEmptyBody));
  }
  const size = msg.httpBodySize(response.body.length);
  const cut = response.dropped > 0 ? msg.httpNotKept(response.dropped) : "";
  out.push("", theme.dim(`${formatMs(ms, msg)} · ${size}${cut}`));
  return out.join("\n");
}

/**
 * Runs the request loop until the person quits (or cancels a prompt).
 *
 * @example
 * await http({ link, connect, io, input, output, theme });
 */
export async function http(options: HttpOptions): Promise<void> {
  const { io, theme, msg } = options;
  let link: Link | undefined = options.link;
  let method = options.method;
  let path = options.path;
  const where = formatAddress(options.link.address);
  for (;;) {
    if (method === undefined) {
      const answer = await select({
        ...io,
        message: msg.httpMethod,
        options: HTTP_METHODS.map((m) => ({ value: m as string, label: m })),
      });
      if (isCancel(answer)) break;
      method = answer;
    }
    if (path === undefined) {
      const answer = await text({
        ...io,
        message: msg.httpPath,
        placeholder: "/",
        defaultValue: "/",
        validate: (value) =>
          !value || (value.startsWith("/") && !/\s/.test(value)) ? undefined : msg.httpBadPath,
      });
      if (isCancel(answer)) break;
      path = answer;
    }
    let body = "";
    if (method === "POST" || method === "PUT") {
      const answer = await text({
        ...io,
        message: msg.httpBody,
        defaultValue: "",
      });
      if (isCancel(answer)) break;
      body = answer;
    }
    const request = buildRequest(method, path, where, body);
    log.step(`${theme.dim(where)}\n${renderRequest(request, theme)}`, io);
    try {
      // The form's connection may have been closed by the server's idle timer meanwhile.
      if (!link?.isOpen) link = await options.connect();
      let result = await exchange(link, request);
      if (result.response === undefined && !result.timedOut) {
        // Closed before a byte came: an idle connection the server dropped. Once more, fresh.
        result = await exchange(await options.connect(), request);
      }
      link = undefined;
      if (result.response) {
        log.message(renderResponse(result.response, result.ms, theme, method, msg), { ...io });
        if (result.timedOut) log.warn(msg.httpIncomplete(RESPONSE_TIMEOUT_MS / 1000), io);
      } else {
        log.error(
          result.timedOut ? msg.httpNoResponse(RESPONSE_TIMEOUT_MS / 1000) : msg.httpClosedSilent,
          io,
        );
      }
    } catch (error) {
      log.error((error as Error).message, io);
    }
    const next = await select({
      ...io,
      message: msg.httpAnother,
      options: [
        { value: "again", label: msg.httpYes },
        { value: "quit", label: msg.httpNoQuit },
      ],
    });
    if (isCancel(next) || next === "quit") break;
    method = undefined;
    path = undefined;
  }
  if (link?.isOpen) link.destroy();
}
