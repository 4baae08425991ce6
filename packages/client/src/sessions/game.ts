// The game screen: a guess prompt that takes integers only and shows the interval still
// possible; hints with colour and an arrow; wins (ours celebrated, others' announced), rounds,
// /scores. Renders the server's JSON events, never its prose.

import type { GameEvent } from "@socklab/protocol";
import type { Link } from "../link.ts";
import { clean, cleanLines, describeWrong, listenForEvents } from "./events.ts";
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
    prompt: theme.cyan("guess › "),
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
      ? theme.dim("waiting for the next round")
      : `${theme.bold(String(low))}..${theme.bold(String(high))}`;
    editor.setPrompt(`${theme.cyan(`round ${round}`)} ${where} ${theme.cyan("›")} `);
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
          `${time} ${theme.bold(name === undefined ? `Welcome, ${clean(event.name)}!` : "Welcome!")} Round ${event.round}: guess a whole number from ${event.min} to ${event.max}.`,
        );
        if (name !== undefined && name !== event.name) link.send(`/name ${name}\n`);
        return;
      case "hint": {
        const small = event.result === "small";
        if (small) low = Math.max(low, event.guess + 1);
        else high = Math.min(high, event.guess - 1);
        const hint = small
          ? theme.blue(`${event.guess}  ↑ too small: it is higher`)
          : theme.magenta(`${event.guess}  ↓ too big: it is lower`);
        editor.print(`${time} ${hint} ${theme.dim(`(attempt ${event.attempts})`)}`);
        updatePrompt();
        return;
      }
      case "win":
        if (event.self) {
          editor.print(
            `${time} ${theme.green(theme.bold(`★ You found it! The number was ${event.secret}, in ${event.attempts} attempt${event.attempts === 1 ? "" : "s"}. ★`))}`,
          );
        } else {
          editor.print(
            `${time} ${theme.nick(clean(event.winner))} found ${event.secret} in ${event.attempts} attempts (round ${event.round}).`,
          );
        }
        paused = true;
        updatePrompt();
        return;
      case "pause":
        paused = true;
        editor.print(`${time} ${theme.dim(`Round ${event.round} starts in ${event.seconds} s.`)}`);
        updatePrompt();
        return;
      case "round":
        newRound(event.round, event.min, event.max);
        editor.print(
          `${time} ${theme.yellow(theme.bold(`Round ${event.round}`))}: a new number from ${event.min} to ${event.max}. Go!`,
        );
        return;
      case "scores": {
        const rows = event.scores.map(
          (s, i) =>
            `  ${String(i + 1).padStart(3)}. ${clean(s.name).padEnd(20)} ${String(s.wins).padStart(4)} win${s.wins === 1 ? " " : "s"}  best ${s.best ?? "-"}`,
        );
        editor.print(
          [
            `${time} ${theme.bold("Scores")}`,
            ...(rows.length > 0 ? rows : ["  nobody has won yet"]),
          ].join("\n"),
        );
        return;
      }
      case "join":
        if (!event.self)
          editor.print(
            `${time} ${theme.dim(`${clean(event.nick)} joined (${event.online} playing)`)}`,
          );
        return;
      case "leave":
        editor.print(`${time} ${theme.dim(`${clean(event.nick)} left (${event.online} playing)`)}`);
        return;
      case "nick":
        if (event.self) {
          editor.print(`${time} ${theme.dim(`You are now ${clean(event.to)}.`)}`);
        } else {
          editor.print(`${time} ${theme.dim(`${clean(event.from)} is now ${clean(event.to)}`)}`);
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
  session.start("Type a number and press Enter. /scores shows the scores; Ctrl-C leaves.");
  return session.ended;
}
