// The game's rules without sockets: judging guesses, rounds and pauses, names, scores.

import { describe, expect, test } from "bun:test";
import { Game } from "../src/game/game.ts";
import { seededRandom } from "../src/game/random.ts";

/** A game whose secrets are given in order (random values chosen so randomInt lands on them). */
function gameWith(secrets: number[], min = 0, max = 1000, pauseMs = 3000): Game {
  const queue = [...secrets];
  return new Game({
    min,
    max,
    pauseMs,
    random: () => {
      const secret = queue.shift();
      if (secret === undefined) throw new Error("no secret left");
      return (secret - min + 0.5) / (max - min + 1);
    },
  });
}

describe("Game guesses", () => {
  test("too small, too big, then a win, counting attempts per player", () => {
    const game = gameWith([42, 7]);
    game.join(1);
    game.join(2);
    expect(game.round).toBe(1);
    expect(game.guess(1, "10", 0)).toEqual({ kind: "small", guess: 10, attempts: 1 });
    expect(game.guess(1, " 50 ", 0)).toEqual({ kind: "big", guess: 50, attempts: 2 });
    expect(game.guess(2, "+41", 0)).toEqual({ kind: "small", guess: 41, attempts: 1 });
    expect(game.guess(1, "42", 0)).toEqual({ kind: "win", guess: 42, attempts: 3, round: 1 });
    expect(game.player(1)).toMatchObject({ wins: 1, best: 3 });
    expect(game.player(2)).toMatchObject({ wins: 0, best: undefined });
  });

  test("not a number, out of range: no attempt counted", () => {
    const game = gameWith([5], 1, 10);
    game.join(1);
    for (const text of ["abc", "", "4.5", "1e3", "0x10", "--3", "5 6", "٣"])
      expect(game.guess(1, text, 0)).toEqual({ kind: "not_a_number" });
    for (const text of ["0", "11", "-4", "99999999999999999999999999999999999999"])
      expect(game.guess(1, text, 0)).toEqual({ kind: "out_of_range" });
    expect(game.guess(1, "1", 0)).toEqual({ kind: "small", guess: 1, attempts: 1 });
    expect(game.guess(1, "10", 0)).toEqual({ kind: "big", guess: 10, attempts: 2 });
  });

  test("after a win, guesses wait for the next round and learn the seconds left", () => {
    const game = gameWith([3, 8], 0, 10, 3000);
    game.join(1);
    game.join(2);
    expect(game.guess(2, "1", 1000).kind).toBe("small");
    expect(game.guess(1, "3", 1000).kind).toBe("win");
    expect(game.paused).toBe(true);
    expect(game.guess(2, "3", 1000)).toEqual({ kind: "round_over", seconds: 3 });
    expect(game.guess(2, "3", 2500)).toEqual({ kind: "round_over", seconds: 2 });
    expect(game.guess(2, "3", 3999)).toEqual({ kind: "round_over", seconds: 1 });
    expect(game.startRound()).toBe(2);
    expect(game.paused).toBe(false);
    // Attempt counts start again for everyone; the new secret is 8.
    expect(game.guess(2, "3", 5000)).toEqual({ kind: "small", guess: 3, attempts: 1 });
    expect(game.guess(2, "8", 5000)).toEqual({ kind: "win", guess: 8, attempts: 2, round: 2 });
  });

  test("a pause of 0 still ends the round until startRound (time 0 included)", () => {
    const game = gameWith([3, 4], 0, 10, 0);
    game.join(1);
    expect(game.guess(1, "3", 0).kind).toBe("win");
    expect(game.guess(1, "4", 0)).toEqual({ kind: "round_over", seconds: 1 });
  });

  test("exactly one winner per round, whoever guesses right first", () => {
    const game = gameWith([6, 1], 0, 10);
    for (let id = 1; id <= 5; id++) game.join(id);
    const results = [1, 2, 3, 4, 5].map((id) => game.guess(id, "6", 0).kind);
    expect(results).toEqual(["win", "round_over", "round_over", "round_over", "round_over"]);
  });

  test("a newcomer plays the current round", () => {
    const game = gameWith([9, 1], 0, 10);
    game.join(1);
    game.guess(1, "1", 0);
    game.join(2);
    expect(game.round).toBe(1);
    expect(game.guess(2, "9", 0)).toEqual({ kind: "win", guess: 9, attempts: 1, round: 1 });
  });

  test("a seeded game draws the seeded sequence", () => {
    const secrets = (seed: number) => {
      const game = new Game({ min: 0, max: 1000, pauseMs: 0, random: seededRandom(seed) });
      game.join(1);
      const found: number[] = [];
      for (let round = 0; round < 5; round++) {
        let lo = 0;
        let hi = 1000;
        for (;;) {
          const mid = Math.floor((lo + hi) / 2);
          const result = game.guess(1, String(mid), 0);
          if (result.kind === "win") break;
          if (result.kind === "small") lo = mid + 1;
          else hi = mid - 1;
        }
        found.push(Math.floor((lo + hi) / 2));
        game.startRound();
      }
      return found;
    };
    expect(secrets(1)).toEqual([627, 2, 527, 982, 969]);
    expect(secrets(1)).toEqual(secrets(1));
    expect(secrets(2)).not.toEqual(secrets(1));
  });

  test("min must be below max", () => {
    expect(() => gameWith([1], 5, 5)).toThrow(RangeError);
    expect(() => gameWith([1], 6, 5)).toThrow(RangeError);
  });
});

