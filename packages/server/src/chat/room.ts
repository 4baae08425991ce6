// The chat room's rules, without sockets: nicknames, what each line does, who reads what, the
// history, flood control. modes/chat.ts plugs it into the connection core; unit tests drive it
// with fake members.

import {
  type ChatEvent,
  type CloseReason,
  checkName,
  cleanMessage,
  type ErrorCode,
  encodeEvent,
  isTeacherName,
  Lookalikes,
  nameKey,
  sanitizeText,
} from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import { Audience, type Reader } from "../core/audience.ts";
import { leaveFields, leaveText, remoteLeaveReason } from "../core/close-reason.ts";
import { excerpt } from "../core/door.ts";
import { type Logger, warn } from "../core/logger.ts";
import { FLOOD_KICK_MS, type RateLimit, TokenBucket } from "../core/rate-limit.ts";
import type { RecordedMessage, Recorder } from "../record/recorder.ts";
import type { ViewState } from "../view/state.ts";
import { type ChatCommand, parseLine } from "./commands.ts";
import { renderChat, SERVER } from "./format.ts";
import { History } from "./history.ts";
import type { RoomInbox, RoomLink } from "./room-link.ts";

/** What the room needs of a connection (a core Connection has all of it). */
export interface ChatMember extends Reader {
  readonly id: number;
  /** Queues output that does not count as the member stalling (the history replayed at its
   * join: a newcomer asked for it all at once). */
  sendReplay(data: string | Uint8Array): boolean;
  /** Flushes what is queued, then closes: the reader gets its last lines. */
  end(reason: CloseReason): void;
  /** Closes at once, dropping what is queued: for a reader that stopped reading. */
  destroy(reason: CloseReason): void;
}

export interface ChatOptions {
  msg: Messages;
  log: Logger;
  /** Public messages replayed to a newcomer; 0 keeps none. */
  history: number;
  /** Plain clients also read their own public lines back. */
  echoSelf: boolean;
  /** Message contents go to the server console. */
  logMessages: boolean;
  rate: RateLimit;
  /** The framing cap, quoted to a sender whose line passed it. */
  maxLine: number;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** The class view (--view): the room's public events, never a private one. */
  view?: Pick<ViewState, "chatEvent" | "named">;
  /** --record: where the room's lines and names are kept (../record/recorder.ts). */
  record?: Pick<Recorder, "message" | "named">;
  /** Public messages from the record (a restarted server): the history starts with them. */
  replay?: readonly RecordedMessage[];
  /** --cluster: the other servers of the room (../cluster/); without it the room is alone. */
  link?: RoomLink;
}

/** A /quit reason is shown to everyone; a sentence is enough, the rest is cut. */
const MAX_REASON = 100;

/** --cluster: lines a member sends while its nickname is being reserved across the room (one
 * NATS round trip) wait, in order; the flood control already bounds them, this is the cap. */
const MAX_WAITING = 64;

type MessageEvent = Extract<ChatEvent, { type: "message" }>;

/** What /mute and /unmute at the console did. */
export type MuteResult =
  | { kind: "muted" | "unmuted" | "not_muted"; nick: string }
  | { kind: "unknown" };

/** One connection's place in the room, and its flood allowance: one object per member, made
 * with its first line (10,000 idle clients should cost as little as possible). */
class Seat extends TokenBucket {
  /** Undefined until the nickname is accepted: until then the member is not in the room. (Its
   * key in `byKey` is not kept: nameKey(nick) gives it back.) */
  nick: string | undefined = undefined;
  /** When the member last sent a line that was not dropped, for /who's idle time. */
  lastLine: number;
  /** The member left the room (quit, kicked, closed); later lines and closes do nothing. */
  left = false;
  /** The teacher muted it until then (ms since epoch; Infinity: until /unmute; 0: not muted). */
  mutedUntil = 0;
  /** --cluster: set while a nickname is being reserved; the lines that arrive meanwhile. */
  waiting: string[] | undefined = undefined;

  constructor(rate: RateLimit, now: number) {
    super(rate, now);
    this.lastLine = now;
  }
}

