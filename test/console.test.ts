// The teacher's console end to end: socklab-server runs in a real pseudo-terminal, real clients
// connect over TCP, and the test types commands as a teacher would and reads what everyone got.

import { describe, expect, test } from "bun:test";
import { joinChat } from "./support/chat.ts";
import { SERVER_SOURCE } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";
import { spawnInTerminal, type TerminalProcess } from "./support/terminal.ts";

/** Runs `socklab-server ARGS` in a terminal; resolves with it and its port once it listens. */
async function serverInTerminal(args: string[]): Promise<{ term: TerminalProcess; port: number }> {
  const term = spawnInTerminal([...SERVER_SOURCE, ...args, "--port", "0", "--host", "127.0.0.1"], {
    cols: 160,
    rows: 50,
  });
  await term.waitFor(/127\.0\.0\.1:\d+/);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(term.screen.history().join("\n"))?.[1]);
  return { term, port };
}

/** Types a console line and waits until the console printed `answer`. */
async function typed(term: TerminalProcess, line: string, answer: string | RegExp) {
  term.type(`${line}\r`);
  await term.waitFor((screen) => {
    const text = screen.history().join("\n");
    return typeof answer === "string" ? text.includes(answer) : answer.test(text);
  });
}

/** Stops the server with /quit and checks it exits 0. */
async function quit(term: TerminalProcess) {
  term.type("/quit\r");
  expect(await term.exit()).toBe(0);
}

