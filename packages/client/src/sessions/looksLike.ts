// What a server's first words say about it: this session's mode, a refusal (server full), or
// another socklab mode (a wrong port). Socket-free, so unit tests drive it with plain strings.

import { LANGS, type ModeName } from "@socklab/protocol";
import { messages } from "../catalog/index.ts";

/** How long a session waits for its server's first words before saying what it got instead: a
 * socklab server greets within milliseconds on a LAN; 3 s is long past that, short enough that a
 * student on the wrong port is told before wondering. */
export const FIRST_WORDS_MS = 3000;

/** What a first line looks like. */
export type FirstWords =
  /** The server turned us away (full, too many from this machine, shutting down): retry later. */
  | { kind: "refused"; text: string }
  /** A socklab server of this mode (or an echo of our own line: `echo`). */
  | { kind: "mode"; mode: ModeName }
  /** Nothing we recognise (a student's own server, or binary bytes). */
  | { kind: "unknown" };

/** The fixed start of each sentence (before its first argument), in every language. */
function starts(pick: (lang: (typeof LANGS)[number]) => string): string[] {
  return LANGS.map(pick).map((text) => text.trim());
}

const REFUSALS = [
  ...starts((lang) => messages(lang).serverFull(0).split("(")[0] as string),
  ...starts((lang) => messages(lang).perAddressFull(0).split("(")[0] as string),
  ...starts((lang) => messages(lang).serverClosing),
];
const CHAT = [
  ...starts((lang) => messages(lang).chatWelcome.split("!")[0] as string),
  ...starts((lang) => messages(lang).chatWelcomeJson.split("!")[0] as string),
];
const GAME = [
  ...starts((lang) => messages(lang).gameWelcome("", 0).split("!")[0] as string),
  ...starts((lang) => messages(lang).gameRules(0, 0).split("0")[0] as string),
];
const LENGTH = starts((lang) => messages(lang).lengthWelcome(0).replace(/0$/, ""));

/** The text a JSON event carries, if the line is one (`{"type":"system","text":…}`). */
function eventText(line: string): { type?: unknown; text?: unknown } | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads one line a server sent first (`sent` is what we sent it, to recognise an echo).
 *
 * @example
 * looksLike("HTTP/1.1 400 Bad Request", "/proto json") // { kind: "mode", mode: "http" }
 * looksLike("-- Server full (2 clients): try again later.", "") // { kind: "refused", … }
 */
export function looksLike(line: string, sent: string): FirstWords {
  const text = line.replace(/^-- /, "").trim();
  if (REFUSALS.some((start) => text.startsWith(start))) return { kind: "refused", text };
  if (/^HTTP\/\d/.test(text)) {
    // An HTTP server that is full answers 503; any other status is its answer to our line.
    return /^HTTP\/\d(\.\d)? 503/.test(text)
      ? { kind: "refused", text: text.replace(/^HTTP\/\S+ /, "") }
      : { kind: "mode", mode: "http" };
  }
  const event = eventText(text);
  if (event?.type === "welcome") return { kind: "mode", mode: "game" };
  const said = typeof event?.text === "string" ? event.text : text;
  if (CHAT.some((start) => said.startsWith(start))) return { kind: "mode", mode: "chat" };
  if (GAME.some((start) => said.startsWith(start))) return { kind: "mode", mode: "game" };
  if (LENGTH.some((start) => said.startsWith(start))) return { kind: "mode", mode: "length" };
  if (sent.trim() !== "" && sent.split("\n").some((own) => own.trim() === text && text !== "")) {
    return { kind: "mode", mode: "echo" };
  }
  // The bytes server answers with bytes that are not text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what we look for
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(line)) return { kind: "mode", mode: "bytes" };
  return { kind: "unknown" };
}
