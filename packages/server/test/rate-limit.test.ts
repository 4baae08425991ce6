// The token bucket: a burst, then the steady rate; a sustained flood is measured, a pause ends it.

import { describe, expect, test } from "bun:test";
import { TokenBucket } from "../src/core/rate-limit.ts";

/** How many of `count` lines sent at `now` go through. */
function send(bucket: TokenBucket, now: number, count: number): number {
  let passed = 0;
  for (let i = 0; i < count; i++) if (bucket.take(now)) passed++;
  return passed;
}

describe("TokenBucket", () => {
  test("a full burst at once, then the rate", () => {
    const bucket = new TokenBucket({ rate: 10, burst: 20 }, 0);
    expect(send(bucket, 0, 100)).toBe(20);
    expect(send(bucket, 500, 100)).toBe(5);
    expect(send(bucket, 1500, 100)).toBe(10);
    // Quiet for long: back to a full burst, never more.
    expect(send(bucket, 60_000, 100)).toBe(20);
  });

  test("rate 0 lets everything through", () => {
    const bucket = new TokenBucket({ rate: 0, burst: 1 }, 0);
    expect(send(bucket, 0, 10_000)).toBe(10_000);
    expect(bucket.floodingFor(0)).toBe(0);
  });

  test("a flood is timed from its first refused line; a one-second pause ends it", () => {
    const bucket = new TokenBucket({ rate: 10, burst: 20 }, 0);
    expect(bucket.floodingFor(0)).toBe(0);
    for (let t = 0; t <= 4000; t += 100) send(bucket, t, 5);
    expect(bucket.floodingFor(4000)).toBeGreaterThanOrEqual(3500);
    expect(bucket.floodingFor(5200)).toBe(0); // quiet since 4000
    send(bucket, 5200, 50);
    expect(bucket.floodingFor(5200)).toBe(0); // the refill allowed a new burst, then a new flood
    send(bucket, 5300, 50);
    expect(bucket.floodingFor(5300)).toBeLessThanOrEqual(100);
  });

  test("staying within the rate is never a flood", () => {
    const bucket = new TokenBucket({ rate: 10, burst: 20 }, 0);
    for (let t = 0; t <= 20_000; t += 100) expect(send(bucket, t, 1)).toBe(1);
    expect(bucket.floodingFor(20_000)).toBe(0);
  });
});
