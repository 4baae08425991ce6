// The game's table, without sockets: who is connected and who plays, what each line does (a
// guess, a command), who reads what, the pause between rounds, flood control. The rules of a
// round live in ./game.ts; modes/game.ts plugs the table into the connection core, and unit
// tests drive it with fake members.

import {
  type CloseReason,
  cleanMessage,
  type ErrorCode,
  type GameEvent,
  MAX_NAME_LENGTH,
  sanitizeText,
} from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import { Audience, type Reader } from "../core/audience.ts";
import { leaveFields } from "../core/close-reason.ts";
import type { Logger } from "../core/logger.ts";
import { FLOOD_KICK_MS, type RateLimit, TokenBucket } from "../core/rate-limit.ts";
import type { Recorder } from "../record/recorder.ts";
import type { ViewState } from "../view/state.ts";
import { type GameCommand, parseGameLine } from "./commands.ts";
import { renderGame } from "./format.ts";
import { Game, type NameResult, type Player } from "./game.ts";
import type { Random } from "./random.ts";

/** What the table needs of a connection (a core Connection has all of it). */
export interface GameMember extends Reader {
  readonly id: number;
  /** Flushes what is queued, then closes: the reader gets its last lines. */
  end(reason: CloseReason): void;
}

export interface GameTableOptions {
  msg: Messages;
  log: Logger;
  /** The first round's range; the teacher's /range changes it from a later round on. */
  min: number;
  max: number;
  /** Between a win and the next round, in ms; 0 starts the next round at once. */
  pauseMs: number;
  random: Random;
  rate: RateLimit;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** Runs `fn` once after `ms`, and returns how to cancel it (tests pass their own). */
  schedule?: (fn: () => void, ms: number) => () => void;
  /** The class view (--view): rounds, guesses, wins, names. */
  view?: Pick<ViewState, "gameRound" | "gameGuess" | "gameWin" | "named">;
  /** --record: rounds, guesses, names (../record/recorder.ts). */
  record?: Pick<Recorder, "roundStarted" | "roundEnded" | "guess" | "named">;
}

/** The default `schedule`: one real timer. */
const timer = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

type Scores = Extract<GameEvent, { type: "scores" }>;

/**
 * One game session. Call `connect` when a client arrives, `line` for each line it sends,
 * `disconnect` when it is gone. A connection becomes a player with its first line.
 *
 * @example
 * const table = new GameTable({ msg: messages("en"), log, min: 0, max: 1000, pauseMs: 3000,
 *   random: systemRandom(), rate: { rate: 10, burst: 20 } });
 * table.connect(conn);        // the welcome and the rules
 * table.line(conn, "500");    // "Your number is too big (500, attempt 1)."
 */
export class GameTable<M extends GameMember> {
  /** Every event goes out through it: JSON, or renderGame's text. */
  readonly audience = new Audience<M, GameEvent>((event) => renderGame(event, this.msg));
  private readonly options: GameTableOptions;
  private readonly msg: Messages;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;
  private readonly rules: Game;
  /** Every connected member, and its flood allowance once it sent a line (a silent
   * connection costs no bucket). Everyone connected reads the broadcasts, player or not. */
  private readonly members = new Map<M, TokenBucket | undefined>();
  /** Cancels the one timer of the table: the pause between a win and the next round. */
  private cancelNextRound: (() => void) | undefined;

  constructor(options: GameTableOptions) {
    this.options = options;
    this.msg = options.msg;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? timer;
    const { min, max, pauseMs, random } = options;
    this.rules = new Game({ min, max, pauseMs, random });
    options.view?.gameRound(this.rules.round, min, max);
    options.record?.roundStarted(this.rules.round, this.rules.secret, min, max);
  }

  /** The round being played (or, paused, the one just won). */
  get round(): number {
    return this.rules.round;
  }

  connect(member: M): void {
    this.members.set(member, undefined);
    this.welcome(member, undefined);
  }

