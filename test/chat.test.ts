// The chat end to end, over real loopback sockets: nc, a raw CRLF client and a JSON client in
// one room; the command line's flags; the console; the client limit; shutdown.
// Every test has its own server (or none), so they all run concurrently.

import { afterAll, describe, expect, test } from "bun:test";
import { type ChatEvent, decodeEvent } from "@socklab/protocol";
import { modes } from "@socklab/server";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { joinChat as join } from "./support/chat.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer as connect, type Peer } from "./support/peer.ts";

// Run once at the end, newest first: the tests run concurrently, so one test's end must not close
// another's peers or server.
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function chatServer(flags: Record<string, string | number | boolean> = {}, maxClients = 100) {
  const server: RunningServer = await startServer({
    mode: modes.chat,
    port: 0,
    quiet: true,
    maxClients,
    flags,
  });
  cleanups.push(() => server.stop());
  return server;
}

/** Peers close before the server stops, so its shutdown does not wait out their grace. */
function closing(peer: Peer): Peer {
  cleanups.push(() => peer.close());
  return peer;
}
const joinChat = async (...args: Parameters<typeof join>) => closing(await join(...args));
const connectPeer = async (port: number) => closing(await connect(port));

/** Strips the `[HH:MM:SS] ` stamp. */
const unstamp = (line: string) => line.replace(/^\[\d\d:\d\d:\d\d\] /, "");

/** An `nc` process in the room: lines go to its stdin, its stdout is read line by line. */
async function ncClient(port: number, nick: string) {
  const proc = Bun.spawn(["nc", "127.0.0.1", String(port)], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  cleanups.push(async () => {
    proc.kill();
    await proc.exited;
  });
  const lines: string[] = [];
  let partial = "";
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      partial += decoder.decode(chunk, { stream: true });
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
    }
  })();
  const send = async (text: string) => {
    proc.stdin.write(text);
    await proc.stdin.flush();
  };
  await send(`${nick}\n`);
  const deadline = Date.now() + 5000;
  while (!lines.some((line) => line.startsWith(`-- You are ${nick} `))) {
    if (Date.now() > deadline) throw new Error(`nc did not join: ${JSON.stringify(lines)}`);
    await Bun.sleep(20);
  }
  return { lines, send };
}

async function eventually(ready: () => boolean, what: () => string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await Bun.sleep(20);
  }
}

