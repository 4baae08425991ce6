// The buffered writer every socket in socklab writes through. Bun's socket.write sends what the
// kernel takes now and silently drops the rest; the outbox keeps that rest and sends it on drain.

/** What the outbox writes to: Bun's Socket has this shape, and tests can pass a fake. */
export interface ByteSink {
  /** Returns the bytes accepted now (maybe fewer than given), or -1 once the sink is closed. */
  write(data: string | Uint8Array, byteOffset?: number, byteLength?: number): number;
}

/** How an outbox reports its queue's level. One options object may be shared by every outbox of
 * a server, each outbox passing its own `owner` to the callbacks: then a connection costs no
 * closure (10,000 idle clients, `bun run bench memory`). */
export interface OutboxOptions<Owner = undefined> {
  /** Bytes the kernel refused (and what queued up behind them) above which `onHigh` fires, once,
   * until the queue empties again. What one turn produced and the kernel then took never counts:
   * a fast reader is never "behind" because 1 MiB was broadcast in one turn. */
  highWaterMark?: number;
  /** The queue passed the high-water mark: pause the peer we echo, or the senders filling it. */
  onHigh?(owner: Owner): void;
  /** The queue emptied after `onHigh`: resume reading. */
  onLow?(owner: Owner): void;
  /** The hard cap: refused bytes above which `onOverflow` fires and the outbox closes itself
   * (everything queued dropped, later writes too), so a reader that stopped costs at most this
   * much. Bytes queued with `writeExempt` (a history replay) do not count. Default: none. */
  hardLimit?: number;
  /** The queue passed `hardLimit`; the outbox is already closed. Called from inside `write`:
   * the owner should be cut off after the current callback, not from inside it. */
  onOverflow?(owner: Owner): void;
}

/** Default high-water mark: a few kernel socket buffers' worth, so a fast peer never waits on
 * it, and a stalled one holds at most this much (plus the write that crossed it) in our memory. */
export const DEFAULT_HIGH_WATER_MARK = 256 * 1024;

/** Writes made in one tick are joined into one buffer of at most this size per system call:
 * large enough to amortise the call, small enough that the copy stays in cache. A tick that
 * queues more than this for one outbox writes it at once instead of at the end of the tick, so
 * the kernel's refusal (and the high-water mark) is known while the turn is still running: the
 * senders feeding a reader that fell behind are paused after their current line, rather than
 * after the whole turn queued megabytes for every reader. */
const MAX_COALESCE = 256 * 1024;

/** Bits of Outbox.state. */
const HIGH = 1;
const CLOSED = 2;
const SCHEDULED = 4;

const encoder = new TextEncoder();
/** The backlog of every outbox that is caught up: shared, never written (a write grows it into a
 * buffer of its own first), so an idle connection holds no buffer at all. */
const NO_BACKLOG = new Uint8Array(0);
let scratch = new Uint8Array(64 * 1024);

/** Outboxes with writes waiting for the end of this tick; one setImmediate flushes them all.
 * A "tick" is one turn of the event loop, every socket that was readable in it included: a
 * microtask would run after each socket's data callback instead, so a chat line read from each of
 * 100 senders in one turn would cost every reader 100 system calls instead of one (measured with
 * `bun run bench chat`, 1,000 clients / 100 senders: 0.13 M → 1.8 M deliveries/s). */
/** What the end-of-tick flush needs of an outbox, whatever its owner's type. */
interface Flushable {
  flush(): void;
  close(): void;
}
let dirty: Flushable[] = [];
let flushScheduled = false;
/** Run before any outbox hands bytes to the kernel (see beforeOutboxFlush). An array walked by
 * index: this runs on every flush (a million a second in `bun run bench chat`), where a Set's
 * iterator cost a measurable share of the chat's speed. */
const beforeFlush: (() => void)[] = [];
function runBeforeFlush(): void {
  for (let i = 0; i < beforeFlush.length; i++) (beforeFlush[i] as () => void)();
}

/**
 * Runs `fn` before any outbox hands bytes to its sink (the end-of-tick flush, a drain, a
 * writeNow): the server's class record commits there, so a line any client can read is already
 * on disk. `fn` must be cheap when it has nothing to do, and never throw. Returns the function
 * that removes it.
 *
 * @example
 * const off = beforeOutboxFlush(() => record.commit());
 */
