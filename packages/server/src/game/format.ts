// How game events read as text for plain clients (nc, telnet, students' programs): one sentence
// each, in the server's language; the teacher's lines start with `-- [teacher]`.

import type { GameEvent } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";

/** /scores as text lists this many players, then "… and N more": a class fits, 200 bots do not
 * flood a terminal. JSON readers (and the teacher's console) get every player. */
export const SCORES_SHOWN = 20;

type Scores = Extract<GameEvent, { type: "scores" }>;

/**
 * The scores' title and one line per player, at most `shown` of them (then how many more).
 *
 * @example
 * scoreLines(msg, { type: "scores", at, round: 2, scores: [{ name: "ana", wins: 1, best: 4 }] })
 * // ["Scores (round 2):", "1. ana: 1 win, best 4 attempts"]
 */
export function scoreLines(
  msg: Messages,
  event: Scores,
  shown = Number.POSITIVE_INFINITY,
): string[] {
  const { scores } = event;
  const lines = [msg.gameScoresTitle(event.round)];
  scores.forEach((p, i) => {
    if (i < shown) lines.push(msg.gameScoreLine(i + 1, p.name, p.wins, p.best ?? undefined));
  });
  if (scores.length > shown) lines.push(msg.gameScoresMore(scores.length - shown));
  return lines;
}

/**
 * A game event as a plain client reads it, without the final "\n" (the welcome and the scores
 * are several lines). The JSON form is `encodeEvent(event)`.
 *
 * @example
 * renderGame({ type: "hint", at, guess: 10, result: "small", attempts: 1 }, msg)
 * // "Your number is too small (10, attempt 1)."
 */
export function renderGame(event: GameEvent, msg: Messages): string {
  switch (event.type) {
    case "welcome":
      return `${msg.gameWelcome(event.name, event.round)}\n${msg.gameRules(event.min, event.max)}`;
    case "hint":
      return event.result === "small"
        ? msg.gameTooSmall(event.guess, event.attempts)
        : msg.gameTooBig(event.guess, event.attempts);
    case "win":
      return event.self
        ? msg.gameYouWon(event.round, event.attempts, event.secret)
        : msg.gameWon(event.winner, event.round, event.attempts, event.secret);
    case "round":
      return msg.gameRoundStarts(event.round, event.min, event.max);
    case "pause":
      return msg.gameNextRound(event.round, event.seconds);
    case "scores":
      return scoreLines(msg, event, SCORES_SHOWN).join("\n");
    case "join":
      return msg.gameJoined(event.nick, event.online);
    case "leave":
      return msg.gameLeft(event.nick, event.online);
    case "nick":
      return event.self ? msg.gameNameSet(event.to) : msg.gameRenamed(event.from, event.to);
    case "system":
      return event.from === "teacher" ? `-- [${msg.teacherName}] ${event.text}` : event.text;
    case "error":
      return event.text;
  }
}
