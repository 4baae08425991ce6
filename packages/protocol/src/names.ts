// Nicknames (chat) and player names (game): what is allowed, and when two names are "the same".

/** Long enough for a first name plus initial, short enough to keep every chat line aligned. */
export const MAX_NAME_LENGTH = 20;

/** Letters of any script, digits, and `_ - .`: what a student can type on any keyboard, and
 * nothing that could pass for a command, a private-message marker or an escape sequence. */
const NAME = /^[\p{L}\p{M}\p{N}_.-]+$/u;

export type NameProblem = "empty" | "too_long" | "bad_characters";

/**
 * Why a name is refused, or undefined when it is fine. Length counts characters, not bytes.
 *
 * @example
 * checkName("alice")     // undefined
 * checkName("bob smith") // "bad_characters"
 */
export function checkName(name: string): NameProblem | undefined {
  const length = [...name].length;
  if (length === 0) return "empty";
  if (length > MAX_NAME_LENGTH) return "too_long";
  if (!NAME.test(name)) return "bad_characters";
  return undefined;
}

/**
 * The form two names are compared in: "Alice" and "ALICE" (and "é" typed two ways) are the same.
 *
 * @example
 * nameKey("Élodie") === nameKey("ÉLODIE") // true
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLocaleLowerCase("und");
}