export function beforeOutboxFlush(fn: () => void): () => void {
  beforeFlush.push(fn);
  return () => {
    const at = beforeFlush.indexOf(fn);
    if (at >= 0) beforeFlush.splice(at, 1);
  };
}

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
 *
 * // One options object for all connections; each outbox names its owner for the callbacks:
 * const shared = { onHigh: (conn: Conn) => conn.pause(), onLow: (conn: Conn) => conn.resume() };
 * const box = new Outbox(socket, shared, conn);
 */
export class Outbox<Owner = undefined> {
  // Twelve fields: JavaScriptCore gives an object of up to twelve 112 bytes and one of thirteen
  // to sixteen 160 (measured with bun:jsc heapStats), and a server may hold 10,000 outboxes.
  private readonly sink: ByteSink;
  /** The high-water mark and callbacks (often shared by every outbox of a server; read, never
   * changed), and what the callbacks are told about. */
  private readonly events: OutboxOptions<Owner>;
  private readonly owner: Owner;
  /** Written this tick, not yet handed to the sink; the caller's buffers are not copied. Safe
   * for Bun's `data` buffers: each read gets a fresh one, never reused by a later read; what
   * the sink refuses is copied into the backlog before the tick ends. Undefined when empty
   * (never an empty array), so an idle connection holds no array. */
  private pieces: (string | Uint8Array)[] | undefined = undefined;
  private piecesBytes = 0;
  /** Bytes the kernel refused, owned by us, sent first on the next drain. NO_BACKLOG when
   * caught up, so an idle connection holds no buffer at all. */
  private backlog: Uint8Array = NO_BACKLOG;
  private backlogStart = 0;
  private backlogEnd = 0;
  /** HIGH | CLOSED | SCHEDULED: one field for three flags keeps the object at twelve fields. */
  private state = 0;
  /** Callbacks of `whenFlushed`, run in order once the queue empties; made on first use. */
  private whenEmpty: ((owner: Owner) => void)[] | undefined = undefined;
  /** When the kernel last took bytes from the backlog, or when the backlog began (ms since the
   * epoch; 0 while caught up): how long a reader has been stalled. */
  private progressAt = 0;
  /** Queued bytes, at the front of the queue, that `hardLimit` does not count (writeExempt). */
  private exempt = 0;

  constructor(sink: ByteSink, options: OutboxOptions<Owner> = {}, owner?: Owner) {
    this.sink = sink;
    this.events = options;
    // Without an owner the callbacks take no argument (Owner is undefined).
    this.owner = owner as Owner;
  }

  /** Bytes accepted by `write` and not yet taken by the kernel. */
  get queued(): number {
    return this.piecesBytes + this.backlogEnd - this.backlogStart;
  }

  /** Queued bytes above which `onHigh` fires. */
  private get highWaterMark(): number {
    return this.events.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  }

  /** True once the sink reported it is closed, or `close()` was called: writes are dropped. */
  get isClosed(): boolean {
    return (this.state & CLOSED) !== 0;
  }

  /** True while the kernel is refusing bytes: some are kept here, waiting for a drain. */
  get isBehind(): boolean {
    return this.backlogEnd > this.backlogStart;
  }

  /** Since when the reader has taken nothing (ms since the epoch): the last time the kernel took
   * bytes from the backlog, or when the backlog began. 0 when nothing is waiting. */
  get stalledSince(): number {
    return this.backlogEnd > this.backlogStart ? this.progressAt : 0;
  }

