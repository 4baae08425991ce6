// The game checks (seed: the guess-the-number server): a welcome, answers a binary search can
// follow (words documented in the README), a win within ⌈log₂(range)⌉ + 2 guesses, the other
// player told who won, and a non-number that breaks nothing.

import type { Conn } from "../conn.ts";
import { fail, linesOn, note, shown } from "../evidence.ts";
import { type Check, type CheckContext, pass, type Verdict } from "../types.ts";

/** A game between two rounds answers a guess with neither word ("next round in 3 s"): the
 * checker then waits this long for its next line (the new round) and guesses again, once. */
const ROUND_WAIT_MS = 10_000;
/** After the welcome's first line, more lines of it arriving within this are part of it. */
const WELCOME_QUIET_MS = 200;

export type Answer = "small" | "big" | "win";

const WIN =
  /\b(won|win|wins|winner|gagn\w*|bravo|trouv\w*|found|correct|félicitations|congrat\w*)\b/i;
/** "plus grand": the number is bigger, so the guess was too small (and "plus petit" the other
 * way): these two-word forms are read before the single words, which would disagree. */
const PHRASE_SMALL = /\bplus (grand|haut)\b/i;
const PHRASE_BIG = /\bplus (petit|bas)\b/i;
const SMALL = /\b(small|smaller|petit|plus|higher|low)\b/i;
const BIG = /\b(big|bigger|grand|moins|lower|high)\b/i;

/**
 * What a game's reply to a guess says, or undefined when it says none of it.
 *
 * @example
 * classify("Your number is too small (50, attempt 1).") // "small"
 * classify("C'est plus grand !")                          // "small"
 * classify("Gagné en 7 coups")                            // "win"
 */
export function classify(line: string): Answer | undefined {
  if (WIN.test(line)) return "win";
  if (PHRASE_SMALL.test(line)) return "small";
  if (PHRASE_BIG.test(line)) return "big";
  const small = SMALL.test(line);
  const big = BIG.test(line);
  if (small && !big) return "small";
  if (big && !small) return "big";
  return undefined;
}

/**
 * The range a welcome announces: the first "A and B", "A et B", "A to B", "A-B" with A < B.
 *
 * @example
 * rangeOf("I picked a whole number between 0 and 1000") // { min: 0, max: 1000 }
 * rangeOf("Devinez un nombre entre 1 et 100")            // { min: 1, max: 100 }
 */
export function rangeOf(text: string): { min: number; max: number } | undefined {
  const pattern = /(-?\d+)\s*(?:and|et|to|à|-|–|\.\.|,)\s*(-?\d+)/gi;
  for (const match of text.matchAll(pattern)) {
    const min = Number(match[1]);
    const max = Number(match[2]);
    if (min < max) return { min, max };
  }
  return undefined;
}

/** The most guesses a binary search needs over [min, max], plus the two the issue allows. */
export function guessBudget(min: number, max: number): number {
  return Math.ceil(Math.log2(max - min + 1)) + 2;
}

/** Connects and reads the welcome: its first line (up to the timeout), then what follows it. */
async function welcomed(ctx: CheckContext): Promise<Conn> {
  const conn = await ctx.dialer.dial();
  if (!(await conn.until(() => conn.lines.length > 0, ctx.options.timeoutMs))) return conn;
  for (;;) {
    const count = conn.lines.length;
    if (!(await conn.until(() => conn.lines.length > count, WELCOME_QUIET_MS))) return conn;
  }
}

/** Sends a guess; resolves to the first reply line that says something, or undefined. */
async function guess(
  conn: Conn,
  n: number,
  ms: number,
): Promise<{ answer?: Answer; line?: string }> {
  const from = conn.lines.length;
  conn.send(`${n}\n`);
  let found: { answer?: Answer; line?: string } = {};
  await conn.until(() => {
    for (const line of conn.lines.slice(from)) {
      const answer = classify(line);
      if (answer) {
        found = { answer, line };
        return true;
      }
    }
    return false;
  }, ms);
  return found;
}

function rangeFor(ctx: CheckContext, conn: Conn): { min: number; max: number } | undefined {
  const { min, max } = ctx.options;
  if (min !== undefined && max !== undefined) return { min, max };
  return rangeOf(conn.lines.join(" "));
}

interface Played {
  verdict: Verdict;
  /** The watcher's lines once the player won, and whether one of them told the win. */
  told?: Verdict;
}

