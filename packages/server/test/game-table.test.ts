// The game's table driven directly, without sockets: fake members record what they read, a fake
// clock and a fake timer run the rounds. Also the line parser (commands.ts) and the text forms
// (format.ts).

import { describe, expect, test } from "bun:test";
import { type CloseReason, decodeEvent, type GameEvent, type Lang } from "@socklab/protocol";
import { messages } from "../src/catalog/index.ts";
import { closeText } from "../src/core/close-reason.ts";
import { FLOOD_KICK_MS } from "../src/core/rate-limit.ts";
import { parseGameLine } from "../src/game/commands.ts";
import { renderGame, SCORES_SHOWN, scoreLines } from "../src/game/format.ts";
import { type GameMember, GameTable, type GameTableOptions } from "../src/game/table.ts";

const decoder = new TextDecoder();
const T0 = new Date(2026, 0, 5, 14, 3, 7).getTime();
const en = messages("en");

class Fake implements GameMember {
  readonly id: number;
  private text = "";
  ended: CloseReason | undefined;
  constructor(id: number) {
    this.id = id;
  }
  send(data: string | Uint8Array): boolean {
    if (this.ended !== undefined) return false;
    this.text += typeof data === "string" ? data : decoder.decode(data);
    return true;
  }
  end(reason: CloseReason): void {
    this.ended ??= reason;
  }
  /** Lines read since the last call. */
  take(): string[] {
    const lines = this.text.split("\n");
    this.text = lines.pop() ?? "";
    return lines;
  }
  events(): GameEvent[] {
    return this.take().map((line) => decodeEvent(line) as GameEvent);
  }
}

/** A table whose secrets are given in order, on a fake clock with a fake timer. */
function setup(secrets: number[], options: Partial<GameTableOptions> = {}, lang: Lang = "en") {
  const queue = [...secrets];
  const clock = { now: T0 };
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const logged: string[] = [];
  const min = options.min ?? 0;
  const max = options.max ?? 1000;
  const table = new GameTable<Fake>({
    msg: messages(lang),
    log: { info: (l) => logged.push(l), always: (l) => logged.push(l), flush() {} },
    min,
    max,
    pauseMs: 3000,
    random: () => {
      const secret = queue.shift();
      if (secret === undefined) throw new Error("no secret left");
      return (secret - min + 0.5) / (max - min + 1);
    },
    rate: { rate: 0, burst: 20 },
    now: () => clock.now,
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    ...options,
  });
  let next = 1;
  /** A connected member, its welcome read. */
  const connect = () => {
    const m = new Fake(next++);
    table.connect(m);
    m.take();
    return m;
  };
  /** Runs the pending round timer, as the clock reaching it would. */
  const fire = () => {
    const timer = timers.find((t) => !t.cancelled);
    if (!timer) throw new Error("no timer pending");
    timer.cancelled = true;
    clock.now += timer.ms;
    timer.fn();
  };
  return { table, clock, timers, logged, connect, fire };
}

