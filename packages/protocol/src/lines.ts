// Line framing: turns bytes in any chunking into complete text lines, the way nc, telnet and
// students' own clients send them (LF, CRLF or a bare CR), with a cap on how much one line may hold.

import { CR, LF } from "./ascii.ts";

/** Default cap on one line, in bytes. Long enough for any typed line or pasted paragraph; past it
 * the line is reported as over-long and skipped up to the next line end, so memory stays bounded. */
export const DEFAULT_MAX_LINE = 8 * 1024;

/** Telnet sends a bare CR as CR NUL (RFC 854, "NVT"): the NUL is padding, not text. */
const NUL = 0x00;
/** Telnet's "interpret as command" byte. It never occurs in valid UTF-8, so stripping it and the
 * option bytes that follow loses no text (RFC 854). */
const IAC = 0xff;
const SB = 250;
const SE = 240;
const WILL = 251;
const DONT = 254;

/** Where the decoder stands inside a telnet command that may span chunks. */
enum Telnet {
  None = 0,
  Command = 1, // after IAC
  Option = 2, // after IAC WILL/WONT/DO/DONT: one option byte follows
  Sub = 3, // inside IAC SB … IAC SE
  SubIac = 4, // IAC seen inside a subnegotiation
}

/** What a decoder calls. One handlers object may serve every connection of a server, each
 * decoder passing its own `owner`: then a connection costs no closure. */
export interface LineHandlers<Owner = undefined> {
  /** A complete line, without its line end, decoded as UTF-8 (invalid bytes become U+FFFD). */
  line(text: string, owner: Owner): void;
  /** A line passed the cap: its bytes are dropped up to the next line end. Called once per line,
   * when the cap is first crossed, with the number of bytes seen so far. */
  overlong?(bytes: number, owner: Owner): void;
}

const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Incremental line decoder. An incomplete line is kept until its end arrives: "not yet" is the
 * normal state, never an error.
 *
 * @example
 * const lines: string[] = [];
 * const d = new LineDecoder({ line: (l) => lines.push(l) });
 * d.push(new TextEncoder().encode("hel"));
 * d.push(new TextEncoder().encode("lo\r"));
 * d.push(new TextEncoder().encode("\nworld\n"));
 * // lines = ["hello", "world"]
 *
 * // One handlers object for all connections; each decoder names its owner:
 * const shared = { line: (text: string, conn: Conn) => conn.said(text) };
 * const mine = new LineDecoder(shared, 2048, conn);
 */
export class LineDecoder<Owner = undefined> {
  private readonly maxLine: number;
  private readonly handlers: LineHandlers<Owner>;
  private readonly owner: Owner;
  /** Bytes of the current line, copied out of the chunks that carried them. */
  private buf: Uint8Array;
  private len = 0;
  /** The last line ended with CR: a LF (or telnet's NUL) that comes next, maybe in the next
   * chunk, ends nothing. */
  private afterCR = false;
  /** The current line passed the cap; drop bytes until the next line end. */
  private skipping = false;
  private skipped = 0;
  private telnet: Telnet = Telnet.None;
  /** Set by `stop()`: bytes wait in `held` until `resume()`. */
  private halted = false;
  /** What followed the line during which `stop()` was called, plus anything pushed since. */
  private held: Uint8Array | undefined;

  constructor(handlers: LineHandlers<Owner>, maxLine = DEFAULT_MAX_LINE, owner?: Owner) {
    this.handlers = handlers;
    this.maxLine = maxLine;
    // Without an owner the handlers take no second argument (Owner is undefined).
    this.owner = owner as Owner;
    // Allocated on the first partial line: most connections never hold one, and 10,000 idle
    // clients should cost nothing here.
    this.buf = EMPTY;
  }

  /** Bytes held for a line that has not ended yet (never more than the cap). */
  get pending(): number {
    return this.len;
  }

  /** True between `stop()` and `resume()`. */
  get stopped(): boolean {
    return this.halted;
  }

  /**
   * True when the decoder holds nothing at all: no partial line, no bytes held by `stop()`, and
   * no state carried into the next chunk (a CR whose LF may follow, a telnet command, a line
   * being skipped). A fresh decoder would then decode what comes next exactly as this one, so a
   * server may drop it between reads and make a new one on the next: 10,000 idle clients then
   * hold no decoder.
   *
   * @example
   * decoder.push(chunk);
   * if (decoder.idle) conn.decoder = undefined; // made again on the next read
   */
  get idle(): boolean {
    return (
      this.len === 0 &&
      !this.halted &&
      this.held === undefined &&
      !this.afterCR &&
      !this.skipping &&
      this.telnet === Telnet.None
    );
  }