/**
 * One chat room. Call `connect` when a client arrives, `line` for each line it sends,
 * `disconnect` when it is gone.
 *
 * @example
 * const room = new ChatRoom({ msg: messages("en"), log, history: 20, echoSelf: false,
 *   logMessages: false, rate: { rate: 10, burst: 20 }, maxLine: 2048 });
 * room.connect(conn);
 * room.line(conn, "alice");   // the nickname
 * room.line(conn, "hello");   // "[12:00:00] <alice> hello" to everyone else
 */
export class ChatRoom<M extends ChatMember> implements RoomInbox {
  /** Every event goes out through it: JSON, or renderChat's text line. */
  readonly audience = new Audience<M, ChatEvent>((event) => renderChat(event, this.msg));
  private readonly options: ChatOptions;
  private readonly msg: Messages;
  private readonly now: () => number;
  /** Every connected member; its seat is undefined until its first line (see `seat`). */
  private readonly seats = new Map<M, Seat | undefined>();
  /** Members with a nickname, in the order they joined: who reads what is said. */
  private readonly present = new Set<M>();
  private readonly byKey = new Map<string, M>();
  /** The nicknames in the room by skeleton, so that a look-alike of one is refused. */
  private readonly lookalikes = new Lookalikes<M>((m) =>
    this.present.has(m) ? this.seats.get(m)?.nick : undefined,
  );
  private readonly history: History<MessageEvent>;
  /** The first line everyone reads, encoded once for all. */
  private readonly welcome: Uint8Array;
  /** Messages since the last console report. */
  private said = 0;
  private stopping = false;

  constructor(options: ChatOptions) {
    this.options = options;
    this.msg = options.msg;
    this.now = options.now ?? Date.now;
    this.history = new History(options.history);
    for (const { at, nick, text, action } of options.replay ?? []) {
      this.history.push(
        action
          ? { type: "message", at, from: nick, text, action: true }
          : { type: "message", at, from: nick, text },
      );
    }
    this.welcome = new TextEncoder().encode(`${SERVER}${this.msg.chatWelcome}\n`);
  }

  /** People in the room (with a nickname). */
  get online(): number {
    return this.present.size;
  }

  /** The nicknames in the room, in joining order. */
  nicks(): string[] {
    return [...this.present].map((m) => this.seats.get(m)?.nick ?? "");
  }

  connect(member: M): void {
    this.seats.set(member, undefined);
    member.send(this.welcome);
  }

  /** One line from a member, as the framing delivered it (not yet sanitised). */
  line(member: M, raw: string): void {
    const seat = this.seat(member);
    if (!seat || seat.left) return;
    const now = this.now();
    const admission = seat.admit(now);
    if (admission !== "ok") {
      this.refuse(member, seat, admission);
      return;
    }
    seat.lastLine = now;
    if (seat.waiting !== undefined) {
      if (seat.waiting.length < MAX_WAITING) seat.waiting.push(raw);
      return;
    }
    this.dispatch(member, seat, raw, now);
  }

  private dispatch(member: M, seat: Seat, raw: string, now: number): void {
    // Parsed before sanitising so that a nickname holding an escape sequence is refused, not
    // silently cleaned into another name; every piece of text is sanitised where it is used.
    const command = parseLine(raw);
    if (seat.nick === undefined) this.beforeJoin(member, seat, command, raw, now);
    else this.inRoom(member, seat, seat.nick, command, now);
  }

  /** The member's line passed the framing cap: it was dropped, the connection stays. */
  overlong(member: M): void {
    if (this.seat(member)?.left !== false) return;
    this.error(member, "line_too_long", this.msg.lineTooLong(this.options.maxLine));
  }

  /** The member stopped reading (the core's flow control: stalled, or past --send-queue). Cut it
   * off with the reason, so the others go on without it. Never called from inside a broadcast
   * (the core defers it), so every reader sees the leave after whatever came before it. */
  overflow(member: M): void {
    const seat = this.seat(member);
    if (!seat || seat.left) return;
    const reason: CloseReason = { kind: "overflow" };
    warn(
      this.options.log,
      this.msg.chatLogKick(seat.nick ?? "?", member.id, leaveText(this.msg, reason)),
    );
    this.leave(member, seat, reason);
    member.destroy(reason);
  }

  /** The connection is closed, for `reason` (the core's: closed, lost…). */
  disconnect(member: M, reason: CloseReason): void {
    if (!this.seats.has(member)) return;
    const seat = this.seats.get(member);
    this.seats.delete(member);
    this.audience.forget(member);
    // No seat: it never said a word, so it was never in the room and nobody is told.
    if (seat) this.leave(member, seat, reason);
  }

