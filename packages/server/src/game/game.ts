// The rules of guess-the-number, with no socket in sight: who plays, which round it is, what was
// drawn, how guesses are judged, and the session's scores. modes/game.ts binds it to connections.

import { checkName, isTeacherName, Lookalikes, type NameProblem, nameKey } from "@socklab/protocol";
import { type Random, randomInt } from "./random.ts";

/** One player, known by their connection number. */
export interface Player {
  readonly id: number;
  /** Chosen with /name; undefined until then (the mode shows "player #N"). */
  name: string | undefined;
  /** Guesses in range this round; reset when a round starts. */
  attempts: number;
  wins: number;
  /** Fewest attempts in a won round this session. */
  best: number | undefined;
}

export type GuessResult =
  | { kind: "not_a_number" }
  | { kind: "out_of_range" }
  /** The round is won and the next has not started: it starts in `seconds` (rounded up). */
  | { kind: "round_over"; seconds: number }
  | { kind: "small" | "big"; guess: number; attempts: number }
  | { kind: "win"; guess: number; attempts: number; round: number };

export type NameResult =
  | { ok: true; previous: string | undefined; name: string }
  | { ok: false; problem: NameProblem | "taken" | "reserved" }
  /** `like` is the name of the player this one would pass for. */
  | { ok: false; problem: "looks_like"; like: string };

export interface GameOptions {
  min: number;
  max: number;
  /** Pause between a win and the next round, in milliseconds. */
  pauseMs: number;
  random: Random;
}

/** An integer as a person types it: optional sign, ASCII digits. "4.5", "1e3", "0x10" and "" are
 * not guesses (a student learns to send what the protocol asks for). */
const INTEGER = /^[-+]?\d+$/;

/**
 * One game session. Round 1 starts at construction; after a win the game is paused until the
 * caller runs {@link Game.startRound} (the mode's timer does, `pauseMs` later).
 */
export class Game {
  /** The current round's range; /range at the console changes it from the next round on. */
  min: number;
  max: number;
  /** The range the next round draws from, once the teacher asked for one. */
  private nextRange: { min: number; max: number } | undefined;
  readonly pauseMs: number;
  private readonly random: Random;
  private readonly players = new Map<number, Player>();
  /** nameKey(name) → player id: names are unique among connected players, ignoring case. */
  private readonly names = new Map<string, number>();
  /** Connected players' names by skeleton: a look-alike of one is refused. */
  private readonly lookalikes = new Lookalikes<number>((id) => this.players.get(id)?.name);
  private roundNumber = 0;
  private secretNumber = 0;
  /** Between a win and the next round. */
  private isPaused = false;
  /** When the next round starts (ms since epoch), while paused. */
  private nextRoundAt = 0;

  constructor(options: GameOptions) {
    if (!(Number.isSafeInteger(options.min) && Number.isSafeInteger(options.max)))
      throw new RangeError("min and max must be integers");
    if (options.min >= options.max) throw new RangeError("min must be less than max");
    this.min = options.min;
    this.max = options.max;
    this.pauseMs = options.pauseMs;
    this.random = options.random;
    this.startRound();
  }

  get round(): number {
    return this.roundNumber;
  }

  /** True between a win and the next round. */
  get paused(): boolean {
    return this.isPaused;
  }

  /** Whole seconds until the next round (at least 1 while paused, so nobody reads "in 0 s"). */
  secondsLeft(now: number): number {
    return this.paused ? Math.max(1, Math.ceil((this.nextRoundAt - now) / 1000)) : 0;
  }

  /** Draws a new secret; every player's attempt count starts again. Returns the round number. */
  startRound(): number {
    if (this.nextRange) {
      ({ min: this.min, max: this.max } = this.nextRange);
      this.nextRange = undefined;
    }
    this.roundNumber++;
    this.secretNumber = randomInt(this.random, this.min, this.max);
    this.isPaused = false;
    for (const player of this.players.values()) player.attempts = 0;
    return this.roundNumber;
  }

