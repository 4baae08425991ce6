// A connection of a line mode (chat, game, length): a Connection whose text line ends become CRLF
// for a peer whose terminal wants them (telnet, PuTTY, Windows; `--eol`), and LF for the others.

import { Connection } from "./connection.ts";

/** How line ends go back to line-mode clients (`--eol`). `auto`: CRLF to a connection that
 * ended a line with CR (CRLF, telnet's CR NUL) or sent a telnet command, LF to the others. */
export type EolPolicy = "auto" | "crlf" | "lf";
export const EOL_POLICIES: readonly EolPolicy[] = ["auto", "crlf", "lf"];

/** The last bytes translated and their translation: a broadcast hands the same buffer to every
 * reader in turn (see Audience), so each CRLF reader after the first costs no copy. (Safe: what
 * modes send is never written again once sent, as the outbox already relies on.) */
let lastIn: Uint8Array | undefined;
let lastOut: Uint8Array = new Uint8Array(0);

/** Every LF not already after a CR becomes CRLF ("a\nb\r\n" → "a\r\nb\r\n"). */
export function toCRLF(data: string | Uint8Array): string | Uint8Array {
  if (typeof data === "string") return data.includes("\n") ? data.replace(/\r?\n/g, "\r\n") : data;
  if (data === lastIn) return lastOut;
  let bare = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0x0a && data[i - 1] !== 0x0d) bare++;
  if (bare === 0) return data;
  const out = new Uint8Array(data.length + bare);
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    if (b === 0x0a && data[i - 1] !== 0x0d) out[at++] = 0x0d;
    out[at++] = b;
  }
  lastIn = data;
  lastOut = out;
  return out;
}

/**
 * One field more than a Connection (`crlf`), so 10,000 idle LF clients cost what they did; the
 * translation runs only for the connections that need it.
 *
 * @example
 * conn.crlf = true;
 * conn.send("hello\n"); // "hello\r\n" on the wire
 */
export class LineConnection extends Connection {
  /** Text sent to this peer has CRLF line ends. */
  crlf = false;

  override send(data: string | Uint8Array): boolean {
    return super.send(this.crlf ? toCRLF(data) : data);
  }

  override sendReplay(data: string | Uint8Array): boolean {
    return super.sendReplay(this.crlf ? toCRLF(data) : data);
  }

  override sendNow(data: string | Uint8Array): boolean {
    return super.sendNow(this.crlf ? toCRLF(data) : data);
  }

  /** Sends bytes as they are, whatever `crlf` says: telnet replies (IAC WONT 10 holds a 0x0A
   * that is not a line end). */
  sendExact(data: Uint8Array): boolean {
    return super.send(data);
  }
}