  /** True once the member has chosen its nickname (the core's --join-timeout asks). */
  hasJoined(member: M): boolean {
    return this.seats.get(member)?.nick !== undefined;
  }

  /** The line a member without a nickname reads when --join-timeout closes it, in its format. */
  notJoined(member: M, seconds: number): string {
    return this.audience.form(member, {
      type: "system",
      at: this.now(),
      text: this.msg.joinTimedOutChat(seconds),
    });
  }

  /** The server is stopping: everyone is leaving, nobody needs to be told about each other. */
  stop(): void {
    this.stopping = true;
  }

  /** The last line a member reads when the server shuts down, in its format. */
  goodbye(member: M): string {
    return this.audience.form(member, {
      type: "system",
      at: this.now(),
      text: this.msg.serverClosing,
    });
  }

  /** A console line with the room's activity since the last call, or undefined when there was
   * none to report. */
  report(seconds: number): string | undefined {
    const lines = this.said;
    this.said = 0;
    if (lines === 0 && this.present.size === 0) return undefined;
    return this.msg.chatLogCount(this.present.size, lines, seconds);
  }

  /** The member's seat, made now if it has none yet (undefined if it is not connected). A
   * newcomer that has said nothing has no seat: a fresh one is exactly what it would have had
   * (a full flood allowance, nothing said), so making it late changes nothing but the memory
   * 10,000 silent clients take. */
  private seat(member: M): Seat | undefined {
    const seat = this.seats.get(member);
    if (seat !== undefined || !this.seats.has(member)) return seat;
    const made = new Seat(this.options.rate, this.now());
    this.seats.set(member, made);
    return made;
  }

  // ── before the nickname ────────────────────────────────────────────────────────────────────

  private beforeJoin(member: M, seat: Seat, command: ChatCommand, raw: string, now: number): void {
    const json = this.audience.isJson(member);
    switch (command.kind) {
      case "empty":
        if (!json) member.send(`${SERVER}${this.msg.chatNickAgain}\n`);
        return;
      case "nick":
        this.join(member, seat, command.name, now);
        return;
      case "proto":
        this.audience.useJson(member);
        this.system(member, this.msg.chatWelcomeJson, now);
        return;
      case "say":
      case "msg":
        // A plain client's first line is its nickname (the seed's protocol).
        if (json) this.error(member, "no_nick", this.msg.chatNoNick);
        else this.join(member, seat, raw.trim(), now, raw);
        return;
      case "me":
        this.error(member, "no_nick", this.msg.chatNoNick);
        return;
      default:
        this.anywhere(member, seat, command, now);
    }
  }

  /** `typed` is the whole line when a plain client's line was taken as its nickname (not
   * `/nick`): if it is no nickname at all, the answer quotes it and says where a nickname goes. */
  private join(
    member: M,
    seat: Seat,
    name: string,
    now: number,
    typed?: string,
    claimed = false,
  ): void {
    if (!this.nameFree(member, name)) {
      if (this.audience.isJson(member)) return;
      // A first line that cannot be a name (a sentence, a long line) gets the reminder of where
      // the nickname goes; a name refused for its letters (a look-alike, an invisible mark) is
      // just asked again, as a taken one is.
      const problem = typed === undefined ? undefined : checkName(name);
      if (typed !== undefined && (problem === "bad_characters" || problem === "too_long")) {
        const received = excerpt(typed.trim());
        this.options.log.info(this.msg.chatLogNotANick(member.id, received));
        member.send(`${SERVER}${this.msg.chatNotANick(received)}\n`);
        return;
      }
      member.send(`${SERVER}${this.msg.chatNickAgain}\n`);
      return;
    }
    if (this.options.link && !claimed) {
      this.claim(member, seat, name, () => this.join(member, seat, name, this.now(), typed, true));
      return;
    }
    seat.nick = name;
    this.byKey.set(nameKey(name), member);
    this.present.add(member);
    this.options.view?.named(member.id, name);
    this.options.record?.named(member.id, name);
    const online = this.roomSize;
    this.options.log.info(this.msg.chatLogJoin(name, member.id, online));
    this.audience.tell(member, {
      type: "join",
      at: now,
      nick: name,
      online,
      self: true,
      maxLine: this.options.maxLine,
    });
    const past = this.history.items();
    if (past.length > 0) {
      if (!this.audience.isJson(member))
        member.send(`${SERVER}${this.msg.chatHistory(past.length)}\n`);
      for (const event of past) {
        member.sendReplay(this.audience.form(member, { ...event, history: true }));
      }
    }
    this.broadcast({ type: "join", at: now, nick: name, online }, member);
  }

