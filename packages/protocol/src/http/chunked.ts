// The chunked transfer coding (RFC 9112 §7.1), read incrementally in any chunking: size lines,
// chunk data, trailers, the final empty line. The request parser skips a request's chunked body
// with it; the client's response reader keeps a response's.

import { COLON, CR, HTAB, LF, SP } from "../ascii.ts";
import { FIELD_CHAR, TCHAR } from "./chars.ts";

/** Cap on one chunk-size line, extensions included (RFC 9112 §7.1.1 lets a reader limit them).
 * Real senders write a few hex digits; past it the body is refused ("bad-chunk"). */
const MAX_CHUNK_LINE = 1024;

/** Hex digits of a chunk size: 8 is 4 GiB a chunk, past any cap a reader here applies. */
const MAX_CHUNK_DIGITS = 8;

const SEMICOLON = 0x3b;

/** Why a chunked body is refused (the request parser's HttpErrorCode names the same). */
export type ChunkError =
  | "bad-chunk"
  | "bare-cr"
  | "bad-trailer"
  | "body-too-large"
  | "head-too-large";

/** Where the scanner stands inside a chunked body. */
const Chunk = {
  /** The body ended (the final empty line was read). */
  Done: 0,
  /** Reading chunk-size hex digits. */
  Size: 1,
  /** Whitespace after the size: only ";" (an extension) may follow it (§7.1.1's BWS). */
  SizeSpace: 2,
  /** After ";": extensions (skipped), up to CR. */
  Extension: 3,
  /** CR seen after the size line: LF must follow. */
  SizeLf: 4,
  /** Chunk data. */
  Data: 5,
  /** After the data: CR must follow. */
  DataCr: 6,
  DataLf: 7,
  /** At the start of a trailer line, or of the final empty line. Every state from here on is
   * in the trailer section (its size is capped like a head). */
  TrailerStart: 8,
  /** A trailer field's name, up to its colon (§7.1.2: trailers are field lines). */
  TrailerName: 9,
  TrailerValue: 10,
  TrailerLf: 11,
  /** CR of the final empty line seen: LF ends the body. */
  FinalLf: 12,
} as const;
type Chunk = (typeof Chunk)[keyof typeof Chunk];

/** Value of a hex digit, or -1. */
function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Reads one chunked body as its bytes arrive. Strict: CRLF line ends only, since a lenient
 * chunk parser is a classic request-smuggling hole, and a student's server is told the same
 * framing rule a browser holds it to.
 *
 * @example
 * const body = new ChunkScanner({ maxBody: 1 << 20, maxTrailers: 8192 });
 * const bytes = new TextEncoder().encode("5\r\nhello\r\n0\r\n\r\n");
 * body.scan(bytes, 0, bytes.length, (from, to) => keep(bytes.subarray(from, to)));
 * body.done // true
 */
export class ChunkScanner {
  private state: Chunk = Chunk.Size;
  private left = 0;
  private digits = 0;
  private line = 0;
  private total = 0;
  /** Why the body was refused, once it was (then nothing more is read). */
  error: ChunkError | undefined = undefined;

  constructor(private readonly limits: { maxBody: number; maxTrailers: number }) {}

  /** The final empty line has been read: the body is complete. */
  get done(): boolean {
    return this.state === Chunk.Done;
  }

  /** Ready for a new body. */
  reset(): void {
    this.state = Chunk.Size;
    this.left = this.digits = this.line = this.total = 0;
    this.error = undefined;
  }