  /** The number drawn this round (the teacher's console reveals it when it ends a round). */
  get secret(): number {
    return this.secretNumber;
  }

  /** The range from the next round on (the teacher's /range); min < max, safe integers. */
  setNextRange(min: number, max: number): void {
    if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max)) || min >= max)
      throw new RangeError("min must be an integer less than max");
    this.nextRange = { min, max };
  }

  /** A newcomer plays the current round from its first attempt. */
  join(id: number): Player {
    const player: Player = { id, name: undefined, attempts: 0, wins: 0, best: undefined };
    this.players.set(id, player);
    return player;
  }

  /** The player leaves, and their name is free again. */
  leave(id: number): Player | undefined {
    const player = this.players.get(id);
    if (!player) return undefined;
    this.players.delete(id);
    if (player.name !== undefined) this.names.delete(nameKey(player.name));
    return player;
  }

  player(id: number): Player | undefined {
    return this.players.get(id);
  }

  get playerCount(): number {
    return this.players.size;
  }

  /** Sets a player's name: the protocol's name rules, and unique among connected players
   * whatever the case ("Alice" is taken when "alice" plays). Changing one's own case is fine. */
  setName(id: number, wanted: string): NameResult {
    const player = this.players.get(id);
    if (!player) throw new Error(`no player #${id}`);
    const problem = checkName(wanted);
    // A mixed-script name that looks like a player's is told so, the more useful answer.
    if (problem && problem !== "mixed_scripts") return { ok: false, problem };
    const name = wanted.normalize("NFC");
    // The teacher's name (and look-alikes) stays the teacher's.
    if (isTeacherName(name)) return { ok: false, problem: "reserved" };
    const key = nameKey(name);
    const holder = this.names.get(key);
    if (holder !== undefined && holder !== id) return { ok: false, problem: "taken" };
    const like = this.lookalikes.find(name, id);
    if (like !== undefined)
      return { ok: false, problem: "looks_like", like: this.players.get(like)?.name ?? "" };
    if (problem) return { ok: false, problem };
    this.lookalikes.add(id, name);
    const previous = player.name;
    if (previous !== undefined) this.names.delete(nameKey(previous));
    this.names.set(key, id);
    player.name = name;
    return { ok: true, previous, name };
  }

  /**
   * Judges one line a player typed as a guess. Only guesses in range count as attempts; the
   * first right one wins the round and pauses the game until `startRound`.
   */
  guess(id: number, text: string, now: number): GuessResult {
    const player = this.players.get(id);
    if (!player) throw new Error(`no player #${id}`);
    const trimmed = text.trim();
    if (!INTEGER.test(trimmed)) return { kind: "not_a_number" };
    // Thousands of digits parse to Infinity: still an integer, still out of range.
    const guess = Number(trimmed);
    if (guess < this.min || guess > this.max) return { kind: "out_of_range" };
    if (this.paused) return { kind: "round_over", seconds: this.secondsLeft(now) };
    player.attempts++;
    if (guess < this.secretNumber) return { kind: "small", guess, attempts: player.attempts };
    if (guess > this.secretNumber) return { kind: "big", guess, attempts: player.attempts };
    player.wins++;
    player.best = Math.min(player.best ?? player.attempts, player.attempts);
    this.isPaused = true;
    this.nextRoundAt = now + this.pauseMs;
    return { kind: "win", guess, attempts: player.attempts, round: this.roundNumber };
  }

  /** Connected players, best first: most wins, then fewest attempts in a round, then who came
   * first. */
  scores(): Player[] {
    return [...this.players.values()].sort(
      (a, b) =>
        b.wins - a.wins ||
        (a.best ?? Number.POSITIVE_INFINITY) - (b.best ?? Number.POSITIVE_INFINITY) ||
        a.id - b.id,
    );
  }
}
