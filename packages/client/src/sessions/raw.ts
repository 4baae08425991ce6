// The raw screen, for talking to any server (a student's own): lines go out with a newline (or
// CRLF, --crlf; none after \c; \x00 escapes for any byte), and every chunk that comes back is
// shown as it arrived: valid UTF-8 as text, the rest escaped (\r, \x00).

import type { Link } from "../link.ts";
import { lineBytes, showBytes } from "../rawText.ts";
import { Session, type SessionIO } from "./session.ts";

export interface RawOptions extends SessionIO {
  link: Link;
  /** End lines with CRLF (telnet-style and HTTP servers), not LF. */
  crlf?: boolean;
}

/** A chunk is shown on lines of at most this many escaped characters, so a 64 KiB chunk does not
 * become one line the terminal wraps a thousand times without telling where it starts. */
const SHOWN_PER_LINE = 100;

/** Most bytes shown per chunk; the rest is counted, not printed (a server sending megabytes). */
const MAX_SHOWN_BYTES = 4096;

/**
 * Runs until the person leaves or the server closes.
 *
 * @example
 * await raw({ link, input: process.stdin, output: process.stdout, theme });
 */
export function raw({ link, input, output, theme, msg, crlf }: RawOptions): Promise<void> {
  const session = new Session({
    link,
    input,
    output,
    theme,
    msg,
    prompt: theme.cyan("raw › "),
    onLine(text) {
      if (!link.isOpen) return;
      const bytes = lineBytes(text, crlf);
      editor.print(`${theme.dim(`→ ${bytes.length} B`)}  ${showBytes(bytes)}`);
      link.send(bytes);
    },
  });
  const { editor } = session;
  link.listen({
    data(bytes) {
      const shown = showBytes(bytes.subarray(0, MAX_SHOWN_BYTES));
      // Cut by code points: a line never ends in half an emoji.
      const chars = Array.from(shown);
      const pieces: string[] = [];
      for (let at = 0; at < chars.length; at += SHOWN_PER_LINE) {
        pieces.push(chars.slice(at, at + SHOWN_PER_LINE).join(""));
      }
      const plainLabel = `← ${bytes.length} B`;
      const label = theme.green(plainLabel);
      const more =
        bytes.length > MAX_SHOWN_BYTES
          ? [theme.dim(`   ${msg.rawMoreNotShown(bytes.length - MAX_SHOWN_BYTES)}`)]
          : [];
      editor.print(
        [
          `${label}  ${pieces[0] ?? ""}`,
          ...pieces.slice(1).map((p) => `${" ".repeat(plainLabel.length)}  ${p}`),
          ...more,
        ].join("\n"),
      );
    },
    close: session.lost,
  });
  session.start(msg.rawHint(crlf ? "\\r\\n" : "\\n"));
  return session.ended;
}
