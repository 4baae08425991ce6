// length mode end to end: the greeting with the client's number, and line lengths in characters
// whatever the chunking and line ends, over real sockets; hundreds of clients at once.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    mode: modes.length,
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    maxClients: 1000,
  });
});
afterAll(() => server.stop());

async function greeted(): Promise<Peer> {
  const peer = await connectPeer(server.port);
  expect(await peer.line()).toMatch(/^Welcome, you are client #\d+$/);
  return peer;
}

describe("length", () => {
  test("answers a line with its length", async () => {
    const peer = await greeted();
    peer.sendLine("hello");
    expect(await peer.line()).toBe("5 characters");
    peer.sendLine("a");
    expect(await peer.line()).toBe("1 character");
    peer.sendLine("");
    expect(await peer.line()).toBe("0 characters");
    peer.close();
  });

  test("one line sent byte by byte is one line", async () => {
    const peer = await greeted();
    for (const b of new TextEncoder().encode("byte by byte\r\n")) {
      peer.send(Uint8Array.of(b));
      await Bun.sleep(2); // separate segments, so the server gets separate chunks
    }
    expect(await peer.line()).toBe("12 characters");
    peer.close();
  });

  test("several lines in one write get one answer each, in order", async () => {
    const peer = await greeted();
    peer.send("a\nbb\r\nccc\rdddd\n");
    expect([await peer.line(), await peer.line(), await peer.line(), await peer.line()]).toEqual([
      "1 character",
      "2 characters",
      "3 characters",
      "4 characters",
    ]);
    peer.close();
  });

  test("a CRLF split across two sends is one line end", async () => {
    const peer = await greeted();
    peer.send("abc\r");
    // Answered before the LF is even sent: the split really happened (a bare CR ends the line).
    expect(await peer.line()).toBe("3 characters");
    peer.send("\nde\n");
    // The LF that completes the CRLF is no empty line of its own.
    expect(await peer.line()).toBe("2 characters");
    peer.close();
  });

  test('"é" counts as one, typed composed or decomposed, and an emoji as one', async () => {
    const peer = await greeted();
    peer.sendLine("é");
    expect(await peer.line()).toBe("1 character");
    peer.sendLine("e\u0301t\u00e9");
    expect(await peer.line()).toBe("3 characters");
    peer.sendLine("👍🏽!");
    expect(await peer.line()).toBe("2 characters");
    peer.close();
  });

  test("a UTF-8 character split across two sends is still one character", async () => {
    const peer = await greeted();
    const bytes = new TextEncoder().encode("é\n");
    // TCP may join the two sends on loopback; the split itself, at every byte, is proven in
    // packages/protocol/test/lines.test.ts. This is the end-to-end path.
    peer.send(bytes.subarray(0, 1));
    await Bun.sleep(20);
    peer.send(bytes.subarray(1));
    expect(await peer.line()).toBe("1 character");
    peer.close();
  });

  test("telnet negotiation bytes are not counted", async () => {
    const peer = await greeted();
    peer.send(
      Uint8Array.of(
        0xff,
        0xfb,
        0x01,
        0x61,
        0x62,
        0xff,
        0xfa,
        0x1f,
        0,
        80,
        0,
        24,
        0xff,
        0xf0,
        0x0d,
        0x0a,
      ),
    );
    // The telnet option offered (WILL ECHO) is refused, then the line is answered, in CRLF now.
    const reply = Uint8Array.of(0xff, 0xfe, 0x01, ...new TextEncoder().encode("2 characters\r\n"));
    await peer.until((line) => line.endsWith("2 characters"));
    const all = peer.received();
    expect([...all.subarray(all.length - reply.length)]).toEqual([...reply]);
    peer.close();
  });

  test("an over-long line is refused once, and the next line is answered", async () => {
    const peer = await greeted();
    peer.send(`${"x".repeat(20_000)}\nshort\n`);
    expect(await peer.line()).toBe("Line too long (over 8192 bytes): ignored.");
    expect(await peer.line()).toBe("5 characters");
    peer.close();
  });

  test("a last line without a newline is answered when the client half-closes", async () => {
    const peer = await greeted();
    peer.send("tail");
    peer.end();
    const all = new TextDecoder().decode(await peer.closed());
    expect(all.endsWith("4 characters\n")).toBe(true);
  });

  test("500 concurrent clients each get their own number and their own answers", async () => {
    const COUNT = 500;
    const peers = await Promise.all(Array.from({ length: COUNT }, () => connectPeer(server.port)));
    const numbers = await Promise.all(
      peers.map(async (peer) => {
        const greeting = await peer.line(10_000);
        const match = /^Welcome, you are client #(\d+)$/.exec(greeting);
        expect(match).not.toBeNull();
        return Number(match?.[1]);
      }),
    );
    expect(new Set(numbers).size).toBe(COUNT);
    // Each client sends a line whose length is its own index, so a crossed answer shows.
    await Promise.all(
      peers.map(async (peer, i) => {
        peer.sendLine("x".repeat(i % 97));
        peer.sendLine("é".repeat(i % 13));
        expect(await peer.line(10_000)).toBe(
          `${i % 97} ${i % 97 === 1 ? "character" : "characters"}`,
        );
        expect(await peer.line(10_000)).toBe(
          `${i % 13} ${i % 13 === 1 ? "character" : "characters"}`,
        );
      }),
    );
    for (const peer of peers) peer.close();
  });
});

describe("length --lang fr", () => {
  test("greets and answers in French", async () => {
    const fr = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      lang: "fr",
    });
    try {
      const peer = await connectPeer(fr.port);
      expect(await peer.line()).toBe("Bienvenue, vous êtes le client n°1");
      peer.sendLine("été");
      expect(await peer.line()).toBe("3 caractères");
      peer.close();
    } finally {
      await fr.stop();
    }
  });
});
