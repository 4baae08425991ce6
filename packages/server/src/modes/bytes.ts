// bytes (seed: the Java byte exchange, where the server multiplies what it receives by 12):
// for each byte b, sends back (b × factor) mod 256.

import { intFlag } from "../core/flags.ts";
import type { FlagValues, ModeDefinition } from "../core/mode.ts";

/** (b × factor) mod 256 for every byte value, from --factor: one lookup instead of a multiply
 * and a mask per byte. */
function factorTable(flags: FlagValues): Uint8Array {
  const factor = intFlag(flags, "factor", 0, 255);
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = (b * factor) & 0xff;
  return table;
}

export const bytes: ModeDefinition = {
  name: "bytes",
  examples: [
    "socklab-server bytes",
    "socklab-server bytes --factor 3",
    "socklab-server bytes --udp          (datagrams: each answered by one of the same size)",
  ],
  flags: {
    factor: {
      type: "string",
      valueName: "N",
      default: "12",
      description: "multiplier applied to each byte (0-255)",
    },
  },
  // --udp: each datagram answered by one of the same size, byte for byte.
  datagram(ctx) {
    const table = factorTable(ctx.flags);
    return {
      datagram(dgram) {
        const out = new Uint8Array(dgram.bytes.length);
        for (let i = 0; i < out.length; i++) out[i] = table[dgram.bytes[i] as number] as number;
        return out;
      },
    };
  },
  create(ctx) {
    const table = factorTable(ctx.flags);
    return {
      data(conn, input) {
        const out = new Uint8Array(input.length);
        for (let i = 0; i < input.length; i++) out[i] = table[input[i] as number] as number;
        conn.send(out);
      },
      end(conn) {
        conn.end({ kind: "closed" });
      },
    };
  },
};
