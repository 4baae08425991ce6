// The class view's web server (`--view PORT`): Bun.serve gives the page and a WebSocket per page;
// the lab server's changes reach the pages in batches, FLUSH_MS apart, and a page that cannot keep
// up is dropped, never waited for. The state itself lives in ./state.ts.

import { networkInterfaces } from "node:os";
import type { Lang } from "@socklab/protocol";
import type { Server, ServerWebSocket } from "bun";
import { messages } from "../catalog/index.ts";
import type { Connection } from "../core/connection.ts";
import { usage } from "../usage.ts";
import { page } from "./page.ts";
import { ViewState } from "./state.ts";

/** Pages get at most 10 updates a second: smooth enough to watch, and 60 pages cost the server
 * 600 small sends a second whatever the lab traffic (events between two flushes are batched). */
export const FLUSH_MS = 100;
/** Bytes a page may leave unread on its WebSocket (beyond what the kernel holds). A batch is at
 * most ~20 KiB (50 chat lines), so this is over a second of updates at the busiest: past it the
 * page is dropped (closed), its memory freed; it reconnects and gets a fresh snapshot. The lab's
 * traffic never waits for a viewer. */
export const MAX_VIEWER_BUFFER = 256 * 1024;
/** Messages a page may have left unacknowledged. Each page says how many it has handled (a
 * number, nothing else: it reaches no lab server); one that falls this far behind (3 s of
 * updates at the busiest) is dropped. Counted in messages, not bytes: the kernel's buffers, which
 * grow to megabytes on their own, hide how far behind a reader really is. */
export const MAX_UNACKED = 30;
/** Pages open at once: a class and its projector, many times over; past it a newcomer gets 503. */
export const MAX_VIEWERS = 200;
/** A page sends only its count of messages handled; anything longer than this closes its socket. */
const MAX_VIEWER_MESSAGE = 1024;

export interface ViewOptions {
  port: number;
  host: string;
  /** The mode's name (a mode outside the table shows as a byte counter). */
  mode: string;
  lang: Lang;
  /** The mode keeps a timeline of chunks (inspect): others only count bytes. */
  chunks: boolean;
}

/** Per page: messages sent to it, and the count it last acknowledged. */
interface ViewerData {
  sent: number;
  acked: number;
}
type Viewer = ServerWebSocket<ViewerData>;

/** Where students can reach a server bound to `host`: each LAN IPv4 address, then loopback. */
export function reachableAddresses(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [host];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      if (entry.family === "IPv4" && !entry.internal) out.push(entry.address);
    }
  }
  out.push("127.0.0.1");
  return out;
}

/** The commands a student types to reach the lab server, for the banner. */
export function commandsFor(mode: string, host: string, port: number, udp: boolean): string[] {
  if (mode === "http") return [`curl http://${host}:${port}/`, `http://${host}:${port}/`];
  const out = [`nc ${host} ${port}`];
  if (udp) out.push(`nc -u ${host} ${port}`);
  else out.push(`telnet ${host} ${port}`);
  out.push(`socklab-client ${mode} --host ${host} --port ${port}`);
  return out;
}

/**
 * The view of one lab server: the core calls `connected`, `disconnected` and `received`; the
 * modes report to `state`.
 *
 * @example
 * const view = await startView({ port: 8080, host: "0.0.0.0", mode: "chat", lang: "en", chunks: false });
 * view.listening(4444, "0.0.0.0", false);
 */
