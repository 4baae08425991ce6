// The udp screens' bookkeeping: replies matched to datagrams (same bytes, same size, oldest),
// losses after the timeout, late replies, ping's figures, and the cap on what waits.

import { describe, expect, test } from "bun:test";
import { MAX_PENDING, UdpTracker } from "../src/udpTracker.ts";

const b = (s: string) => new TextEncoder().encode(s);

describe("UdpTracker", () => {
  test("a reply is matched to the datagram with the same bytes, even out of order", () => {
    const tracker = new UdpTracker(1000);
    tracker.send(b("one"), 0);
    tracker.send(b("two"), 10);
    expect(tracker.receive(b("two"), 15)).toEqual({ kind: "reply", seq: 2, rttMs: 5 });
    expect(tracker.receive(b("one"), 20)).toEqual({ kind: "reply", seq: 1, rttMs: 20 });
    expect(tracker.receive(b("one"), 21)).toEqual({ kind: "unasked" });
  });

  test("else the same size (bytes mode), else the oldest (a server of one's own)", () => {
    const tracker = new UdpTracker(1000);
    tracker.send(b("abc"), 0);
    tracker.send(b("de"), 0);
    expect(tracker.receive(Uint8Array.of(1, 2), 1)).toMatchObject({ seq: 2 });
    expect(tracker.receive(b("whatever"), 2)).toMatchObject({ seq: 1 });
  });

  test("unanswered for the timeout: lost, oldest first; a reply after that is late", () => {
    const tracker = new UdpTracker(100);
    tracker.send(b("a"), 0);
    tracker.send(b("b"), 50);
    expect(tracker.nextDeadline()).toBe(100);
    expect(tracker.expire(99)).toEqual([]);
    expect(tracker.expire(100)).toEqual([1]);
    expect(tracker.expire(200)).toEqual([2]);
    expect(tracker.nextDeadline()).toBeUndefined();
    expect(tracker.receive(b("a"), 300)).toEqual({ kind: "late", seq: 1, rttMs: 300 });
    expect(tracker.stats()).toMatchObject({ sent: 2, received: 0, lost: 2 });
  });

  test("ping's figures: min, avg, max, mdev", () => {
    const tracker = new UdpTracker(1000);
    for (const [i, rtt] of [1, 2, 3].entries()) {
      tracker.send(b(`p${i}`), 0);
      tracker.receive(b(`p${i}`), rtt);
    }
    const stats = tracker.stats();
    expect(stats).toMatchObject({ sent: 3, received: 3, lost: 0, minMs: 1, avgMs: 2, maxMs: 3 });
    expect(stats.mdevMs).toBeCloseTo(Math.sqrt(2 / 3), 10);
  });

  test(`at most ${MAX_PENDING} wait: the next send is refused until one returns`, () => {
    const tracker = new UdpTracker(1000);
    for (let i = 0; i < MAX_PENDING; i++) expect(tracker.send(b(`${i}`), 0)).toBe(i + 1);
    expect(tracker.send(b("one more"), 0)).toBeUndefined();
    tracker.receive(b("0"), 1);
    expect(tracker.send(b("one more"), 1)).toBe(MAX_PENDING + 1);
  });
});