/** One round played by a binary search while a second player watches. */
async function playWatched(ctx: CheckContext): Promise<Played> {
  const ms = ctx.options.timeoutMs;
  const watcher = await welcomed(ctx);
  const player = await welcomed(ctx);
  const range = rangeFor(ctx, player);
  if (range === undefined) {
    return {
      verdict: fail(
        {
          sent: note({ key: "anotherClient", args: [] }),
          expected: note({ key: "rangeNotFound", args: [] }),
          received: linesOn(player, ms),
        },
        "gameRange",
      ),
    };
  }
  const budget = guessBudget(range.min, range.max);
  let { min: lo, max: hi } = range;
  const tried: number[] = [];
  const from = player.lines.length;
  let retried = false;
  while (tried.length < budget && lo <= hi) {
    const n = Math.floor((lo + hi) / 2);
    tried.push(n);
    // The watcher may hear of the win before the player does: look from before the guess.
    let watched = watcher.lines.length;
    let { answer } = await guess(player, n, ms);
    if (answer === undefined && player.lines.length > from && !retried) {
      retried = true;
      const count = player.lines.length;
      if (await player.until(() => player.lines.length > count, ROUND_WAIT_MS)) {
        watched = watcher.lines.length;
        ({ answer } = await guess(player, n, ms));
      }
    }
    if (answer === undefined) break;
    if (answer === "small") lo = n + 1;
    else if (answer === "big") hi = n - 1;
    else {
      const toldLine = await winLine(watcher, watched, ms);
      const told: Verdict =
        toldLine !== undefined
          ? pass
          : fail(
              {
                sent: note({ key: "guesses", args: [tried.join(", ")] }),
                expected: note({ key: "winTold", args: [] }),
                received: linesOn(watcher, ms, watched),
              },
              "gameBroadcastWin",
            );
      return { verdict: pass, told };
    }
  }
  return {
    verdict: fail(
      {
        sent: note({ key: "guesses", args: [tried.join(", ")] }),
        expected: note({ key: "winWithin", args: [budget, range.min, range.max] }),
        received: linesOn(player, ms, from),
      },
      tried.length < budget && lo <= hi ? "gameWords" : "gameWin",
    ),
  };
}

/** The first line from `from` on that tells of a win, or undefined after `ms`. */
async function winLine(conn: Conn, from: number, ms: number): Promise<string | undefined> {
  let found: string | undefined;
  await conn.until(() => {
    found = conn.lines.slice(from).find((line) => WIN.test(line));
    return found !== undefined;
  }, ms);
  return found;
}

/** A fresh plan: `win` and `others-told` share one watched round (a second round could wait
 * for the server's pause between rounds). */
export function gameChecks(): Check[] {
  let round: Promise<Played> | undefined;
  const played = (ctx: CheckContext) => {
    round ??= playWatched(ctx);
    return round;
  };
  return [
    {
      name: "game.welcome",
      async run(ctx) {
        const conn = await welcomed(ctx);
        if (conn.lines.length > 0) return pass;
        return fail({
          sent: note({ key: "anotherClient", args: [] }),
          expected: note({ key: "anyLine", args: [] }),
          received: linesOn(conn, ctx.options.timeoutMs),
        });
      },
    },
    {
      name: "game.answers",
      async run(ctx) {
        const ms = ctx.options.timeoutMs;
        const conn = await welcomed(ctx);
        const range = rangeFor(ctx, conn) ?? { min: 0, max: 100 };
        const n = Math.floor((range.min + range.max) / 2);
        const from = conn.lines.length;
        const { answer } = await guess(conn, n, ms);
        if (answer !== undefined) return pass;
        return fail(
          {
            sent: shown(`${n}\n`),
            expected: note({ key: "tooSmallOrBig", args: [] }),
            received: linesOn(conn, ms, from),
          },
          "gameWords",
        );
      },
    },
    {
      name: "game.not-a-number",
      async run(ctx) {
        const ms = ctx.options.timeoutMs;
        const conn = await welcomed(ctx);
        const from = conn.lines.length;
        conn.send("banana\n");
        const replied = await conn.until(() => conn.lines.length > from, ms);
        const range = rangeFor(ctx, conn) ?? { min: 0, max: 100 };
        const after = replied && conn.ending === "open" ? await guess(conn, range.min, ms) : {};
        let fresh = true;
        try {
          (await ctx.dialer.dial()).close();
        } catch {
          fresh = false;
        }
        if (replied && after.answer !== undefined && fresh) return pass;
        return fail(
          {
            sent: shown("banana\n"),
            expected: note({ key: "answerAndAlive", args: [] }),
            received: linesOn(conn, ms, from),
          },
          fresh ? "gameNotANumber" : "resetSurvive",
        );
      },
    },
    { name: "game.win", run: async (ctx) => (await played(ctx)).verdict },
    {
      name: "game.others-told",
      async run(ctx) {
        const { verdict, told } = await played(ctx);
        // Without a win there is nothing to tell: this check fails with the win's evidence.
        return told ?? verdict;
      },
    },
  ];
}
