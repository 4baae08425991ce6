// The inspect screen, the server console's inspect on the client side: lines typed go out as on
// the raw screen (\x00 escapes, \c, --crlf), and each chunk received is shown as a hex + text
// dump, so a student sees the exact bytes, and where one read ended, of any server's answers.

import { cappedDump } from "@socklab/protocol";
import type { Link } from "../link.ts";
import { lineBytes, showBytes } from "../rawText.ts";
import { Session, type SessionIO } from "./session.ts";

export interface InspectOptions extends SessionIO {
  link: Link;
  /** End lines with CRLF, not LF. */
  crlf?: boolean;
}

/**
 * Runs until the person leaves or the server closes.
 *
 * @example
 * await inspect({ link, input: process.stdin, output: process.stdout, theme, msg });
 */
export function inspect({ link, input, output, theme, msg, crlf }: InspectOptions): Promise<void> {
  let chunks = 0;
  const session = new Session({
    link,
    input,
    output,
    theme,
    msg,
    prompt: theme.cyan("inspect › "),
    onLine(text) {
      if (!link.isOpen) return;
      const bytes = lineBytes(text, crlf);
      editor.print(theme.dim(`→ ${msg.inspectSent(bytes.length)}  ${showBytes(bytes)}`));
      link.send(bytes);
    },
  });
  const { editor } = session;
  link.listen({
    data(bytes) {
      chunks++;
      const { rows, more } = cappedDump(bytes);
      const lines = [
        `${theme.time(Date.now())} ${theme.green(`← ${msg.inspectChunk(chunks, bytes.length)}`)}`,
        ...rows.map((row) => `  ${row}`),
      ];
      if (more > 0) lines.push(theme.dim(`  ${msg.inspectMore(more)}`));
      editor.print(lines.join("\n"));
    },
    close: session.lost,
  });
  session.start(msg.inspectHint(crlf ? "\\r\\n" : "\\n"));
  return session.ended;
}
