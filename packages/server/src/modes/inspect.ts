// inspect (seed: the Python server that prints what it receives): shows each chunk on the
// server console as it arrives, in hex and printable form, and replies nothing. It makes the
// byte stream visible: two sends may arrive as one chunk, one send as two.

import { clock } from "../core/logger.ts";
import type { ModeDefinition } from "../core/mode.ts";
import { inspectDatagrams } from "../udp/inspect.ts";

/** Bytes per dump row, as in `hexdump -C`. */
const ROW = 16;

/**
 * `41 42 00 ff  AB..` rows: hex, then the printable ASCII with dots for the rest.
 *
 * @example
 * hexDump(new Uint8Array([0x41, 0x42, 0x00, 0xff])) // ["41 42 00 ff  AB.."]
 */
export function hexDump(bytes: Uint8Array): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bytes.length; at += ROW) {
    const row = bytes.subarray(at, at + ROW);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const text = Array.from(row, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".",
    ).join("");
    rows.push(`${hex.padEnd(ROW * 3 - 1)}  ${text}`);
  }
  return rows;
}

export const inspect: ModeDefinition = {
  name: "inspect",
  summary: "prints each received chunk as a hex + text dump; replies nothing",
  examples: ["socklab-server inspect", "printf 'AB\\0\\377' | nc 127.0.0.1 7011"],
  flags: {},
  // --udp: each datagram alone, with its source (see ../udp/inspect.ts).
  datagram: (ctx) => inspectDatagrams(ctx, hexDump),
  create: ({ log }) => ({
    data(conn, bytes) {
      const head = `client #${conn.id} ${clock()} ${bytes.length} ${bytes.length === 1 ? "byte" : "bytes"}`;
      log.always([head, ...hexDump(bytes).map((row) => `  ${row}`)].join("\n"));
    },
  }),
};
