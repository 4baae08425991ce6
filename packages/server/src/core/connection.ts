// One client connection as the modes see it: its number, its peer, its outbox, and the ways to
// close it (gracefully, so the last reply is never lost to a reset, or at once).

import { type CloseReason, type LineDecoder, Outbox, type OutboxOptions } from "@socklab/protocol";
import type { Socket } from "bun";

/** After our FIN, how long we wait for the peer's before closing anyway. Long enough for any
 * client to read a final reply on loopback or a lab LAN; short enough that shutdown stays < 2 s. */
export const CLOSE_GRACE_MS = 1000;
/** A closing connection whose last bytes the peer takes none of for this long is cut off without
 * them: a peer that never reads must not keep its slot (and our memory) forever. Measured from
 * the last progress, not from the close, so a slow but live reader still gets a large reply. */
export const CLOSE_STALL_MS = 5000;

/** UTF-8 size of what is sent: a broadcast hands over bytes (free), a reply a short string. */
const sizeOf = (data: string | Uint8Array) =>
  typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;

export interface ConnectionHooks {
  /** The connection wants a timer check (deadline set); the core's timer wheel takes it. */
  watch(conn: Connection): void;
}

/**
 * A live connection. Nothing else in the server touches the Bun socket: writes go through the
 * outbox, closing through `end` or `destroy`.
 *
 * Memory: a server may hold 10,000 idle ones (`bun run bench memory`), so a connection is this
 * object and its outbox, and nothing else until it is used: no closure (the outbox's callbacks
 * and the line decoder's handlers are shared by the whole server and told which connection they
 * are for), no decoder between reads, no peer text until a log line asks for it.
 */
export class Connection {
  /** Client number, counted from 1 since the server started (the seed's "client #3"). */
  readonly id: number;
  readonly outbox: Outbox<Connection>;
  readonly openedAt: number;
  /** When the peer last sent something (coarse: the core's clock ticks every 250 ms). */
  lastActivity: number;
  /** Line modes: the core's decoder while it holds part of a line; undefined between reads. */
  decoder: LineDecoder<Connection> | undefined;
  /** Bytes read from the peer, and bytes queued for it (the teacher's /clients shows them). */
  bytesIn = 0;
  bytesOut = 0;
  /** Why the connection ended, once it is ending; the first reason given wins. Typed: each edge
   * (console, room, JSON) words it (./close-reason.ts). */
  reason: CloseReason | undefined;
  /** The peer sent its FIN: it will send nothing more. */
  peerEnded = false;
  /** Mode timer: `onDeadline` runs once at `deadline` (ms since epoch), unless cleared; it is
   * given the connection, so a mode passes one function for all of them. */
  deadline = 0;
  onDeadline: ((conn: Connection) => void) | undefined;
  /** The mode's own state for this connection (http: where its request stands), so a mode
   * keeps no map beside the core's connections. */
  slot: unknown = undefined;
  /** Core timer: the hard close after our FIN if the peer never answers with its own. */
  graceDeadline = 0;
  private readonly socket: Socket<Connection>;
  private readonly hooks: ConnectionHooks;
  /** Kept from the open socket: Bun no longer knows them once it is closed, when the last log
   * line about it is written. (The address string is the one Bun's socket caches anyway.) */
  private readonly peerAddress: string;
  private readonly peerPort: number;
  private ending = false;
  private closed = false;
  private paused = false;
  /** Our FIN went out: everything queued was taken by the kernel. */
  private finSent = false;

  constructor(
    socket: Socket<Connection>,
    id: number,
    now: number,
    hooks: ConnectionHooks,
    /** Shared by every connection of a server: the callbacks are given this connection. */
    outboxOptions: OutboxOptions<Connection>,
  ) {
    this.socket = socket;
    this.id = id;
    this.peerAddress = socket.remoteAddress;
    this.peerPort = socket.remotePort;
    this.openedAt = now;
    this.lastActivity = now;
    this.hooks = hooks;
    this.outbox = new Outbox(socket, outboxOptions, this);
  }

  /** `address:port` of the peer, for logs (formatted when asked: most are never logged). */
  get peer(): string {
    const address = this.peerAddress;
    return address.includes(":") ? `[${address}]:${this.peerPort}` : `${address}:${this.peerPort}`;
  }