describe("GameTable: joining and guessing", () => {
  test("the welcome names the player-to-be; a player joins with its first line, not its connection", () => {
    const { table, connect } = setup([42]);
    const watcher = connect();
    const m = new Fake(2);
    table.connect(m);
    expect(m.take()).toEqual([
      "Welcome to guess-the-number! You are player #2; round 1 is on.",
      "I picked a whole number between 0 and 1000: type your guess and press Enter. /name NAME to choose a name, /help for help.",
    ]);
    expect(watcher.take()).toEqual([]);
    expect(table.isPlayer(m)).toBe(false);
    table.line(m, "   "); // an empty line asks nothing, and joins nobody
    expect(table.isPlayer(m)).toBe(false);
    table.line(m, "10");
    expect(m.take()).toEqual(["Your number is too small (10, attempt 1)."]);
    expect(watcher.take()).toEqual(["player #2 joined (1 player)"]);
    expect(table.isPlayer(m)).toBe(true);
  });

  test("a win: the winner and the others read it, the pause, then the next round for all", () => {
    const { table, connect, fire, timers, logged } = setup([42, 7]);
    const ana = connect();
    const bob = connect();
    table.line(bob, "/name bob");
    // Connected is enough to read what happens, playing or not.
    expect(ana.take()).toEqual(["player #2 joined (1 player)", "player #2 is now bob"]);
    table.line(ana, "50");
    table.line(ana, "42");
    expect(ana.take()).toEqual([
      "Your number is too big (50, attempt 1).",
      "You won in 2 attempts! The number was 42 (round 1).",
      "Round 2 starts in 3 s.",
    ]);
    expect(bob.take()).toEqual([
      "You are now bob.",
      "player #1 joined (2 players)",
      "player #1 won round 1 in 2 attempts — the number was 42",
      "Round 2 starts in 3 s.",
    ]);
    table.line(bob, "42");
    expect(bob.take()).toEqual(["This round is over: next round starts in 3 s."]);
    expect(timers.map((t) => t.ms)).toEqual([3000]);
    fire();
    expect(ana.take()).toEqual(["Round 2: a new number between 0 and 1000. Guess!"]);
    expect(bob.take()).toEqual(["Round 2: a new number between 0 and 1000. Guess!"]);
    expect(table.round).toBe(2);
    table.line(bob, "7");
    expect(bob.take()[0]).toBe("You won in 1 attempt! The number was 7 (round 2).");
    expect(logged).toContain("round 1: player #1 won in 2 attempts (the number was 42)");
  });

  test("--pause 0: the next round starts with the win, no timer", () => {
    const { table, connect, timers } = setup([5, 6], { pauseMs: 0 });
    const m = connect();
    table.line(m, "5");
    expect(m.take()).toEqual([
      "You won in 1 attempt! The number was 5 (round 1).",
      "Round 2: a new number between 0 and 1000. Guess!",
    ]);
    expect(timers).toEqual([]);
  });

  test("a newcomer during the pause is told when the next round starts", () => {
    const { table, connect, clock } = setup([5]);
    const m = connect();
    table.line(m, "5");
    clock.now += 1200;
    const late = new Fake(9);
    table.connect(late);
    expect(late.take().at(-1)).toBe("Round 2 starts in 2 s.");
  });

  test("bad input gets a specific answer and costs no attempt", () => {
    const { table, connect } = setup([5], { min: 1, max: 10 });
    const m = connect();
    const answers: [string, string][] = [
      ["ten", "Not a whole number: type a number between 1 and 10, or /help."],
      ["11", "Out of range: the number is between 1 and 10."],
      ["/name", "Usage: /name NAME (for example /name alice)"],
      ["/proto xml", "Usage: /proto json"],
      ["/nope", "Unknown command: type /help for the list."],
      ["/name teacher", "teacher is the teacher's name: choose another one."],
      ["3", "Your number is too small (3, attempt 1)."],
    ];
    for (const [input, answer] of answers) {
      table.line(m, input);
      expect({ input, got: m.take() }).toEqual({ input, got: [answer] });
    }
  });
});

