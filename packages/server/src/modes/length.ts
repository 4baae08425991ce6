// length (seed: the Java multi-client server): greets each client with its number, then
// answers every line with its length in characters (not bytes: "é" is one).

import { DEFAULT_MAX_LINE } from "@socklab/protocol";
import type { ModeDefinition } from "../core/mode.ts";

/** Counts user-perceived characters, so "é" typed as e + combining accent, or an emoji with a
 * skin tone, counts as one, the way a student reading the line would count. Made on the first
 * line that needs it: building one loads ICU's break rules, up to a millisecond and a half of
 * every server's start (`bun run bench start`) when it was made at import. */
let graphemes: Intl.Segmenter | undefined;

export function characterCount(text: string): number {
  // ASCII has one character per code unit: skip the segmenter on the common case.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range test
  if (/^[\x00-\x7f]*$/.test(text)) return text.length;
  let count = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

export const length: ModeDefinition = {
  name: "length",
  examples: ["socklab-server length", "socklab-server length --lang fr"],
  flags: {},
  create: ({ msg }) => ({
    maxLine: DEFAULT_MAX_LINE,
    open(conn) {
      conn.send(`${msg.lengthWelcome(conn.id)}\n`);
    },
    line(conn, text) {
      conn.send(`${msg.lengthReply(characterCount(text))}\n`);
    },
  }),
};
