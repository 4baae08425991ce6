// Line framing: turns bytes in any chunking into complete text lines, the way nc, telnet and
// students' own clients send them (LF, CRLF, CR, NUL; Backspace, telnet commands), with a cap on
// how much one line may hold.

import { CR, LF } from "./ascii.ts";
import { IAC, TelnetAction, TelnetSession } from "./telnet.ts";

/** Default cap on one line, in bytes. Long enough for any typed line or pasted paragraph; past it
 * the line is reported as over-long and skipped up to the next line end, so memory stays bounded. */
export const DEFAULT_MAX_LINE = 8 * 1024;

/** Ends a line like LF: C strings carry their NUL (`send(buf, strlen(buf) + 1)`), and a C
 * chat sends its nickname as `send(name, 32)`, NUL-padded; telnet sends a bare CR as CR NUL
 * (RFC 854, "NVT"). The empty lines that padding makes are not lines. */
const NUL = 0x00;
/** Backspace and Delete erase the previous character, Ctrl-U the line: what a character-mode
 * terminal (Windows telnet, PuTTY raw, telnet "mode character") sends for the keys. */
const BS = 0x08;
const DEL = 0x7f;
const NAK = 0x15; // Ctrl-U
const TAB = 0x09;
const ESC = 0x1b;

/** Where the decoder stands between bytes, beyond plain text: inside a telnet command, or an
 * escape sequence (arrow keys in a raw terminal: ESC [ A), both of which may span chunks. */
enum State {
  Text = 0,
  Telnet = 1,
  Esc = 2, // after ESC
  Csi = 3, // after ESC [ : parameters until a final byte
  Ss3 = 4, // after ESC O : one final byte
  Str = 5, // after ESC ] (OSC), ESC P (DCS), ESC X, ESC ^, ESC _ : text until BEL or ESC \
}

/** What a decoder calls. One handlers object may serve every connection of a server, each
 * decoder passing its own `owner`: then a connection costs no closure. */
export interface LineHandlers<Owner = undefined> {
  /** A complete line, without its line end, decoded as UTF-8 (invalid bytes become U+FFFD). */
  line(text: string, owner: Owner): void;
  /** A line passed the cap: its bytes are dropped up to the next line end. Called once per line,
   * when the cap is first crossed, with the number of bytes seen so far. */
  overlong?(bytes: number, owner: Owner): void;
  /** Telnet bytes to send back to the peer as they are (an option refused, a timing mark
   * answered): send them at once, in order with the replies, never translated. */
  reply?(bytes: Uint8Array, owner: Owner): void;
  /** The peer's telnet sent Are You There: answer with a short line. */
  areYouThere?(owner: Owner): void;
  /** The peer ended a line with CR or spoke telnet (see `wantsCRLF`): called before the line it
   * ends is delivered, so the answer to that line can already use CRLF. Once per decoder. */
  crlf?(owner: Owner): void;
}