  /** True until `end`, `destroy` or the peer closed: sends are accepted. */
  get isOpen(): boolean {
    return !this.ending && !this.closed;
  }

  /** Queues data for the peer; false (and nothing queued) once the connection is ending. */
  send(data: string | Uint8Array): boolean {
    if (this.ending || this.closed) return false;
    this.bytesOut += sizeOf(data);
    return this.outbox.write(data);
  }

  /** Like `send`, for output that does not count as the peer stalling (Outbox.writeExempt). */
  sendReplay(data: string | Uint8Array): boolean {
    if (this.ending || this.closed) return false;
    this.bytesOut += sizeOf(data);
    return this.outbox.writeExempt(data);
  }

  /** Like `send`, but written at once when nothing is queued before it (Outbox.writeNow): for a
   * reply known to be the only one to what was just read. False once the connection is ending. */
  sendNow(data: string | Uint8Array): boolean {
    if (this.ending || this.closed) return false;
    this.bytesOut += sizeOf(data);
    return this.outbox.writeNow(data);
  }

  /**
   * Graceful close: everything queued is flushed, then our side is shut (FIN), then the socket
   * is closed when the peer closes its side or after {@link CLOSE_GRACE_MS}. Closing at once
   * while the peer still sends would make the kernel answer with a reset that can destroy the
   * reply the peer has not read yet (RFC 9112 §9.6). The flush has a deadline too: a peer that
   * takes none of it for {@link CLOSE_STALL_MS} is cut off, whether or not the flush completes.
   */
  end(reason: CloseReason): void {
    if (this.ending || this.closed) return;
    this.ending = true;
    this.reason ??= reason;
    this.deadline = 0;
    this.graceDeadline = Date.now() + CLOSE_STALL_MS;
    this.hooks.watch(this);
    this.outbox.whenFlushed(() => {
      if (this.closed) return;
      this.finSent = true;
      if (this.peerEnded) {
        this.socket.end();
        return;
      }
      this.socket.shutdown();
      this.graceDeadline = Date.now() + CLOSE_GRACE_MS;
      this.hooks.watch(this);
      // Keep reading (and discarding) so the peer's FIN reaches us.
      this.socket.resume();
    });
  }

  /** Closes at once, dropping what is queued (a peer that broke the rules or stopped reading). */
  destroy(reason: CloseReason): void {
    if (this.closed) return;
    this.reason ??= reason;
    this.ending = true;
    this.outbox.close();
    this.socket.terminate();
  }

  /** Stops reading from the peer (its data waits in the kernel) until `resume`. In a line
   * mode, the lines already read but not yet handed to the mode wait too. */
  pause(): void {
    if (this.closed) return;
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    if (this.closed) return;
    this.paused = false;
    this.socket.resume();
    // Lines held while paused go first; a mode that pauses again stops them again.
    if (this.decoder?.stopped) this.decoder.resume();
  }

  /** True between `pause` and `resume`. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Runs `fn` after `ms` milliseconds unless cleared or reset; one mode timer per connection. */
  setTimer(ms: number, fn: (conn: Connection) => void): void {
    this.deadline = Date.now() + ms;
    this.onDeadline = fn;
    this.hooks.watch(this);
  }

  clearTimer(): void {
    this.deadline = 0;
    this.onDeadline = undefined;
  }

  /** Called by the core when the peer's FIN arrives. */
  peerFinished(): void {
    this.peerEnded = true;
    if (this.ending && this.outbox.queued === 0) this.socket.end();
  }

  /** Called by the core once the socket is closed. */
  markClosed(reason: CloseReason): void {
    this.closed = true;
    this.reason ??= reason;
    this.deadline = 0;
    this.graceDeadline = 0;
    this.outbox.close();
  }

  /** The close's deadline passed (the core's timer): after our FIN, close for good; before it,
   * cut off unless the peer took some of our last bytes lately, in which case it gets longer. */
  graceExpired(now: number): void {
    if (this.closed) return;
    if (this.finSent) {
      this.socket.end();
      return;
    }
    const since = this.outbox.stalledSince;
    if (since !== 0 && now - since < CLOSE_STALL_MS) {
      this.graceDeadline = since + CLOSE_STALL_MS;
      return;
    }
    this.destroy(this.reason ?? { kind: "closed" });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes the kernel took from us so far (the class view's "bytes out"). */
  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }
}
