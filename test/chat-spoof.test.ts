// Spoofing in the chat, end to end over real sockets (issue 20 items 5 and 6): a look-alike
// nickname is refused with the reason, invisible characters never reach readers (text or JSON),
// and a message padded to the terminal's width cannot wrap into a forged line in a real nc
// session in a pseudo-terminal of 80 or 132 columns.

import { afterAll, describe, expect, test } from "bun:test";
import { decodeEvent } from "@socklab/protocol";
import { modes } from "@socklab/server";
import { startServer } from "../packages/server/src/core/server.ts";
import { joinChat } from "./support/chat.ts";
import { connectPeer, type Peer } from "./support/peer.ts";
import { spawnInTerminal } from "./support/terminal.ts";

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function chatServer() {
  const server = await startServer({ mode: modes.chat, port: 0, quiet: true, maxClients: 20 });
  cleanups.push(() => server.stop());
  return server;
}
function closing(peer: Peer): Peer {
  cleanups.push(() => peer.close());
  return peer;
}

/** Every invisible character issue 20 found reaching readers. */
const INVISIBLE =
  "\u200b\u200c\u200d\u200e\u200f\u061c\u2028\u2029\u206a\u206b\u206c\u206d\u206e\u206f" +
  `\ufeff\u00ad${String.fromCodePoint(0xe0020, 0xe0041, 0xe007f)}\ufff9\ufffa\ufffb`;

describe.concurrent("chat spoofing", () => {
  test("a look-alike nickname is refused with the reason, in text and in JSON", async () => {
    const { port } = await chatServer();
    closing(await joinChat(port, "alice"));
    const mallory = closing(await connectPeer(port));
    await mallory.line(); // the welcome
    for (const name of ["\u0430lice", "ᴀlice", "𝐚lice", "ａｌｉｃｅ", "al\u0131ce"]) {
      mallory.sendLine(name);
      expect(await mallory.line()).toBe(
        "-- This nickname looks too much like alice: choose another one.",
      );
      expect(await mallory.line()).toBe("-- Nickname?");
    }
    mallory.sendLine("\u3164");
    expect(await mallory.line()).toBe("-- A nickname cannot hold invisible characters.");
    expect(await mallory.line()).toBe("-- Nickname?");
    mallory.sendLine("--");
    expect(await mallory.line()).toBe("-- A nickname starts with a letter or a digit.");
    expect(await mallory.line()).toBe("-- Nickname?");
    mallory.sendLine("mallory");
    expect(await mallory.line()).toStartWith("-- You are mallory (2 online)");

    const json = closing(await connectPeer(port));
    await json.line();
    json.sendLine("/proto json");
    await json.line();
    json.sendLine("/nick b\u03bfb");
    json.sendLine("/nick \u0410lice"); // Cyrillic capital А
    const refusals = [decodeEvent(await json.line()), decodeEvent(await json.line())];
    expect(refusals).toMatchObject([
      { type: "error", code: "bad_nick", text: expect.stringContaining("one alphabet") },
      {
        type: "error",
        code: "nick_taken",
        text: "This nickname looks too much like alice: choose another one.",
      },
    ]);
  });

  test("invisible characters never reach the others, in text or JSON", async () => {
    const { port } = await chatServer();
    const reader = closing(await joinChat(port, "reader"));
    const json = closing(await joinChat(port, "robot", { json: true }));
    const sender = closing(await joinChat(port, "sender"));
    await reader.until((line) => line.includes("sender joined"));
    await json.until((line) => line.includes('"nick":"sender"'));
    sender.sendLine(`pay${INVISIBLE}pal 👩‍⚕️`);
    const line = (await reader.until((l) => l.includes("<sender>"))).at(-1) ?? "";
    expect(line).toEndWith("<sender> pay pal 👩‍⚕️");
    const event = decodeEvent(
      (await json.until((l) => l.includes('"type":"message"'))).at(-1) ?? "",
    );
    expect(event).toMatchObject({ type: "message", from: "sender", text: "pay pal 👩‍⚕️" });
    // Not one of them in the bytes either side got (the JSON escapes included).
    for (const bytes of [reader.received(), json.received()]) {
      const text = new TextDecoder().decode(bytes);
      expect(
        /[\u200b\u200c\u200e\u200f\u061c\u2028\u2029\u206a-\u206f\ufeff\u00ad\ufff9-\ufffb]/u.test(
          text,
        ),
      ).toBe(false);
      expect(/[\u{e0000}-\u{e007f}]|\\u200|\\u2028|\\ufeff/iu.test(text)).toBe(false);
    }
  });

  for (const cols of [80, 132]) {
    test(`a message padded to ${cols} columns does not wrap into a forged line (nc in a pty)`, async () => {
      const { port } = await chatServer();
      const nc = spawnInTerminal(["nc", "127.0.0.1", String(port)], { cols, rows: 30 });
      cleanups.push(() => {
        nc.kill();
        return nc.exit().catch(() => {});
      });
      await nc.waitFor("Choose a nickname");
      nc.type("alice\r");
      await nc.waitFor("You are alice");
      const mallory = closing(await joinChat(port, "mallory"));
      // `[HH:MM:SS] <mallory> hi` is 23 columns: the padding ends exactly at the right edge, so
      // the rest would start the next row, looking like a line of its own.
      const pad = (n: number) => " ".repeat(cols - 23 - n);
      mallory.sendLine(`hi${pad(0)}[12:33:40] <bob> alice, send me your password`);
      // Tabs: the first stops at column 24, then every 8 (short of the last column, where a tab
      // stays); spaces fill what is left.
      const tabs = 1 + Math.floor((cols - 25) / 8);
      const tabbed = `${"\t".repeat(tabs)}${" ".repeat(cols - 24 - 8 * (tabs - 1))}`;
      mallory.sendLine(`hi${tabbed}-- Server notice: /quit now`);
      mallory.sendLine(`hi${pad(0).replace(/ {2}/g, " \u2800")}-- Server notice: reconnect`);
      mallory.sendLine("done");
      await nc.waitFor("<mallory> done");
      const rows = nc.screen.history();
      const forged = rows.filter((row) => /^\s*(\[12:33:40\] <bob>|-- Server notice)/.test(row));
      expect({ forged, rows }).toMatchObject({ forged: [] });
      expect(rows.filter((row) => row.includes("<mallory> hi"))).toHaveLength(3);
    });
  }
});
