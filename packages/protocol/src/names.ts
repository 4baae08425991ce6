// Nicknames (chat) and player names (game): what is allowed, and when two names are "the same".
// When one only looks like another is lookalike.ts; the one-script rule is scripts.ts.

import { mixesScripts } from "./scripts.ts";

/** Long enough for a first name plus initial, short enough to keep every chat line aligned. */
export const MAX_NAME_LENGTH = 20;

/** Letters of any script, digits, and `_ - .`: what a student can type on any keyboard, and
 * nothing that could pass for a command, a private-message marker or an escape sequence. */
const NAME = /^[\p{L}\p{M}\p{N}_.-]+$/u;

/** A name starts with something that draws: not `-` or `--` (which read as the server's `-- `
 * mark), not a combining mark (a leading U+0338 turns the `<` before the nick into `≮`). */
const START = /^[\p{L}\p{N}]/u;

/** Letters and marks that draw nothing: Hangul fillers (U+3164, U+FFA0, U+115F, U+1160), the
 * combining grapheme joiner U+034F, variation selectors. A name of them alone is invisible;
 * inside a name they make `alice` and `alice` + U+034F two different people. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

/** Accents stacked on one letter (after NFD). Vietnamese needs two, some Indic clusters a few
 * more; past four, a name spills over the lines above and below it ("zalgo"). TR39 §5.4. */
const MAX_MARKS = 4;
const MARK = /\p{M}/u;

export type NameProblem =
  | "empty"
  | "too_long"
  | "bad_characters"
  | "invisible"
  | "bad_start"
  | "stacked_marks"
  | "mixed_scripts";

/** More than MAX_MARKS marks in a row, or the same mark twice in a row (TR39 §5.4). */
function stacksMarks(name: string): boolean {
  let run = 0;
  let previous = "";
  for (const char of name.normalize("NFD")) {
    if (!MARK.test(char)) {
      run = 0;
    } else if (++run > MAX_MARKS || char === previous) {
      return true;
    }
    previous = char;
  }
  return false;
}

/**
 * Why a name is refused, or undefined when it is fine. Length counts characters, not bytes.
 * `mixed_scripts` comes last, so a caller can first check whether the name looks like someone
 * else's (a more useful answer for `аlice` than "mixed scripts").
 *
 * @example
 * checkName("alice")     // undefined
 * checkName("bob smith") // "bad_characters"
 * checkName("--")        // "bad_start"
 * checkName("b\u03bfb")  // "mixed_scripts" (a Greek ο)
 */
export function checkName(name: string): NameProblem | undefined {
  const length = [...name].length;
  if (length === 0) return "empty";
  if (length > MAX_NAME_LENGTH) return "too_long";
  if (!NAME.test(name)) return "bad_characters";
  if (INVISIBLE.test(name)) return "invisible";
  if (!START.test(name.normalize("NFC"))) return "bad_start";
  if (stacksMarks(name)) return "stacked_marks";
  if (mixesScripts(name)) return "mixed_scripts";
  return undefined;
}

/**
 * The form two names are compared in: "Alice" and "ALICE" (and "é" typed two ways) are the same.
 * Names that only look alike have different keys: see {@link looksAlike}.
 *
 * @example
 * nameKey("Élodie") === nameKey("ÉLODIE") // true
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLocaleLowerCase("und");
}
