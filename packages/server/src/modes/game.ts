// game (seed: the Java guess-the-number lab): the whole class guesses one secret number per
// round. The rules live in ../game/ (game.ts: a round; table.ts: the players, their lines and
// what they read; format.ts: the text); this file reads the flags and wires the table to the
// connection core.

import type { Messages } from "../catalog/index.ts";
import type { Connection } from "../core/connection.ts";
import { intFlag, numberFlag } from "../core/flags.ts";
import { FAN_OUT_FLAGS, fanOutLimits } from "../core/flow.ts";
import type { Logger } from "../core/logger.ts";
import type { ModeDefinition, TeacherHooks } from "../core/mode.ts";
import { RATE_FLAGS, rateLimit } from "../core/rate-limit.ts";
import { scoreLines } from "../game/format.ts";
import { MAX_SEED, seededRandom, systemRandom } from "../game/random.ts";
import { GameTable } from "../game/table.ts";
import { usage } from "../usage.ts";

/** A guess or a command is a few dozen bytes; a longer line is garbage or a flood, so the core
 * answers "line too long" and skips it without ever holding more than this. */
export const GAME_MAX_LINE = 512;
/** Bounds for --min / --max: far beyond any class game, and small enough that every number in
 * the range can be drawn exactly (see randomInt). */
const MAX_BOUND = 1_000_000_000;
/** --pause cap: an hour. Longer is surely a typo (milliseconds?). */
const MAX_PAUSE_S = 3600;

export const game: ModeDefinition = {
  name: "game",
  examples: [
    "socklab-server game",
    "socklab-server game --min 1 --max 100 --pause 5 --lang fr",
    "socklab-server game --seed 42        # the same secrets every time (demos, tests)",
  ],
  flags: {
    min: { type: "string", valueName: "N", default: "0", description: "smallest secret" },
    max: { type: "string", valueName: "N", default: "1000", description: "largest secret" },
    pause: {
      type: "string",
      valueName: "S",
      default: "3",
      description: "seconds between a win and the next round (0 starts it at once)",
    },
    seed: {
      type: "string",
      valueName: "N",
      description: `makes the secrets reproducible (0-${MAX_SEED}; default: unpredictable)`,
    },
    // Commands and guesses are broadcast (renames, wins): the chat's flood control and flow
    // control, for the same reasons.
    ...RATE_FLAGS,
    ...FAN_OUT_FLAGS,
  },
  create(ctx) {
    const min = intFlag(ctx.flags, "min", -MAX_BOUND, MAX_BOUND);
    const max = intFlag(ctx.flags, "max", -MAX_BOUND, MAX_BOUND);
    if (min >= max) throw usage("minNotBelowMax", min, max);
    const table = new GameTable<Connection>({
      msg: ctx.msg,
      log: ctx.log,
      min,
      max,
      pauseMs: Math.round(numberFlag(ctx.flags, "pause", 0, MAX_PAUSE_S) * 1000),
      random:
        ctx.flags.seed === undefined
          ? systemRandom()
          : seededRandom(intFlag(ctx.flags, "seed", 0, MAX_SEED)),
      rate: rateLimit(ctx.flags),
      view: ctx.view,
      record: ctx.record,
    });
    return {
      teacher: gameTeacher(table, ctx.msg, ctx.log),
      maxLine: GAME_MAX_LINE,
      // A player who falls behind slows the others down; one that stopped reading is cut off
      // (core/flow.ts), so its queue never grows past --send-queue.
      fanOut: fanOutLimits(ctx.flags),
      open: (conn) => table.connect(conn),
      line: (conn, text) => table.line(conn, text),
      // A player's departure is logged with its name (by the table); a silent connection's by
      // the core.
      logsDeparture: (conn) => table.isPlayer(conn),
      close: (conn, reason) => table.disconnect(conn, reason),
      goodbye: (conn) => table.goodbye(conn),
      stop: () => table.stop(),
    };
  },
};

/** The game's console commands (../console/desk.ts): the table's teacher methods, answered in
 * the console's words. */
function gameTeacher(table: GameTable<Connection>, msg: Messages, log: Logger): TeacherHooks {
  return {
    nameOf: (conn) => table.nameOf(conn),
    say: (text) => table.teacherSay(text),
    kick: (conn, reason) => table.kick(conn, reason),
    help: msg.consoleHelpGame,
    command(name, rest) {
      const words = rest.split(/\s+/).filter((w) => w !== "");
      switch (name) {
        case "round": {
          if (words.length > 0) return [msg.consoleUsage("/round")];
          const ended = table.endRound();
          if (ended === undefined) return [];
          // Unwon: everyone learnt the number, and the next round started at once.
          const line = msg.consoleRoundEnded(ended.round, ended.secret);
          log.info(line);
          return [line];
        }
        case "range": {
          const [low, high] = words.map(Number);
          const whole = (n: number | undefined) =>
            n !== undefined && Number.isSafeInteger(n) && Math.abs(n) <= MAX_BOUND;
          if (
            words.length !== 2 ||
            !whole(low) ||
            !whole(high) ||
            (low as number) >= (high as number)
          )
            return [
              msg.consoleUsage(`/range MIN MAX (whole numbers, MIN < MAX, within ±${MAX_BOUND})`),
            ];
          table.setNextRange(low as number, high as number);
          return [msg.consoleRange(low as number, high as number)];
        }
        case "scores": {
          const scores = table.scores();
          if (scores.scores.length === 0) return [msg.consoleNoScores];
          return scoreLines(msg, scores);
        }
        default:
          return undefined;
      }
    },
  };
}
