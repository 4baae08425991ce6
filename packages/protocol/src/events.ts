// The structured mode's events: after `/proto json`, chat and game send one of these per line,
// and the socklab client renders them (it never parses the prose that plain clients read).

/** Milliseconds since the epoch, when the server produced the event. */
type At = { at: number };

/** Why a chat or game request was refused; the client may key colours or hints on it. */
export type ErrorCode =
  | "bad_nick" // nickname invalid
  | "nick_taken"
  | "no_nick" // a command that needs a nickname first
  | "unknown_command"
  | "unknown_user" // /msg to someone not here
  | "line_too_long"
  | "rate_limited"
  | "bad_usage" // a command with missing or wrong arguments
  | "not_a_number" // game: a guess that is not an integer
  | "out_of_range" // game: a guess outside [min, max]
  | "round_over" // game: a guess during the pause between rounds
  | "muted"; // chat: the teacher muted this client, its line reached nobody

/**
 * The chat's events. A JSON client sends `/proto json` first, reads a `system` welcome, then
 * sends `/nick NAME` and gets `join` with `self` (or an `error`: bad_nick, nick_taken); every
 * other line it sends is chat text or a command, exactly as a plain client types them. All text
 * fields are already sanitised by the server.
 */
export type ChatEvent =
  /** A public line. `action`: said with /me. `history`: a replay of the last messages, sent to
   * a newcomer right after its own `join`. `self`: the reader's own line, sent back once the
   * server accepted it (a line refused for rate or length never comes back). */
  | (At & {
      type: "message";
      from: string;
      text: string;
      action?: boolean;
      history?: boolean;
      self?: boolean;
    })
  /** A private message, sent to each addressee and to the sender (its receipt: `to` holds the
   * addressees' nicknames as they wrote them). */
  | (At & { type: "private"; from: string; to: string[]; text: string })
  /** `self` marks the reader's own join: its nickname was accepted; with it, `maxLine` is the
   * longest line the server takes (UTF-8 bytes, the newline not counted: its --max-line), so a
   * client can hold its input line to it. `online` counts the people with a nickname, the
   * newcomer included. */
  | (At & { type: "join"; nick: string; online: number; self?: boolean; maxLine?: number })
  /** `reason` is for people (in the server's language): "quit: bye", "connection closed",
   * "send queue exceeded", "flooding"… `online` counts those who stay. */
  | (At & { type: "leave"; nick: string; reason: string; online: number })
  | (At & { type: "nick"; from: string; to: string; self?: boolean })
  /** The server speaking: the welcome, /help (one event per line), "Bonjour", goodbyes.
   * `from: "teacher"`: typed by the teacher at the server's console (/say). */
  | (At & { type: "system"; text: string; from?: "teacher" })
  | (At & { type: "error"; code: ErrorCode; text: string })
  /** The answer to /who, in joining order; `idle` is whole seconds since the user's last line. */
  | (At & { type: "who"; users: { nick: string; idle: number }[] });

export type GameEvent =
  /** Sent on connect and on `/proto json`: the reader's player number and the rules. */
  | (At & {
      type: "welcome";
      player: number;
      name: string;
      min: number;
      max: number;
      round: number;
    })
  | (At & { type: "hint"; guess: number; result: "small" | "big"; attempts: number })
  | (At & {
      type: "win";
      round: number;
      winner: string;
      attempts: number;
      secret: number;
      self: boolean;
    })
  /** A new round has started; `pause` events precede it with the seconds left. */
  | (At & { type: "round"; round: number; min: number; max: number })
  /** The round was won: round `round` starts in `seconds` (also sent to a player who joins then). */
  | (At & { type: "pause"; round: number; seconds: number })
  | (At & { type: "scores"; scores: { name: string; wins: number; best: number | null }[] })
  | (At & { type: "join"; nick: string; online: number; self?: boolean })
  | (At & { type: "leave"; nick: string; reason: string; online: number })
  | (At & { type: "nick"; from: string; to: string; self?: boolean })
  | (At & { type: "system"; text: string; from?: "teacher" })
  | (At & { type: "error"; code: ErrorCode; text: string; seconds?: number });

export type SocklabEvent = ChatEvent | GameEvent;

/** The line a client sends first to switch a chat or game connection to JSON events. */
export const PROTO_JSON_COMMAND = "/proto json";

/**
 * One event as one JSON line.
 *
 * @example
 * encodeEvent({ type: "system", at: 0, text: "Bonjour" }) // '{"type":"system","at":0,"text":"Bonjour"}\n'
 */
export function encodeEvent(event: SocklabEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Parses one line of the structured mode; anything that is not an object with a string `type`
 * gives `undefined` (a client must survive a server it does not know).
 *
 * @example
 * decodeEvent('{"type":"system","at":0,"text":"hi"}')?.type // "system"
 */
export function decodeEvent(line: string): SocklabEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as { type?: unknown }).type === "string"
    ) {
      return value as SocklabEvent;
    }
  } catch {
    // not JSON: fall through
  }
  return undefined;
}
