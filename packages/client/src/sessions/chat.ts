// The chat screen: messages above, the input line below (never garbled), Up/Down history, Tab
// completing nicknames. Renders the server's JSON events, never its prose. A lost connection is
// shown, then retried with backoff, and we re-join under the same nickname. A session counts as
// back only once the server says we joined: a refusal (server full) is shown and waited out.

import type { ChatEvent } from "@socklab/protocol";
import { nameKey, sanitizeText } from "@socklab/protocol";
import { ConnectError } from "../errors.ts";
import type { Link } from "../link.ts";
import { cleanLines, describeWrong, listenForEvents } from "./events.ts";
import { Session, type SessionIO } from "./session.ts";

export interface ChatOptions extends SessionIO {
  link: Link;
  /** Opens a new connection to the same server (reconnecting). */
  connect(): Promise<Link>;
  nick: string;
  /** Reconnect after a lost connection (off with --no-reconnect). */
  reconnect: boolean;
}

/** How long someone has been quiet, as /who shows it: "45 s", "12 min", "2 h 05". */
export function idleTime(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  const minutes = Math.floor(seconds / 60) % 60;
  return `${Math.floor(seconds / 3600)} h ${String(minutes).padStart(2, "0")}`;
}

/** First wait before reconnecting: a server restarted by the teacher is back within a second. */
export const RECONNECT_FIRST_MS = 500;
/** Waits double after each failed attempt up to this, so a server that stays down costs one
 * attempt every 10 s, and one that comes back is found within 10 s. */
export const RECONNECT_MAX_MS = 10_000;

/** Commands Tab completes at the start of a line. */
const COMMANDS = ["/msg", "/me", "/nick", "/who", "/help", "/quit"];

/** The person asks to leave (`/quit`, `/quit lunch`, the seed's `exit`): the close that follows
 * is expected, so we do not reconnect. Everything else typed goes to the server as is, and what
 * it meant comes back as events: the client never guesses the server's grammar. */
export function isQuit(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.toLowerCase() === "exit" || /^\/quit(\s|$)/i.test(trimmed);
}

/**
 * Runs until the person leaves (Ctrl-C, /quit), or the connection is lost without reconnect.
 *
 * @example
 * await chat({ link, connect, nick: "alice", reconnect: true, input, output, theme });
 */