  /**
   * Reads `data[from, end)` and returns where it stopped: at `end`, or just past the body's
   * last byte once {@link done}, or where {@link error} was found. `onData(start, stop)` is
   * told each run of chunk data, `data[start, stop)`, as it passes.
   */
  scan(
    data: Uint8Array,
    from: number,
    end: number,
    onData?: (start: number, stop: number) => void,
  ): number {
    let i = from;
    while (i < end && this.state !== Chunk.Done && this.error === undefined) {
      if (this.state === Chunk.Data) {
        const take = Math.min(this.left, end - i);
        onData?.(i, i + take);
        i += take;
        this.left -= take;
        if (this.left === 0) this.state = Chunk.DataCr;
        continue;
      }
      const b = data[i++] as number;
      switch (this.state) {
        case Chunk.Size: {
          const digit = hexValue(b);
          if (digit >= 0) {
            if (++this.digits > MAX_CHUNK_DIGITS) return this.refuse(i, "body-too-large");
            this.left = this.left * 16 + digit;
          } else if (this.digits === 0) return this.refuse(i, "bad-chunk");
          else if (b === CR) this.state = Chunk.SizeLf;
          else if (b === SEMICOLON) this.state = Chunk.Extension;
          else if (b === SP || b === HTAB) this.state = Chunk.SizeSpace;
          else return this.refuse(i, "bad-chunk");
          break;
        }
        case Chunk.SizeSpace:
          // chunk-ext = *( BWS ";" … ): after the size, whitespace may only lead to ";". "4 5"
          // or "4 zz" read as 4 is how a lenient proxy and a strict server disagree on framing.
          if (b === SEMICOLON) this.state = Chunk.Extension;
          else if (b !== SP && b !== HTAB) return this.refuse(i, "bad-chunk");
          break;
        case Chunk.Extension:
          // chunk-ext (§7.1.1) means nothing to us: skipped, but no control bytes and capped.
          if (b === CR) this.state = Chunk.SizeLf;
          else if (FIELD_CHAR[b] !== 1) return this.refuse(i, "bad-chunk");
          break;
        case Chunk.SizeLf: {
          if (b !== LF) return this.refuse(i, "bare-cr");
          this.total += this.left;
          if (this.total > this.limits.maxBody) return this.refuse(i, "body-too-large");
          this.digits = this.line = 0;
          this.state = this.left === 0 ? Chunk.TrailerStart : Chunk.Data;
          break;
        }
        case Chunk.DataCr:
          if (b !== CR) return this.refuse(i, "bad-chunk");
          this.state = Chunk.DataLf;
          break;
        case Chunk.DataLf:
          if (b !== LF) return this.refuse(i, "bare-cr");
          this.state = Chunk.Size;
          break;
        case Chunk.TrailerStart:
          // Trailer fields (§7.1.2) are read and dropped. They are field lines (name, colon,
          // value): a request line here is the sender forgetting the final empty line, not a
          // trailer to swallow.
          if (b === CR) this.state = Chunk.FinalLf;
          else if (TCHAR[b] === 1) this.state = Chunk.TrailerName;
          else return this.refuse(i, "bad-trailer");
          break;
        case Chunk.TrailerName:
          if (b === COLON) this.state = Chunk.TrailerValue;
          else if (TCHAR[b] !== 1) return this.refuse(i, "bad-trailer");
          break;
        case Chunk.TrailerValue:
          if (b === CR) this.state = Chunk.TrailerLf;
          else if (FIELD_CHAR[b] !== 1) return this.refuse(i, "bad-trailer");
          break;
        case Chunk.TrailerLf:
          if (b !== LF) return this.refuse(i, "bare-cr");
          this.state = Chunk.TrailerStart;
          break;
        case Chunk.FinalLf:
          if (b !== LF) return this.refuse(i, "bare-cr");
          this.state = Chunk.Done;
          break;
      }
      // Bytes since the last size line ended: caps a size line, and the trailer section.
      if (this.state >= Chunk.TrailerStart) {
        if (++this.line > this.limits.maxTrailers) return this.refuse(i, "head-too-large");
      } else if (this.state !== Chunk.Data && this.state !== Chunk.Done) {
        if (++this.line > MAX_CHUNK_LINE) return this.refuse(i, "bad-chunk");
      }
    }
    return i;
  }

  private refuse(at: number, error: ChunkError): number {
    this.error = error;
    return at;
  }
}
