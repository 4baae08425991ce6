// The echo, bytes and length screens: type a line (bytes: numbers), see the reply and the
// round-trip time. Replies are matched to requests in order, as TCP delivers them.

import { LineDecoder, sanitizeText } from "@socklab/protocol";
import { type Messages, messages } from "../catalog/index.ts";
import type { Link } from "../link.ts";
import { formatMs, Session, type SessionIO } from "./session.ts";

/** The mode's name (its prompt); bytes reads numbers, every other mode lines. */
export type RoundTripMode = string;

export interface RoundTripOptions extends SessionIO {
  link: Link;
  mode: RoundTripMode;
}

/** Requests waiting for their reply; a server that never answers cannot make this grow past
 * it: further lines are refused until replies catch up. */
const MAX_PENDING = 1000;

/** Parses "1 2 0x0a 255" (spaces or commas) into bytes, or says what is wrong. */
export function parseByteList(text: string, msg: Messages = messages("en")): Uint8Array | string {
  const words = text.split(/[\s,]+/).filter((w) => w !== "");
  if (words.length === 0) return msg.bytesTypeNumbers;
  const bytes = new Uint8Array(words.length);
  for (const [i, word] of words.entries()) {
    const value = /^0x[0-9a-f]{1,2}$/i.test(word) ? Number.parseInt(word, 16) : Number(word);
    if (!/^(\d+|0x[0-9a-f]+)$/i.test(word) || value > 255) {
      return msg.bytesNotAByte(word);
    }
    bytes[i] = value;
  }
  return bytes;
}

/**
 * Runs the screen until the person leaves (Ctrl-C, Ctrl-D) or the server closes.
 *
 * @example
 * await roundTrip({ link, mode: "echo", input: process.stdin, output: process.stdout, theme });
 */
export function roundTrip({
  link,
  mode,
  input,
  output,
  theme,
  msg,
}: RoundTripOptions): Promise<void> {
  /** Sent, waiting for a reply: when, and (bytes) how many bytes come back. */
  const pending: { sentAt: number; count: number }[] = [];
  let got: number[] = []; // bytes mode: reply bytes so far

  const session = new Session({
    link,
    input,
    output,
    theme,
    msg,
    prompt: theme.cyan(mode === "bytes" ? "bytes › " : `${mode} › `),
    onLine(text) {
      if (!link.isOpen) return;
      if (pending.length >= MAX_PENDING) {
        editor.print(theme.red(msg.roundTripWait));
        return;
      }
      if (mode === "bytes") {
        const bytes = parseByteList(text, msg);
        if (typeof bytes === "string") {
          editor.print(theme.red(bytes));
          editor.setText(text);
          return;
        }
        editor.print(`${theme.dim("→")} ${Array.from(bytes).join(" ")}`);
        pending.push({ sentAt: performance.now(), count: bytes.length });
        link.send(bytes);
        return;
      }
      editor.print(`${theme.dim("→")} ${text}`);
      pending.push({ sentAt: performance.now(), count: 1 });
      link.send(`${text}\n`);
    },
  });
  const { editor } = session;

  const reply = (text: string) => {
    const request = pending.shift();
    const time = request ? theme.dim(`  ${formatMs(performance.now() - request.sentAt, msg)}`) : "";
    editor.print(`${theme.green("←")} ${text}${time}`);
  };

  const showLine = (text: string) => {
    // Greetings come before any request: shown, not timed.
    if (pending.length === 0) editor.print(theme.dim(sanitizeText(text)));
    else reply(sanitizeText(text));
  };
  const lines = new LineDecoder({ line: showLine });

  const onBytes = (bytes: Uint8Array) => {
    for (const b of bytes) got.push(b);
    while (pending.length > 0 && got.length >= (pending[0]?.count ?? 0)) {
      const count = pending[0]?.count ?? 0;
      reply(got.slice(0, count).join(" "));
      got = got.slice(count);
    }
    if (pending.length === 0 && got.length > 0) {
      editor.print(`${theme.green("←")} ${got.join(" ")} ${theme.dim(msg.roundTripUnasked)}`);
      got = [];
    }
  };

  link.listen({
    data(bytes) {
      if (mode === "bytes") onBytes(bytes);
      else lines.push(bytes);
    },
    close(error) {
      // A last line without its newline is still a reply, shown before the news of the close.
      if (!session.closeExpected) {
        const rest = lines.end();
        if (rest !== undefined) showLine(rest);
      }
      session.lost(error);
    },
  });
  session.start(mode === "bytes" ? msg.bytesHint : msg.roundTripHint);
  return session.ended;
}
