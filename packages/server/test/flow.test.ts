// The flow control's decisions, without sockets: fake connections whose outbox says since when
// the reader has taken nothing.

import { describe, expect, test } from "bun:test";
import { Flow, type FlowMember, HOLD_BUDGET_MS, LIVE_WINDOW_MS } from "../src/core/flow.ts";

class Fake implements FlowMember {
  isOpen = true;
  paused = false;
  /** `kernelTakes`: what the fake kernel does when offered the queue (see tick's probe). */
  outbox = {
    stalledSince: 0,
    offered: 0,
    kernelTakes: undefined as (() => void) | undefined,
    flush() {
      this.offered++;
      this.kernelTakes?.();
    },
  };
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
}

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

const setup = () => {
  const cut: string[] = [];
  const flow = new Flow<Fake>({ sendQueue: 1 << 20 }, 10_000, (c) => cut.push(c.name));
  return { flow, cut };
};

describe("fan-out", () => {
  test("a draining reader behind the mark holds each sender after its line; all resume when it caught up", async () => {
    const { flow } = setup();
    const reader = new Fake("reader");
    const [a, b] = [new Fake("a"), new Fake("b")];
    flow.handled(a); // nobody behind: nobody held
    expect(a.paused).toBe(false);
    reader.outbox.stalledSince = Date.now(); // the kernel took some of it just now
    flow.lagging(reader);
    expect(flow.isThrottling).toBe(true);
    flow.handled(a);
    flow.handled(b);
    expect([a.paused, b.paused, flow.heldCount]).toEqual([true, true, 2]);
    flow.caughtUp(reader);
    expect(a.paused).toBe(true); // released after the current callback, never inside it
    await microtasks();
    expect([a.paused, b.paused, flow.heldCount]).toEqual([false, false, 0]);
  });

  test("a reader that stopped draining holds nobody back, and is cut at the stall timeout", () => {
    const { flow, cut } = setup();
    const stalled = new Fake("stalled");
    const sender = new Fake("sender");
    const now = Date.now();
    stalled.outbox.stalledSince = now - LIVE_WINDOW_MS - 1;
    flow.lagging(stalled);
    expect(flow.isThrottling).toBe(false);
    flow.handled(sender);
    expect(sender.paused).toBe(false);
    flow.tick(now, [stalled, sender]);
    expect(cut).toEqual([]);
    flow.tick(now - LIVE_WINDOW_MS + 10_000, [stalled, sender]);
    expect(cut).toEqual(["stalled"]);
  });

  test("a live reader that goes quiet stops the throttling at the next tick: the held resume", async () => {
    const { flow } = setup();
    const reader = new Fake("reader");
    const sender = new Fake("sender");
    const now = Date.now();
    reader.outbox.stalledSince = now;
    flow.lagging(reader);
    flow.handled(sender);
    expect(sender.paused).toBe(true);
    flow.tick(now + LIVE_WINDOW_MS, [reader, sender]);
    await microtasks();
    expect(sender.paused).toBe(false);
    // It reads again (a drain with progress): the senders are held again.
    reader.outbox.stalledSince = Date.now();
    flow.drained(reader);
    flow.handled(sender);
    expect(sender.paused).toBe(true);
  });

  test("a reader that drains but never catches up holds the senders for HOLD_BUDGET_MS at most", async () => {
    const { flow } = setup();
    const drip = new Fake("drip");
    const sender = new Fake("sender");
    const start = Date.now();
    drip.outbox.stalledSince = start;
    flow.lagging(drip);
    flow.handled(sender);
    expect(sender.paused).toBe(true);
    // It keeps taking a little (progress just now), spell after spell of ticks...
    drip.outbox.stalledSince = start + HOLD_BUDGET_MS - 10;
    flow.tick(start + HOLD_BUDGET_MS - 10, [drip, sender]);
    expect(flow.isThrottling).toBe(true);
    drip.outbox.stalledSince = start + HOLD_BUDGET_MS + 50;
    flow.tick(start + HOLD_BUDGET_MS + 50, [drip, sender]);
    // ...but its spell is over: the room goes on without it.
    expect(flow.isThrottling).toBe(false);
    await microtasks();
    expect(sender.paused).toBe(false);
    flow.handled(sender);
    expect(sender.paused).toBe(false);
  });

  test("past the hard cap the cut is deferred to after the current callback", async () => {
    const { flow, cut } = setup();
    const reader = new Fake("reader");
    flow.overflowed(reader);
    expect(cut).toEqual([]);
    await microtasks();
    expect(cut).toEqual(["reader"]);
  });
});

describe("the tick's probe", () => {
  test("a lagging reader between two drain events is offered its bytes: taking some keeps it live", () => {
    const { flow } = setup();
    const reader = new Fake("reader");
    const sender = new Fake("sender");
    const start = Date.now();
    reader.outbox.stalledSince = start;
    flow.lagging(reader);
    expect(flow.isThrottling).toBe(true);
    // No drain event for 1.5 s (the kernel wants room for half its megabytes first), but the
    // kernel takes what the tick offers: the reader reads, it still holds the senders.
    const later = start + LIVE_WINDOW_MS + 500;
    reader.outbox.kernelTakes = () => {
      reader.outbox.stalledSince = later;
    };
    flow.tick(later, [reader, sender]);
    expect(reader.outbox.offered).toBe(1);
    expect(flow.isThrottling).toBe(true);
    expect(sender.outbox.offered).toBe(0); // only readers behind the mark are offered anything
  });

  test("a reader the kernel takes nothing from stops holding the senders", () => {
    const { flow } = setup();
    const reader = new Fake("reader");
    const start = Date.now();
    reader.outbox.stalledSince = start;
    flow.lagging(reader);
    flow.tick(start + LIVE_WINDOW_MS + 500, [reader]);
    expect(reader.outbox.offered).toBe(1);
    expect(flow.isThrottling).toBe(false);
  });
});

describe("without fan-out", () => {
  test("a lagging peer is paused until its queue empties, and cut if it stalls", () => {
    const cut: string[] = [];
    const flow = new Flow<Fake>(undefined, 2000, (c) => cut.push(c.name));
    const peer = new Fake("peer");
    const now = Date.now();
    peer.outbox.stalledSince = now;
    flow.lagging(peer);
    expect(peer.paused).toBe(true);
    flow.caughtUp(peer);
    expect(peer.paused).toBe(false);
    flow.lagging(peer);
    flow.tick(now + 1999, [peer]);
    expect(cut).toEqual([]);
    flow.tick(now + 2000, [peer]);
    expect(cut).toEqual(["peer"]);
  });
});