describe.concurrent("the teacher's console", () => {
  test("chat: /kick NAME reason: the kicked one reads the reason and is closed, the others read it too", async () => {
    const { term, port } = await serverInTerminal(["chat"]);
    try {
      const alice = await joinChat(port, "alice");
      const bob = await joinChat(port, "bob");
      const carol = await joinChat(port, "carol", { json: true });
      await typed(term, "/kick bob stop spamming", "client #2 (bob) kicked");
      const bobLines = await bob.until((line) =>
        line.includes("The teacher closed your connection"),
      );
      expect(bobLines.at(-1)).toBe("-- The teacher closed your connection: stop spamming");
      await bob.closed();
      const aliceLines = await alice.until((line) => line.includes("bob left"));
      expect(aliceLines.at(-1)).toMatch(/bob left \(kicked by the teacher: stop spamming\)$/);
      const carolLines = await carol.until((line) => line.includes('"type":"leave"'));
      expect(JSON.parse(carolLines.at(-1) ?? "{}")).toMatchObject({
        type: "leave",
        nick: "bob",
        reason: "kicked by the teacher: stop spamming",
      });
      // An unknown target is one line, nobody else touched.
      await typed(term, "/kick #99", "no client #99");
      await typed(term, "/kick", "usage: /kick #N|NAME [reason]");
      alice.close();
      carol.close();
    } finally {
      await quit(term);
    }
  });

  test("chat: /say to text and JSON clients; plain text is said as the teacher; the name is reserved", async () => {
    const { term, port } = await serverInTerminal(["chat"]);
    try {
      const alice = await joinChat(port, "alice");
      const json = await joinChat(port, "jay", { json: true });
      await typed(term, "/say pause café à 10h", "said to 2 client(s)");
      const aliceSay = await alice.until((line) => line.includes("[teacher]"));
      expect(aliceSay.at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\] -- \[teacher\] pause café à 10h$/);
      const jsonSay = await json.until((line) => line.includes('"from":"teacher"'));
      expect(JSON.parse(jsonSay.at(-1) ?? "{}")).toMatchObject({
        type: "system",
        text: "pause café à 10h",
        from: "teacher",
      });
      await typed(term, "bonjour la classe", "said to 2 client(s)");
      const plain = await alice.until((line) => line.includes("bonjour la classe"));
      expect(plain.at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\] <teacher> bonjour la classe$/);
      const jsonPlain = await json.until((line) => line.includes("bonjour la classe"));
      expect(JSON.parse(jsonPlain.at(-1) ?? "{}")).toMatchObject({
        type: "message",
        from: "teacher",
      });
      // Nobody can take the teacher's name, nor a look-alike of it (Cyrillic е, о).
      for (const fake of ["teacher", "TEACHER", "t\u0435acher", "pr\u043ef"]) {
        const peer = await connectPeer(port);
        await peer.line();
        peer.send(`${fake}\n`);
        const refused = await peer.until((line) => line.includes("the teacher's name"));
        expect(refused.at(-1)).toContain("choose another one");
        peer.close();
      }
      alice.close();
      json.close();
    } finally {
      await quit(term);
    }
  });

  test("chat: /mute NAME: the muted one is told, its lines go nowhere; /unmute gives the word back", async () => {
    const { term, port } = await serverInTerminal(["chat"]);
    try {
      const alice = await joinChat(port, "alice");
      const bob = await joinChat(port, "bob");
      await typed(term, "/mute bob", "bob muted");
      await bob.until((line) => line.includes("The teacher muted you"));
      bob.send("spam spam\n");
      await bob.until((line) => line.includes("You are muted"));
      alice.send("marker one\n");
      await bob.until((line) => line.includes("marker one"));
      await typed(term, "/unmute bob", "bob can speak again");
      await bob.until((line) => line.includes("unmuted you"));
      bob.send("hello again\n");
      const seen = await alice.until((line) => line.includes("hello again"));
      // What bob said while muted reached nobody.
      expect(seen.some((line) => line.includes("spam spam"))).toBe(false);
      await typed(term, "/mute nobody", "no client nobody");
      await typed(term, "/mute bob 0", "usage: /mute NAME [minutes 1-1440]");
      await typed(term, "/frobnicate", "unknown command /frobnicate (type /help)");
      alice.close();
      bob.close();
    } finally {
      await quit(term);
    }
  });

  test("chat: /clients lists number, address, name, since, bytes and idle; /help lists the commands", async () => {
    const { term, port } = await serverInTerminal(["chat"]);
    try {
      const alice = await joinChat(port, "alice");
      await typed(term, "/clients", "1 client:");
      expect(term.screen.history().join("\n")).toMatch(
        /#1 {2}127\.0\.0\.1:\d+ {2}alice {2}since \d\d:\d\d:\d\d {2}in 6 B {2}out \d+ B {2}idle \d+ s/,
      );
      await typed(term, "/help", "/mute NAME [minutes]");
      expect(term.screen.history().join("\n")).toContain("/kick #N|NAME [reason]");
      alice.close();
    } finally {
      await quit(term);
    }
  });

  test("game: /round reveals the number and starts the next; /range applies from then; /scores", async () => {
    const { term, port } = await serverInTerminal([
      "game",
      "--seed",
      "7",
      "--min",
      "1",
      "--max",
      "10",
    ]);
    try {
      const player = await connectPeer(port);
      await player.until((line) => line.includes("between 1 and 10") || line.includes("1 and 10"));
      player.send("/name ana\n");
      await player.until((line) => line.includes("ana"));
      await typed(term, "/range 50 60", "the next rounds draw from 50 to 60");
      await typed(term, "/round", /round 1 ended, the number was \d+/);
      const lines = await player.until((line) => /50.*60/.test(line));
      const secret = Number(
        /round 1 ended, the number was (\d+)/.exec(term.screen.history().join("\n"))?.[1],
      );
      expect(
        lines.some((line) => line.includes(`The teacher ended round 1: the number was ${secret}.`)),
      ).toBe(true);
      expect(secret).toBeGreaterThanOrEqual(1);
      expect(secret).toBeLessThanOrEqual(10);
      // The new range holds: 55 is in it, 5 is not.
      player.send("5\n");
      await player.until((line) => /50/.test(line) && /60/.test(line));
      await typed(term, "/scores", "ana");
      await typed(term, "/say hi", "said to 1 client(s)");
      await player.until((line) => line === "-- [teacher] hi");
      await typed(term, "/mute ana", "unknown command /mute");
      player.close();
    } finally {
      await quit(term);
    }
  });

  test("echo: /say is refused (raw bytes), /kick closes, /quit stops with exit 0", async () => {
    const { term, port } = await serverInTerminal(["echo"]);
    try {
      const peer = await connectPeer(port);
      await typed(term, "/clients", "1 client:");
      await typed(term, "/say hello", "echo clients read raw bytes");
      await typed(term, "/kick #1", "client #1 (-) kicked");
      expect((await peer.closed()).byteLength).toBe(0);
      await typed(term, "hello", "commands start with /");
    } finally {
      await quit(term);
    }
  });
});

test("the console speaks French with --lang fr; the teacher is 'prof' there", async () => {
  const { term, port } = await serverInTerminal(["chat", "--lang", "fr"]);
  try {
    await term.waitFor("Tapez /help pour les commandes de la console.");
    const peer = await connectPeer(port);
    await peer.line();
    peer.send("Prof\n");
    const refused = await peer.until((line) => line.includes("nom du prof"));
    expect(refused.at(-1)).toBe("-- Prof est le nom du prof : choisissez-en un autre.");
    peer.send("zoe\n");
    await peer.until((line) => line.includes("zoe"));
    await typed(term, "/say bonjour", "dit à 1 client(s)");
    await peer.until((line) => line.endsWith("-- [prof] bonjour"));
    await typed(term, "/nimporte", "commande /nimporte inconnue (tapez /help)");
    peer.close();
  } finally {
    await quit(term);
  }
});
