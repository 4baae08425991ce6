// `socklab-client udp --count N --interval MS`: ping over UDP. Numbered datagrams go out at a
// steady pace; each reply is timed, each datagram unanswered within the timeout is counted
// lost, and the end prints loss and round-trip figures the way ping does.

import { formatAddress } from "./address.ts";
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
}

/** Milliseconds with three decimals, as ping prints them. */
const ms3 = (ms: number) => ms.toFixed(3);

/** What ping's summary says about a run. */
export function pingSummary(where: string, stats: UdpStats): string[] {
  const lostPercent = stats.sent === 0 ? 0 : Math.round((100 * stats.lost) / stats.sent);
  const lines = [
    `--- ${where} UDP ping statistics ---`,
    `${stats.sent} datagrams sent, ${stats.received} received, ${lostPercent}% lost`,
  ];
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
    for (const line of ["", ...pingSummary(where, stats)]) say(line);
    resolve(stats);
  };

  /** Counts what timed out, then waits for the next deadline. */
  const checkLosses = () => {
    clearTimeout(lossTimer);
    lossTimer = undefined;
    for (const seq of tracker.expire(now())) {
      say(`no reply for seq=${seq} within ${lossMs} ms: lost (UDP does not retransmit)`);
    }
    const next = tracker.nextDeadline();
    if (next !== undefined) lossTimer = setTimeout(checkLosses, Math.max(0, next - now()));
    finish();
  };

  link.listen({
    data(bytes) {
      const arrival = tracker.receive(bytes, now());
      if (arrival.kind === "reply") {
        say(
          `${bytes.length} bytes from ${where}: seq=${arrival.seq} time=${ms3(arrival.rttMs)} ms`,
        );
      } else if (arrival.kind === "late") {
        say(
          `${bytes.length} bytes from ${where}: seq=${arrival.seq} time=${ms3(arrival.rttMs)} ms, too late (already counted lost)`,
        );
      } else {
        say(`${bytes.length} bytes from ${where}: not a reply to any of ours`);
      }
      finish();
    },
    unreachable() {
      if (toldUnreachable) return;
      toldUnreachable = true;
      say(
        `${where} answered "port unreachable": no UDP server listens there (started with --udp?)`,
      );
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
    if (!link.send(payload)) say(`seq=${sent}: not sent, the kernel's send buffer is full`);
    if (lossTimer === undefined) lossTimer = setTimeout(checkLosses, lossMs);
  };

  say(
    `UDP PING ${where}: ${count} ${count === 1 ? "datagram" : "datagrams"}, one every ${intervalMs} ms, lost after ${lossMs} ms without a reply`,
  );
  sendOne();
  pace = setInterval(sendOne, intervalMs);
  return promise;
}
