// bytes (seed: the Java byte exchange, where the server multiplies what it receives by 12):
// for each byte b, sends back (b × factor) mod 256.

import { intFlag } from "../core/flags.ts";
import type { ModeDefinition } from "../core/mode.ts";

export const bytes: ModeDefinition = {
  name: "bytes",
  summary: "answers each byte b with (b × 12) mod 256",
  examples: ["socklab-server bytes", "socklab-server bytes --factor 3"],
  flags: {
    factor: {
      type: "string",
      valueName: "N",
      default: "12",
      description: "multiplier applied to each byte (0-255)",
    },
  },
  create(ctx) {
    const factor = intFlag(ctx.flags, "factor", 0, 255);
    // One lookup table instead of a multiply and a mask per byte.
    const table = new Uint8Array(256);
    for (let b = 0; b < 256; b++) table[b] = (b * factor) & 0xff;
    return {
      data(conn, input) {
        const out = new Uint8Array(input.length);
        for (let i = 0; i < input.length; i++) out[i] = table[input[i] as number] as number;
        conn.send(out);
      },
      end(conn) {
        conn.end("client closed");
      },
    };
  },
};
