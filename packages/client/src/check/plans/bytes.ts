// The bytes checks (seed: the Java byte exchange): each byte b comes back as (b × factor) mod
// 256, one reply byte per byte, whether the bytes come one by one or many in one write.

import { fail, note, receivedOn, shown, untilQuiet } from "../evidence.ts";
import { type Check, pass } from "../types.ts";

export const bytesChecks: Check[] = [
  {
    name: "bytes.each-value",
    async run(ctx) {
      const { factor, timeoutMs } = ctx.options;
      const conn = await ctx.dialer.dial();
      // One byte, then its answer, 256 times: a server that needs several bytes before it
      // answers fails on the first one, with that byte as the evidence.
      for (let b = 0; b < 256; b++) {
        conn.send(new Uint8Array([b]));
        await conn.until(() => conn.received.length > b, timeoutMs);
        const got = conn.received;
        const want = (b * factor) & 0xff;
        if (got.length <= b || got[b] !== want || got.length > b + 1) {
          return fail(
            {
              sent: shown(new Uint8Array([b])),
              expected: shown(new Uint8Array([want])),
              received: receivedOn(conn, timeoutMs, b),
            },
            "factor",
          );
        }
      }
      return pass;
    },
  },
  {
    name: "bytes.one-write",
    async run(ctx) {
      const { factor, timeoutMs } = ctx.options;
      const conn = await ctx.dialer.dial();
      // All 256 values in one write, in an order where no byte follows its neighbour.
      const sent = new Uint8Array(256);
      for (let i = 0; i < 256; i++) sent[i] = (i * 37 + 11) & 0xff;
      const want = sent.map((b) => (b * factor) & 0xff);
      conn.send(sent);
      await untilQuiet(conn, () => conn.received.length >= want.length, timeoutMs);
      const got = conn.received;
      const same = got.length === want.length && got.every((b, i) => b === want[i]);
      if (same) return pass;
      return fail(
        {
          sent: shown(sent),
          expected: note({ key: "multiplied", args: [factor] }),
          received: receivedOn(conn, timeoutMs),
        },
        "factor",
      );
    },
  },
];
