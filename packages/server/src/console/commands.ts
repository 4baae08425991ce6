// What one line typed at the teacher's console asks for: pure parsing, no state. The desk
// (./desk.ts) carries it out; the mode's own commands (/mute, /round…) pass through as `mode`.

export type ConsoleCommand =
  | { kind: "empty" }
  | { kind: "clients" }
  | { kind: "kick"; target: ClientRef; reason: string }
  | { kind: "say"; text: string }
  | { kind: "help" }
  | { kind: "quit" }
  /** A line without a slash (the chat says it in the room). */
  | { kind: "plain"; text: string }
  /** Any other /word: the mode's, or unknown. `name` is lower-cased. */
  | { kind: "mode"; name: string; rest: string }
  | { kind: "usage"; synopsis: string };

/** A client as the teacher names it: `#3` (its number) or a nickname. */
export type ClientRef = { by: "id"; id: number } | { by: "name"; name: string };

/** An unknown command's name is quoted back: this much is enough to recognise it. */
const MAX_QUOTED_NAME = 32;

/**
 * Reads one console line.
 *
 * @example
 * parseConsoleLine("/kick #3 spam")  // { kind: "kick", target: { by: "id", id: 3 }, reason: "spam" }
 * parseConsoleLine("/say pause café") // { kind: "say", text: "pause café" }
 * parseConsoleLine("bonjour")         // { kind: "plain", text: "bonjour" }
 */
export function parseConsoleLine(line: string): ConsoleCommand {
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "empty" };
  if (!trimmed.startsWith("/")) return { kind: "plain", text: trimmed };
  const space = trimmed.search(/\s/);
  const word = (space < 0 ? trimmed.slice(1) : trimmed.slice(1, space)).toLowerCase();
  const rest = space < 0 ? "" : trimmed.slice(space + 1).trim();
  switch (word) {
    case "clients":
      return rest === "" ? { kind: "clients" } : { kind: "usage", synopsis: "/clients" };
    case "help":
      return { kind: "help" };
    case "quit":
      return rest === "" ? { kind: "quit" } : { kind: "usage", synopsis: "/quit" };
    case "say":
      return rest === "" ? { kind: "usage", synopsis: "/say TEXT" } : { kind: "say", text: rest };
    case "kick": {
      const [who = "", ...why] = rest.split(/\s+/);
      const target = clientRef(who);
      if (target === undefined) return { kind: "usage", synopsis: "/kick #N|NAME [reason]" };
      return { kind: "kick", target, reason: why.join(" ") };
    }
    default:
      return { kind: "mode", name: word.slice(0, MAX_QUOTED_NAME), rest };
  }
}

function clientRef(word: string): ClientRef | undefined {
  if (word === "") return undefined;
  if (/^#\d{1,9}$/.test(word)) return { by: "id", id: Number(word.slice(1)) };
  if (word.startsWith("#")) return undefined;
  return { by: "name", name: word };
}
