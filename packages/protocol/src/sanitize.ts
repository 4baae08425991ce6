// Cleans text that one user sends and another user's terminal will show: no escape sequence,
// control or invisible character survives, so nobody can clear a screen, move a cursor, set a
// window title, hide text inside a word, or pad a line into a forged one.

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

/** Characters that draw nothing: format characters (Cf: zero-width space and joiners, the
 * bidi marks U+200E/F and U+061C, word joiner, invisible operators U+2061–2064, deprecated
 * format controls U+206A–206F, BOM U+FEFF, soft hyphen, interlinear annotations U+FFF9–FFFB,
 * tag characters U+E0001–E007F) and default-ignorable code points (variation selectors,
 * Hangul fillers, combining grapheme joiner, unassigned ones reserved as ignorable). */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
/** Line and paragraph separators: some readers break the line there (a forged line), JSON
 * readers in JavaScript once choked on them. They become a space. */
const SEPARATOR = /[\u2028\u2029]/;
/** An emoji, and what may follow one inside an emoji ZWJ sequence (👩‍⚕️, 🏳️‍🌈). */
const EMOJI = /\p{Emoji}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const SKIN_TONE = /\p{Emoji_Modifier}/u;
const ZWJ = "\u200d";
const VS16 = "\ufe0f";

const SUSPECT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a quick test before the replaces
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * Drops invisible characters but the two that emoji need inside one grapheme: U+FE0F (emoji
 * presentation) right after an emoji, U+200D (zero-width joiner) between two emoji. A joiner
 * or selector anywhere else joins nothing a reader can see, so it goes.
 */
function dropInvisible(text: string): string {
  const chars = [...text];
  let out = "";
  let kept = ""; // the last character kept
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? "";
    if (SEPARATOR.test(char)) {
      out += " ";
      kept = " ";
      continue;
    }
    if (INVISIBLE.test(char)) {
      const keep =
        char === VS16
          ? EMOJI.test(kept)
          : char === ZWJ &&
            (PICTOGRAPH.test(kept) || SKIN_TONE.test(kept) || kept === VS16) &&
            PICTOGRAPH.test(chars[i + 1] ?? "");
      if (!keep) continue;
    }
    out += char;
    kept = char;
  }
  return out;
}

/**
 * Returns `text` without escape sequences, control characters (tab kept) and invisible
 * characters (but the joiners inside an emoji); a line or paragraph separator becomes a space.
 * Invalid UTF-8 was already replaced by U+FFFD when the bytes were decoded (see
 * {@link LineDecoder}).
 *
 * @example
 * sanitizeText("hi\x1b[2J there\x1b]0;pwned\x07!") // "hi there!"
 * sanitizeText("pay\u200bpal")                      // "paypal"
 */
export function sanitizeText(text: string): string {
  if (!SUSPECT.test(text)) return text; // the common case: plain text, no allocation
  return dropInvisible(text.replace(SEQUENCE, "").replace(CONTROL, ""));
}

/** Whitespace of any width (tab, no-break and ideographic spaces, en and em spaces…) and the
 * braille blank U+2800, which draws nothing either. */
const BLANKS = /[\s\u2800]+/gu;

/**
 * A chat message as others read it: {@link sanitizeText}, then every run of blanks becomes one
 * space and the ends are trimmed.
 *
 * Why collapse rather than cut at a length: a message padded with spaces to the width of the
 * reader's terminal wraps, and its second half starts a screen row of its own, where it reads
 * as `[12:33:40] <bob> …` or `-- Server notice`. No length is safe, since terminals wrap at
 * every width (a length short enough for 80 columns still wraps at 40, and cutting that short
 * would ruin ordinary messages). With every blank a single space, the padding is gone: what
 * pushes forged text to the start of a row must be visible characters, printed on the sender's
 * own line for everyone to see. ASCII art made of spaces is the price.
 *
 * @example
 * cleanMessage("hi" + " ".repeat(70) + "[12:33:40] <bob> hey") // "hi [12:33:40] <bob> hey"
 */
export function cleanMessage(text: string): string {
  return sanitizeText(text).replace(BLANKS, " ").trim();
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
