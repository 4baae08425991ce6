// The game screen: a guess prompt that takes integers only and shows the interval still
// possible; hints with colour and an arrow; wins (ours celebrated, others' announced), rounds,
// /scores. Renders the server's JSON events, never its prose.

import type { GameEvent } from "@socklab/protocol";
import { sanitizeText } from "@socklab/protocol";
import type { Link } from "../link.ts";
import { cleanLines, describeWrong, listenForEvents } from "./events.ts";
import { Session, type SessionIO } from "./session.ts";

export interface GameOptions extends SessionIO {
  link: Link;
  /** Player name to take (`/name`); the server's "player N" when unset. */
  name?: string;
}

/** Columns of `HH:MM:SS`, the indent of a multi-line answer's later lines. */
const TIME_WIDTH = 8;

/** Commands the prompt completes and passes through; everything else must be a number. */
const COMMANDS = ["/scores", "/name", "/help", "/quit"];

/** A typed character the guess prompt takes: digits, a leading minus, or anything after a
 * leading slash (a command). */
export function acceptGuessChar(char: string, text: string): boolean {
  if (text.startsWith("/")) return true;
  if (text === "" && (char === "/" || char === "-")) return true;
  return /^[0-9]$/.test(char);
}

/**
 * Runs until the person leaves (Ctrl-C, /quit) or the server closes.
 *
 * @example
 * await game({ link, name: "alice", input: process.stdin, output: process.stdout, theme });
 */
export function game({ link, name, input, output, theme, msg }: GameOptions): Promise<void> {
  let round = 0;
  let min = 0;
  let max = 0;
  /** What is still possible after the hints of this round. */
  let low = 0;
  let high = 0;
  /** Between a win and the next round: guesses are refused by the server anyway. */
  let paused = false;

  const session = new Session({
    link,
    input,
    output,
    theme,
    msg,
    // The game's own way out: the server says goodbye, then logs a quit, not a lost connection.
    goodbye: "/quit\n",
    prompt: theme.cyan(msg.gameScreenPromptGuess),
    accept: acceptGuessChar,
    complete: (word, atStart) =>
      atStart && word.startsWith("/")
        ? COMMANDS.filter((c) => c.startsWith(word.toLowerCase()))
        : [],
    onLine(text) {
      const line = text.trim();
      if (line === "") return;
      if (line.startsWith("/")) {
        if (line.toLowerCase() === "/quit") {
          session.leave();
          return;
        }
        link.send(`${line}\n`);
        return;
      }
      const guess = Number(line);
      if (!/^-?\d+$/.test(line) || guess < min || guess > max) {
        // The refused guess is cleared: the next one is typed from scratch.
        editor.print(theme.red(msg.clientGuessRange(min, max)));
        return;
      }
      link.send(`${guess}\n`);
    },
  });
  const { editor } = session;

  /** A server answer of several lines (/help): the time once, the lines under one another. */
  const block = (time: string, lines: string[], paint: (text: string) => string) =>
    lines.map((line, i) => `${i === 0 ? time : " ".repeat(TIME_WIDTH)} ${paint(line)}`).join("\n");

  const updatePrompt = () => {
    const where = paused
      ? theme.dim(msg.gameScreenWaiting)
      : `${theme.bold(String(low))}..${theme.bold(String(high))}`;
    editor.setPrompt(`${theme.cyan(msg.gameScreenRound(round))} ${where} ${theme.cyan("›")} `);
  };

  const newRound = (r: number, lo: number, hi: number) => {
    round = r;
    min = low = lo;
    max = high = hi;
    paused = false;
    updatePrompt();
  };

  const render = (event: GameEvent) => {
    const time = theme.time(event.at);
    switch (event.type) {
      case "welcome":
        newRound(event.round, event.min, event.max);
        // With a name of our own coming, "player #3" would be news for a millisecond only.
        editor.print(
          `${time} ${theme.bold(name === undefined ? msg.gameScreenWelcomeName(sanitizeText(event.name)) : msg.gameScreenWelcome)} ${msg.gameScreenRules(event.round, event.min, event.max)}`,
        );
        if (name !== undefined && name !== event.name) link.send(`/name ${name}\n`);
        return;
      case "hint": {
        const small = event.result === "small";
        if (small) low = Math.max(low, event.guess + 1);
        else high = Math.min(high, event.guess - 1);
        const hint = small
          ? theme.blue(msg.gameScreenTooSmall(event.guess))
          : theme.magenta(msg.gameScreenTooBig(event.guess));
        editor.print(`${time} ${hint} ${theme.dim(msg.gameScreenAttempt(event.attempts))}`);
        updatePrompt();
        return;
      }
      case "win":
        if (event.self) {
          editor.print(
            `${time} ${theme.green(theme.bold(msg.gameScreenYouWon(event.secret, event.attempts)))}`,
          );
        } else {
          editor.print(
            `${time} ${msg.gameScreenOtherWon(theme.nick(sanitizeText(event.winner)), event.secret, event.attempts, event.round)}`,
          );
        }
        paused = true;
        updatePrompt();
        return;
      case "pause":
        paused = true;
        editor.print(`${time} ${theme.dim(msg.gameScreenPause(event.round, event.seconds))}`);
        updatePrompt();
        return;
      case "round":
        newRound(event.round, event.min, event.max);
        editor.print(
          `${time} ${theme.yellow(theme.bold(msg.gameScreenRoundTitle(event.round)))}${msg.gameScreenNewNumber(event.min, event.max)}`,
        );
        return;
      case "scores": {
        const rows = event.scores.map(
          (s, i) =>
            `  ${String(i + 1).padStart(3)}. ${sanitizeText(s.name).padEnd(20)} ${msg.gameScreenScoreRow(s.wins, String(s.best ?? "-"))}`,
        );
        editor.print(
          [
            `${time} ${theme.bold(msg.gameScreenScores)}`,
            ...(rows.length > 0 ? rows : [`  ${msg.gameScreenNobodyWon}`]),
          ].join("\n"),
        );
        return;
      }
      case "join":
        if (!event.self)
          editor.print(
            `${time} ${theme.dim(msg.gameScreenJoined(sanitizeText(event.nick), event.online))}`,
          );
        return;
      case "leave":
        editor.print(
          `${time} ${theme.dim(msg.gameScreenLeft(sanitizeText(event.nick), event.online))}`,
        );
        return;
      case "nick":
        if (event.self) {
          editor.print(`${time} ${theme.dim(msg.gameScreenYouAreNow(sanitizeText(event.to)))}`);
        } else {
          editor.print(
            `${time} ${theme.dim(msg.gameScreenIsNow(sanitizeText(event.from), sanitizeText(event.to)))}`,
          );
        }
        return;
      case "system":
        editor.print(block(time, cleanLines(event.text), theme.dim));
        return;
      case "error":
        editor.print(block(time, cleanLines(event.text), theme.red));
        return;
    }
  };

  listenForEvents<GameEvent>(link, "game", {
    event: render,
    wrong: (why) => session.wrong(describeWrong(why, "game", msg)),
    text: (line) => editor.print(theme.dim(line)),
    close: session.lost,
  });
  session.start(msg.gameScreenHint);
  return session.ended;
}