describe("GameTable: names, scores, leaving", () => {
  test("/name: the others read the rename; the same name again tells only the player", () => {
    const { table, connect, logged } = setup([5]);
    const ana = connect();
    const bob = connect();
    table.line(bob, "1");
    table.line(ana, "/name ana");
    expect(ana.take()).toEqual(["player #2 joined (1 player)", "You are now ana."]);
    expect(bob.take()).toEqual([
      "Your number is too small (1, attempt 1).",
      "player #1 joined (2 players)",
      "player #1 is now ana",
    ]);
    table.line(bob, "/name ANA");
    expect(bob.take()).toEqual(['Name refused: "ANA" is taken (names ignore case).']);
    table.line(ana, "/name ana");
    expect(ana.take()).toEqual(["You are now ana."]);
    expect(bob.take()).toEqual([]);
    expect(logged).toContain("client #1 is ana (2 players)");
  });

  test("/scores: best first; text shows the first 20, JSON every player", () => {
    const { table, connect } = setup([5, 6]);
    const ana = connect();
    table.line(ana, "/name ana");
    table.line(ana, "5");
    const many = Array.from({ length: SCORES_SHOWN + 2 }, () => connect());
    for (const m of many) table.line(m, "1");
    ana.take();
    table.line(ana, "/scores");
    const lines = ana.take();
    expect(lines[0]).toBe("Scores (round 1):");
    expect(lines[1]).toBe("1. ana: 1 win, best 1 attempt");
    expect(lines.length).toBe(1 + SCORES_SHOWN + 1);
    expect(lines.at(-1)).toBe("… and 3 players more");
    const json = many[0] as Fake;
    table.line(json, "/proto json");
    json.take();
    table.line(json, "/scores");
    const [event] = json.events();
    expect(event).toMatchObject({ type: "scores", round: 1 });
    expect((event as Extract<GameEvent, { type: "scores" }>).scores.length).toBe(SCORES_SHOWN + 3);
  });

  test("a player who leaves is told to the others with the reason, in the server's words and as a code", () => {
    const { table, connect, logged } = setup([5], {}, "fr");
    const ana = connect();
    const json = connect();
    table.line(json, "/proto json");
    json.take();
    table.line(ana, "/name ana");
    json.events();
    table.disconnect(ana, { kind: "closed" });
    expect(json.events()).toEqual([
      {
        type: "leave",
        at: T0,
        nick: "ana",
        reason: "connexion fermée",
        code: "closed",
        online: 1,
      },
    ]);
    expect(logged).toContain("ana (client n°1) est parti : connexion fermée");
    // A connection that never played leaves unannounced.
    const silent = connect();
    table.disconnect(silent, { kind: "lost", detail: "ECONNRESET" });
    expect(json.events()).toEqual([]);
  });

  test("/quit: a goodbye, then the close says quit", () => {
    const { table, connect } = setup([5]);
    const m = connect();
    table.line(m, "/quit");
    expect(m.take()).toEqual(["Goodbye!"]);
    expect(m.ended).toEqual({ kind: "quit", detail: "" });
  });
});

describe("GameTable: flood control and the teacher", () => {
  test("a player past the rate is told to slow down, then cut off as flooding", () => {
    const { table, connect, clock } = setup([5], { rate: { rate: 5, burst: 5 } });
    const m = connect();
    const other = connect();
    let warned = false;
    for (let ms = 0; ms <= FLOOD_KICK_MS + 1000 && m.ended === undefined; ms += 50) {
      clock.now = T0 + ms;
      for (let i = 0; i < 3; i++) table.line(m, "1");
      warned ||= m.take().some((l) => l.startsWith("Slow down"));
    }
    expect(warned).toBe(true);
    expect(m.ended).toEqual({ kind: "flood" });
    expect(closeText(en, m.ended as CloseReason)).toBe("flooding");
    table.disconnect(m, m.ended as CloseReason);
    expect(other.take().at(-1)).toBe("player #1 left (0 players)");
  });

  test("/say reaches every connected member; /kick tells the kicked one and the others", () => {
    const { table, connect } = setup([5]);
    const ana = connect();
    const bob = connect();
    table.line(ana, "/name ana");
    ana.take();
    bob.take();
    expect(table.teacherSay("  pause  ")).toBe(2);
    expect(bob.take()).toEqual(["-- [teacher] pause"]);
    table.kick(ana, "spam");
    expect(ana.take()).toEqual(["-- [teacher] pause", "The teacher closed your connection: spam"]);
    expect(ana.ended).toEqual({ kind: "kicked", detail: "spam" });
    expect(bob.take()).toEqual(["ana was removed by the teacher: spam"]);
  });

  test("/round: unwon, everyone learns the number and the next round starts; won, it just starts", () => {
    const { table, connect, timers } = setup([5, 6, 7]);
    const m = connect();
    expect(table.endRound()).toEqual({ round: 1, secret: 5 });
    expect(m.take()).toEqual([
      "The teacher ended round 1: the number was 5.",
      "Round 2: a new number between 0 and 1000. Guess!",
    ]);
    table.setNextRange(1, 10);
    table.line(m, "6");
    m.take();
    expect(table.endRound()).toBeUndefined();
    expect(timers[0]?.cancelled).toBe(true);
    expect(m.take()).toEqual(["Round 3: a new number between 1 and 10. Guess!"]);
  });

  test("stop cancels the pending round", () => {
    const { table, connect, timers } = setup([5]);
    table.line(connect(), "5");
    table.stop();
    expect(timers[0]?.cancelled).toBe(true);
  });
});

