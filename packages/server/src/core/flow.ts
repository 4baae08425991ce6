// What the core does with a reader that falls behind. Modes that answer the peer itself (echo,
// length, http) pause that peer; modes that fan one client's lines out to many (chat, game) slow
// the senders, not the reader. In both, only a reader that stopped is cut off.

import { sizeFlag } from "./flags.ts";
import type { FlagSpec, FlagValues } from "./mode.ts";

/** A reader behind the soft mark counts as draining (and so holds the senders back) while the
 * kernel took some of its bytes this recently. Past it, the reader is taken to have stopped: the
 * room goes on without it until it reads again, and it is cut at the stall timeout or the hard
 * cap. One second: far longer than any gap between a live reader's reads, even over a slow lab
 * Wi-Fi, and short enough that a frozen laptop stalls the room for at most that long. */
export const LIVE_WINDOW_MS = 1000;
/** How long one reader may hold the senders back in one spell behind the mark. A reader that
 * drains, but too slowly to ever catch up (a script reading one byte a second, to freeze the
 * room), stops holding anyone after this; its queue then grows to --send-queue and it is cut.
 * Three seconds: a live reader catches up on a 1 MiB burst in a fraction of that on a lab LAN. */
export const HOLD_BUDGET_MS = 3000;

/** A peer with bytes waiting that takes none for this long is cut off (`--stall-timeout`): a
 * program frozen in a debugger, or one that writes everything before reading anything (which
 * deadlocks against an echo server), gets a closed connection instead of a slot held forever.
 * Ten seconds: far past any live reader's pause, short enough that the teacher sees it go. */
export const DEFAULT_STALL_TIMEOUT_MS = 10_000;

/** The limits of a fan-out mode, from its flags. */
export interface FanOutLimits {
  /** Hard cap: bytes waiting for one reader (history replays aside); past it, cut off at once. */
  sendQueue: number;
}

/** The flags every fan-out mode takes, with what a client gets at each. */
export const FAN_OUT_FLAGS: Record<string, FlagSpec> = {
  "send-queue": {
    type: "string",
    valueName: "SIZE",
    default: "1MiB",
    description:
      'bytes waiting for one reader that has stopped reading; past it the reader is cut off ("send queue exceeded"). A reader that keeps reading is never cut: the senders are slowed instead',
  },
};

/** Reads --send-queue. */
export function fanOutLimits(flags: FlagValues): FanOutLimits {
  return { sendQueue: sizeFlag(flags, "send-queue", 4096, 1 << 30) };
}

/** What the flow control needs of a connection (a core Connection has it all). */
export interface FlowMember {
  readonly isOpen: boolean;
  readonly outbox: {
    readonly stalledSince: number;
    /** Offers the kernel what is queued; what it takes is the reader's progress. */
    flush(): void;
  };
  pause(): void;
  resume(): void;
}

/**
 * The flow control of one server. Readers whose queue passed the high-water mark are `lagging`.
 * Without fan-out, a lagging peer is paused until its queue empties (its own requests are what
 * fill it). With fan-out, while a lagging reader is still draining, every sender whose line was just handled is
 * paused (its further lines wait in its socket, then in its own TCP window: its `send` blocks),
 * and all are resumed once the lagging readers caught up. A lagging reader that stops draining
 * no longer holds anyone back; it is cut at the stall timeout, or by the outbox's hard cap.
 *
 * A reader holds the senders for at most HOLD_BUDGET_MS per spell behind the mark, so no reader,
 * however it reads, freezes the room for longer.
 *
 * Memory, per reader: at most the soft mark plus one line from each sender (each sender is
 * paused after its current line), and in all cases at most the hard cap.
 *
 * @example
 * const flow = new FanOutFlow(limits, (conn) => conn.destroy({ kind: "overflow" }));
 * // outbox callbacks: onHigh → flow.lagging(conn), onLow → flow.caughtUp(conn)
 * // after each line a connection sent: flow.handled(conn)
 */
export class Flow<C extends FlowMember> {
  /** Undefined: pause the lagging peer itself; else slow the senders (see above). */
  private readonly fanOut: FanOutLimits | undefined;
  private readonly stallTimeout: number;
  private readonly cut: (conn: C) => void;
  /** Readers behind the mark, and since when (the start of their spell). */
  private readonly behind = new Map<C, number>();
  private readonly held = new Set<C>();
  /** True while some lagging reader is draining: senders are held. */
  private throttling = false;
  private releaseScheduled = false;

