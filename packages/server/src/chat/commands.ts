// What one chat line asks for: a message, a command (/nick, /msg, /who, /me, /help, /quit,
// /proto) or the seed's shortcuts (`exit`, `NICK=>text`, `a,b=>text`). Pure parsing, no state.

export type ChatCommand =
  | { kind: "empty" }
  | { kind: "say"; text: string }
  | { kind: "me"; text: string }
  | { kind: "msg"; to: string[]; text: string }
  | { kind: "nick"; name: string }
  | { kind: "who" }
  | { kind: "help" }
  | { kind: "quit"; reason: string }
  | { kind: "proto"; format: "json" }
  /** A known command with missing or wrong arguments. */
  | { kind: "usage"; usage: Synopsis }
  | { kind: "unknown"; name: string };

/** The commands that take arguments; a bad call is answered with the command's synopsis. */
export type Synopsis = "msg" | "nick" | "me" | "proto";

/** `alice=>hi`, `alice, bob => hi`: a list of name-like words, then `=>`. A name never holds a
 * space or `=`/`>`, so ordinary text such as "x => y" (a space before the arrow, after a word
 * that is not followed by `,`) is still parsed as a list of one name: the sender then reads
 * "no one here is called x", which says what happened. */
const ARROW = /^\s*([\p{L}\p{M}\p{N}_.-]+(?:\s*,\s*[\p{L}\p{M}\p{N}_.-]+)*)\s*=>\s?(.*)$/su;

/** An unknown command's name is quoted back to its sender: this much is enough to recognise it. */
const MAX_QUOTED_NAME = 32;

/** Splits "word rest" at the first space; the rest loses its leading spaces. */
function splitWord(text: string): { word: string; rest: string } {
  const space = text.search(/\s/);
  if (space < 0) return { word: text, rest: "" };
  return { word: text.slice(0, space), rest: text.slice(space + 1).trimStart() };
}

/**
 * Reads one (already sanitised) line.
 *
 * @example
 * parseLine("/msg bob hi there") // { kind: "msg", to: ["bob"], text: "hi there" }
 * parseLine("a,b=>hi")           // { kind: "msg", to: ["a", "b"], text: "hi" }
 * parseLine("EXIT")              // { kind: "quit", reason: "" }
 */
export function parseLine(line: string): ChatCommand {
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "empty" };
  // The seed's way to leave: a line that is only "exit".
  if (trimmed.toLowerCase() === "exit") return { kind: "quit", reason: "" };
  if (trimmed.startsWith("//")) return { kind: "say", text: line.slice(line.indexOf("/") + 1) };
  if (trimmed.startsWith("/")) return parseCommand(trimmed);
  const arrow = ARROW.exec(line);
  if (arrow) {
    const text = arrow[2] ?? "";
    if (text.trim() === "") return { kind: "usage", usage: "msg" };
    return { kind: "msg", to: (arrow[1] ?? "").split(/\s*,\s*/), text };
  }
  return { kind: "say", text: line };
}

function parseCommand(line: string): ChatCommand {
  const { word, rest } = splitWord(line.slice(1));
  const name = word.toLowerCase();
  switch (name) {
    case "msg": {
      const { word: nicks, rest: text } = splitWord(rest);
      const to = nicks.split(",").filter((nick) => nick !== "");
      if (to.length === 0 || text.trim() === "") return { kind: "usage", usage: "msg" };
      return { kind: "msg", to, text };
    }
    case "nick": {
      const nick = rest.trim();
      if (nick === "") return { kind: "usage", usage: "nick" };
      return { kind: "nick", name: nick };
    }
    case "me":
      if (rest.trim() === "") return { kind: "usage", usage: "me" };
      return { kind: "me", text: rest };
    case "who":
      return { kind: "who" };
    case "help":
      return { kind: "help" };
    case "quit":
      return { kind: "quit", reason: rest.trim() };
    case "proto":
      if (rest.trim().toLowerCase() !== "json") return { kind: "usage", usage: "proto" };
      return { kind: "proto", format: "json" };
    default:
      return { kind: "unknown", name: word.slice(0, MAX_QUOTED_NAME) };
  }
}
