// The UDP side's sender table: the per-source rate, one console line per flood, senders seen in
// the last minute, and the cap on how many sources it remembers.

import { describe, expect, test } from "bun:test";
import { MAX_SENDERS, SENDER_WINDOW_MS, Senders } from "../src/udp/senders.ts";

/** The verdicts for `count` datagrams from `key` at `now`. */
function admitMany(senders: Senders, key: string, now: number, count: number) {
  return Array.from({ length: count }, () => senders.admit(key, now));
}

describe("Senders", () => {
  test("a burst of `rate` at once, then `rate` per second; the rest dropped and counted", () => {
    const senders = new Senders({ rate: 5, burst: 5 });
    const first = admitMany(senders, "a:1", 0, 8);
    expect(first).toEqual(["new", "pass", "pass", "pass", "pass", "flood", "drop", "drop"]);
    // Half a second later: 2.5 tokens back, so two pass.
    expect(admitMany(senders, "a:1", 500, 4)).toEqual(["pass", "pass", "drop", "drop"]);
    expect(senders.droppedFrom("a:1")).toBe(5);
    expect(senders.report(500)).toEqual({ senders: 1, datagrams: 7, dropped: 5 });
    // The report starts the counts again.
    expect(senders.report(600)).toEqual({ senders: 1, datagrams: 0, dropped: 0 });
  });

  test("every drop in the same millisecond is one flood: the console hears of it once", () => {
    const senders = new Senders({ rate: 1, burst: 1 });
    const verdicts = admitMany(senders, "a:1", 1000, 50);
    expect(verdicts.filter((v) => v === "flood").length).toBe(1);
    // A second without a drop ends the flood: the next one is news again.
    expect(admitMany(senders, "a:1", 1500, 1)).toEqual(["drop"]);
    expect(admitMany(senders, "a:1", 3000, 2)).toEqual(["pass", "flood"]);
  });

  test("one sender's flood costs another nothing", () => {
    const senders = new Senders({ rate: 10, burst: 10 });
    admitMany(senders, "flooder:1", 0, 10_000);
    expect(admitMany(senders, "honest:2", 0, 3)).toEqual(["new", "pass", "pass"]);
  });

  test("senders in the last minute: a silent one is forgotten, and new again when back", () => {
    const senders = new Senders({ rate: 10, burst: 10 });
    senders.admit("a:1", 0);
    senders.admit("b:2", 30_000);
    expect(senders.size).toBe(2);
    senders.sweep(SENDER_WINDOW_MS + 1);
    expect(senders.size).toBe(1);
    expect(senders.admit("a:1", SENDER_WINDOW_MS + 2)).toBe("new");
    expect(senders.lastCount).toBe(1);
    // Back within the minute, not yet swept: still new, its count starts again.
    expect(senders.admit("b:2", 30_000 + SENDER_WINDOW_MS + 1)).toBe("new");
  });

  test("lastCount: datagrams from this sender, this one included", () => {
    const senders = new Senders({ rate: 10, burst: 10 });
    senders.admit("a:1", 0);
    senders.admit("b:2", 0);
    senders.admit("a:1", 0);
    expect(senders.lastCount).toBe(2);
  });

  test("rate 0: no limit", () => {
    const senders = new Senders({ rate: 0, burst: 0 });
    expect(admitMany(senders, "a:1", 0, 5000).filter((v) => v === "drop" || v === "flood")).toEqual(
      [],
    );
  });

  test(`past ${MAX_SENDERS} sources, newcomers share one bucket: the table stops growing`, () => {
    const senders = new Senders({ rate: 2, burst: 2 });
    for (let i = 0; i < MAX_SENDERS; i++) senders.admit(`10.0.${i >> 8}.${i & 0xff}:1`, 0);
    expect(senders.size).toBe(MAX_SENDERS);
    // Spoofed sources beyond the cap: together they get one sender's allowance.
    const verdicts = Array.from({ length: 100 }, (_, i) => senders.admit(`192.0.2.${i}:9`, 0));
    expect(verdicts.filter((v) => v === "new" || v === "pass").length).toBe(2);
    expect(senders.size).toBe(MAX_SENDERS + 1);
  });
});