  /**
   * No more `line` calls until `resume()`: called from a `line` handler, decoding stops right
   * after that line and the rest of the chunk is held (not copied). The server stops a peer's
   * lines while its replies are past the outbox's high-water mark, so one 512 KiB read of short
   * lines cannot queue megabytes of answers. Bytes pushed while stopped wait behind, in order.
   */
  stop(): void {
    this.halted = true;
  }

  /** Decodes what was held (a `line` handler may stop it again). */
  resume(): void {
    this.halted = false;
    const rest = this.held;
    this.held = undefined;
    if (rest) this.push(rest);
  }

  /** Feeds one chunk; calls `line` for each line it completes. */
  push(chunk: Uint8Array): void {
    if (this.halted) {
      this.hold(chunk);
      return;
    }
    const n = chunk.length;
    let start = 0; // first byte of the current run of plain line bytes
    let i = 0;
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (chunk[0] === LF || chunk[0] === NUL) start = i = 1;
    }
    while (i < n) {
      const b = chunk[i] as number;
      if (this.telnet !== Telnet.None) {
        this.telnetByte(b);
        start = ++i;
        continue;
      }
      if (b === LF || b === CR) {
        this.append(chunk, start, i);
        i++;
        if (b === CR) {
          if (i === n) this.afterCR = true;
          else if (chunk[i] === LF || chunk[i] === NUL) i++;
        }
        start = i;
        this.endLine();
        if (this.halted) {
          if (i < n) this.hold(chunk.subarray(i));
          return;
        }
        continue;
      }
      if (b === IAC) {
        this.append(chunk, start, i);
        this.telnet = Telnet.Command;
        start = ++i;
        continue;
      }
      i++;
    }
    this.append(chunk, start, n);
  }

  /** The stream ended: delivers every held line (stops are ignored: nothing more will come to
   * wait for), then returns the unterminated last line, if any (and forgets it). */
  end(): string | undefined {
    while (this.halted) this.resume();
    const wasSkipping = this.skipping;
    const text =
      this.len > 0 && !wasSkipping ? utf8.decode(this.buf.subarray(0, this.len)) : undefined;
    this.len = 0;
    this.skipping = false;
    this.skipped = 0;
    this.afterCR = false;
    this.telnet = Telnet.None;
    return text;
  }

  private telnetByte(b: number): void {
    switch (this.telnet) {
      case Telnet.Command:
        if (b === IAC) {
          // IAC IAC is a literal 0xFF data byte: invalid in UTF-8, so it would only decode to
          // U+FFFD; we drop it with the rest of the command.
          this.telnet = Telnet.None;
        } else if (b >= WILL && b <= DONT) this.telnet = Telnet.Option;
        else if (b === SB) this.telnet = Telnet.Sub;
        else this.telnet = Telnet.None;
        return;
      case Telnet.Option:
        this.telnet = Telnet.None;
        return;
      case Telnet.Sub:
        if (b === IAC) this.telnet = Telnet.SubIac;
        return;
      case Telnet.SubIac:
        this.telnet = b === SE ? Telnet.None : Telnet.Sub;
        return;
    }
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const count = to - from;
    if (count <= 0) return;
    if (this.skipping) {
      this.skipped += count;
      return;
    }
    const total = this.len + count;
    if (total > this.maxLine) {
      this.skipping = true;
      this.skipped = total;
      this.len = 0;
      this.handlers.overlong?.(total, this.owner);
      return;
    }
    if (total > this.buf.length) {
      const grown = new Uint8Array(
        Math.min(this.maxLine, Math.max(total, 64, this.buf.length * 2)),
      );
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(chunk.subarray(from, to), this.len);
    this.len = total;
  }

  private hold(bytes: Uint8Array): void {
    if (!this.held) {
      this.held = bytes;
      return;
    }
    const joined = new Uint8Array(this.held.length + bytes.length);
    joined.set(this.held);
    joined.set(bytes, this.held.length);
    this.held = joined;
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      this.skipped = 0;
      return;
    }
    const text = this.len === 0 ? "" : utf8.decode(this.buf.subarray(0, this.len));
    this.len = 0;
    this.handlers.line(text, this.owner);
  }
}

/**
 * Splits a whole text into lines with the same rules as {@link LineDecoder} (LF, CRLF, CR).
 *
 * @example
 * splitLines("a\r\nb\rc\n") // ["a", "b", "c"]
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
