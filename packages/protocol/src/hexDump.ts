// Hex + text dumps of bytes, as `hexdump -C` shows them: the server's inspect console and the
// client's inspect screen print the same rows.

/** Bytes per dump row, as in `hexdump -C`. */
export const HEX_ROW = 16;

/** Rows one chunk's dump shows: 256 bytes, a screenful a teacher can project and read. Past it
 * the rest is counted ("… N more bytes"), so a 64 KiB read never scrolls the console away. */
export const MAX_DUMP_ROWS = 16;

/**
 * `41 42 00 ff  AB..` rows: hex, then the printable ASCII with dots for the rest.
 *
 * @example
 * hexDump(new Uint8Array([0x41, 0x42, 0x00, 0xff])) // ["41 42 00 ff  AB.."]
 */
export function hexDump(bytes: Uint8Array): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bytes.length; at += HEX_ROW) {
    const row = bytes.subarray(at, at + HEX_ROW);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const text = Array.from(row, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".",
    ).join("");
    rows.push(`${hex.padEnd(HEX_ROW * 3 - 1)}  ${text}`);
  }
  return rows;
}

/**
 * The dump of one chunk, at most MAX_DUMP_ROWS rows, and how many bytes it left out.
 *
 * @example
 * cappedDump(new Uint8Array(300)) // { rows: [16 rows], more: 44 }
 */
export function cappedDump(bytes: Uint8Array): { rows: string[]; more: number } {
  const shown = MAX_DUMP_ROWS * HEX_ROW;
  return { rows: hexDump(bytes.subarray(0, shown)), more: Math.max(0, bytes.length - shown) };
}
