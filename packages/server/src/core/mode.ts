// What a mode is to the connection core: its flags, and the handlers it gives for one server.
// Every file in ../modes/ exports one ModeDefinition named after the mode; its port, transports
// and summary are its row in the protocol's table (MODES, packages/protocol/src/modes.ts).

import type { CloseReason, Lang } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import type { Recorder } from "../record/recorder.ts";
import type { ViewState } from "../view/state.ts";
import type { Connection } from "./connection.ts";
import type { FanOutLimits } from "./flow.ts";
import type { Logger } from "./logger.ts";

/** One command-line flag of a mode, as the protocol's parseArgv reads it, plus its help text. */
export interface FlagSpec {
  type: "string" | "boolean";
  description: string;
  /** Shown as `--flag VALUE` in help. */
  valueName?: string;
  default?: string | boolean;
}

export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** What the core gives a mode when a server starts. */
export interface ModeContext {
  lang: Lang;
  msg: Messages;
  log: Logger;
  /** The mode's own flags, with defaults applied (still text: see flags.ts to read them). */
  flags: FlagValues;
  /** The connected clients (refused ones are never in it). */
  clients: ReadonlySet<Connection>;
  maxClients: number;
  /** The class view (--view), for a mode's own events (chat lines, game rounds, requests). */
  view?: ViewState;
  /** --record: where the mode writes what happened (chat lines, game rounds). */
  record?: Recorder;
}

/** A mode's behaviour; every handler is optional. Exceptions thrown here close only the
 * connection concerned and are logged. */
export interface ModeHandlers {
  /** Line modes: the core frames input with this cap and calls `line`; raw modes get `data`. */
  maxLine?: number;
  /** Outbox high-water mark (bytes the kernel refused). Past it reading from that peer pauses
   * until its outbox drains, which bounds memory for a peer that sends but never reads; in a
   * fan-out mode it is the soft mark past which the senders are paused instead (./flow.ts). */
  highWaterMark?: number;
  /** A mode whose clients read what others send (chat, game): a reader that falls behind slows
   * the senders down (they are paused), a reader that stopped is cut off (see ./flow.ts). */
  fanOut?: FanOutLimits;
  /** The flow control cuts `conn` off (stalled for --stall-timeout, or past the hard cap); by
   * default it is closed at once with "send queue exceeded". Never called from inside another
   * handler. */
  cutOff?(conn: Connection): void;
  open?(conn: Connection): void;
  data?(conn: Connection, bytes: Buffer): void;
  line?(conn: Connection, text: string): void;
  /** A line passed `maxLine`; by default the peer is told and the line skipped. */
  overlong?(conn: Connection, bytes: number): void;
  /** The peer half-closed (sent FIN). By default a pending partial line is delivered as a line,
   * then the connection ends gracefully once our replies are flushed. */
  end?(conn: Connection): void;
  /** The connection is closed; `reason` says why, typed (the mode words it, ./close-reason.ts). */
  close?(conn: Connection, reason: CloseReason): void;
  /** True when the mode's own console line tells this departure, naming who left (the chat's
   * and the game's members): the core's "disconnected" line would say it a second time. */
  logsDeparture?(conn: Connection): boolean;
  /** What a newcomer past --max-clients (or, `perAddress` set, past --max-per-address) reads
   * before it is closed; by default the catalog's "server full" line (a raw protocol such as
   * HTTP answers in its own framing instead, the chat with its `-- ` server prefix). */
  serverFull?(maxClients: number, perAddress?: number): string | Uint8Array;
  /** Line modes under --join-timeout: whether the client has joined. By default a client has
   * joined once it sent a first line; the chat says so once a nickname is chosen. */
  joined?(conn: Connection): boolean;
  /** What a client that did not join in time reads before it is closed; by default the
   * catalog's joinTimedOut line. */
  joinTimedOut?(conn: Connection, seconds: number): string | undefined;
  /** What to tell a client when the server shuts down; by default line modes send the
   * catalog's "server closing" line, raw modes nothing (it would corrupt their byte stream). */
  goodbye?(conn: Connection): string | undefined;
  /** The server is stopping: clear the mode's own timers (the chat's --cluster link says
   * goodbye to the other servers: shutdown waits for it). */
  stop?(): void | Promise<void>;
  /** What the teacher's console can do in this mode (../console/desk.ts); without it the
   * console's generic commands still work. */
  teacher?: TeacherHooks;
}

/** A mode's answers to the teacher's console. Each returns the lines to print on the console. */
export interface TeacherHooks {
  /** The name the client chose (chat nickname, game name), for /clients and /kick NAME. */
  nameOf?(conn: Connection): string | undefined;
  /** /say: tells every client, in each one's form (text or JSON); returns how many were told. */
  say?(text: string): number;
  /** /kick: tells `conn` and the others why, and closes it. */
  kick?(conn: Connection, reason: string): void;
  /** A line typed without a slash (chat: said in the room); undefined: the mode takes none. */
  plain?(text: string): string[];
  /** The mode's own commands (`name` lower-cased, without the slash); undefined: not one. */
  command?(name: string, rest: string): string[] | undefined;
  /** /help lines for those commands. */
  help?: readonly string[];
}

/** One datagram as the UDP side hands it to a mode (see ../udp/server.ts). */
export interface Datagram {
  /** The whole datagram: UDP delivers it entire or not at all. Valid during the call only (the
   * receive buffer is reused): copy what you keep. */
  bytes: Uint8Array;
  address: string;
  port: number;
  /** `address:port`, as the console shows it. */
  peer: string;
  /** Datagrams from this sender in the last minute, this one included. */
  fromSender: number;
  /** The kernel cut it to fit the receive buffer (MSG_TRUNC): the rest is gone. */
  truncated: boolean;
}

/** What the core gives a mode's UDP side: as for TCP, without clients (UDP has none). */
export type DatagramContext = Pick<ModeContext, "lang" | "msg" | "log" | "flags">;

/** A mode's UDP behaviour. */
export interface DatagramHandler {
  /** Returns the reply to send back to the sender as one datagram, or undefined for none. The
   * core refuses a reply longer than the datagram received: a server answering a spoofed source
   * must never amplify (see ../udp/server.ts). Exceptions are logged and cost only this datagram. */
  datagram(dgram: Datagram): Uint8Array | undefined;
  /** The server is stopping. */
  stop?(): void;
}

export interface ModeDefinition {
  /** Its name in the protocol's table (MODES), which gives its port and summary; a mode not in
   * the table (a test's) runs as well, on the port it is given. */
  name: string;
  /** Example command lines for `--help`. */
  examples: string[];
  flags: Record<string, FlagSpec>;
  /** Reads the flags (throwing UsageError on a bad one) and builds the handlers. */
  create(ctx: ModeContext): ModeHandlers | Promise<ModeHandlers>;
  /** For the modes with udp among their transports (MODES): reads the flags and builds the UDP side (`--udp`). It shares no
   * state with the TCP side's handlers; echo, bytes and inspect have none to share. */
  datagram?(ctx: DatagramContext): DatagramHandler;
}
