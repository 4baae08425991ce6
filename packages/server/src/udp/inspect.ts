// inspect's UDP side: each datagram printed alone, with its source, size and the hex + text
// dump, and the reminder that UDP keeps boundaries (the TCP side prints chunks of a stream).

import type { Messages } from "../catalog/index.ts";
import { clock } from "../core/logger.ts";
import type { Datagram, DatagramContext, DatagramHandler } from "../core/mode.ts";

/** The console text for one datagram: a head line, then the dump rows indented (an empty
 * datagram says so instead of printing nothing). */
export function datagramText(
  msg: Messages,
  dgram: Datagram,
  time: string,
  dump: (bytes: Uint8Array) => string[],
): string {
  const head = msg.udpInspectHead(dgram.peer, time, dgram.bytes.length, dgram.fromSender);
  const rows = dgram.bytes.length === 0 ? [msg.udpInspectEmpty] : dump(dgram.bytes);
  const cut = dgram.truncated ? [msg.udpTruncated(dgram.peer, dgram.bytes.length)] : [];
  return [head, ...rows.map((row) => `  ${row}`), ...cut].join("\n");
}

/**
 * Prints each datagram; replies nothing. `dump` is inspect's hex dump, shared with the TCP side.
 *
 * @example
 * datagram: (ctx) => inspectDatagrams(ctx, hexDump)
 */
export function inspectDatagrams(
  { msg, log }: DatagramContext,
  dump: (bytes: Uint8Array) => string[],
): DatagramHandler {
  return {
    datagram(dgram) {
      log.always(datagramText(msg, dgram, clock(), dump));
      return undefined;
    },
  };
}