  /** One line from a member, as the framing delivered it. */
  line(member: M, raw: string): void {
    if (!this.members.has(member)) return;
    const command = parseGameLine(raw);
    if (command.kind === "empty") return; // asks nothing, costs nothing
    const now = this.now();
    let bucket = this.members.get(member);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.options.rate, now);
      this.members.set(member, bucket);
    }
    const admission = bucket.admit(now);
    if (admission === "kick") {
      this.error(member, "rate_limited", this.msg.chatKickedFlood(FLOOD_KICK_MS / 1000));
      member.end({ kind: "flood" });
      return;
    }
    if (admission === "warn") {
      this.error(member, "rate_limited", this.msg.chatSlowDown(this.options.rate.rate));
      return;
    }
    if (admission === "drop") return;
    // A player joins with its first line, not its connection: a browser's request or a
    // connection that never says a word is never announced (the core answers the first and
    // closes the second at --join-timeout).
    const player = this.rules.player(member.id) ?? this.join(member);
    this.command(member, player, command);
  }

  /** The connection is closed, for `reason`: a player's departure is told to everyone. */
  disconnect(member: M, reason: CloseReason): void {
    if (!this.members.delete(member)) return;
    this.audience.forget(member);
    const player = this.rules.leave(member.id);
    if (!player) return;
    const online = this.rules.playerCount;
    const fields = leaveFields(this.msg, reason);
    this.options.log.info(this.msg.gameLogLeave(this.label(player), member.id, fields.reason));
    this.broadcast({ type: "leave", at: this.now(), nick: this.label(player), ...fields, online });
  }

  /** True once the member sent a line (the core's console leaves its departure to the table). */
  isPlayer(member: M): boolean {
    return this.rules.player(member.id) !== undefined;
  }

  /** The last line a member reads when the server shuts down, in its format. */
  goodbye(member: M): string {
    return this.audience.form(member, {
      type: "system",
      at: this.now(),
      text: this.msg.serverClosing,
    });
  }

  /** The server is stopping: no next round. */
  stop(): void {
    this.cancelNextRound?.();
    this.cancelNextRound = undefined;
  }

  // ── a player's lines ───────────────────────────────────────────────────────────────────────

  private command(member: M, player: Player, command: GameCommand): void {
    const { min, max } = this.rules;
    switch (command.kind) {
      case "empty":
        return;
      case "guess":
        this.guess(member, player, command.text);
        return;
      case "help":
        this.system(member, this.msg.gameHelp(min, max, MAX_NAME_LENGTH));
        return;
      case "scores":
        this.audience.tell(member, this.scores());
        return;
      case "name":
        this.rename(member, player, command.name);
        return;
      case "quit":
        this.system(member, this.msg.gameGoodbye);
        member.end({ kind: "quit", detail: "" });
        return;
      case "proto":
        this.audience.useJson(member);
        this.welcome(member, player);
        return;
      case "usage":
        this.error(
          member,
          "bad_usage",
          command.usage === "name" ? this.msg.gameNameUsage : this.msg.gameProtoUsage,
        );
        return;
      case "unknown":
        this.error(member, "unknown_command", this.msg.gameUnknownCommand);
        return;
    }
  }

  private join(member: M): Player {
    const player = this.rules.join(member.id);
    const online = this.rules.playerCount;
    this.broadcast({ type: "join", at: this.now(), nick: this.label(player), online }, member);
    return player;
  }

  private welcome(member: M, player: Player | undefined): void {
    const { round, min, max } = this.rules;
    const now = this.now();
    // Before its first line a connection is no player yet: it is shown the name it will have.
    const name = player ? this.label(player) : this.msg.gamePlayer(member.id);
    this.audience.tell(member, {
      type: "welcome",
      at: now,
      player: member.id,
      name,
      min,
      max,
      round,
    });
    if (this.rules.paused) {
      const seconds = this.rules.secondsLeft(now);
      this.audience.tell(member, { type: "pause", at: now, round: round + 1, seconds });
    }
  }

  private guess(member: M, player: Player, text: string): void {
    const { round, min, max } = this.rules;
    const now = this.now();
    const result = this.rules.guess(player.id, text, now);
    if (result.kind === "small" || result.kind === "big" || result.kind === "win")
      this.options.record?.guess(round, member.id, this.label(player), result.guess);
    switch (result.kind) {
      case "not_a_number":
        this.error(member, "not_a_number", this.msg.gameNotANumber(min, max));
        return;
      case "out_of_range":
        this.error(member, "out_of_range", this.msg.gameOutOfRange(min, max));
        return;
      case "round_over":
        this.error(member, "round_over", this.msg.gameRoundOver(result.seconds), result.seconds);
        return;
      case "small":
      case "big": {
        const { guess, attempts } = result;
        this.options.view?.gameGuess(member.id, this.label(player), guess, result.kind);
        this.audience.tell(member, { type: "hint", at: now, guess, result: result.kind, attempts });
        return;
      }
      case "win":
        this.win(member, player, result.round, result.attempts, result.guess);
        return;
    }
  }

  private win(member: M, player: Player, round: number, attempts: number, secret: number): void {
    const name = this.label(player);
    this.options.log.info(this.msg.gameLogWin(round, name, attempts, secret));
    this.options.view?.gameWin(round, name, attempts, secret, this.scores().scores);
    this.options.record?.roundEnded(round, { name, client: member.id, attempts });
    const event = { type: "win", at: this.now(), round, winner: name, attempts, secret } as const;
    this.broadcast({ ...event, self: false }, member);
    this.audience.tell(member, { ...event, self: true });
    if (this.rules.pauseMs === 0) {
      this.startRound();
      return;
    }
    const seconds = this.rules.secondsLeft(this.now());
    this.broadcast({ type: "pause", at: this.now(), round: round + 1, seconds });
    this.cancelNextRound = this.schedule(() => this.startRound(), this.rules.pauseMs);
  }

  private rename(member: M, player: Player, wanted: string): void {
    const before = this.label(player);
    const result = this.rules.setName(player.id, wanted);
    if (!result.ok) {
      const [code, text] = this.nameRefusal(wanted, result);
      this.error(member, code, text);
      return;
    }
    this.options.record?.named(member.id, result.name);
    this.options.log.info(this.msg.gameLogName(member.id, result.name, this.rules.playerCount));
    this.options.view?.named(member.id, result.name);
    const event = { type: "nick", at: this.now(), from: before, to: result.name } as const;
    this.audience.tell(member, { ...event, self: true });
    if (before !== result.name) this.broadcast(event, member);
  }

  /** Why a name was refused, for the error event. */
  private nameRefusal(wanted: string, result: NameResult & { ok: false }): [ErrorCode, string] {
    switch (result.problem) {
      case "taken":
        return ["nick_taken", this.msg.gameNameTaken(wanted)];
      case "reserved":
        return ["nick_taken", this.msg.nickReserved(sanitizeText(wanted))];
      case "too_long":
        return ["bad_nick", this.msg.gameNameTooLong(MAX_NAME_LENGTH)];
      case "looks_like":
        return ["nick_taken", this.msg.gameNameLooksLike(result.like)];
      case "empty":
      case "bad_characters":
        return ["bad_nick", this.msg.gameNameBadCharacters];
      case "invisible":
      case "bad_start":
      case "stacked_marks":
      case "mixed_scripts":
        return ["bad_nick", this.msg.gameNameRule(result.problem)];
    }
  }

  // ── rounds ─────────────────────────────────────────────────────────────────────────────────

  private startRound(): void {
    this.cancelNextRound?.();
    this.cancelNextRound = undefined;
    const round = this.rules.startRound();
    const { min, max } = this.rules;
    this.options.record?.roundStarted(round, this.rules.secret, min, max);
    this.options.view?.gameRound(round, min, max);
    this.broadcast({ type: "round", at: this.now(), round, min, max });
  }

  // ── the teacher (the server's console, see ../console/desk.ts) ─────────────────────────────

  /** The member's name as the others read it, once it plays. */
  nameOf(member: M): string | undefined {
    const player = this.rules.player(member.id);
    return player && this.label(player);
  }

  /** /say: a system line marked as the teacher's, to every connected member. Returns how many. */
  teacherSay(raw: string): number {
    const text = cleanMessage(raw);
    if (text === "") return 0;
    this.broadcast({ type: "system", at: this.now(), text, from: "teacher" });
    return this.members.size;
  }

  /** /kick: the member reads why, the others too (before the leave line its close brings). */
  kick(member: M, reason: string): void {
    const player = this.rules.player(member.id);
    this.system(member, this.msg.kickedYou(reason));
    member.end({ kind: "kicked", detail: reason });
    if (player) {
      const text = this.msg.kickedOther(this.label(player), reason);
      this.broadcast({ type: "system", at: this.now(), text }, member);
    }
  }

  /** /round: ends the round now. Unwon, everyone learns the number (returned, for the console);
   * then the next round starts at once. */
  endRound(): { round: number; secret: number } | undefined {
    const { round, secret } = this.rules;
    let ended: { round: number; secret: number } | undefined;
    if (!this.rules.paused) {
      const text = this.msg.roundStopped(round, secret);
      this.broadcast({ type: "system", at: this.now(), text });
      this.options.record?.roundEnded(round);
      ended = { round, secret };
    }
    this.startRound();
    return ended;
  }

  /** /range: the range from the next round on (min < max, safe integers). */
  setNextRange(min: number, max: number): void {
    this.rules.setNextRange(min, max);
  }

  /** The scores of the connected players, best first. */
  scores(): Scores {
    return {
      type: "scores",
      at: this.now(),
      round: this.rules.round,
      scores: this.rules
        .scores()
        .map((p) => ({ name: this.label(p), wins: p.wins, best: p.best ?? null })),
    };
  }

  // ── speaking ───────────────────────────────────────────────────────────────────────────────

  private label(player: Player): string {
    return player.name ?? this.msg.gamePlayer(player.id);
  }

  /** Sends an event to every connected member but `except`. */
  private broadcast(event: GameEvent, except?: M): void {
    this.audience.broadcast(this.members.keys(), event, except);
  }

  private system(member: M, text: string): void {
    this.audience.tell(member, { type: "system", at: this.now(), text });
  }

  private error(member: M, code: ErrorCode, text: string, seconds?: number): void {
    this.audience.tell(member, { type: "error", at: this.now(), code, text, seconds });
  }
}