  constructor(fanOut: FanOutLimits | undefined, stallTimeout: number, cut: (conn: C) => void) {
    this.fanOut = fanOut;
    this.stallTimeout = stallTimeout;
    this.cut = cut;
  }

  /** True while senders are being held back for a reader that is draining. */
  get isThrottling(): boolean {
    return this.throttling;
  }

  /** Senders held back right now. */
  get heldCount(): number {
    return this.held.size;
  }

  /** The reader's queue passed the high-water mark. */
  lagging(conn: C): void {
    if (!this.behind.has(conn)) this.behind.set(conn, Date.now());
    if (this.fanOut === undefined) conn.pause();
    else this.update(Date.now());
  }

  /** The reader's queue emptied. */
  caughtUp(conn: C): void {
    if (!this.behind.delete(conn)) return;
    if (this.fanOut === undefined) {
      if (conn.isOpen) conn.resume();
    } else this.update(Date.now());
  }

  /** The kernel took some of the reader's bytes (its drain): it may hold the senders again. */
  drained(conn: C): void {
    if (this.fanOut !== undefined && !this.throttling && this.behind.has(conn))
      this.update(Date.now());
  }

  /** A line of `conn` was just handled: while throttling, it is held until the readers drain. */
  handled(conn: C): void {
    if (!this.throttling || !conn.isOpen) return;
    this.held.add(conn);
    conn.pause();
  }

  /** The reader passed the hard cap (its outbox already dropped its queue): cut it off, once the
   * callback that wrote to it is over, so no notice is sent from inside another's broadcast. */
  overflowed(conn: C): void {
    this.behind.delete(conn);
    queueMicrotask(() => {
      if (conn.isOpen) this.cut(conn);
    });
  }

  /** The connection is gone. */
  closed(conn: C): void {
    this.held.delete(conn);
    if (this.behind.delete(conn)) this.update(Date.now());
  }

  /** The core's timer: cut every connection that has had bytes waiting and taken none for the
   * stall timeout (whoever paused it: the flow control, or a mode holding its requests), and
   * stop holding the senders for readers that stopped draining. One pass over the connections
   * four times a second: a few property reads each, nothing for the 10,000 idle ones to hold. */
  tick(now: number, connections: Iterable<C>): void {
    if (this.stallTimeout > 0) {
      for (const conn of connections) {
        const since = conn.outbox.stalledSince;
        if (since !== 0 && now - since >= this.stallTimeout && conn.isOpen) {
          this.behind.delete(conn);
          this.cut(conn);
        }
      }
    }
    // A drain event comes only once the kernel has room for half of what it holds, megabytes
    // for a busy loopback reader, so between two of them a reader that reads looked stalled and
    // stopped holding the senders (the open-loop bench cut 623 of 900 readers that way). Offer
    // each lagging reader its bytes again: what the kernel takes is progress, seen within a
    // tick. A reader that reads nothing has a full window: the kernel takes nothing.
    for (const conn of this.behind.keys()) conn.outbox.flush();
    if (this.fanOut !== undefined) this.update(now);
  }

  private update(now: number): void {
    let live = false;
    for (const [conn, spell] of this.behind) {
      const since = conn.outbox.stalledSince;
      if (since !== 0 && now - since < LIVE_WINDOW_MS && now - spell < HOLD_BUDGET_MS) {
        live = true;
        break;
      }
    }
    this.throttling = live;
    if (!live && this.held.size > 0 && !this.releaseScheduled) {
      // Not from here: this may run inside a write, in the middle of a broadcast, and a resumed
      // sender's waiting lines would be broadcast inside it.
      this.releaseScheduled = true;
      queueMicrotask(() => this.release());
    }
  }

  /** Resumes the held senders; a resumed one's waiting lines are handled at once, and may start
   * the throttling again, which stops the release there. */
  private release(): void {
    this.releaseScheduled = false;
    for (const conn of this.held) {
      if (this.throttling) return;
      this.held.delete(conn);
      if (conn.isOpen) conn.resume();
    }
  }
}
