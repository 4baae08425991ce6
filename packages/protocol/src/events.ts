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
 * Why a connection ended, as every layer passes it on: the core, the modes and the rooms hand
 * this value along and each edge translates it once (the console line, the room's leave line,
 * the JSON `leave` event's `reason` text). Nothing matches English text to learn what happened.
 */
export type CloseReason =
  /** The peer closed its side (FIN, or a close without error). */
  | { kind: "closed" }
  /** The socket broke (reset, timeout in the kernel…): `detail` is the system's message. */
  | { kind: "lost" | "error"; detail: string }
  /** The client typed /quit (or `exit`): `detail` is what it added, possibly "". */
  | { kind: "quit"; detail: string }
  /** The teacher's /kick: `detail` is the teacher's reason, possibly "". */
  | { kind: "kicked"; detail: string }
  /** flood: past the rate limit for too long. overflow: stopped reading (stalled for
   * --stall-timeout, or past --send-queue). */
  | { kind: "flood" | "overflow" }
  | { kind: "shutdown" | "full" | "per_address" | "join_timeout" | "wrong_protocol" }
  /** A mode handler threw: logged, and only this connection ends. */
  | { kind: "internal" }
  /** http: a timer ran out before the client sent (`first_byte`), between requests (`idle`),
   * or before a whole request head came (`header`). */
  | { kind: "timeout"; detail: "first_byte" | "idle" | "header" }
  /** http: the request asked to close (Connection: close). */
  | { kind: "http_close" }
  /** http: refused with an error status; `detail` is the refusal's code. */
  | { kind: "refused"; status: number; detail: string };

export type CloseKind = CloseReason["kind"];

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
  | LeaveEvent
  | (At & { type: "nick"; from: string; to: string; self?: boolean })
  /** The server speaking: the welcome, /help (one event per line), "Bonjour", goodbyes.
   * `from: "teacher"`: typed by the teacher at the server's console (/say). `everyone`: said to
   * the whole room (the Bonjour), not to this reader alone; the teacher's lines are too. */
  | (At & { type: "system"; text: string; from?: "teacher"; everyone?: true })
  | (At & { type: "error"; code: ErrorCode; text: string })
  /** The answer to /who, in joining order; `idle` is whole seconds since the user's last line.
   * `server`: with --cluster, the server the user is on (the whole room is listed). */
  | (At & { type: "who"; users: { nick: string; idle: number; server?: string }[] });

/** Someone left. `reason` is for people, in the server's language ("quit: bye", "connection
 * closed", "flooding"…); `code` is the same reason for programs (a client that shows its own
 * words keys them on it), and `detail` what the person or the teacher typed with /quit or
 * /kick, when anything. `online` counts those who stay. */
export type LeaveEvent = At & {
  type: "leave";
  nick: string;
  reason: string;
  code: CloseKind;
  detail?: string;
  online: number;
};

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
  /** The answer to /scores, best first; `round` is the current round. */
  | (At & {
      type: "scores";
      round: number;
      scores: { name: string; wins: number; best: number | null }[];
    })
  | (At & { type: "join"; nick: string; online: number; self?: boolean })
  | LeaveEvent
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
