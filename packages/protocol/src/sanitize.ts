// Cleans text that one user sends and another user's terminal will show: no escape sequence or
// control character survives, so nobody can clear a screen, move a cursor or set a window title.

/**
 * ESC-introduced sequences (ECMA-48): CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, the string
 * controls DCS/SOS/PM/APC `ESC P|X|^|_ … ST`, and two-byte `ESC x` escapes; also their 8-bit C1
 * forms (U+009B CSI, U+009D OSC, U+0090/98/9E/9F), which some terminals honour too.
 * An unterminated string control swallows the rest of the text: better lose a line's tail than
 * let half a title sequence through.
 */
const SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /(?:\x1b\[|\u009b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\x07|\x1b\\|\u009c|$)|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/** C0 controls but tab, DEL, and C1 controls; also the bidi overrides that reorder what follows. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

// biome-ignore lint/suspicious/noControlCharactersInRegex: a quick test before the two replaces
const SUSPECT = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/**
 * Returns `text` without escape sequences and control characters (tab kept). Invalid UTF-8 was
 * already replaced by U+FFFD when the bytes were decoded (see {@link LineDecoder}).
 *
 * @example
 * sanitizeText("hi\x1b[2J there\x1b]0;pwned\x07!") // "hi there!"
 */
export function sanitizeText(text: string): string {
  if (!SUSPECT.test(text)) return text; // the common case: plain text, no allocation
  return text.replace(SEQUENCE, "").replace(CONTROL, "");
}

/**
 * Makes bytes readable as text for a terminal: printable ASCII as is, everything else escaped
 * (`\n`, `\r`, `\t`, `\xNN`). For showing what a student's server really sent.
 *
 * @example
 * escapeBytes(new Uint8Array([0x41, 0x0a, 0xff])) // "A\\n\\xff"
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x5c) out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}
