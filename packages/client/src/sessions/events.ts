// Reading the structured mode: switch a chat or game connection to JSON events, then turn each
// line into an event. Before the first event, the server's first words are checked: its own
// greeting is fine, a refusal (server full) or another mode's words (a wrong port) are reported.

import {
  decodeEvent,
  LineDecoder,
  type ModeName,
  PROTO_JSON_COMMAND,
  type SocklabEvent,
  sanitizeText,
} from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import type { Link } from "../link.ts";
import { FIRST_WORDS_MS, looksLike } from "./looksLike.ts";

/** Why the server's first words are not this session's: a refusal to retry later, or a server
 * that is not the one we expected (what it said, and which mode it looks like). */
export type WrongServer =
  | { kind: "refused"; text: string }
  | { kind: "mode"; mode: ModeName; received: string }
  | { kind: "unknown"; received: string }
  | { kind: "silent"; seconds: number };

export interface EventHandlers<E extends SocklabEvent> {
  event(event: E): void;
  /** A line that is not an event, after the first event: from a server that does not speak JSON
   * (sanitised, never empty). Before the first event it is the text greeting sent before the
   * switch, already replaced by the events: not handed over. */
  text(line: string): void;
  close(error?: Error): void;
  /** The first words were not this mode's (at most once; nothing is handed over after it). */
  wrong(why: WrongServer): void;
}

/** Bytes of a first answer kept to say what it was: one line's worth for the person to read. */
const MAX_FIRST_BYTES = 512;
/** How much of what the server said a diagnosis quotes. */
const QUOTE_CHARS = 60;

/** What a server said, quoted for a person: cleaned, cut, or as hex when it is not text. */
function quote(text: string, bytes: Uint8Array): string {
  const clean = sanitizeText(text)
    .replace(/\uFFFD/g, "")
    .trim();
  if (clean.length >= 4)
    return clean.length > QUOTE_CHARS ? `${clean.slice(0, QUOTE_CHARS)}…` : clean;
  return [...bytes.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

/**
 * Listens on `link` for JSON events from a server of mode `expected`, and asks for them.
 *
 * @example
 * listenForEvents<ChatEvent>(link, "chat", { event: render, text: print, close: lost, wrong: show });
 */
export function listenForEvents<E extends SocklabEvent>(
  link: Link,
  expected: ModeName,
  handlers: EventHandlers<E>,
): void {
  const sent = `${PROTO_JSON_COMMAND}\n`;
  let sawEvent = false;
  let judged = false;
  /** A line of this mode's greeting came: the lines after it, before the events, are its own. */
  let greeted = false;
  let first = new Uint8Array(0);
  const judge = (why: WrongServer) => {
    if (judged || sawEvent) return;
    judged = true;
    clearTimeout(timer);
    handlers.wrong(why);
  };
  /** The verdict on what came (no whole line: at the deadline or the close). */
  const judgeBytes = () => {
    if (first.length === 0) return judge({ kind: "silent", seconds: FIRST_WORDS_MS / 1000 });
    const text = new TextDecoder().decode(first);
    const words = looksLike(text, sent);
    const received = quote(text, first);
    if (words.kind === "refused") judge(words);
    else if (words.kind === "mode" && words.mode !== expected) judge({ ...words, received });
    else judge({ kind: "unknown", received });
  };
  const timer = setTimeout(judgeBytes, FIRST_WORDS_MS);
  const lines = new LineDecoder({
    line(line) {
      if (judged) return;
      if (sawEvent) {
        const event = decodeEvent(line);
        if (event) handlers.event(event as E);
        else {
          const text = sanitizeText(line);
          if (text !== "") handlers.text(text);
        }
        return;
      }
      if (line.trim() === "") return;
      const words = looksLike(line, sent);
      if (words.kind === "refused") return judge(words);
      // Another mode's greeting, text or JSON (a game's welcome event is no chat event).
      if (words.kind === "mode" && words.mode !== expected) {
        return judge({ ...words, received: quote(line, first) });
      }
      const event = decodeEvent(line);
      if (event) {
        sawEvent = true;
        clearTimeout(timer);
        handlers.event(event as E);
      } else if (words.kind === "mode") {
        greeted = true; // this mode's text greeting, sent before it read our switch to JSON
      } else if (!greeted) {
        judge({ kind: "unknown", received: quote(line, first) });
      }
      // Else: the rest of the greeting (the game's rules line).
    },
  });
  link.listen({
    data(bytes) {
      if (!sawEvent && first.length < MAX_FIRST_BYTES) {
        const kept = new Uint8Array(Math.min(MAX_FIRST_BYTES, first.length + bytes.length));
        kept.set(first);
        kept.set(bytes.subarray(0, kept.length - first.length), first.length);
        first = kept;
      }
      lines.push(bytes);
    },
    close(error) {
      clearTimeout(timer);
      if (!sawEvent && !judged && first.length > 0) judgeBytes();
      handlers.close(error);
    },
  });
  link.send(sent);
}

/** The sentence for a {@link WrongServer}, `expected` being the mode this session speaks. */
export function describeWrong(why: WrongServer, expected: string, msg: Messages): string {
  switch (why.kind) {
    case "refused":
      return msg.clientRefused(why.text);
    case "mode":
      return msg.clientLooksLike(expected, why.received, why.mode);
    case "unknown":
      return msg.clientUnknownServer(expected, why.received);
    case "silent":
      return msg.clientSilent(expected, why.seconds);
  }
}

/** A server's multi-line answer (the game's /help) as the lines it is made of, each cleaned;
 * trailing blank lines dropped. Cleaning alone would glue them into one wrapped line.
 *
 * @example
 * cleanLines("Scores:\n  alice 3\n") // ["Scores:", "  alice 3"]
 */
export function cleanLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map(sanitizeText);
  while (lines.length > 0 && (lines.at(-1) as string).trim() === "") lines.pop();
  return lines;
}
