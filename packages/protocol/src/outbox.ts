// The buffered writer every socket in socklab writes through. Bun's socket.write sends what the
// kernel takes now and silently drops the rest; the outbox keeps that rest and sends it on drain.

/** What the outbox writes to: Bun's Socket has this shape, and tests can pass a fake. */
export interface ByteSink {
  /** Returns the bytes accepted now (maybe fewer than given), or -1 once the sink is closed. */
  write(data: string | Uint8Array, byteOffset?: number, byteLength?: number): number;
}

export interface OutboxOptions {
  /** Queued bytes above which `onHigh` fires (once, until the queue empties again). */
  highWaterMark?: number;
  /** The queue passed the high-water mark: pause the peer we echo, or cut off a slow reader. */
  onHigh?(): void;
  /** The queue emptied after `onHigh`: resume reading. */
  onLow?(): void;
}

/** Default high-water mark: a few kernel socket buffers' worth, so a fast peer never waits on
 * it, and a stalled one holds at most this much (plus the write that crossed it) in our memory. */
export const DEFAULT_HIGH_WATER_MARK = 256 * 1024;

/** Writes made in one tick are joined into one buffer of at most this size per system call:
 * large enough to amortise the call, small enough that the copy stays in cache. */
const MAX_COALESCE = 256 * 1024;

const encoder = new TextEncoder();
let scratch = new Uint8Array(64 * 1024);

/** Outboxes with writes waiting for the end of this tick; one setImmediate flushes them all.
 * A "tick" is one turn of the event loop, every socket that was readable in it included: a
 * microtask would run after each socket's data callback instead, so a chat line read from each of
 * 100 senders in one turn would cost every reader 100 system calls instead of one (measured with
 * `bun run bench chat`, 1,000 clients / 100 senders: 0.13 M → 1.8 M deliveries/s). */
let dirty: Outbox[] = [];
let flushScheduled = false;
function flushDirty(): void {
  flushScheduled = false;
  const list = dirty;
  dirty = [];
  for (const box of list) {
    // One connection's failure (a sink that throws, a throwing callback) must not leave the
    // outboxes after it in the list unflushed: they would never be scheduled again.
    try {
      box.flush();
    } catch {
      box.close();
    }
  }
}

/**
 * Flushes, now, every outbox with writes waiting for the end of the tick (normally the
 * scheduled flush does it). A server's periodic timer calls it as a safety net: once, under
 * load on a shared machine, the scheduled flush of an echo server ran seconds late while its
 * timers still ran (seen in `bun run bench echo`, not reproduced since); with this, no reply
 * waits longer than one timer period whatever the runtime does with setImmediate.
 *
 * @example
 * setInterval(flushOutboxes, 250);
 */
export function flushOutboxes(): void {
  if (dirty.length > 0) flushDirty();
}

function byteLength(piece: string | Uint8Array): number {
  return typeof piece === "string" ? Buffer.byteLength(piece) : piece.length;
}

/**
 * Per-connection write queue. Writes made in the same tick are coalesced into one `write` at the
 * end of the tick; what the kernel refuses is kept and written again by {@link Outbox.drain}.
 *
 * @example
 * const out = new Outbox(socket, { highWaterMark: 1 << 20, onHigh: () => socket.end() });
 * out.write("hello\n");          // queued, sent at the end of this tick
 * // in the socket's drain handler:
 * out.drain();
 */
export class Outbox {
  private readonly sink: ByteSink;
  private readonly highWaterMark: number;
  private readonly onHigh: (() => void) | undefined;
  private readonly onLow: (() => void) | undefined;
  /** Written this tick, not yet handed to the sink; the caller's buffers are not copied. Safe
   * for Bun's `data` buffers: each read gets a fresh one, never reused by a later read; what
   * the sink refuses is copied into the backlog before the tick ends. */
  private pieces: (string | Uint8Array)[] = [];
  private piecesBytes = 0;
  /** Bytes the kernel refused, owned by us, sent first on the next drain. Empty when caught up,
   * so an idle connection holds no buffer at all. */
  private backlog: Uint8Array = new Uint8Array(0);
  private backlogStart = 0;
  private backlogEnd = 0;
  private high = false;
  private closed = false;
  private scheduled = false;
  /** Callbacks of `whenFlushed`, run in order once the queue empties. */
  private whenEmpty: (() => void)[] = [];