  /** Checks a wanted nickname; tells the member why it cannot have it. When it is free, the
   * caller gives it to the member at once (join, rename), so it is indexed here. */
  private nameFree(member: M, name: string): boolean {
    const problem = checkName(name);
    // A mixed-script name that looks like someone's is told so, the more useful answer.
    if (problem && problem !== "mixed_scripts") {
      this.error(member, "bad_nick", this.msg.chatBadNick(problem));
      return false;
    }
    // The teacher's name (and its look-alikes) is nobody else's: a line from it is the console's.
    if (isTeacherName(name)) {
      this.error(member, "nick_taken", this.msg.nickReserved(sanitizeText(name)));
      return false;
    }
    const holder = this.byKey.get(nameKey(name));
    if (holder !== undefined && holder !== member) {
      const nick = this.seats.get(holder)?.nick ?? name;
      this.error(member, "nick_taken", this.msg.chatNickTaken(nick));
      return false;
    }
    const like = this.lookalikes.find(name, member);
    if (like !== undefined) {
      const nick = this.seats.get(like)?.nick ?? name;
      this.error(member, "nick_taken", this.msg.chatNickLooksLike(nick));
      return false;
    }
    // --cluster: someone on another server (the reservation, in claim, is what decides).
    const remote = this.options.link?.remote(name) ?? this.options.link?.remoteLookalike(name);
    if (remote !== undefined) {
      const same = nameKey(remote.nick) === nameKey(name);
      const text = same
        ? this.msg.chatNickTaken(remote.nick)
        : this.msg.chatNickLooksLike(remote.nick);
      this.error(member, "nick_taken", text);
      return false;
    }
    if (problem) {
      this.error(member, "bad_nick", this.msg.chatBadNick(problem));
      return false;
    }
    this.lookalikes.add(member, name);
    return true;
  }

  // ── in the room ────────────────────────────────────────────────────────────────────────────

  private inRoom(member: M, seat: Seat, nick: string, command: ChatCommand, now: number): void {
    if (seat.mutedUntil !== 0 && /^(say|me|msg)$/.test(command.kind)) {
      // Muted: what it says reaches nobody; it is told, so it knows why nobody answers.
      if (seat.mutedUntil > now) {
        this.error(member, "muted", this.msg.stillMuted);
        return;
      }
      seat.mutedUntil = 0;
    }
    switch (command.kind) {
      case "empty":
        return;
      case "say":
      case "me": {
        // Blanks collapse: padding could wrap a message into a forged line (see cleanMessage).
        const text = cleanMessage(command.text);
        if (text === "") return;
        this.publish(member, nick, text, command.kind === "me", now);
        if (command.kind === "say" && text.trim().toLowerCase() === "coucou") {
          // The seed's easter egg: the server greets the whole room, the sender included.
          this.broadcast({ type: "system", at: now, text: this.msg.chatBonjour, everyone: true });
        }
        return;
      }
      case "msg":
        this.whisper(member, nick, command.to, command.text, now);
        return;
      case "nick":
        this.rename(member, seat, nick, command.name, now);
        return;
      case "proto":
        this.audience.useJson(member);
        this.audience.tell(member, {
          type: "join",
          at: now,
          nick,
          online: this.present.size,
          self: true,
          maxLine: this.options.maxLine,
        });
        return;
      default:
        this.anywhere(member, seat, command, now);
    }
  }

  private publish(member: M, nick: string, text: string, action: boolean, now: number): void {
    const event: MessageEvent = action
      ? { type: "message", at: now, from: nick, text, action: true }
      : { type: "message", at: now, from: nick, text };
    this.options.record?.message(member.id, nick, text, now, action);
    // A JSON reader gets its own line back, marked: its screen shows a line as said only once
    // the server took it (a line dropped for rate never comes back). Plain readers: --echo-self.
    const json = this.audience.isJson(member);
    this.broadcast(event, this.options.echoSelf && !json ? undefined : member);
    if (json) member.send(encodeEvent({ ...event, self: true }));
    this.history.push(event);
    this.said++;
    if (this.options.logMessages)
      this.options.log.info(action ? `* ${nick} ${text}` : `<${nick}> ${text}`);
  }