  /** Queues data; returns false if the outbox is closed and the data was dropped. */
  write(data: string | Uint8Array): boolean {
    if ((this.state & CLOSED) !== 0) return false;
    const size = byteLength(data);
    if (size === 0) return true;
    if (this.pieces === undefined) this.pieces = [data];
    else this.pieces.push(data);
    this.piecesBytes += size;
    if ((this.state & SCHEDULED) === 0) {
      this.state |= SCHEDULED;
      dirty.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushDirty);
      }
    }
    if (this.backlogEnd > this.backlogStart) this.grew();
    else if (this.piecesBytes >= MAX_COALESCE) this.flush();
    return true;
  }

  /**
   * Like {@link write}, but these bytes never count against `hardLimit`: output the owner asked
   * for all at once and that is not a sign of a stalled reader (a chat history replayed to a
   * newcomer). They still count for the high-water mark, so whoever fills the queue behind them
   * is paused as usual.
   *
   * @example
   * for (const line of history) out.writeExempt(line);
   */
  writeExempt(data: string | Uint8Array): boolean {
    if ((this.state & CLOSED) !== 0) return false;
    // Counted before the write, which may already check the cap. (The kernel's takings are
    // taken off it first: when other bytes were queued before these, the exemption runs out a
    // little early, never late.)
    this.exempt += byteLength(data);
    return this.write(data);
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
    if ((this.state & CLOSED) !== 0) return false;
    if (this.pieces !== undefined || this.backlogEnd > this.backlogStart) {
      // Something is ahead of it: keep the order, and flush the lot now.
      this.write(data);
      this.flush();
      return true;
    }
    const size = byteLength(data);
    if (size === 0) return true;
    if (beforeFlush.length !== 0) runBeforeFlush();
    const written = this.sink.write(data);
    if (written < 0) {
      this.sinkClosed();
      return false;
    }
    if (written < size) {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      this.took(written);
      this.appendBacklog(bytes.subarray(written));
      this.grew();
    }
    return true;
  }

  /** The sink can take more: call from the socket's `drain` handler. */
  drain(): void {
    this.flush();
  }

  /** Runs `done` once everything queued so far has been taken by the kernel (at once if nothing
   * is queued, or when the sink turns out to be closed: nothing more will be sent). Used to finish
   * a reply before a half-close: flush, then shutdown, then close. `done` is given the owner,
   * so one callback can serve every connection of a server (no closure per connection). */
  whenFlushed(done: (owner: Owner) => void): void {
    if ((this.state & CLOSED) !== 0 || this.queued === 0) {
      done(this.owner);
      return;
    }
    if (this.whenEmpty === undefined) this.whenEmpty = [done];
    else this.whenEmpty.push(done);
  }

  /** Drops everything queued, and pending `whenFlushed` callbacks (the caller is closing the
   * connection itself); later writes are dropped too. */
  close(): void {
    this.state |= CLOSED;
    this.exempt = 0;
    this.whenEmpty = undefined;
    this.pieces = undefined;
    this.piecesBytes = 0;
    this.backlog = NO_BACKLOG;
    this.backlogStart = this.backlogEnd = 0;
  }

  /** Hands queued bytes to the sink. Normally called for you at the end of the tick. */
  flush(): void {
    // (The outbox may still sit in this tick's dirty list: flushing it again there is a no-op.)
    this.state &= ~SCHEDULED;
    if ((this.state & CLOSED) !== 0) return;
    if (beforeFlush.length !== 0) runBeforeFlush();
    if (this.backlogEnd > this.backlogStart) {
      // Already behind: new pieces join the backlog so order is kept, then write from it.
      if (this.pieces !== undefined) this.moveToBacklog();
      this.writeBacklog();
    } else {
      this.writePieces();
      // What the kernel refused of this turn's writes is now the backlog.
      if (this.backlogEnd > this.backlogStart) this.grew();
    }
    if (this.queued === 0 && (this.state & CLOSED) === 0) this.caughtUp();
  }

  /** The peer is gone: nothing queued will ever be sent, so whoever waits for the flush is told
   * now rather than never. */
  private sinkClosed(): void {
    const waiting = this.whenEmpty;
    this.close();
    if (waiting !== undefined) for (const done of waiting) done(this.owner);
  }

  /** The queue grew while behind: check the marks. */
  private grew(): void {
    const queued = this.queued;
    const hard = this.events.hardLimit;
    if (hard !== undefined && queued - this.exempt > hard) {
      // Drop it all now (the memory bound), then let the owner know.
      this.close();
      this.events.onOverflow?.(this.owner);
      return;
    }
    if ((this.state & HIGH) === 0 && queued > this.highWaterMark) {
      this.state |= HIGH;
      this.events.onHigh?.(this.owner);
    }
  }

  /** The kernel took `bytes`: exempt bytes are the oldest, so they go first. */
  private took(bytes: number): void {
    if (this.exempt > 0) this.exempt = Math.max(0, this.exempt - bytes);
  }

  private caughtUp(): void {
    if (this.backlog !== NO_BACKLOG) {
      this.backlog = NO_BACKLOG;
      this.backlogStart = this.backlogEnd = 0;
    }
    this.exempt = 0;
    if ((this.state & HIGH) !== 0) {
      this.state &= ~HIGH;
      this.events.onLow?.(this.owner);
    }
    if (this.whenEmpty !== undefined) {
      const waiting = this.whenEmpty;
      this.whenEmpty = undefined;
      for (const done of waiting) done(this.owner);
    }
  }

  private writePieces(): void {
    let pieces = this.pieces;
    if (pieces === undefined) return;
    if (pieces.length === 1) {
      // The common tick holds one reply: write it as it is, without the batching bookkeeping.
      const data = pieces[0] as string | Uint8Array;
      const size = this.piecesBytes;
      const written = this.sink.write(data);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      this.pieces = undefined;
      this.piecesBytes = 0;
      this.took(written);
      if (written < size) {
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        this.appendBacklog(bytes.subarray(written));
      }
      return;
    }
    while ((this.state & CLOSED) === 0) {
      const { data, count } = takeBatch(pieces);
      const size = byteLength(data);
      const written = this.sink.write(data);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      this.piecesBytes -= size;
      this.took(written);
      if (count === pieces.length) {
        // All went: drop the array (a splice would keep its grown capacity, and a tick with many
        // pieces, 10,000 chat clients joining, would leave every idle connection holding
        // kilobytes of empty slots).
        this.pieces = undefined;
      } else pieces.splice(0, count);
      if (written < size) {
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        this.appendBacklog(bytes.subarray(written));
        this.moveToBacklog();
        return;
      }
      if (this.pieces === undefined) return;
      pieces = this.pieces;
    }
  }

  private writeBacklog(): void {
    while (this.backlogEnd > this.backlogStart) {
      const size = Math.min(this.backlogEnd - this.backlogStart, MAX_COALESCE * 4);
      const written = this.sink.write(this.backlog, this.backlogStart, size);
      if (written < 0) {
        this.sinkClosed();
        return;
      }
      if (written > 0) {
        this.progressAt = Date.now();
        this.took(written);
      }
      this.backlogStart += written;
      if (written < size) return;
    }
  }

  private moveToBacklog(): void {
    const pieces = this.pieces;
    if (pieces === undefined) return;
    this.pieces = undefined;
    this.piecesBytes = 0;
    for (const piece of pieces) {
      this.appendBacklog(typeof piece === "string" ? encoder.encode(piece) : piece);
    }
  }

  private appendBacklog(bytes: Uint8Array): void {
    const used = this.backlogEnd - this.backlogStart;
    // The stall clock starts when the kernel first refuses.
    if (used === 0) this.progressAt = Date.now();
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

/** The next write: one piece as it is, or several joined (strings by concatenation, mixed
 * pieces copied into a shared scratch buffer, so no allocation per tick). */
function takeBatch(pieces: (string | Uint8Array)[]): { data: string | Uint8Array; count: number } {
  const first = pieces[0] as string | Uint8Array;
  if (pieces.length === 1 || byteLength(first) >= MAX_COALESCE) {
    return { data: first, count: 1 };
  }
  let allStrings = true;
  let total = 0;
  let count = 0;
  for (const piece of pieces) {
    const size = byteLength(piece);
    if (count > 0 && total + size > MAX_COALESCE) break;
    if (typeof piece !== "string") allStrings = false;
    total += size;
    count++;
  }
  if (count === 1) return { data: first, count: 1 };
  if (allStrings) return { data: pieces.slice(0, count).join(""), count };
  if (scratch.length < total) scratch = new Uint8Array(Math.max(total, scratch.length * 2));
  let at = 0;
  for (let k = 0; k < count; k++) {
    const piece = pieces[k] as string | Uint8Array;
    if (typeof piece === "string") at += encoder.encodeInto(piece, scratch.subarray(at)).written;
    else {
      scratch.set(piece, at);
      at += piece.length;
    }
  }
  return { data: scratch.subarray(0, at), count };
}
