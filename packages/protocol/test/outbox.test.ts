// Outbox against a fake sink that takes only N bytes per call (like a full kernel buffer) and
// answers -1 once closed: nothing lost, order kept, one write per tick, water marks, whenFlushed.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { type ByteSink, flushOutboxes, Outbox } from "../src/outbox.ts";

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

  test("high water fires once when crossed, low water once the queue is empty", async () => {
    const sink = new FakeSink(0);
    const events: string[] = [];
    const out = new Outbox(sink, {
      highWaterMark: 10,
      onHigh: () => events.push("high"),
      onLow: () => events.push("low"),
    });
    out.write("12345");
    out.write("67890"); // exactly 10: not past the mark
    expect(events).toEqual([]);
    out.write("x");
    out.write("y");
    expect(events).toEqual(["high"]);
    await tick();
    sink.limit = 4;
    out.drain();
    expect(events).toEqual(["high"]); // still 8 queued
    sink.limit = 100;
    out.drain();
    expect(events).toEqual(["high", "low"]);
    expect(sink.text).toBe("1234567890xy");
  });

  test("one options object for many outboxes: the water-mark callbacks name their owner", async () => {
    const events: string[] = [];
    const shared = {
      highWaterMark: 3,
      onHigh: (owner: string) => events.push(`${owner} high`),
      onLow: (owner: string) => events.push(`${owner} low`),
    };
    const a = new Outbox(new FakeSink(), shared, "a");
    const b = new Outbox(new FakeSink(), shared, "b");
    a.write("1234");
    b.write("12");
    expect(events).toEqual(["a high"]);
    await tick();
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

describe("flushOutboxes", () => {
  test("hands every waiting write to its sink at once, before the end of the tick", () => {
    const a = new FakeSink();
    const b = new FakeSink();
    new Outbox(a).write("one\n");
    new Outbox(b).write(enc.encode("two\n"));
    expect(a.calls + b.calls).toBe(0);
    flushOutboxes();
    expect(Buffer.from(a.bytes).toString()).toBe("one\n");
    expect(Buffer.from(b.bytes).toString()).toBe("two\n");
    flushOutboxes(); // nothing waiting: no further write
    expect(a.calls + b.calls).toBe(2);
  });

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
