// The UDP screens' bookkeeping, socket-free: which datagrams wait for a reply, which reply
// answers which (UDP may lose and reorder), which are lost after the timeout, and ping's figures.

/** Datagrams waiting for a reply at once. A server that never answers cannot make this grow
 * past it: the screen refuses to send more until replies or losses catch up. */
export const MAX_PENDING = 1000;
/** Lost datagrams remembered, so a reply that comes after its timeout is shown as late rather
 * than as a reply nobody asked for. */
const LOST_REMEMBERED = 100;

interface Outstanding {
  seq: number;
  bytes: Uint8Array;
  sentAt: number;
}

/** What a datagram from the server is to us. */
export type Arrival =
  | { kind: "reply"; seq: number; rttMs: number }
  /** The reply to a datagram already counted lost: UDP delivered it, but too late. */
  | { kind: "late"; seq: number; rttMs: number }
  /** Nothing we sent matches (a server that talks first, or a duplicate). */
  | { kind: "unasked" };

export interface UdpStats {
  sent: number;
  received: number;
  lost: number;
  /** Round-trip times of the replies, in milliseconds. */
  minMs: number;
  avgMs: number;
  maxMs: number;
  /** Standard deviation, as ping's mdev. */
  mdevMs: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Sent datagrams and their fate. A reply is matched to the oldest pending datagram with the
 * same bytes (echo), else the same size (bytes), else the oldest one (a student's server).
 *
 * @example
 * const tracker = new UdpTracker(1000);
 * const seq = tracker.send(bytes, performance.now());
 * tracker.receive(reply, performance.now()); // { kind: "reply", seq, rttMs }
 * tracker.expire(performance.now()); // seqs lost
 */
export class UdpTracker {
  private readonly lossMs: number;
  private pending: Outstanding[] = [];
  private lost: Outstanding[] = [];
  private nextSeq = 1;
  private sent = 0;
  private lostCount = 0;
  // Running sums, not a list: a session that runs all day holds four numbers.
  private replies = 0;
  private sumMs = 0;
  private sumSquaresMs = 0;
  private minMs = Number.POSITIVE_INFINITY;
  private maxMs = 0;

  /** `lossMs`: a datagram without a reply for this long is counted lost. */
  constructor(lossMs: number) {
    this.lossMs = lossMs;
  }

  /** Datagrams waiting for their reply. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Records a datagram being sent; its sequence number, or undefined when MAX_PENDING wait. */
  send(bytes: Uint8Array, now: number): number | undefined {
    if (this.pending.length >= MAX_PENDING) return undefined;
    const seq = this.nextSeq++;
    this.pending.push({ seq, bytes: bytes.slice(), sentAt: now });
    this.sent++;
    return seq;
  }

  /** Matches a datagram from the server to what we sent. */
  receive(bytes: Uint8Array, now: number): Arrival {
    const at = pick(this.pending, bytes);
    if (at >= 0) {
      const [done] = this.pending.splice(at, 1) as [Outstanding];
      const rttMs = now - done.sentAt;
      this.replies++;
      this.sumMs += rttMs;
      this.sumSquaresMs += rttMs * rttMs;
      this.minMs = Math.min(this.minMs, rttMs);
      this.maxMs = Math.max(this.maxMs, rttMs);
      return { kind: "reply", seq: done.seq, rttMs };
    }
    const late = this.lost.findIndex((d) => sameBytes(d.bytes, bytes));
    if (late >= 0) {
      const [done] = this.lost.splice(late, 1) as [Outstanding];
      return { kind: "late", seq: done.seq, rttMs: now - done.sentAt };
    }
    return { kind: "unasked" };
  }

  /** The datagrams whose time is up, now counted lost (oldest first). */
  expire(now: number): number[] {
    const out: number[] = [];
    while (
      this.pending.length > 0 &&
      now - (this.pending[0] as Outstanding).sentAt >= this.lossMs
    ) {
      const gone = this.pending.shift() as Outstanding;
      out.push(gone.seq);
      this.lostCount++;
      this.lost.push(gone);
      if (this.lost.length > LOST_REMEMBERED) this.lost.shift();
    }
    return out;
  }

  /** When the oldest pending datagram will be lost, or undefined if none waits. */
  nextDeadline(): number | undefined {
    const first = this.pending[0];
    return first === undefined ? undefined : first.sentAt + this.lossMs;
  }

  stats(): UdpStats {
    const n = this.replies;
    const avg = n === 0 ? 0 : this.sumMs / n;
    const square = n === 0 ? 0 : this.sumSquaresMs / n;
    return {
      sent: this.sent,
      received: n,
      lost: this.lostCount,
      minMs: n === 0 ? 0 : this.minMs,
      avgMs: avg,
      maxMs: this.maxMs,
      mdevMs: Math.sqrt(Math.max(0, square - avg * avg)),
    };
  }
}

/** Which pending datagram a reply answers: same bytes, else same size, else the oldest. */
function pick(pending: Outstanding[], bytes: Uint8Array): number {
  if (pending.length === 0) return -1;
  const same = pending.findIndex((d) => sameBytes(d.bytes, bytes));
  if (same >= 0) return same;
  const sized = pending.findIndex((d) => d.bytes.length === bytes.length);
  return Math.max(sized, 0); // -1 (no same size) becomes the oldest, 0
}
