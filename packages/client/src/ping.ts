// `socklab-client udp --count N --interval MS`: ping over UDP. Numbered datagrams go out at a
// steady pace; each reply is timed, each datagram unanswered within the timeout is counted
// lost, and the end prints loss and round-trip figures the way ping does.

import { formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import type { DatagramLink } from "./datagram.ts";
import { type UdpStats, UdpTracker } from "./udpTracker.ts";

export interface PingOptions {
  link: DatagramLink;
  count: number;
  intervalMs: number;
  /** A datagram unanswered this long is lost. */
  lossMs: number;
  output: { write(text: string): unknown };
  /** The clock (tests may pass their own); performance.now by default. */
  now?: () => number;
  /** The sentences (default English). */
  msg?: Messages;
}

/** Milliseconds with three decimals, as ping prints them. */
const ms3 = (ms: number) => ms.toFixed(3);

/** What ping's summary says about a run. */
export function pingSummary(
  where: string,
  stats: UdpStats,
  msg: Messages = messages("en"),
): string[] {
  const lostPercent = stats.sent === 0 ? 0 : Math.round((100 * stats.lost) / stats.sent);
  const lines = [msg.pingStatsTitle(where), msg.pingStats(stats.sent, stats.received, lostPercent)];
  if (stats.received > 0) {
    lines.push(
      `rtt min/avg/max/mdev = ${ms3(stats.minMs)}/${ms3(stats.avgMs)}/${ms3(stats.maxMs)}/${ms3(stats.mdevMs)} ms`,
    );
  }
  return lines;
}

/**
 * Runs the pings; resolves with the figures once every datagram was answered or lost.
 *
 * @example
 * const stats = await ping({ link, count: 4, intervalMs: 1000, lossMs: 1000, output: process.stdout });
 * process.exit(stats.received > 0 ? 0 : 1);
 */
export function ping({
  link,
  count,
  intervalMs,
  lossMs,
  output,
  now = () => performance.now(),
  msg = messages("en"),
}: PingOptions): Promise<UdpStats> {
  const where = formatAddress(link.address);
  const tracker = new UdpTracker(lossMs);
  const say = (line: string) => output.write(`${line}\n`);
  const { promise, resolve } = Promise.withResolvers<UdpStats>();
  let sent = 0;
  let pace: ReturnType<typeof setInterval> | undefined;
  let lossTimer: ReturnType<typeof setTimeout> | undefined;
  let toldUnreachable = false;
  let finished = false;

  const finish = () => {
    if (finished || sent < count || tracker.waiting > 0) return;
    finished = true;
    clearInterval(pace);
    clearTimeout(lossTimer);
    const stats = tracker.stats();
    for (const line of ["", ...pingSummary(where, stats, msg)]) say(line);
    resolve(stats);
  };

  /** Counts what timed out, then waits for the next deadline. */
  const checkLosses = () => {
    clearTimeout(lossTimer);
    lossTimer = undefined;
    for (const seq of tracker.expire(now())) {
      say(msg.pingLost(seq, lossMs));
    }
    const next = tracker.nextDeadline();
    if (next !== undefined) lossTimer = setTimeout(checkLosses, Math.max(0, next - now()));
    finish();
  };

  link.listen({
    data(bytes) {
      const arrival = tracker.receive(bytes, now());
      if (arrival.kind === "reply") {
        say(msg.pingReply(bytes.length, where, arrival.seq, ms3(arrival.rttMs)));
      } else if (arrival.kind === "late") {
        say(msg.pingLate(bytes.length, where, arrival.seq, ms3(arrival.rttMs)));
      } else {
        say(msg.pingStray(bytes.length, where));
      }
      finish();
    },
    unreachable() {
      if (toldUnreachable) return;
      toldUnreachable = true;
      say(msg.udpScreenUnreachable(where));
    },
  });

  const sendOne = () => {
    if (sent >= count) {
      clearInterval(pace);
      return;
    }
    // The sequence number in the payload makes every datagram different, so each reply is matched
    // to its own datagram even when replies come out of order.
    const payload = new TextEncoder().encode(`socklab ping ${sent + 1}`);
    if (tracker.send(payload, now()) === undefined) return; // MAX_PENDING waiting: skip a beat
    sent++;
    if (!link.send(payload)) say(msg.pingNotSent(sent));
    if (lossTimer === undefined) lossTimer = setTimeout(checkLosses, lossMs);
  };

  say(msg.pingStart(where, count, intervalMs, lossMs));
  sendOne();
  pace = setInterval(sendOne, intervalMs);
  return promise;
}
