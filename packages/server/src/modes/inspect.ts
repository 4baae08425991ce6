// inspect (seed: the Python server that prints what it receives): shows each chunk on the
// server console as it arrives, in hex and printable form, and replies nothing. It makes the
// byte stream visible: two sends may arrive as one chunk, one send as two.

import { clock } from "../core/logger.ts";
import type { ModeDefinition } from "../core/mode.ts";
import { inspectDatagrams } from "../udp/inspect.ts";

/** Bytes per dump row, as in `hexdump -C`. */
const ROW = 16;
/** A row's hex part: 16 × "hh" with single spaces between. */
const HEX_WIDTH = ROW * 3 - 1;
/** ASCII codes of "0123456789abcdef". */
const DIGITS = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const SPACE = 0x20;

/**
 * The dump of `bytes` as one text: each row `indent`, then hex, two spaces, printable ASCII with
 * dots for the rest; rows separated by "\n", none after the last. Built in a byte buffer: inspect
 * dumps everything it reads, and building strings per byte capped it at ~7 MB/s.
 *
 * @example
 * dumpText(new Uint8Array([0x41, 0x42, 0x00, 0xff]), "") // "41 42 00 ff" + 36 spaces + "  AB.."
 */
export function dumpText(bytes: Uint8Array, indent = ""): string {
  const rows = Math.ceil(bytes.length / ROW);
  if (rows === 0) return "";
  const rowWidth = indent.length + HEX_WIDTH + 2 + ROW + 1;
  const out = Buffer.allocUnsafe(rows * rowWidth);
  const prefix = Buffer.from(indent, "latin1");
  let at = 0;
  for (let start = 0; start < bytes.length; start += ROW) {
    const end = Math.min(start + ROW, bytes.length);
    at += prefix.copy(out, at);
    const hexStart = at;
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      out[at++] = DIGITS[b >> 4] as number;
      out[at++] = DIGITS[b & 15] as number;
      out[at++] = SPACE;
    }
    // The last row's hex is padded to the full width, then two spaces before the text.
    out.fill(SPACE, at, hexStart + HEX_WIDTH + 2);
    at = hexStart + HEX_WIDTH + 2;
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      out[at++] = b >= 0x20 && b < 0x7f ? b : 0x2e;
    }
    out[at++] = 0x0a;
  }
  // Bun's latin1Slice (not in @types/node) is twice as fast as toString("latin1", ...).
  return (out as Buffer & { latin1Slice(start: number, end: number): string }).latin1Slice(
    0,
    at - 1,
  );
}

/**
 * `41 42 00 ff  AB..` rows: hex, then the printable ASCII with dots for the rest.
 *
 * @example
 * hexDump(new Uint8Array([0x41, 0x42, 0x00, 0xff])) // ["41 42 00 ff  AB.."]
 */
export function hexDump(bytes: Uint8Array): string[] {
  return bytes.length === 0 ? [] : dumpText(bytes).split("\n");
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
      log.always(`${head}\n${dumpText(bytes, "  ")}`);
      // The dump is the mode's whole output: when the console falls behind (a slow terminal, a
      // pipe nobody reads), stop reading this client until it catches up. Its bytes wait in
      // the kernel and TCP slows the sender, instead of the dumps piling up in our memory
      // (the logger's LOG_HIGH_WATER; past LOG_MAX_QUEUED it would drop them).
      if (log.congested && !conn.isPaused) {
        conn.pause();
        log.whenWritten?.(() => {
          if (conn.isOpen) conn.resume();
        });
      }
    },
  }),
};
