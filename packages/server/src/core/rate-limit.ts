// Flood control for line modes: a token bucket per connection (steady rate plus a burst), and a
// record of how long a peer has kept going over it, so a mode can cut off a sustained flood.

import { intFlag, numberFlag } from "./flags.ts";
import type { FlagSpec, FlagValues } from "./mode.ts";

/** A pause this long between refused lines ends a flood: the peer slowed down. One second is
 * one refill at any useful rate, and short enough that a real flood never has such a gap. */
const FLOOD_GAP_MS = 1000;
/** Going over the rate for this long, with no second's pause, gets a client disconnected: ten
 * seconds is far past any paste, and a script stuck in a loop is cut off before it bothers the
 * class for long. */
export const FLOOD_KICK_MS = 10_000;
/** "Slow down" is said at most this often: one per dropped line would itself be a flood aimed
 * at a client that is probably not reading. */
const SLOW_DOWN_EVERY_MS = 1000;

/** The flood-control flags of the line modes where one client's lines reach the others. */
export const RATE_FLAGS: Record<string, FlagSpec> = {
  rate: {
    type: "string",
    valueName: "N",
    default: "10",
    description: "lines per second per client, in the long run (0: no flood control)",
  },
  burst: {
    type: "string",
    valueName: "N",
    default: "20",
    description: "lines a client may send at once after a quiet spell",
  },
};

/** Reads --rate and --burst. */
export function rateLimit(flags: FlagValues): RateLimit {
  return {
    rate: numberFlag(flags, "rate", 0, 1_000_000),
    burst: intFlag(flags, "burst", 1, 1_000_000),
  };
}

/** What to do with a line (see TokenBucket.admit). */
export type Admission = "ok" | "drop" | "warn" | "kick";

export interface RateLimit {
  /** Lines per second in the long run; 0 turns flood control off. */
  rate: number;
  /** Lines allowed at once after a quiet spell (a pasted paragraph). */
  burst: number;
}

/**
 * One connection's allowance. `take` spends a token per line; tokens come back at `rate` per
 * second up to `burst`. Holds four numbers and the (shared) limit, no timer and no closure, so
 * 10,000 idle clients cost nothing noticeable.
 *
 * @example
 * const bucket = new TokenBucket({ rate: 10, burst: 20 }, Date.now());
 * if (!bucket.take(Date.now())) tell("slow down");
 * if (bucket.floodingFor(Date.now()) >= 10_000) disconnect();
 */
export class TokenBucket {
  /** The server's limit, shared by every bucket (read, never changed). */
  private readonly limit: RateLimit;
  private tokens: number;
  private updatedAt: number;
  /** When the current run of refused lines began; 0 when the peer is within its rate. */
  private floodStart = 0;
  private lastRefused = 0;
  private lastWarned = 0;

  constructor(limit: RateLimit, now: number) {
    this.limit = limit;
    this.tokens = burstOf(limit);
    this.updatedAt = now;
  }

  /** Spends one token: true if the line may go through, false if it must be dropped. */
  take(now: number): boolean {
    const rate = this.limit.rate;
    if (rate <= 0) return true;
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(burstOf(this.limit), this.tokens + (elapsed * rate) / 1000);
      this.updatedAt = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (this.floodStart === 0 || now - this.lastRefused > FLOOD_GAP_MS) this.floodStart = now;
    this.lastRefused = now;
    return false;
  }

  /**
   * Spends a token and says what to do with the line: `ok` it goes through; `warn` it is
   * dropped and the peer told to slow down (at most once a second); `drop` it is dropped
   * silently; `kick` the peer kept flooding for {@link FLOOD_KICK_MS}: disconnect it.
   */
  admit(now: number): Admission {
    if (this.take(now)) return "ok";
    if (this.floodingFor(now) >= FLOOD_KICK_MS) return "kick";
    if (now - this.lastWarned < SLOW_DOWN_EVERY_MS) return "drop";
    this.lastWarned = now;
    return "warn";
  }

  /** How long the peer has kept going over its rate (refusals with no gap of a second); 0 if it
   * is not flooding now. */
  floodingFor(now: number): number {
    if (this.floodStart === 0 || now - this.lastRefused > FLOOD_GAP_MS) return 0;
    return now - this.floodStart;
  }
}

/** At least one line goes through after a quiet spell, whatever the burst says. */
function burstOf(limit: RateLimit): number {
  return Math.max(1, limit.burst);
}