export function chat(options: ChatOptions): Promise<void> {
  const { input, output, theme, msg } = options;
  let nick = options.nick;
  let joined = false;
  /** The server refused our nickname: the next line typed is another one to try. */
  let nickRefused = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** Attempts since we were last in the room: the backoff grows with them, and only a join
   * (not a TCP connect) resets it. */
  let failures = 0;
  /** What the server said when it turned the current attempt away (server full…). */
  let refusal: string | undefined;
  /** The last failure printed, so a server that stays full is one line, not one per attempt. */
  let shownWhy: string | undefined;
  /** The replayed messages of this connection got their "earlier messages" line. */
  let historyMarked = false;
  /** Nicknames in the room, by compare form, for Tab. */
  const present = new Map<string, string>();

  // session.link is the current connection: unset while reconnecting.
  const session = new Session({
    link: options.link,
    input,
    output,
    theme,
    msg,
    // Said before leaving, so the room reads that we left, not that we were lost.
    goodbye: "/quit\n",
    onDone: () => clearTimeout(retry),
    prompt: theme.dim(msg.chatJoining),
    complete(word, atStart) {
      if (atStart && word.startsWith("/"))
        return COMMANDS.filter((c) => c.startsWith(word.toLowerCase()));
      const key = nameKey(word);
      return [...present.values()].filter((name) => nameKey(name).startsWith(key) && !isMe(name));
    },
    onLine(text) {
      const link = session.link;
      if (text.trim() === "") return;
      if (!link?.isOpen) {
        editor.print(theme.red(msg.chatNotConnected));
        editor.setText(text);
        return;
      }
      if (!joined) {
        if (!nickRefused) {
          editor.print(theme.dim(msg.chatNotJoined));
          editor.setText(text);
          return;
        }
        // Our nickname was refused: the line typed is the next one to try.
        nick = text.trim();
        nickRefused = false;
        link.send(`/nick ${nick}\n`);
        return;
      }
      if (isQuit(text)) {
        // `/quit lunch` keeps its reason: the room reads "quit: lunch".
        session.leave(/^\/quit\s+\S/i.test(text.trim()) ? `${text.trim()}\n` : undefined);
        return;
      }
      // Shown when the server sends it back (`self`): a line it refused is never shown as said.
      link.send(`${text}\n`);
    },
  });
  const { editor } = session;

  const print = (at: number, text: string) => editor.print(`${theme.time(at)} ${text}`);
  const system = (at: number, text: string) => print(at, theme.dim(`-- ${text}`));
  const isMe = (name: string) => nameKey(name) === nameKey(nick);
  const setPrompt = () =>
    editor.setPrompt(
      joined ? `${theme.bold(nick)} ${theme.cyan("›")} ` : theme.yellow(msg.chatNickPrompt),
    );

  const render = (event: ChatEvent) => {
    const at = event.at;
    switch (event.type) {
      case "message": {
        const from = sanitizeText(event.from);
        const text = sanitizeText(event.text);
        const mine = event.self || isMe(event.from);
        const who = mine ? `${theme.bold(from)} ${theme.dim(msg.chatYou)}` : theme.nick(from);
        // Our own live /me reads as typed, "* alice waves", without the "(you)".
        const line = event.action
          ? `* ${event.self ? theme.bold(from) : who} ${text}`
          : `${who}: ${text}`;
        if (event.history && !historyMarked) {
          historyMarked = true;
          system(at, msg.chatEarlier);
        }
        print(at, event.history ? theme.dim(`${line}`) : line);
        return;
      }
      case "private": {
        const mark = theme.magenta(theme.bold(msg.chatPrivate));
        const from = isMe(event.from) ? msg.chatYouWord : theme.nick(sanitizeText(event.from));
        const to = event.to
          .map((name) => (isMe(name) ? msg.chatYouWord : theme.nick(sanitizeText(name))))
          .join(", ");
        print(at, `${mark} ${from} → ${to}: ${sanitizeText(event.text)}`);
        return;
      }
      case "join":
        present.set(nameKey(event.nick), event.nick);
        if (event.self) {
          joined = true;
          failures = 0;
          // The server's own cap: a longer line is cut (and said) here, not dropped there.
          if (event.maxLine !== undefined) editor.setMaxBytes(event.maxLine);
          shownWhy = undefined;
          nick = event.nick;
          setPrompt();
          system(at, msg.chatYouJoined(sanitizeText(event.nick), event.online));
          session.link?.send("/who\n");
        } else {
          system(at, msg.chatOtherJoined(sanitizeText(event.nick), event.online));
        }
        return;
      case "leave":
        present.delete(nameKey(event.nick));
        system(
          at,
          msg.chatOtherLeft(sanitizeText(event.nick), sanitizeText(event.reason), event.online),
        );
        return;
      case "nick":
        present.delete(nameKey(event.from));
        present.set(nameKey(event.to), event.to);
        if (event.self) {
          nick = event.to;
          setPrompt();
          system(at, msg.chatYouAreNow(sanitizeText(event.to)));
        } else {
          system(at, msg.chatOtherIsNow(sanitizeText(event.from), sanitizeText(event.to)));
        }
        return;
      case "who":
        present.clear();
        for (const user of event.users) present.set(nameKey(user.nick), user.nick);
        system(
          at,
          msg.chatOnline(
            event.users.length,
            event.users
              .map((u) =>
                u.idle > 0 && !isMe(u.nick)
                  ? `${sanitizeText(u.nick)} ${theme.dim(msg.chatIdle(idleTime(u.idle)))}`
                  : sanitizeText(u.nick),
              )
              .join(", "),
          ),
        );
        return;
      case "system":
        // Before we joined it is the welcome asking for a nickname: we already sent ours.
        if (joined) for (const line of cleanLines(event.text)) system(at, line);
        return;
      case "error":
        for (const line of cleanLines(event.text)) print(at, theme.red(`! ${line}`));
        if (!joined && (event.code === "nick_taken" || event.code === "bad_nick")) {
          nickRefused = true;
          setPrompt();
          editor.print(theme.yellow(msg.chatAnotherNick));
        }
        return;
    }
  };

  const attach = (next: Link) => {
    session.link = next;
    joined = false;
    nickRefused = false;
    refusal = undefined;
    historyMarked = false;
    listenForEvents<ChatEvent>(next, "chat", {
      event: render,
      text: (line) => editor.print(theme.dim(line)),
      wrong(why) {
        if (why.kind === "refused") {
          // The close follows; it retries after the backoff, showing this once.
          refusal = why.text;
          return;
        }
        // Not a chat server at all: retrying would only ask it the same again.
        session.wrong(describeWrong(why, "chat", msg));
      },
      close(error) {
        if (session.link !== next) return;
        session.link = undefined;
        const wasIn = joined;
        joined = false;
        if (session.closeExpected) {
          session.done();
          return;
        }
        if (!options.reconnect) {
          // Without retries, the server's own refusal is the news; else what the link said.
          const news =
            refusal !== undefined
              ? msg.clientRefused(refusal)
              : error
                ? msg.clientLost(error.message)
                : msg.chatConnectionLostDot;
          editor.print(theme.yellow(news));
          session.done();
          return;
        }
        if (wasIn) {
          editor.print(
            theme.yellow(error ? msg.clientLost(error.message) : msg.chatConnectionLostDot),
          );
        }
        // Turned away or closed before the join: a failed attempt, the wait grows.
        if (!wasIn) failures++;
        if (refusal !== undefined) {
          // "Server full (2 clients): try again later." is "Server full" on the status line.
          const short = refusal.split(/ \(|[:.!]/)[0] ?? refusal;
          schedule(msg.clientRefused(refusal), short);
        } else {
          schedule(
            error ? msg.clientLost(error.message) : msg.clientServerClosed,
            msg.clientShortWhy.closed,
          );
        }
      },
    });
    next.send(`/nick ${nick}\n`);
  };

  /** One status line (the prompt) says how the retries go, rewritten at each attempt. */
  const schedule = (why: string, short: string) => {
    if (failures > 0 && why !== shownWhy) editor.print(theme.yellow(why));
    shownWhy = why;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** failures);
    const now = theme.time(Date.now());
    editor.setPrompt(
      failures === 0
        ? theme.dim(msg.chatRetrying(now, 1))
        : theme.yellow(msg.chatRetryStatus(now, failures, short, delay / 1000)),
    );
    retry = setTimeout(async () => {
      editor.setPrompt(theme.dim(msg.chatRetrying(theme.time(Date.now()), failures + 1)));
      try {
        const next = await options.connect();
        if (session.closeExpected) {
          next.destroy();
          return;
        }
        attach(next);
      } catch (error) {
        if (session.closeExpected) return;
        failures++;
        const problem = error instanceof ConnectError ? error.problem : "other";
        schedule((error as Error).message, msg.clientShortWhy[problem]);
      }
    }, delay);
  };

  session.start(msg.chatHint);
  attach(options.link);
  return session.ended;
}
