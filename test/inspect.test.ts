// inspect mode end to end: each chunk printed with client number, time, byte count and a hex +
// printable dump; nothing sent back.

import { describe, expect, test } from "bun:test";
import { hexDump } from "../packages/server/src/modes/inspect.ts";
import { spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

describe("hexDump", () => {
  test("hex, two spaces, printable ASCII with dots", () => {
    expect(hexDump(Uint8Array.of(0x41, 0x42, 0x00, 0xff))).toEqual([
      `41 42 00 ff${" ".repeat(36)}  AB..`,
    ]);
  });

  test("16 bytes per row", () => {
    const rows = hexDump(new TextEncoder().encode("0123456789abcdefXYZ"));
    expect(rows).toEqual([
      "30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef",
      `58 59 5a${" ".repeat(39)}  XYZ`,
    ]);
  });

  test("nothing for no bytes", () => {
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });
});

describe("inspect (server as a subprocess)", () => {
  test("prints each chunk with client number, byte count and dump; replies nothing", async () => {
    const srv = await spawnServer(["inspect", "--port", "0", "--host", "127.0.0.1"]);
    try {
      const peer = await connectPeer(srv.port);
      peer.send(Uint8Array.of(0x41, 0x42, 0x00, 0xff));
      const waitFor = async (pattern: RegExp) => {
        for (let i = 0; i < 250 && !pattern.test(srv.output); i++) await Bun.sleep(20);
        expect(srv.output).toMatch(pattern);
      };
      await waitFor(/\[\d\d:\d\d:\d\d\] client #1: 4 bytes\n {2}41 42 00 ff {38}AB\.\./);
      await Bun.sleep(50);
      peer.send("x");
      await waitFor(/\[\d\d:\d\d:\d\d\] client #1: 1 byte\n {2}78 {47}x/);
      const second = await connectPeer(srv.port);
      second.send("hi\r\n");
      await waitFor(/\[\d\d:\d\d:\d\d\] client #2: 4 bytes\n {2}68 69 0d 0a {38}hi\.\./);
      peer.end();
      const got = await peer.closed();
      expect(got.length).toBe(0); // inspect replies nothing
      second.close();
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});