export class View {
  readonly state: ViewState;
  readonly port: number;
  private readonly keepChunks: boolean;
  private readonly server: Server<ViewerData>;
  private readonly viewers = new Set<Viewer>();
  /** The lab's connections, for their bytes out (read from the socket at each flush, not
   * counted per write: the hot path stays as it is). */
  private readonly conns = new Map<number, Connection>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ViewOptions) {
    const msg = messages(options.lang);
    this.state = new ViewState(options.mode, msg);
    this.state.watching = false;
    this.keepChunks = options.chunks;
    const html = page(options.lang, msg.viewTitle(options.mode));
    try {
      this.server = Bun.serve<ViewerData>({
        port: options.port,
        hostname: options.host,
        fetch: (request, server) => {
          const url = new URL(request.url);
          if (request.method !== "GET" && request.method !== "HEAD")
            return new Response("read-only\n", { status: 405, headers: { allow: "GET, HEAD" } });
          if (url.pathname === "/ws") {
            if (this.viewers.size >= MAX_VIEWERS) return new Response("busy\n", { status: 503 });
            if (server.upgrade(request, { data: { sent: 0, acked: 0 } })) return undefined;
            return new Response("WebSocket expected\n", { status: 400 });
          }
          if (url.pathname !== "/") return new Response("not found\n", { status: 404 });
          return new Response(html, {
            headers: {
              "content-type": "text/html; charset=utf-8",
              "cache-control": "no-store",
              // Everything is inline: nothing may be fetched from elsewhere (a lab LAN has no
              // internet, and a projected page must never show what a student injected).
              "content-security-policy":
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:",
            },
          });
        },
        websocket: {
          maxPayloadLength: MAX_VIEWER_MESSAGE,
          backpressureLimit: MAX_VIEWER_BUFFER,
          closeOnBackpressureLimit: true,
          perMessageDeflate: false,
          idleTimeout: 120,
          sendPings: true,
          open: (ws) => this.join(ws),
          // Read-only: a page sends only how many messages it has handled.
          message: (ws, text) => {
            const count = Number(text);
            if (Number.isSafeInteger(count) && count <= ws.data.sent) ws.data.acked = count;
          },
          close: (ws) => this.leave(ws),
        },
      });
    } catch (error) {
      const text = String((error as Error).message);
      if (/in use/i.test(text)) throw usage("viewPortInUse", options.port, options.host);
      throw usage("viewCannotListen", `${options.host}:${options.port}`, text);
    }
    this.port = this.server.port ?? options.port;
  }

  /** The lab server is listening: the banner names its address and port. */
  listening(port: number, host: string, udp: boolean): void {
    const hosts = reachableAddresses(host);
    this.state.setBanner(hosts, port, commandsFor(this.state.mode, hosts[0] ?? host, port, udp));
  }

  connected(conn: Connection): void {
    this.state.opened(conn.id, conn.peer, conn.openedAt);
    this.conns.set(conn.id, conn);
  }

  disconnected(conn: Connection): void {
    this.state.closed(conn.id);
    this.conns.delete(conn.id);
  }

  received(conn: Connection, bytes: Uint8Array): void {
    this.state.read(conn.id, bytes, this.keepChunks);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  private join(ws: Viewer): void {
    // What is pending goes to the pages already open first: the newcomer's snapshot has it.
    if (this.viewers.size === 0) this.state.forget();
    else this.flush();
    this.state.watching = true;
    this.viewers.add(ws);
    this.bytesOut();
    ws.data.sent++;
    ws.send(this.state.snapshot());
    this.timer ??= setInterval(() => this.flush(), FLUSH_MS);
  }

  private leave(ws: Viewer): void {
    this.viewers.delete(ws);
    if (this.viewers.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.state.watching = false;
    this.state.forget();
  }

  private bytesOut(): void {
    for (const conn of this.conns.values()) this.state.wrote(conn.id, conn.bytesWritten);
  }

  private flush(): void {
    this.bytesOut();
    const text = this.state.take(1000 / FLUSH_MS);
    if (text === undefined) return;
    for (const ws of this.viewers) {
      // One encoding for every page. A page MAX_UNACKED behind, or with MAX_VIEWER_BUFFER piled
      // up, is dropped.
      if (ws.data.sent - ws.data.acked >= MAX_UNACKED) {
        ws.terminate();
        continue;
      }
      ws.data.sent++;
      ws.send(text);
      if (ws.getBufferedAmount() > MAX_VIEWER_BUFFER) ws.terminate();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const ws of this.viewers) ws.close(1001, "server stopping");
    this.viewers.clear();
    this.server.stop(true);
  }
}

/** Starts the view's web server; a port in use is a UsageError naming --view. */
export function startView(options: ViewOptions): View {
  return new View(options);
}