const EMPTY = new Uint8Array(0);
const FF = Uint8Array.of(0xff);
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Incremental line decoder. An incomplete line is kept until its end arrives: "not yet" is the
 * normal state, never an error. It forgives what real clients send: LF, CRLF, CR or NUL end a
 * line (NUL padding makes no empty lines); Backspace / Delete erase a character (a whole UTF-8
 * one), Ctrl-U the line; other control characters and escape sequences are dropped; telnet
 * commands are read by a {@link TelnetSession} made at the first IAC.
 *
 * @example
 * const lines: string[] = [];
 * const d = new LineDecoder({ line: (l) => lines.push(l) });
 * d.push(new TextEncoder().encode("hel"));
 * d.push(new TextEncoder().encode("lo\r"));
 * d.push(new TextEncoder().encode("\nworld\n"));
 * d.push(new TextEncoder().encode("alice\0\0\0\0"));
 * // lines = ["hello", "world", "alice"]
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
  /** Where the bytes the last `push` added to the current line begin (see `looksWritten`). */
  private mark = 0;
  /** The current line began right after a line end inside the same chunk: it is the rest of a
   * stream TCP cut, never a program's whole write (see `looksWritten`). */
  private streamTail = false;
  /** The last line ended with CR: a LF (or telnet's NUL) that comes next, maybe in the next
   * chunk, ends nothing. */
  private afterCR = false;
  /** The peer ended a line with CR (CRLF or bare CR) or spoke telnet: its terminal wants CRLF. */
  private sawCR = false;
  /** The current line passed the cap; drop bytes until the next line end. */
  private skipping = false;
  private skipped = 0;
  private state: State = State.Text;
  /** Made at the first IAC, and kept: it remembers which options were refused. */
  private telnet: TelnetSession | undefined;
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

  /** The peer ended a line with CR (CRLF, CR NUL, bare CR) or sent a telnet command: what it
   * reads is shown by a terminal (telnet, PuTTY) that wants CRLF line ends back. */
  get wantsCRLF(): boolean {
    return this.sawCR;
  }

  /** The peer spoke telnet: a person at a terminal, whose partial line is never cut. */
  get isTelnet(): boolean {
    return this.telnet?.spoke === true;
  }

  /**
   * True when the decoder holds nothing at all: no partial line, no bytes held by `stop()`, and
   * no state carried into the next chunk (a CR whose LF may follow, a telnet session, an escape
   * sequence, a line being skipped). A fresh decoder would then decode what comes next exactly
   * as this one, so a server may drop it between reads and make a new one on the next: 10,000
   * idle clients then hold no decoder.
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
      this.state === State.Text &&
      this.telnet === undefined
    );
  }

  /**
   * True when the partial line looks like a program's write rather than a person's typing: the
   * last `push` added at least two characters to it (a key pressed in a raw terminal arrives
   * alone, one character, however many bytes), the line began at the start of a chunk (the
   * rest of a chunk after a line end is a stream TCP cut: a paste or a flood whose next segment
   * is late, a retransmission takes 200 ms, must never be split), and the peer never spoke
   * telnet (telnet always ends a line with CRLF, and in character mode sends one key at a
   * time). A server may take such a line as complete after a silence (`--line-wait`).
   *
   * @example
   * decoder.push(enc.encode("Salut le serveur !")); // decoder.looksWritten === true
   * decoder.push(enc.encode("one\ntw"));             // false: "tw" is a cut stream's tail
   */
  get looksWritten(): boolean {
    if (this.len <= this.mark || this.skipping || this.halted || this.state !== State.Text)
      return false;
    if (this.streamTail) return false;
    if (this.telnet?.spoke) return false;
    let chars = 0;
    for (let i = this.mark; i < this.len; i++) {
      // Count UTF-8 lead bytes: "é" typed is one key, two bytes.
      if (((this.buf[i] as number) & 0xc0) !== 0x80 && ++chars >= 2) return true;
    }
    return false;
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
    if (rest) {
      // What was held follows a line end in the chunk it came in: a stream's tail.
      this.push(rest);
      if (this.len > 0) this.streamTail = true;
    }
  }

  /** Feeds one chunk; calls `line` for each line it completes. */
  push(chunk: Uint8Array): void {
    if (this.halted) {
      this.hold(chunk);
      return;
    }
    if (this.len === 0) this.streamTail = false;
    this.mark = this.len;
    const n = chunk.length;
    let start = 0; // first byte of the current run of plain line bytes
    let i = 0;
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (chunk[0] === LF || chunk[0] === NUL) start = i = 1;
    }
    while (i < n) {
      if (this.state !== State.Text) {
        // Inside a telnet command or an escape sequence: one byte at a time, none kept as text.
        if (this.special(chunk[i] as number)) i++;
        start = i;
        continue;
      }
      // The common case, kept tight: a run of text bytes (printable, TAB, UTF-8), no branch
      // per byte beyond this test.
      let b = chunk[i] as number;
      while ((b >= 0x20 && b !== DEL && b !== IAC) || b === TAB) {
        if (++i === n) break;
        b = chunk[i] as number;
      }
      if (i === n) break;
      this.append(chunk, start, i);
      i++;
      start = i;
      if (b === LF || b === CR) {
        if (b === CR) {
          if (!this.sawCR) this.markCR();
          if (i === n) this.afterCR = true;
          else if (chunk[i] === LF || chunk[i] === NUL) start = ++i;
        }
        this.endLine();
      } else if (b === NUL) {
        // NUL padding after a line, or a whole NUL-filled buffer, makes no empty lines.
        if (this.len === 0 && !this.skipping) continue;
        this.endLine();
      } else if (b === BS || b === DEL) {
        this.eraseChar();
        continue;
      } else if (b === NAK) {
        this.eraseLine();
        continue;
      } else if (b === IAC) {
        this.telnet ??= new TelnetSession();
        this.telnet.begin();
        this.state = State.Telnet;
        continue;
      } else {
        if (b === ESC) this.state = State.Esc;
        continue; // other control characters are dropped, never counted
      }
      if (this.halted) {
        if (i < n) this.hold(chunk.subarray(i));
        return;
      }
    }
    this.append(chunk, start, n);
  }

  /**
   * Delivers the partial line as a complete one, if there is one (a server's `--line-wait` ran
   * out: the peer sent a line without its newline and waits for the answer). Nothing while
   * stopped, inside a command, or skipping an over-long line.
   *
   * @example
   * decoder.push(enc.encode("hello")); // nothing yet
   * decoder.takePartial();             // line("hello")
   */
  takePartial(): void {
    if (this.len === 0 || this.halted || this.skipping || this.state !== State.Text) return;
    this.endLine();
  }

  /** The stream ended: delivers every held line (stops are ignored: nothing more will come to
   * wait for), then returns the unterminated last line, if any (and forgets it). */
  end(): string | undefined {
    while (this.halted) this.resume();
    const wasSkipping = this.skipping;
    const text =
      this.len > 0 && !wasSkipping ? utf8.decode(this.buf.subarray(0, this.len)) : undefined;
    this.len = 0;
    this.mark = 0;
    this.skipping = false;
    this.skipped = 0;
    this.afterCR = false;
    this.state = State.Text;
    return text;
  }

  /** One byte inside a telnet command or an escape sequence. False when the byte was not part
   * of it (an escape sequence cut short by a control character): it is read again as text. */
  private special(b: number): boolean {
    switch (this.state) {
      case State.Telnet: {
        const telnet = this.telnet as TelnetSession;
        const action = telnet.feed(b);
        if (!telnet.active) this.state = State.Text;
        if (telnet.spoke && !this.sawCR) this.markCR(); // any command, NOP included
        if (action !== TelnetAction.None) this.telnetAction(action, telnet);
        return true;
      }
      case State.Esc:
        if (b < 0x20 || b > 0x7e) break;
        // ESC [ (CSI) and ESC O (SS3) start the sequences keys send; ESC ] and the other string
        // controls (a pasted terminal title) run to BEL or ESC \; intermediates (ESC ( B) go on;
        // any other byte ends it (Alt-x is ESC x).
        if (b === 0x5b) this.state = State.Csi;
        else if (b === 0x4f) this.state = State.Ss3;
        else if (b === 0x5d || b === 0x50 || b === 0x58 || b === 0x5e || b === 0x5f)
          this.state = State.Str;
        else if (b >= 0x30) this.state = State.Text;
        return true;
      case State.Str:
        // A line end, NUL or IAC cuts it short (read again as such): nothing is held for it.
        if (b === LF || b === CR || b === NUL || b === IAC) break;
        if (b === 0x07) this.state = State.Text;
        else if (b === ESC) this.state = State.Esc; // ESC \ ends it
        return true;
      case State.Csi:
        if (b < 0x20 || b > 0x7e) break;
        // Parameters and intermediates (0x20-0x3f) go on; a final byte (0x40-0x7e) ends it.
        if (b >= 0x40) this.state = State.Text;
        return true;
      case State.Ss3:
        if (b < 0x20 || b > 0x7e) break;
        this.state = State.Text;
        return true;
    }
    this.state = State.Text;
    return false;
  }

  private markCR(): void {
    this.sawCR = true;
    this.handlers.crlf?.(this.owner);
  }

  private telnetAction(action: TelnetAction, telnet: TelnetSession): void {
    switch (action) {
      case TelnetAction.Data:
        this.append(FF, 0, 1);
        return;
      case TelnetAction.Interrupt:
        // Ctrl-C: the partial line is abandoned, an over-long one too; the connection stays.
        this.eraseLine();
        this.skipping = false;
        this.skipped = 0;
        return;
      case TelnetAction.EraseChar:
        this.eraseChar();
        return;
      case TelnetAction.EraseLine:
        this.eraseLine();
        return;
      case TelnetAction.AreYouThere:
        this.handlers.areYouThere?.(this.owner);
        return;
      case TelnetAction.Reply:
        this.handlers.reply?.(telnet.answer, this.owner);
        return;
    }
  }

  /** Backspace: the last character goes, all its UTF-8 bytes (at most 3 continuation bytes and
   * their lead), so "é" then Backspace leaves no half character. */
  private eraseChar(): void {
    if (this.skipping || this.len === 0) return;
    let j = this.len;
    while (j > 0 && this.len - j < 3 && ((this.buf[j - 1] as number) & 0xc0) === 0x80) j--;
    if (j > 0) j--;
    this.len = j;
    if (this.mark > j) this.mark = j;
  }

  private eraseLine(): void {
    this.len = 0;
    this.mark = 0;
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
      this.mark = 0;
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
    this.mark = 0;
    this.streamTail = true;
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
