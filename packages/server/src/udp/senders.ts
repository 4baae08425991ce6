// The UDP side's memory of who sends: a token bucket per source (address:port), the senders
// seen in the last minute, and what was dropped. Socket-free: unit tests drive it with a clock.

import { type RateLimit, TokenBucket } from "../core/rate-limit.ts";

/** "Senders seen in the last minute": a source silent this long is forgotten (its bucket too,
 * which is full again by then anyway). */
export const SENDER_WINDOW_MS = 60_000;
/** Sources remembered at once. A class is a few dozen; ten thousand is a whole network of
 * scripts. Each entry holds a key of at most 47 characters and two small objects (~250 bytes),
 * so the table stays under ~2.5 MB whatever arrives. Past it, new sources (a flood of spoofed
 * addresses, most likely) share one bucket: together they get one sender's rate. */
export const MAX_SENDERS = 10_000;
/** A second without a drop ends a sender's flood: its next drop is news for the console again.
 * One line per flood, not per datagram dropped. */
const FLOOD_GAP_MS = 1000;
/** The key of the bucket the sources beyond MAX_SENDERS share. */
export const OVERFLOW_KEY = "*";

/** What `admit` decided about one datagram. */
export type Admission =
  /** Within the sender's rate, from a sender already seen this minute. */
  | "pass"
  /** Within the rate, from a sender not seen in the last minute (the console names it). */
  | "new"
  /** Over the rate: dropped and counted. */
  | "drop"
  /** Over the rate, the first drop of a run: dropped, and the console says so once. */
  | "flood";

interface Sender {
  bucket: TokenBucket;
  lastSeen: number;
  /** Datagrams admitted since the sender was (re)seen. */
  received: number;
  /** Datagrams dropped over the rate since the last report. */
  dropped: number;
  /** When the last datagram was dropped (-Infinity: never; 0 is a time in tests). */
  lastDrop: number;
}

export interface SendersReport {
  /** Sources seen in the last minute. */
  senders: number;
  /** Datagrams admitted since the last report. */
  datagrams: number;
  /** Datagrams dropped over the rate since the last report. */
  dropped: number;
}

/**
 * Per-source rate limiting and counting for one UDP socket.
 *
 * @example
 * const senders = new Senders({ rate: 1000, burst: 1000 });
 * if (senders.admit("127.0.0.1:5000", Date.now()) === "drop") return;
 * every minute: log(senders.report(Date.now()));
 */
export class Senders {
  private readonly limit: RateLimit;
  private readonly table = new Map<string, Sender>();
  private datagrams = 0;
  private dropped = 0;
  /** Datagrams from the sender of the last admitted datagram, this one included. */
  lastCount = 0;

  constructor(limit: RateLimit) {
    this.limit = limit;
  }

  /** Sources remembered now (seen within the window, give or take one sweep). */
  get size(): number {
    return this.table.size;
  }

  /** Counts one datagram from `key` and says whether it goes through. */
  admit(key: string, now: number): Admission {
    let sender = this.table.get(key);
    let fresh = false;
    if (sender === undefined || now - sender.lastSeen > SENDER_WINDOW_MS) {
      if (sender === undefined && this.table.size >= MAX_SENDERS) {
        sender = this.table.get(OVERFLOW_KEY) ?? this.add(OVERFLOW_KEY, now);
        fresh = sender.received === 0;
      } else {
        sender = this.add(key, now);
        fresh = true;
      }
    }
    sender.lastSeen = now;
    if (!sender.bucket.take(now)) {
      const news = now - sender.lastDrop > FLOOD_GAP_MS;
      sender.lastDrop = now;
      sender.dropped++;
      this.dropped++;
      return news ? "flood" : "drop";
    }
    sender.received++;
    this.datagrams++;
    this.lastCount = sender.received;
    return fresh ? "new" : "pass";
  }

  /** Forgets the sources silent for a minute. Call it every few seconds. */
  sweep(now: number): void {
    for (const [key, sender] of this.table) {
      if (now - sender.lastSeen > SENDER_WINDOW_MS) this.table.delete(key);
    }
  }

  /** Sweeps, then returns what happened since the last report and starts counting again. */
  report(now: number): SendersReport {
    this.sweep(now);
    const out = { senders: this.table.size, datagrams: this.datagrams, dropped: this.dropped };
    this.datagrams = 0;
    this.dropped = 0;
    for (const sender of this.table.values()) sender.dropped = 0;
    return out;
  }

  /** Dropped since the last report for one source (tests, the console). */
  droppedFrom(key: string): number {
    return this.table.get(key)?.dropped ?? 0;
  }

  private add(key: string, now: number): Sender {
    // Replace, not reuse: a sender back after a minute starts with a full bucket and a new count.
    const sender: Sender = {
      bucket: new TokenBucket(this.limit, now),
      lastSeen: now,
      received: 0,
      dropped: 0,
      lastDrop: Number.NEGATIVE_INFINITY,
    };
    this.table.set(key, sender);
    return sender;
  }
}
