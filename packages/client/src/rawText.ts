// The raw screen's two translations: bytes received shown as text where they are valid UTF-8
// (escaped only where not), and a typed line turned into bytes (\x00 escapes, \c: no newline).

/** Escapes of the bytes no terminal should receive as they are. */
function escapeByte(b: number): string {
  if (b === 0x0a) return "\\n";
  if (b === 0x0d) return "\\r";
  if (b === 0x09) return "\\t";
  if (b === 0x5c) return "\\\\";
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return `\\x${b.toString(16).padStart(2, "0")}`;
}

/** Code points shown escaped even when well encoded: C1 controls, and the invisible ones that
 * reorder or hide text (bidi overrides, zero-width), which would make the screen lie. */
const HIDDEN = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** The length of the UTF-8 sequence starting at `i`, or 0 when it is not a valid one (a stray
 * continuation byte, a cut sequence, an overlong form, a surrogate, past U+10FFFF). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const need =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || i + need > bytes.length) return 0;
  for (let k = 1; k < need; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return 0;
  const second = bytes[i + 1] as number;
  if (b === 0xe0 && second < 0xa0) return 0; // overlong
  if (b === 0xed && second >= 0xa0) return 0; // a surrogate
  if (b === 0xf0 && second < 0x90) return 0; // overlong
  if (b === 0xf4 && second >= 0x90) return 0; // past U+10FFFF
  return need;
}

/**
 * Bytes as a person should read them: printable ASCII and valid UTF-8 as text, the rest escaped
 * (`\n`, `\r`, `\t`, `\\`, `\xNN`).
 *
 * @example
 * showBytes(new TextEncoder().encode("é\n")) // "é\\n"
 * showBytes(new Uint8Array([0xc3]))          // "\\xc3" (a cut sequence)
 */
export function showBytes(bytes: Uint8Array): string {
  const decoder = new TextDecoder();
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 0 : sequenceLength(bytes, i);
    if (length === 0) {
      out += escapeByte(b);
      i++;
      continue;
    }
    const text = decoder.decode(bytes.subarray(i, i + length));
    out += HIDDEN.test(text)
      ? [...bytes.subarray(i, i + length)].map((x) => `\\x${x.toString(16)}`).join("")
      : text;
    i += length;
  }
  return out;
}

/** What a typed raw line means: its bytes, and whether the line ending goes after them. */
export interface RawLine {
  bytes: Uint8Array;
  /** False when the line ended with `\c` (echo(1)'s "no newline"). */
  newline: boolean;
}

/**
 * A typed line with its escapes read: `\xNN` any byte, `\r`, `\n`, `\t`, `\0`, `\\`, and a final
 * `\c` for "no line ending". An unknown escape is kept as typed.
 *
 * @example
 * parseRawLine("GET / HTTP/1.0\\r\\n\\c") // bytes "GET / HTTP/1.0\r\n", newline: false
 */
export function parseRawLine(text: string): RawLine {
  const newline = !text.endsWith("\\c") || text.endsWith("\\\\c");
  const body = newline ? text : text.slice(0, -2);
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\" || i + 1 >= body.length) {
      const code = body.codePointAt(i) as number;
      const whole = String.fromCodePoint(code);
      out.push(...encoder.encode(whole));
      i += whole.length - 1;
      continue;
    }
    const next = body[i + 1] as string;
    const simple: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, "0": 0x00, "\\": 0x5c };
    if (next in simple) {
      out.push(simple[next] as number);
      i++;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out.push(Number.parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      out.push(0x5c);
    }
  }
  return { bytes: new Uint8Array(out), newline };
}

/**
 * The bytes a typed line sends on the raw and inspect screens: its escapes read, then the line
 * end (`\r\n` with --crlf, else `\n`), or none after a final `\c`.
 *
 * @example
 * lineBytes("hi", true) // "hi\r\n"
 */
export function lineBytes(text: string, crlf = false): Uint8Array {
  const line = parseRawLine(text);
  const end = line.newline ? (crlf ? [0x0d, 0x0a] : [0x0a]) : [];
  return new Uint8Array([...line.bytes, ...end]);
}