describe("Game names", () => {
  test("the protocol's name rules, with the reason", () => {
    const game = gameWith([1]);
    game.join(1);
    expect(game.setName(1, "bob smith")).toEqual({ ok: false, problem: "bad_characters" });
    expect(game.setName(1, "a".repeat(21))).toEqual({ ok: false, problem: "too_long" });
    expect(game.setName(1, "")).toEqual({ ok: false, problem: "empty" });
    expect(game.setName(1, "x\x1b[2J")).toEqual({ ok: false, problem: "bad_characters" });
    expect(game.setName(1, "a".repeat(20))).toMatchObject({ ok: true });
    expect(game.setName(1, "Élodie.b-2_")).toEqual({
      ok: true,
      previous: "a".repeat(20),
      name: "Élodie.b-2_",
    });
  });

  test("unique among connected players whatever the case; free again after a leave", () => {
    const game = gameWith([1]);
    game.join(1);
    game.join(2);
    expect(game.setName(1, "alice")).toEqual({ ok: true, previous: undefined, name: "alice" });
    expect(game.setName(2, "ALICE")).toEqual({ ok: false, problem: "taken" });
    expect(game.setName(2, "Alice")).toEqual({ ok: false, problem: "taken" });
    // Changing one's own case is not taking someone's name.
    expect(game.setName(1, "Alice")).toEqual({ ok: true, previous: "alice", name: "Alice" });
    // A rename frees the old name.
    expect(game.setName(1, "alice2")).toMatchObject({ ok: true });
    expect(game.setName(2, "alice")).toMatchObject({ ok: true });
    game.leave(2);
    game.join(3);
    expect(game.setName(3, "ALICE")).toMatchObject({ ok: true });
  });

  test("é typed two ways is one name", () => {
    const game = gameWith([1]);
    game.join(1);
    game.join(2);
    expect(game.setName(1, "\u00e9lodie")).toMatchObject({ ok: true });
    expect(game.setName(2, "E\u0301LODIE")).toEqual({ ok: false, problem: "taken" });
  });
});

describe("Game names: look-alikes and invisible names (issue 20)", () => {
  test("a look-alike of a connected player's name is refused, naming that player", () => {
    const game = gameWith([1]);
    for (const id of [1, 2]) game.join(id);
    expect(game.setName(1, "alice")).toMatchObject({ ok: true });
    for (const name of ["\u0430lice", "al\u0131ce", "ａｌｉｃｅ", "𝐚lice", "ᴀlice", "AIice"]) {
      expect({ name, result: game.setName(2, name) }).toEqual({
        name,
        result: { ok: false, problem: "looks_like", like: "alice" },
      });
    }
    game.leave(1);
    expect(game.setName(2, "ᴀlice")).toMatchObject({ ok: true });
  });

  test("invisible, badly started and mixed-script names are refused with their reason", () => {
    const game = gameWith([1]);
    game.join(1);
    expect(game.setName(1, "\u3164")).toEqual({ ok: false, problem: "invisible" });
    expect(game.setName(1, "alice\u034f")).toEqual({ ok: false, problem: "invisible" });
    expect(game.setName(1, "--")).toEqual({ ok: false, problem: "bad_start" });
    expect(game.setName(1, "\u0338bob")).toEqual({ ok: false, problem: "bad_start" });
    expect(game.setName(1, "b\u03bfb")).toEqual({ ok: false, problem: "mixed_scripts" });
  });
});

describe("Game scores", () => {
  test("most wins first, then the best attempt count, then who came first", () => {
    const game = gameWith([5, 5, 5, 5], 0, 10, 0);
    for (const id of [1, 2, 3]) game.join(id);
    // Round 1: player 2 wins in 1. Round 2: player 3 wins in 2. Round 3: player 2 in 3.
    game.guess(2, "5", 0);
    game.startRound();
    game.guess(3, "4", 0);
    game.guess(3, "5", 0);
    game.startRound();
    game.guess(2, "1", 0);
    game.guess(2, "2", 0);
    game.guess(2, "5", 0);
    game.startRound();
    expect(game.scores().map((p) => [p.id, p.wins, p.best])).toEqual([
      [2, 2, 1],
      [3, 1, 2],
      [1, 0, undefined],
    ]);
    game.leave(2);
    expect(game.scores().map((p) => p.id)).toEqual([3, 1]);
    expect(game.playerCount).toBe(2);
  });
});

describe("Game and the teacher's console", () => {
  test("setNextRange applies when the next round starts, not before; secret is this round's number", () => {
    const game = new Game({ min: 1, max: 10, pauseMs: 0, random: seededRandom(3) });
    game.join(1);
    const first = game.secret;
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(10);
    game.setNextRange(50, 60);
    // This round keeps its range: 55 is still out of it.
    expect(game.guess(1, "55", 0)).toEqual({ kind: "out_of_range" });
    expect(game.guess(1, String(first), 0)).toMatchObject({ kind: "win" });
    game.startRound();
    expect([game.min, game.max]).toEqual([50, 60]);
    expect(game.secret).toBeGreaterThanOrEqual(50);
    expect(game.secret).toBeLessThanOrEqual(60);
    expect(game.guess(1, "5", 0)).toEqual({ kind: "out_of_range" });
    expect(() => game.setNextRange(5, 5)).toThrow(RangeError);
  });

  test("the teacher's names and their look-alikes are nobody's", () => {
    const game = gameWith([5]);
    game.join(1);
    for (const name of ["teacher", "Teacher", "prof", "PR\u041eF"])
      expect(game.setName(1, name)).toEqual({ ok: false, problem: "reserved" });
    expect(game.setName(1, "professor")).toMatchObject({ ok: true });
  });
});