  /** A private message: the addressees and the sender (as a receipt naming who got it) read it;
   * one unknown addressee and nothing is sent. */
  private whisper(member: M, nick: string, to: string[], raw: string, now: number): void {
    const text = cleanMessage(raw);
    const targets = new Set<M>();
    const missing: string[] = [];
    /** --cluster: addressees on other servers. */
    const remote: string[] = [];
    for (const name of to) {
      const target = this.byKey.get(nameKey(name));
      const elsewhere = target === undefined ? this.options.link?.remote(name) : undefined;
      if (target !== undefined) targets.add(target);
      else if (elsewhere !== undefined) {
        if (!remote.includes(elsewhere.nick)) remote.push(elsewhere.nick);
      } else missing.push(sanitizeText(name));
    }
    if (missing.length > 0) {
      this.error(member, "unknown_user", this.msg.chatUnknownUser(missing.join(", ")));
      return;
    }
    if (text === "") return;
    const names = [...[...targets].map((m) => this.seats.get(m)?.nick ?? ""), ...remote];
    if (remote.length > 0)
      this.options.link?.onPrivate({ type: "private", at: now, from: nick, to: names, text });
    this.options.record?.message(member.id, nick, text, now, false, names);
    targets.add(member);
    this.broadcast({ type: "private", at: now, from: nick, to: names, text }, undefined, targets);
    this.said++;
    if (this.options.logMessages) this.options.log.info(`<${nick} -> ${names.join(", ")}> ${text}`);
  }

  private rename(
    member: M,
    seat: Seat,
    from: string,
    to: string,
    now: number,
    claimed = false,
  ): void {
    // The same name again is no news for the room: only the one who typed it is answered.
    if (to === from) {
      this.system(member, this.msg.chatNickSame(to), now);
      return;
    }
    if (!this.nameFree(member, to)) return;
    if (this.options.link && !claimed) {
      this.claim(member, seat, to, () => this.rename(member, seat, from, to, this.now(), true));
      return;
    }
    this.options.link?.releaseNick(from, member.id);
    this.byKey.delete(nameKey(from));
    seat.nick = to;
    this.byKey.set(nameKey(to), member);
    this.options.view?.named(member.id, to);
    this.options.record?.named(member.id, to);
    this.options.log.info(this.msg.chatLogNick(from, to));
    this.audience.tell(member, { type: "nick", at: now, from, to, self: true });
    this.broadcast({ type: "nick", at: now, from, to }, member);
  }

  // ── the teacher (the server's console, see ../console/desk.ts) ─────────────────────────────

  /** The member in the room called `name` (whatever the case), if any. */
  memberNamed(name: string): M | undefined {
    return this.byKey.get(nameKey(name));
  }

  /** The member's nickname, once it has one. */
  nickOf(member: M): string | undefined {
    return this.seats.get(member)?.nick;
  }

  /** /say: a system line marked as the teacher's, to everyone in the room. Returns how many. */
  teacherSay(raw: string): number {
    const text = cleanMessage(raw);
    if (text === "") return 0;
    const now = this.now();
    this.broadcast({ type: "system", at: now, text, from: "teacher" });
    return this.present.size;
  }

  /** A line typed at the console without a slash: said in the room under the teacher's
   * reserved nickname, as a member's message is (history included). Returns how many read it. */
  teacherMessage(raw: string): number {
    const text = cleanMessage(raw);
    if (text === "") return 0;
    const now = this.now();
    const from = this.msg.teacherName;
    const event: MessageEvent = { type: "message", at: now, from, text };
    // Client 0: the console (clients count from 1).
    this.options.record?.message(0, from, text, now);
    this.broadcast(event);
    this.history.push(event);
    this.said++;
    return this.present.size;
  }

