// bytes mode end to end: each byte b comes back as (b × factor) mod 256, for all 256 values.

import { describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { UsageError } from "../packages/server/src/core/errors.ts";
import { startServer } from "../packages/server/src/core/server.ts";
import { spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

const ALL = Uint8Array.from({ length: 256 }, (_, i) => i);

async function exchange(port: number, input: Uint8Array): Promise<number[]> {
  const peer = await connectPeer(port);
  peer.send(input);
  const got = await peer.bytes(input.length);
  peer.close();
  return [...got];
}

describe("bytes", () => {
  test("the default factor 12 over all 256 values, written out for a few", async () => {
    const server = await startServer({
      mode: modes.bytes,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
    });
    try {
      const got = await exchange(server.port, ALL);
      expect(got).toEqual([...ALL].map((b) => (b * 12) % 256));
      // The seed's own examples: 1 → 12, 10 → 120, 22 → 264 mod 256 = 8, 255 → 3060 mod 256 = 244.
      expect([got[1], got[10], got[22], got[255]]).toEqual([12, 120, 8, 244]);
    } finally {
      await server.stop();
    }
  });

  for (const factor of [0, 1, 3, 255]) {
    test(`factor ${factor}`, async () => {
      const server = await startServer({
        mode: modes.bytes,
        port: 0,
        host: "127.0.0.1",
        quiet: true,
        flags: { factor },
      });
      try {
        expect(await exchange(server.port, ALL)).toEqual([...ALL].map((b) => (b * factor) % 256));
      } finally {
        await server.stop();
      }
    });
  }

  test("a large input in any chunking: every byte answered, in order", async () => {
    const server = await startServer({
      mode: modes.bytes,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
    });
    try {
      const input = new Uint8Array(1 << 20).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
      const got = await exchange(server.port, input);
      expect(got.length).toBe(input.length);
      let wrong = 0;
      for (let i = 0; i < input.length; i++)
        if (got[i] !== ((input[i] as number) * 12) % 256) wrong++;
      expect(wrong).toBe(0);
    } finally {
      await server.stop();
    }
  });

  test("a bad factor is a usage error", async () => {
    await expect(
      startServer({ mode: modes.bytes, port: 0, quiet: true, flags: { factor: 256 } }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      startServer({ mode: modes.bytes, port: 0, quiet: true, flags: { factor: "x" } }),
    ).rejects.toBeInstanceOf(UsageError);
  });

  test("--factor on the command line", async () => {
    const srv = await spawnServer([
      "bytes",
      "--factor",
      "3",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--quiet",
    ]);
    try {
      expect(await exchange(srv.port, Uint8Array.of(0, 1, 2, 100, 255))).toEqual([
        0, 3, 6, 44, 253,
      ]);
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});