describe.concurrent("chat interop", () => {
  test("nc, a raw CRLF client and a JSON client see each other's messages, in order", async () => {
    const server = await chatServer();
    const crlf = await joinChat(server.port, "crlf", { lineEnd: "\r\n" });
    const nc = await ncClient(server.port, "netcat");
    const json = await joinChat(server.port, "robot", { json: true, lineEnd: "\r\n" });
    expect(await crlf.until((line) => line.endsWith("-- robot joined (3 online)"))).toEqual([
      expect.stringMatching(/-- netcat joined \(2 online\)$/),
      expect.stringMatching(/-- robot joined \(3 online\)$/),
    ]);

    for (let i = 1; i <= 5; i++) {
      crlf.send(`crlf says ${i}\r\n`);
      await nc.send(`netcat says ${i}\n`);
      json.send(`robot says ${i}\r\n`);
    }
    json.send("/me is done\r\n");

    // Each reads the other two, each sender's lines in order, and never its own.
    // nc forwards its stdin on its own schedule: wait for the last line of each other sender.
    const lastOf = (lines: string[], ...ends: string[]) =>
      ends.every((end) => lines.some((line) => line.endsWith(end)));
    const crlfLines: string[] = [];
    await crlf.until((line) => {
      crlfLines.push(line);
      return lastOf(crlfLines, "netcat says 5", "* robot is done");
    });
    const crlfSaw = crlfLines.map(unstamp);
    const said = (nick: string) => [1, 2, 3, 4, 5].map((i) => `<${nick}> ${nick} says ${i}`);
    expect(crlfSaw.filter((line) => line.startsWith("<netcat>"))).toEqual(said("netcat"));
    expect(crlfSaw.filter((line) => line.startsWith("<robot>"))).toEqual(said("robot"));
    expect(crlfSaw.filter((line) => line.startsWith("<crlf>"))).toEqual([]);

    await eventually(
      () => lastOf(nc.lines, "crlf says 5", "* robot is done"),
      () => JSON.stringify(nc.lines),
    );
    const ncSaw = nc.lines.map(unstamp);
    expect(ncSaw.filter((line) => line.startsWith("<crlf>"))).toEqual(said("crlf"));
    expect(ncSaw.filter((line) => line.startsWith("<robot>"))).toEqual(said("robot"));
    expect(ncSaw.filter((line) => line.startsWith("<netcat>"))).toEqual([]);

    const jsonLines: string[] = [];
    await json.until((line) => {
      jsonLines.push(line);
      return lastOf(jsonLines, 'crlf says 5"}', 'netcat says 5"}');
    });
    json.send("/who\r\n");
    jsonLines.push(...(await json.until((line) => line.includes('"type":"who"'))));
    const events = jsonLines.map((line) => decodeEvent(line) as ChatEvent);
    const messages = events.flatMap((event) =>
      event.type === "message" ? [`<${event.from}> ${event.text}`] : [],
    );
    expect(messages.filter((line) => line.startsWith("<crlf>"))).toEqual(said("crlf"));
    expect(messages.filter((line) => line.startsWith("<netcat>"))).toEqual(said("netcat"));
    expect(events.at(-1)).toMatchObject({
      type: "who",
      users: [{ nick: "crlf" }, { nick: "netcat" }, { nick: "robot" }],
    });
  });

  test("private messages cross client kinds; a leave reaches both kinds", async () => {
    const server = await chatServer();
    const text = await joinChat(server.port, "alice");
    const json = await joinChat(server.port, "bot", { json: true });
    await text.until((line) => line.endsWith("bot joined (2 online)"));
    text.sendLine("BOT=>are you there?");
    expect(decodeEvent(await json.line())).toMatchObject({
      type: "private",
      from: "alice",
      to: ["bot"],
      text: "are you there?",
    });
    expect(unstamp(await text.line())).toBe("<alice -> bot> are you there?");
    json.sendLine("/msg alice yes");
    expect(unstamp(await text.line())).toBe("<bot -> alice> yes");
    expect(decodeEvent(await json.line())).toMatchObject({ type: "private", to: ["alice"] });
    json.sendLine("/quit done here");
    expect(decodeEvent(await json.line())).toMatchObject({ type: "system", text: "Goodbye!" });
    await json.closed();
    expect(unstamp(await text.line())).toBe("-- bot left (quit: done here)");
  });
});

describe.concurrent("chat leaving", () => {
  test("a reset after joining: the others read 'connection lost'", async () => {
    const server = await chatServer();
    const alice = await joinChat(server.port, "alice");
    const bob = await join(server.port, "bob");
    await alice.until((line) => line.endsWith("bob joined (2 online)"));
    // Bun's terminate() closes with a reset (RST), as a crashed program or a pulled cable would.
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: { data() {} },
    });
    socket.write("carol\n");
    await alice.until((line) => line.endsWith("carol joined (3 online)"));
    socket.terminate();
    expect(unstamp(await alice.line())).toBe("-- carol left (connection lost)");
    // A clean close once bob has read everything (unread data would turn it into a reset).
    await bob.until((line) => line.endsWith("carol left (connection lost)"));
    bob.close();
    expect(unstamp(await alice.line())).toBe("-- bob left (connection closed)");
  });
});