  constructor(sink: ByteSink, options: OutboxOptions = {}) {
    this.sink = sink;
    this.highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.onHigh = options.onHigh;
    this.onLow = options.onLow;
  }

  /** Bytes accepted by `write` and not yet taken by the kernel. */
  get queued(): number {
    return this.piecesBytes + this.backlogEnd - this.backlogStart;
  }

  /** True once the sink reported it is closed, or `close()` was called: writes are dropped. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues data; returns false if the outbox is closed and the data was dropped. */
  write(data: string | Uint8Array): boolean {
    if (this.closed) return false;
    const size = byteLength(data);
    if (size === 0) return true;
    this.pieces.push(data);
    this.piecesBytes += size;
    if (!this.scheduled) {
      this.scheduled = true;
      dirty.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushDirty);
      }
    }
    if (!this.high && this.queued > this.highWaterMark) {
      this.high = true;
      this.onHigh?.();
    }
    return true;
  }

  /**
   * Like {@link write}, but hands the data to the sink at once when nothing is waiting before
   * it, instead of at the end of the tick. For a handler that knows this is its only reply to
   * what it just read (an HTTP response to a lone request): writing from inside the read
   * callback measurably beats a deferred write. What the sink refuses is kept, as with write.
   *
   * @example
   * out.writeNow(response); // one request read, one response: sent now, nothing scheduled
   */
  writeNow(data: string | Uint8Array): boolean {
    if (this.closed) return false;
    if (this.pieces.length > 0 || this.backlogEnd > this.backlogStart) {
      // Something is ahead of it: keep the order, and flush the lot now.
      this.write(data);
      this.flush();
      return true;
    }
    const size = byteLength(data);
    if (size === 0) return true;
    const written = this.sink.write(data);
    if (written < 0) {
      this.sinkClosed();
      return false;
    }
    if (written < size) {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      this.appendBacklog(bytes.subarray(written));
      if (!this.high && this.queued > this.highWaterMark) {
        this.high = true;
        this.onHigh?.();
      }
    }
    return true;
  }

  /** The sink can take more: call from the socket's `drain` handler. */
  drain(): void {
    this.flush();
  }

  /** Runs `done` once everything queued so far has been taken by the kernel (at once if nothing
   * is queued, or when the sink turns out to be closed: nothing more will be sent). Used to finish
   * a reply before a half-close: flush, then shutdown, then close. */
  whenFlushed(done: () => void): void {
    if (this.closed || this.queued === 0) {
      done();
      return;
    }
    this.whenEmpty.push(done);
  }

  /** Drops everything queued, and pending `whenFlushed` callbacks (the caller is closing the
   * connection itself); later writes are dropped too. */
  close(): void {
    this.closed = true;
    this.whenEmpty = [];
    this.pieces = [];
    this.piecesBytes = 0;
    this.backlog = new Uint8Array(0);
    this.backlogStart = this.backlogEnd = 0;
  }

  /** Hands queued bytes to the sink. Normally called for you at the end of the tick. */
  flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.backlogEnd > this.backlogStart) {
      // Already behind: new pieces join the backlog so order is kept, then write from it.
      if (this.pieces.length > 0) this.moveToBacklog();
      this.writeBacklog();
    } else {
      this.writePieces();
    }
    if (this.queued === 0 && !this.closed) this.caughtUp();
  }

  /** The peer is gone: nothing queued will ever be sent, so whoever waits for the flush is told
   * now rather than never. */
  private sinkClosed(): void {
    const waiting = this.whenEmpty;
    this.close();
    for (const done of waiting) done();
  }

  private caughtUp(): void {
    if (this.backlog.length > 0) {
      this.backlog = new Uint8Array(0);
      this.backlogStart = this.backlogEnd = 0;
    }
    if (this.high) {
      this.high = false;
      this.onLow?.();
    }
    if (this.whenEmpty.length > 0) {
      const waiting = this.whenEmpty;
      this.whenEmpty = [];
      for (const done of waiting) done();
    }
  }

  private writePieces(): void {
    if (this.pieces.length === 1) {
      // The common tick holds one reply: write it as it is, without the batching bookkeeping.
      const data = this.pieces[0] as string | Uint8Array;
      const size = this.piecesBytes;
      const written = this.sink.write(data);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      this.pieces.length = 0;
      this.piecesBytes = 0;
      if (written < size) {
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        this.appendBacklog(bytes.subarray(written));
      }
      return;
    }
    while (this.pieces.length > 0 && !this.closed) {
      const { data, count } = this.takeBatch();
      const size = byteLength(data);
      const written = this.sink.write(data);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      this.piecesBytes -= size;
      // A fresh array once all went: a splice keeps the grown capacity, and a tick with many
      // pieces (10,000 chat clients joining: a few hundred lines each) would leave every idle
      // connection holding kilobytes of empty slots.
      if (count === this.pieces.length) this.pieces = [];
      else this.pieces.splice(0, count);
      if (written < size) {
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        this.appendBacklog(bytes.subarray(written));
        if (this.pieces.length > 0) this.moveToBacklog();
        return;
      }
    }
  }

  /** The next write: one piece as it is, or several joined (strings by concatenation, mixed
   * pieces copied into a shared scratch buffer, so no allocation per tick). */
  private takeBatch(): { data: string | Uint8Array; count: number } {
    const first = this.pieces[0] as string | Uint8Array;
    if (this.pieces.length === 1 || byteLength(first) >= MAX_COALESCE) {
      return { data: first, count: 1 };
    }
    let allStrings = true;
    let total = 0;
    let count = 0;
    for (const piece of this.pieces) {
      const size = byteLength(piece);
      if (count > 0 && total + size > MAX_COALESCE) break;
      if (typeof piece !== "string") allStrings = false;
      total += size;
      count++;
    }
    if (count === 1) return { data: first, count: 1 };
    if (allStrings) return { data: this.pieces.slice(0, count).join(""), count };
    if (scratch.length < total) scratch = new Uint8Array(Math.max(total, scratch.length * 2));
    let at = 0;
    for (let k = 0; k < count; k++) {
      const piece = this.pieces[k] as string | Uint8Array;
      if (typeof piece === "string") at += encoder.encodeInto(piece, scratch.subarray(at)).written;
      else {
        scratch.set(piece, at);
        at += piece.length;
      }
    }
    return { data: scratch.subarray(0, at), count };
  }

  private writeBacklog(): void {
    while (this.backlogEnd > this.backlogStart) {
      const size = Math.min(this.backlogEnd - this.backlogStart, MAX_COALESCE * 4);
      const written = this.sink.write(this.backlog, this.backlogStart, size);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      this.backlogStart += written;
      if (written < size) return;
    }
  }

  private moveToBacklog(): void {
    for (const piece of this.pieces) {
      this.appendBacklog(typeof piece === "string" ? encoder.encode(piece) : piece);
    }
    this.pieces = [];
    this.piecesBytes = 0;
  }

  private appendBacklog(bytes: Uint8Array): void {
    const used = this.backlogEnd - this.backlogStart;
    const need = used + bytes.length;
    if (this.backlogEnd + bytes.length > this.backlog.length) {
      // Compact, growing if needed: the backlog is one contiguous buffer so a drain is one write.
      if (need > this.backlog.length) {
        const next = new Uint8Array(Math.max(need, this.backlog.length * 2, 16 * 1024));
        next.set(this.backlog.subarray(this.backlogStart, this.backlogEnd));
        this.backlog = next;
      } else {
        this.backlog.copyWithin(0, this.backlogStart, this.backlogEnd);
      }
      this.backlogStart = 0;
      this.backlogEnd = used;
    }
    this.backlog.set(bytes, this.backlogEnd);
    this.backlogEnd += bytes.length;
  }
}