  /** /mute NAME [minutes]: what the member says goes nowhere (it is told) until /unmute or
   * `minutes` have passed. */
  mute(name: string, minutes?: number): MuteResult {
    const member = this.memberNamed(name);
    const seat = member && this.seats.get(member);
    if (member === undefined || seat?.nick === undefined) return { kind: "unknown" };
    seat.mutedUntil =
      minutes === undefined ? Number.POSITIVE_INFINITY : this.now() + minutes * 60_000;
    this.system(member, this.msg.mutedYou(minutes), this.now());
    return { kind: "muted", nick: seat.nick };
  }

  unmute(name: string): MuteResult {
    const member = this.memberNamed(name);
    const seat = member && this.seats.get(member);
    if (member === undefined || seat?.nick === undefined) return { kind: "unknown" };
    const was = seat.mutedUntil > this.now();
    seat.mutedUntil = 0;
    if (!was) return { kind: "not_muted", nick: seat.nick };
    this.system(member, this.msg.unmutedYou, this.now());
    return { kind: "unmuted", nick: seat.nick };
  }

  /** /kick: the member reads why, the room reads it in the leave line, then it is closed (its
   * last lines flushed first). */
  kick(member: M, reason: string): void {
    const seat = this.seat(member);
    const why: CloseReason = { kind: "kicked", detail: reason };
    if (!seat || seat.left) {
      member.end(why);
      return;
    }
    this.options.log.info(
      this.msg.chatLogKick(seat.nick ?? "?", member.id, leaveText(this.msg, why)),
    );
    this.system(member, this.msg.kickedYou(reason), this.now());
    this.leave(member, seat, why);
    member.end(why);
  }

  // ── commands that work with or without a nickname ──────────────────────────────────────────

  private anywhere(member: M, seat: Seat, command: ChatCommand, now: number): void {
    switch (command.kind) {
      case "who":
        this.who(member, now);
        return;
      case "help":
        for (const text of this.msg.chatHelp) this.system(member, text, now);
        return;
      case "quit": {
        const reason = [...cleanMessage(command.reason)].slice(0, MAX_REASON).join("");
        this.system(member, this.msg.chatGoodbye, now);
        const why: CloseReason = { kind: "quit", detail: reason };
        this.leave(member, seat, why);
        member.end(why);
        return;
      }
      case "usage":
        this.error(member, "bad_usage", this.msg.chatUsage(this.msg.chatSynopsis[command.usage]));
        return;
      case "unknown":
        this.error(
          member,
          "unknown_command",
          this.msg.chatUnknownCommand(sanitizeText(command.name)),
        );
        return;
      default:
        this.error(member, "no_nick", this.msg.chatNoNick);
    }
  }

  private who(member: M, now: number): void {
    const link = this.options.link;
    const idle = (since: number) => Math.max(0, Math.floor((now - since) / 1000));
    const users: { nick: string; idle: number; server?: string }[] = [...this.present].map((m) => {
      const seat = this.seats.get(m);
      const user = { nick: seat?.nick ?? "", idle: idle(seat?.lastLine ?? now) };
      return link ? { ...user, server: link.serverName } : user;
    });
    // --cluster: the whole room, each with the server they are on.
    for (const { nick, server, lastLine } of link?.remoteMembers() ?? []) {
      users.push({ nick, idle: idle(lastLine), server });
    }
    this.audience.tell(member, { type: "who", at: now, users });
  }

  // ── limits ─────────────────────────────────────────────────────────────────────────────────

  /** A line over the rate: dropped; the sender is told (at most once a second), and cut off if
   * it keeps going. */
  private refuse(member: M, seat: Seat, admission: "drop" | "warn" | "kick"): void {
    if (admission === "kick") {
      const reason: CloseReason = { kind: "flood" };
      warn(
        this.options.log,
        this.msg.chatLogKick(seat.nick ?? "?", member.id, leaveText(this.msg, reason)),
      );
      this.error(member, "rate_limited", this.msg.chatKickedFlood(FLOOD_KICK_MS / 1000));
      this.leave(member, seat, reason);
      member.end(reason);
    } else if (admission === "warn") {
      this.error(member, "rate_limited", this.msg.chatSlowDown(this.options.rate.rate));
    }
  }

  // ── leaving and speaking ───────────────────────────────────────────────────────────────────

