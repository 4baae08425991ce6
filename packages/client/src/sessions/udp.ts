// The udp screen: each line typed goes out as one datagram; each reply is shown with its size
// and round-trip time, and a datagram that never comes back is shown lost after the timeout
// (the lesson: UDP does not retransmit, nobody tells the sender).

import { escapeBytes } from "@socklab/protocol";
import { formatAddress } from "../address.ts";
import type { Messages } from "../catalog/index.ts";
import type { DatagramLink } from "../datagram.ts";
import { UdpTracker } from "../udpTracker.ts";
import { formatMs, Session, type SessionIO } from "./session.ts";

export interface UdpOptions extends SessionIO {
  link: DatagramLink;
  /** A datagram unanswered this long is shown lost. */
  lossMs: number;
}

/** Characters of a datagram shown (escaped); the rest is counted, not printed (65,507 bytes
 * would fill the screen). */
const SHOWN_CHARS = 200;

function preview(bytes: Uint8Array, msg: Messages): string {
  const text = escapeBytes(bytes.subarray(0, SHOWN_CHARS));
  return bytes.length > SHOWN_CHARS
    ? `${text}… ${msg.udpMoreBytes(bytes.length - SHOWN_CHARS)}`
    : text;
}

const size = (n: number) => `${n} B`;

/**
 * Runs the screen until the person leaves (Ctrl-C, Ctrl-D). UDP has no connection, so the
 * server can never end it.
 *
 * @example
 * await udp({ link, lossMs: 1000, input: process.stdin, output: process.stdout, theme });
 */
export function udp({ link, lossMs, input, output, theme, msg }: UdpOptions): Promise<void> {
  const tracker = new UdpTracker(lossMs);
  const where = formatAddress(link.address);
  let lossTimer: ReturnType<typeof setTimeout> | undefined;
  let toldUnreachable = false;

  const checkLosses = () => {
    clearTimeout(lossTimer);
    lossTimer = undefined;
    for (const seq of tracker.expire(performance.now())) {
      editor.print(theme.red(msg.udpScreenLost(seq, lossMs)));
    }
    const next = tracker.nextDeadline();
    if (next !== undefined) {
      lossTimer = setTimeout(checkLosses, Math.max(0, next - performance.now()));
    }
  };

  const session = new Session({
    link: undefined, // nothing to close politely: UDP has no connection
    input,
    output,
    theme,
    msg,
    prompt: theme.cyan("udp › "),
    onDone() {
      clearTimeout(lossTimer);
      link.close();
    },
    onLine(text) {
      const bytes = new TextEncoder().encode(text);
      const seq = tracker.send(bytes, performance.now());
      if (seq === undefined) {
        editor.print(theme.red(msg.udpScreenTooMany));
        return;
      }
      editor.print(`${theme.dim(`→ #${seq} ${size(bytes.length)}`)}  ${preview(bytes, msg)}`);
      if (!link.send(bytes)) editor.print(theme.yellow(msg.udpNotSent(seq)));
      if (lossTimer === undefined) lossTimer = setTimeout(checkLosses, lossMs);
    },
  });
  const { editor } = session;

  link.listen({
    data(bytes) {
      const arrival = tracker.receive(bytes, performance.now());
      const shown = preview(bytes, msg);
      if (arrival.kind === "reply") {
        editor.print(
          `${theme.green(`← #${arrival.seq} ${size(bytes.length)}`)}  ${shown}  ${theme.dim(formatMs(arrival.rttMs, msg))}`,
        );
      } else if (arrival.kind === "late") {
        editor.print(
          `${theme.yellow(`← #${arrival.seq} ${size(bytes.length)}`)}  ${shown}  ${theme.dim(msg.udpScreenLate(formatMs(arrival.rttMs, msg)))}`,
        );
      } else {
        editor.print(
          `${theme.green(`← ${size(bytes.length)}`)}  ${shown}  ${theme.dim(msg.udpScreenUnasked)}`,
        );
      }
    },
    unreachable() {
      if (toldUnreachable) return;
      toldUnreachable = true;
      editor.print(theme.yellow(msg.udpScreenUnreachable(where)));
    },
  });
  session.start(msg.udpScreenHint(where, lossMs));
  return session.ended;
}