describe("GameTable: the class view and the record", () => {
  test("rounds, guesses, wins and names reach both, in order", () => {
    const seen: string[] = [];
    const view = {
      gameRound: (round: number, min: number, max: number) =>
        seen.push(`view round ${round} ${min}-${max}`),
      gameGuess: (id: number, name: string, guess: number, result: string) =>
        seen.push(`view guess #${id} ${name} ${guess} ${result}`),
      gameWin: (round: number, winner: string, attempts: number, secret: number) =>
        seen.push(`view win ${round} ${winner} ${attempts} ${secret}`),
      named: (id: number, name: string) => seen.push(`view named #${id} ${name}`),
    };
    const record = {
      roundStarted: (round: number, secret: number) => seen.push(`record round ${round} ${secret}`),
      roundEnded: (round: number, winner?: { name: string }) =>
        seen.push(`record ended ${round} ${winner?.name ?? "-"}`),
      guess: (round: number, id: number, name: string, guess: number) =>
        seen.push(`record guess ${round} #${id} ${name} ${guess}`),
      named: (id: number, name: string) => seen.push(`record named #${id} ${name}`),
    };
    const { table, connect } = setup([5, 6], { view, record, pauseMs: 0 });
    const m = connect();
    table.line(m, "/name ana");
    table.line(m, "3");
    table.line(m, "5");
    expect(seen).toEqual([
      "view round 1 0-1000",
      "record round 1 5",
      "record named #1 ana",
      "view named #1 ana",
      "record guess 1 #1 ana 3",
      "view guess #1 ana 3 small",
      "record guess 1 #1 ana 5",
      "view win 1 ana 2 5",
      "record ended 1 ana",
      "record round 2 6",
      "view round 2 0-1000",
    ]);
  });
});

describe("parseGameLine", () => {
  test.each([
    ["", { kind: "empty" }],
    ["  42 ", { kind: "guess", text: "42" }],
    ["forty", { kind: "guess", text: "forty" }],
    ["/HELP", { kind: "help" }],
    ["/scores", { kind: "scores" }],
    ["/name  alice ", { kind: "name", name: "alice" }],
    ["/name", { kind: "usage", usage: "name" }],
    ["/quit now", { kind: "quit" }],
    ["/proto JSON", { kind: "proto", format: "json" }],
    ["/proto", { kind: "usage", usage: "proto" }],
    ["/dance", { kind: "unknown" }],
  ])("%j", (line, command) => {
    expect(parseGameLine(line)).toEqual(command as ReturnType<typeof parseGameLine>);
  });
});

describe("renderGame", () => {
  test("one sentence per event; the win reads differently to the winner", () => {
    const win = { type: "win", at: T0, round: 1, winner: "ana", attempts: 1, secret: 9 } as const;
    expect(renderGame({ ...win, self: true }, en)).toBe(
      "You won in 1 attempt! The number was 9 (round 1).",
    );
    expect(renderGame({ ...win, self: false }, en)).toBe(
      "ana won round 1 in 1 attempt — the number was 9",
    );
    expect(
      renderGame(
        { type: "leave", at: T0, nick: "ana", reason: "quit", code: "quit", online: 0 },
        en,
      ),
    ).toBe("ana left (0 players)");
    expect(scoreLines(en, { type: "scores", at: T0, round: 3, scores: [] })).toEqual([
      "Scores (round 3):",
    ]);
  });
});