  /** Takes the member out of the room (once) and tells the others why. */
  private leave(member: M, seat: Seat, reason: CloseReason): void {
    if (seat.left) return;
    seat.left = true;
    const nick = seat.nick;
    if (nick === undefined) return;
    this.present.delete(member);
    this.byKey.delete(nameKey(nick));
    this.options.link?.releaseNick(nick, member.id);
    const fields = leaveFields(this.msg, reason);
    this.options.log.info(this.msg.chatLogLeave(nick, member.id, fields.reason));
    if (this.stopping) return;
    this.broadcast({ type: "leave", at: this.now(), nick, ...fields, online: this.roomSize });
  }

  /** Sends an event to everyone in the room (or to `only`), but `except`. No send cuts a reader
   * off from inside it (the core defers that), so a broadcast never runs inside another. */
  private broadcast(event: ChatEvent, except?: M, only?: Iterable<M>): void {
    this.audience.broadcast(only ?? this.present, event, except);
    if (only === undefined) {
      this.options.view?.chatEvent(event); // `only`: a private message
      this.options.link?.onPublic(event); // --cluster: the other servers' members read it too
    }
  }

  // ── --cluster: the other servers of the room (./room-link.ts) ──────────────────────────────

  /** People in the room: here, and on the other servers. */
  private get roomSize(): number {
    return this.present.size + (this.options.link?.remoteCount() ?? 0);
  }

  /** Reserves `name` across the room, then runs `then` (join or rename, which check the room
   * again); the lines the member sends meanwhile wait and are handled after, in order. */
  private claim(member: M, seat: Seat, name: string, then: () => void): void {
    const link = this.options.link;
    if (link === undefined) return;
    seat.waiting = [];
    const joined = seat.nick !== undefined;
    const settle = (taken?: string) => {
      const waiting = seat.waiting ?? [];
      seat.waiting = undefined;
      if (seat.left || !this.seats.has(member)) {
        if (taken === undefined) link.releaseNick(name, member.id);
        return;
      }
      if (taken !== undefined) {
        // The same answer as for a name taken here.
        this.error(member, "nick_taken", this.msg.chatNickTaken(taken));
        if (!joined && !this.audience.isJson(member))
          member.send(`${SERVER}${this.msg.chatNickAgain}\n`);
      } else {
        then();
        if (seat.nick !== name) link.releaseNick(name, member.id);
      }
      for (const raw of waiting) {
        if (seat.left || seat.waiting !== undefined) break;
        this.dispatch(member, seat, raw, this.now());
      }
    };
    link.claimNick(name, member.id).then(
      (claim) => settle(claim.kind === "taken" ? claim.nick : undefined),
      () => settle(),
    );
  }

  /** An event from a member of another server (checked and sanitised by the link), rendered
   * here in this server's language. */
  deliver(event: ChatEvent): void {
    if (this.stopping) return;
    switch (event.type) {
      case "message":
        this.audience.broadcast(this.present, event);
        this.options.view?.chatEvent(event);
        this.history.push(event);
        this.said++;
        return;
      case "leave": {
        // Worded here, in this room's language, when its kind says it all.
        const reason = remoteLeaveReason(event);
        const fields = reason === undefined ? {} : leaveFields(this.msg, reason);
        const counted = { ...event, ...fields, online: this.roomSize };
        this.audience.broadcast(this.present, counted);
        this.options.view?.chatEvent(counted);
        return;
      }
      case "join":
      case "nick": {
        const counted = event.type === "nick" ? event : { ...event, online: this.roomSize };
        this.audience.broadcast(this.present, counted);
        this.options.view?.chatEvent(counted);
        return;
      }
      case "private": {
        const targets = new Set<M>();
        for (const name of event.to) {
          const target = this.byKey.get(nameKey(name));
          if (target !== undefined) targets.add(target);
        }
        this.audience.broadcast(targets, event);
        return;
      }
    }
  }

  /** A server line to every member here (the link to the other servers lost, back). */
  notice(text: string): void {
    this.audience.broadcast(this.present, { type: "system", at: this.now(), text, everyone: true });
  }

  localMembers(): { nick: string; id: number }[] {
    return [...this.present].map((m) => ({ nick: this.seats.get(m)?.nick ?? "", id: m.id }));
  }

  private system(member: M, text: string, now: number): void {
    this.audience.tell(member, { type: "system", at: now, text });
  }

  private error(member: M, code: ErrorCode, text: string): void {
    this.audience.tell(member, { type: "error", at: this.now(), code, text });
  }
}
