// What one game line asks for: a guess, or a command (/help, /scores, /name, /quit, /proto).
// Pure parsing, no state: the table (./table.ts) decides what each does.

import { PROTO_JSON_COMMAND } from "@socklab/protocol";

export type GameCommand =
  /** Nothing but blanks (Enter pressed twice): asks nothing. */
  | { kind: "empty" }
  /** Any line that is not a command; the rules (./game.ts) judge whether it is a number. */
  | { kind: "guess"; text: string }
  | { kind: "help" }
  | { kind: "scores" }
  | { kind: "name"; name: string }
  | { kind: "quit" }
  | { kind: "proto"; format: "json" }
  /** A known command with missing or wrong arguments. */
  | { kind: "usage"; usage: "name" | "proto" }
  | { kind: "unknown" };

/**
 * Reads one line as the framing delivered it.
 *
 * @example
 * parseGameLine(" 42 ")          // { kind: "guess", text: "42" }
 * parseGameLine("/NAME  alice")  // { kind: "name", name: "alice" }
 * parseGameLine("/proto xml")    // { kind: "usage", usage: "proto" }
 */
export function parseGameLine(raw: string): GameCommand {
  const line = raw.trim();
  if (line === "") return { kind: "empty" };
  if (!line.startsWith("/")) return { kind: "guess", text: line };
  const [, word = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
  switch (word.toLowerCase()) {
    case "/help":
      return { kind: "help" };
    case "/scores":
      return { kind: "scores" };
    case "/name":
      return rest === "" ? { kind: "usage", usage: "name" } : { kind: "name", name: rest };
    case "/quit":
      return { kind: "quit" };
    case "/proto":
      return `/proto ${rest.toLowerCase()}` === PROTO_JSON_COMMAND
        ? { kind: "proto", format: "json" }
        : { kind: "usage", usage: "proto" };
    default:
      return { kind: "unknown" };
  }
}
