// The raw screen, for talking to any server (a student's own): lines go out with a newline, and
// every chunk that comes back is shown as it arrived, unprintable bytes escaped (\r, \x00).

import { escapeBytes } from "@socklab/protocol";
import type { Link } from "../link.ts";
import { Session, type SessionIO } from "./session.ts";

export interface RawOptions extends SessionIO {
  link: Link;
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
export function raw({ link, input, output, theme, msg }: RawOptions): Promise<void> {
  const session = new Session({
    link,
    input,
    output,
    theme,
    msg,
    prompt: theme.cyan("raw › "),
    onLine(text) {
      if (!link.isOpen) return;
      const bytes = new TextEncoder().encode(`${text}\n`);
      editor.print(`${theme.dim(`→ ${bytes.length} B`)}  ${escapeBytes(bytes)}`);
      link.send(bytes);
    },
  });
  const { editor } = session;
  link.listen({
    data(bytes) {
      const shown = escapeBytes(bytes.subarray(0, MAX_SHOWN_BYTES));
      const pieces: string[] = [];
      for (let at = 0; at < shown.length; at += SHOWN_PER_LINE) {
        pieces.push(shown.slice(at, at + SHOWN_PER_LINE));
      }
      const plainLabel = `← ${bytes.length} B`;
      const label = theme.green(plainLabel);
      const more =
        bytes.length > MAX_SHOWN_BYTES
          ? [theme.dim(`   … ${bytes.length - MAX_SHOWN_BYTES} more bytes not shown`)]
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
  session.start(
    "Each line you type is sent with \\n; each chunk received is shown as it arrived. Ctrl-C leaves.",
  );
  return session.ended;
}