describe.concurrent("chat flags and console", () => {
  test("--history, --echo-self and --log-messages from the command line", async () => {
    const server = await spawnServer([
      "chat",
      "--port",
      "0",
      "--history",
      "2",
      "--echo-self",
      "--log-messages",
    ]);
    cleanups.push(async () => {
      server.proc.kill();
      await server.proc.exited;
    });
    const alice = await joinChat(server.port, "alice");
    for (const text of ["one", "two", "three"]) alice.sendLine(text);
    expect((await alice.until((line) => line.endsWith("three"))).map(unstamp)).toEqual([
      "<alice> one",
      "<alice> two",
      "<alice> three",
    ]);
    const bob = await connectPeer(server.port);
    await bob.line();
    bob.sendLine("bob");
    expect((await bob.until((line) => line.endsWith("three"))).map(unstamp)).toEqual([
      "-- You are bob (2 online). Type /help for the commands.",
      "-- The last 2 messages:",
      "<alice> two",
      "<alice> three",
    ]);
    bob.close();
    await alice.until((line) => line.endsWith("bob left (connection closed)"));
    await eventually(
      () => server.output.includes("bob (client #2) left: connection closed"),
      () => server.output,
    );
    expect(server.output).toContain("client #1 is alice (1 in the room)");
    expect(server.output).toContain("<alice> three");
  });

  test("without --log-messages the console shows joins but no message contents", async () => {
    const server = await spawnServer(["chat", "--port", "0"]);
    cleanups.push(async () => {
      server.proc.kill();
      await server.proc.exited;
    });
    const alice = await joinChat(server.port, "alice");
    alice.sendLine("a secret");
    alice.sendLine("/nick alicia");
    await alice.until((line) => line.includes("now known as alicia"));
    await eventually(
      () => server.output.includes("alice is now alicia"),
      () => server.output,
    );
    expect(server.output).not.toContain("a secret");
  });

  test.each([
    [["--rate", "fast"], '--rate takes a number, not "fast"'],
    [["--max-line", "2 parsecs"], "--max-line takes a size like 2048, 64KiB or 1MiB"],
    [["--send-queue", "10"], "--send-queue must be between 4096 and 1073741824 bytes, not 10"],
    [["--history=-1"], "--history must be between 0 and 10000, not -1"],
  ])("bad flag %j: one line on stderr, exit 2", async (args, message) => {
    const result = await run([...SERVER_SOURCE, "chat", "--port", "0", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  test("--help lists the chat's flags with their defaults", async () => {
    const result = await run([...SERVER_SOURCE, "chat", "--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--max-line SIZE", "--rate N", "--burst N", "--send-queue SIZE"]) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain("(default 1MiB)");
  });
});

describe.concurrent("chat limits and shutdown", () => {
  test("past --max-clients a newcomer reads 'server full'; the room is untouched", async () => {
    const server = await chatServer({}, 2);
    const alice = await joinChat(server.port, "alice");
    await joinChat(server.port, "bob");
    await alice.until((line) => line.endsWith("bob joined (2 online)"));
    const third = await connectPeer(server.port);
    expect(await third.line()).toBe("-- Server full (2 clients): try again later.");
    await third.closed();
    alice.sendLine("/who");
    expect(await alice.until((line) => line.includes("bob (idle"))).toEqual([
      "-- 2 online:",
      "--   alice (idle 0s)",
      "--   bob (idle 0s)",
    ]);
  });

  test("an over-long line is answered and dropped; the connection and framing carry on", async () => {
    const server = await chatServer({ "max-line": "64" });
    const alice = await joinChat(server.port, "alice");
    const bob = await joinChat(server.port, "bob");
    await alice.until((line) => line.endsWith("bob joined (2 online)"));
    bob.send(`${"y".repeat(500)}\nafter\n`);
    expect(await bob.line()).toBe("-- Line too long (over 64 bytes): ignored.");
    expect(unstamp(await alice.line())).toBe("<bob> after");
  });

  test("shutdown: text and JSON readers each get a goodbye in their format", async () => {
    const server = await startServer({ mode: modes.chat, port: 0, quiet: true });
    const text = await joinChat(server.port, "alice");
    const json = await joinChat(server.port, "bot", { json: true });
    await text.until((line) => line.endsWith("bot joined (2 online)"));
    const stopping = server.stop();
    expect(await text.line()).toBe("-- Server is shutting down. Goodbye!");
    expect(decodeEvent(await json.line())).toMatchObject({
      type: "system",
      text: "Server is shutting down. Goodbye!",
    });
    await text.closed();
    await json.closed();
    // Answer the server's FIN, so stop() need not wait out its close grace.
    text.close();
    json.close();
    await stopping;
  });

  test("in French with --lang fr", async () => {
    const server = await startServer({ mode: modes.chat, port: 0, quiet: true, lang: "fr" });
    cleanups.push(() => server.stop());
    const peer = await connectPeer(server.port);
    expect(await peer.line()).toStartWith("-- Bienvenue sur le chat socklab !");
    peer.sendLine("élodie");
    expect(await peer.line()).toBe(
      "-- Vous êtes élodie (1 en ligne). Tapez /help pour les commandes.",
    );
  });
});
