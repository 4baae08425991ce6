// Outbox against a fake sink that takes only N bytes per call (like a full kernel buffer) and
// answers -1 once closed: nothing lost, order kept, one write per tick, water marks, whenFlushed.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { type ByteSink, Outbox } from "../src/outbox.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A sink that accepts at most `limit` bytes per call and keeps a copy of what it accepted. */
class FakeSink implements ByteSink {
  limit: number;
  closed = false;
  calls = 0;
  private chunks: Uint8Array[] = [];

  constructor(limit = Number.POSITIVE_INFINITY) {
    this.limit = limit;
  }

  write(data: string | Uint8Array, byteOffset = 0, byteLength?: number): number {
    this.calls++;
    if (this.closed) return -1;
    let bytes = typeof data === "string" ? enc.encode(data) : data;
    if (typeof data !== "string") {
      bytes = bytes.subarray(
        byteOffset,
        byteLength === undefined ? undefined : byteOffset + byteLength,
      );
    }
    const n = Math.min(this.limit, bytes.length);
    // Copy: the outbox may reuse its scratch buffer, as the kernel copies on a real write.
    this.chunks.push(bytes.slice(0, n));
    return n;
  }

  get bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return dec.decode(this.bytes);
  }
}

/** Lets the end-of-tick flush run. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("Outbox", () => {
  test("writes made in one tick are coalesced into one sink.write", async () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    out.write("a");
    out.write(enc.encode("b"));
    out.write("c\n");
    expect(sink.calls).toBe(0); // nothing before the end of the tick
    await tick();
    expect(sink.calls).toBe(1);
    expect(sink.text).toBe("abc\n");
    expect(out.queued).toBe(0);
  });

  test("what the sink refuses is kept and sent, in order, on drain", async () => {
    const sink = new FakeSink(3);
    const out = new Outbox(sink);
    out.write("hello ");
    out.write("world");
    await tick();
    expect(sink.text).toBe("hel");
    expect(out.queued).toBe(8);
    out.write("!"); // behind already: joins the backlog after what is waiting
    await tick();
    while (out.queued > 0) out.drain();
    expect(sink.text).toBe("hello world!");
  });

  test("a multi-byte string cut by a partial write arrives whole", async () => {
    const sink = new FakeSink(1);
    const out = new Outbox(sink);
    out.write("é😀€");
    out.write(Uint8Array.from([0, 255]));
    out.write("ü");
    await tick();
    let rounds = 0;
    while (out.queued > 0 && rounds++ < 100) out.drain();
    const expected = Buffer.concat([
      enc.encode("é😀€"),
      Uint8Array.from([0, 255]),
      enc.encode("ü"),
    ]);
    expect(Buffer.from(sink.bytes).equals(expected)).toBe(true);
  });

  test("the caller may reuse its buffer after a partial write: the rest was copied", async () => {
    const sink = new FakeSink(2);
    const out = new Outbox(sink);
    const buf = enc.encode("abcdef");
    out.write(buf);
    await tick();
    buf.fill(0x7a); // "zzzzzz": too late to matter for what was refused
    while (out.queued > 0) out.drain();
    expect(sink.text).toBe("abcdef");
  });

  test("high water counts what the kernel refused: fires once when crossed, low once empty", async () => {
    const sink = new FakeSink(0);
    const events: string[] = [];
    const out = new Outbox(sink, {
      highWaterMark: 10,
      onHigh: () => events.push("high"),
      onLow: () => events.push("low"),
    });
    out.write("12345");
    out.write("67890");
    out.write("x");
    out.write("y");
    // Nothing was refused yet: what one turn produced is not a reader falling behind.
    expect(events).toEqual([]);
    await tick();
    expect(events).toEqual(["high"]); // the kernel took none of the 12
    out.write("z"); // behind: counted at once, and fires only once
    expect(events).toEqual(["high"]);
    sink.limit = 4;
    out.drain();
    expect(events).toEqual(["high"]); // still 9 queued
    sink.limit = 100;
    out.drain();
    expect(events).toEqual(["high", "low"]);
    expect(sink.text).toBe("1234567890xyz");
  });

  test("a turn the kernel takes whole never crosses the mark, however large", async () => {
    const sink = new FakeSink();
    let high = 0;
    const out = new Outbox(sink, { highWaterMark: 1000, onHigh: () => high++ });
    for (let i = 0; i < 5000; i++) out.write("0123456789\n");
    await tick();
    expect(high).toBe(0);
    expect(sink.text.length).toBe(55_000);
  });

  test("a large turn is written before the turn ends, so a refusal is known at once", () => {
    const sink = new FakeSink(100 * 1024);
    let high = 0;
    const out = new Outbox(sink, { highWaterMark: 64 * 1024, onHigh: () => high++ });
    const line = `${"x".repeat(1023)}\n`;
    let writes = 0;
    while (high === 0 && writes < 10_000) {
      out.write(line);
      writes++;
    }
    // 256 KiB queued: written now; 100 KiB taken, the rest is the backlog, past the mark.
    expect(high).toBe(1);
    expect(writes).toBe(256);
    expect(out.isBehind).toBe(true);
    expect(out.stalledSince).toBeGreaterThan(0);
  });

  test("the hard limit closes the outbox and says so; exempt bytes do not count", async () => {
    const sink = new FakeSink(0);
    const overflows: string[] = [];
    const options = {
      highWaterMark: 10,
      hardLimit: 20,
      onOverflow: (owner: string) => overflows.push(owner),
    };
    const replayed = new Outbox(sink, options, "replayed");
    replayed.writeExempt("x".repeat(100)); // a history replay: 100 bytes, past the cap
    await tick();
    expect(overflows).toEqual([]);
    replayed.write("y".repeat(15)); // counted: 15 of 115
    expect(overflows).toEqual([]);
    sink.limit = 50;
    replayed.drain(); // 50 of the replay taken; 50 exempt + 15 counted left
    replayed.write("z".repeat(10)); // 25 counted: over
    expect(overflows).toEqual(["replayed"]);
    expect(replayed.isClosed).toBe(true);
    expect(replayed.queued).toBe(0);
    expect(replayed.write("late")).toBe(false);

    const plain = new Outbox(new FakeSink(0), options, "plain");
    plain.write("x".repeat(15));
    await tick();
    plain.write("x".repeat(6));
    expect(overflows).toEqual(["replayed", "plain"]);
  });

  test("stalledSince: when the backlog began, then when the kernel last took from it", async () => {
    const sink = new FakeSink(0);
    const out = new Outbox(sink);
    expect(out.stalledSince).toBe(0);
    const before = Date.now();
    out.write("abcdef");
    await tick();
    const began = out.stalledSince;
    expect(began).toBeGreaterThanOrEqual(before);
    await Bun.sleep(5);
    out.drain(); // nothing taken: no progress
    expect(out.stalledSince).toBe(began);
    sink.limit = 2;
    out.drain();
    expect(out.stalledSince).toBeGreaterThan(began);
    sink.limit = 100;
    out.drain();
    expect(out.stalledSince).toBe(0);
  });

  test("one options object for many outboxes: the water-mark callbacks name their owner", async () => {
    const events: string[] = [];
    const shared = {
      highWaterMark: 3,
      onHigh: (owner: string) => events.push(`${owner} high`),
      onLow: (owner: string) => events.push(`${owner} low`),
    };
    const sinkA = new FakeSink(0);
    const a = new Outbox(sinkA, shared, "a");
    const b = new Outbox(new FakeSink(0), shared, "b");
    a.write("1234");
    b.write("12");
    await tick();
    expect(events).toEqual(["a high"]);
    sinkA.limit = 100;
    a.drain();
    expect(events).toEqual(["a high", "a low"]);
  });

  test("an idle outbox holds no array and no buffer, and works again after", async () => {
    const sink = new FakeSink(2);
    const out = new Outbox(sink);
    out.write("abcd");
    out.write("ef");
    await tick();
    expect(out.queued).toBe(4);
    sink.limit = 100;
    out.drain();
    expect(out.queued).toBe(0);
    // Nothing left behind: the pieces array and the backlog buffer were let go.
    const fields = out as unknown as { pieces: unknown; backlog: Uint8Array };
    expect(fields.pieces).toBeUndefined();
    expect(fields.backlog.length).toBe(0);
    out.write("gh");
    await tick();
    expect(sink.text).toBe("abcdefgh");
  });

  test("whenFlushed runs at once when empty, else once everything is taken", async () => {
    const sink = new FakeSink(4);
    const out = new Outbox(sink);
    let early = 0;
    out.whenFlushed(() => early++);
    expect(early).toBe(1);
    out.write("0123456789");
    const done: string[] = [];
    out.whenFlushed(() => done.push("first"));
    out.whenFlushed(() => done.push("second"));
    await tick();
    expect(done).toEqual([]);
    out.drain();
    expect(done).toEqual([]);
    out.drain();
    expect(done).toEqual(["first", "second"]);
    expect(sink.text).toBe("0123456789");
  });

  test("a closed sink: the outbox closes, drops its queue, and whenFlushed still runs", async () => {
    const sink = new FakeSink(2);
    const out = new Outbox(sink);
    out.write("abcdef");
    let flushed = false;
    out.whenFlushed(() => {
      flushed = true;
    });
    await tick();
    sink.closed = true;
    out.drain();
    expect(out.isClosed).toBe(true);
    expect(out.queued).toBe(0);
    expect(flushed).toBe(true);
    expect(out.write("more")).toBe(false);
    await tick();
    expect(sink.text).toBe("ab");
  });

  test("close() drops what is queued and later writes", async () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    out.write("lost");
    out.close();
    expect(out.write("also lost")).toBe(false);
    await tick();
    expect(sink.calls).toBe(0);
  });

  test("empty writes queue nothing", async () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    expect(out.write("")).toBe(true);
    expect(out.write(new Uint8Array(0))).toBe(true);
    await tick();
    expect(sink.calls).toBe(0);
  });

  test("a large burst is split into bounded writes and arrives whole", async () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    const piece = new Uint8Array(1000);
    for (let i = 0; i < 1000; i++) out.write(piece.fill(i & 0xff).slice());
    await tick();
    expect(out.queued).toBe(0);
    expect(sink.bytes.length).toBe(1_000_000);
    expect(sink.calls).toBeGreaterThan(1); // never one 1 MB copy
    for (let i = 0; i < 1000; i++) expect(sink.bytes[i * 1000 + 999]).toBe(i & 0xff);
  });

  test("property: any writes, any sink limits, any drains: exactly the bytes, in order", async () => {
    const write = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.uint8Array({ maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(write, { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 64 }), { minLength: 1, maxLength: 8 }),
        async (ticks, limits) => {
          const sink = new FakeSink(limits[0]);
          const out = new Outbox(sink, { highWaterMark: 100 });
          const expected: Uint8Array[] = [];
          for (const [t, writes] of ticks.entries()) {
            for (const w of writes) {
              out.write(w);
              expected.push(typeof w === "string" ? enc.encode(w) : w.slice());
            }
            await Promise.resolve(); // the outbox's end-of-tick flush
            sink.limit = limits[t % limits.length] as number;
            out.drain();
          }
          sink.limit = 7;
          let rounds = 0;
          while (out.queued > 0 && rounds++ < 100_000) out.drain();
          expect(Buffer.from(sink.bytes).equals(Buffer.concat(expected))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("Outbox.writeNow", () => {
  test("with nothing queued it writes at once, and schedules nothing", async () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    expect(out.writeNow("now")).toBe(true);
    expect(sink.calls).toBe(1);
    expect(sink.text).toBe("now");
    await tick();
    expect(sink.calls).toBe(1);
  });

  test("behind queued writes it keeps the order and flushes them all now", () => {
    const sink = new FakeSink();
    const out = new Outbox(sink);
    out.write("a");
    out.write("b");
    out.writeNow("c");
    expect(sink.text).toBe("abc");
    expect(out.queued).toBe(0);
  });

  test("what the sink refuses is kept, crosses the high-water mark, and goes out on drain", () => {
    const sink = new FakeSink(2);
    let high = 0;
    const out = new Outbox(sink, { highWaterMark: 3, onHigh: () => high++ });
    out.writeNow("hello");
    expect(sink.text).toBe("he");
    expect(out.queued).toBe(3);
    out.writeNow("!"); // behind the backlog: joins it
    expect(high).toBe(1);
    while (out.queued > 0) out.drain();
    expect(sink.text).toBe("hello!");
  });

  test("a closed sink closes the outbox; later writes are dropped", () => {
    const sink = new FakeSink();
    sink.closed = true;
    const out = new Outbox(sink);
    expect(out.writeNow("x")).toBe(false);
    expect(out.isClosed).toBe(true);
    expect(out.writeNow("y")).toBe(false);
  });
});

describe("the end-of-tick flush", () => {
  test("a sink that throws closes only its own outbox; the others still flush, now and later", async () => {
    const broken: ByteSink = {
      write() {
        throw new Error("socket detached");
      },
    };
    const bad = new Outbox(broken);
    const sink = new FakeSink();
    const good = new Outbox(sink);
    bad.write("lost\n");
    good.write("first\n");
    await tick();
    expect(bad.isClosed).toBe(true);
    expect(sink.text).toBe("first\n");
    good.write("second\n");
    await tick();
    expect(sink.text).toBe("first\nsecond\n");
  });
});
