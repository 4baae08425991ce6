// game mode end to end over real sockets: a full round with three players, bad guesses, the
// pause and the next round, mid-round joins, names, JSON events, French, --seed across servers.
// Every test has its own server, so they all run concurrently.

import { afterAll, describe, expect, test } from "bun:test";
import { decodeEvent, type GameEvent, type Lang } from "@socklab/protocol";
import { modes } from "@socklab/server";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

// Cleared once at the end: the tests run concurrently, so one test's end must not close another's
// peers. Peers close first, so no server waits out its close grace.
const servers: RunningServer[] = [];
const peers: Peer[] = [];
afterAll(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function startGame(
  flags: Record<string, string | number>,
  lang: Lang = "en",
): Promise<RunningServer> {
  const server = await startServer({
    mode: modes.game,
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    lang,
    flags,
  });
  servers.push(server);
  return server;
}

/** Connects and reads the two welcome lines (checked by the caller when it matters). */
async function join(port: number): Promise<{ peer: Peer; welcome: string[] }> {
  const peer = await connectPeer(port);
  peers.push(peer);
  return { peer, welcome: [await peer.line(), await peer.line()] };
}

async function named(port: number, name: string): Promise<Peer> {
  const { peer } = await join(port);
  peer.sendLine(`/name ${name}`);
  expect(await peer.line()).toBe(`You are now ${name}.`);
  return peer;
}

const HINT = /^Your number is too (small|big) \((-?\d+), attempt (\d+)\)\.$/;
const WON = /^You won in (\d+) attempts?! The number was (-?\d+) \(round (\d+)\)\.$/;

/** Binary search over text replies until this player wins; skips other players' news lines. */
async function solve(peer: Peer, min = 0, max = 1000) {
  let lo = min;
  let hi = max;
  for (;;) {
    const mid = Math.floor((lo + hi) / 2);
    peer.sendLine(String(mid));
    const reply = (await peer.until((l) => HINT.test(l) || WON.test(l))).at(-1) as string;
    const won = WON.exec(reply);
    if (won)
      return { attempts: Number(won[1]), secret: Number(won[2]), round: Number(won[3]), reply };
    const [, direction] = HINT.exec(reply) ?? [];
    if (direction === "small") lo = mid + 1;
    else hi = mid - 1;
  }
}

describe.concurrent("game: a round in text", () => {
  test("three players: one wins, the others are told; the pause, then round 2 for all", async () => {
    // seed 7: secrets 11, 62, …; half a second of pause, announced rounded up to 1 s.
    const server = await startGame({ seed: 7, pause: 0.5 });
    const { peer: alice, welcome } = await join(server.port);
    expect(welcome).toEqual([
      "Welcome to guess-the-number! You are player #1; round 1 is on.",
      "I picked a whole number between 0 and 1000: type your guess and press Enter. /name NAME to choose a name, /help for help.",
    ]);
    alice.sendLine("/name alice");
    expect(await alice.line()).toBe("You are now alice.");

    const bob = await named(server.port, "bob");
    expect(await alice.line()).toBe("player #2 joined (2 players)");
    expect(await alice.line()).toBe("player #2 is now bob");
    const { peer: carol, welcome: carolWelcome } = await join(server.port);
    expect(carolWelcome[0]).toBe("Welcome to guess-the-number! You are player #3; round 1 is on.");

    bob.sendLine("500");
    expect(await bob.line()).toBe("Your number is too big (500, attempt 1).");
    // A player joins with its first line, not its connection.
    carol.sendLine("3");
    expect(await carol.line()).toBe("Your number is too small (3, attempt 1).");
    expect(await alice.line()).toBe("player #3 joined (3 players)");
    expect(await bob.line()).toBe("player #3 joined (3 players)");

    const win = await solve(alice);
    expect(win).toMatchObject({ secret: 11, round: 1 });
    const news = `alice won round 1 in ${win.attempts} attempts — the number was 11`;
    for (const other of [bob, carol]) {
      expect(await other.line()).toBe(news);
      expect(await other.line()).toBe("Round 2 starts in 1 s.");
    }
    expect(await alice.line()).toBe("Round 2 starts in 1 s.");

    // During the pause: a guess is told to wait; a newcomer learns when the round starts.
    carol.sendLine("62");
    expect(await carol.line()).toBe("This round is over: next round starts in 1 s.");
    const { peer: dave, welcome: daveWelcome } = await join(server.port);
    expect(daveWelcome[0]).toBe("Welcome to guess-the-number! You are player #4; round 1 is on.");
    expect(await dave.line()).toBe("Round 2 starts in 1 s.");

    const roundTwo = "Round 2: a new number between 0 and 1000. Guess!";
    for (const p of [alice, bob, carol, dave])
      expect((await p.until((l) => l.startsWith("Round 2:"))).at(-1)).toBe(roundTwo);
    // Attempt counts start again.
    bob.sendLine("100");
    expect(await bob.line()).toBe("Your number is too big (100, attempt 1).");
    // Dave plays (and so joins) with his first guess.
    dave.sendLine("100");
    expect(await dave.line()).toBe("Your number is too big (100, attempt 1).");
    expect(await carol.line()).toBe("player #4 joined (4 players)");

    carol.sendLine("/scores");
    expect([
      await carol.line(),
      await carol.line(),
      await carol.line(),
      await carol.line(),
      await carol.line(),
    ]).toEqual([
      "Scores (round 2):",
      `1. alice: 1 win, best ${win.attempts} attempts`,
      "2. bob: 0 wins",
      "3. player #3: 0 wins",
      "4. player #4: 0 wins",
    ]);

    carol.sendLine("/quit");
    expect(await carol.line()).toBe("Goodbye!");
    await carol.closed();
    carol.close(); // answer the server's FIN: the leave is announced once the socket is closed
    expect((await alice.until((l) => l.includes("left"))).at(-1)).toBe(
      "player #3 left (3 players)",
    );
    bob.end(); // FIN: a clean close
    expect((await alice.until((l) => l.includes("left"))).at(-1)).toBe("bob left (2 players)");
  }, 20_000);

  test("a player who joins mid-round plays that round and can win it", async () => {
    const server = await startGame({ seed: 7, pause: 60 });
    const alice = await named(server.port, "alice");
    alice.sendLine("500");
    expect(await alice.line()).toBe("Your number is too big (500, attempt 1).");
    alice.sendLine("250");
    expect(await alice.line()).toBe("Your number is too big (250, attempt 2).");

    const { peer: late, welcome } = await join(server.port);
    expect(welcome[0]).toBe("Welcome to guess-the-number! You are player #2; round 1 is on.");
    late.sendLine("5");
    expect(await late.line()).toBe("Your number is too small (5, attempt 1).");
    expect(await alice.line()).toBe("player #2 joined (2 players)");
    const win = await solve(late, 6, 1000);
    expect(win).toMatchObject({ secret: 11, round: 1 });
    expect(await alice.line()).toBe(
      `player #2 won round 1 in ${win.attempts} attempts — the number was 11`,
    );
    expect(await alice.line()).toBe("Round 2 starts in 60 s.");
  });

  test("bad input gets a specific answer and the connection stays", async () => {
    const server = await startGame({ seed: 7 });
    const { peer } = await join(server.port);
    const notANumber = "Not a whole number: type a number between 0 and 1000, or /help.";
    const outOfRange = "Out of range: the number is between 0 and 1000.";
    const cases: [string, string][] = [
      ["abc", notANumber],
      ["4.5", notANumber],
      ["12 13", notANumber],
      ["\x80\x81garbage\x1b[2J", notANumber],
      ["1001", outOfRange],
      ["-1", outOfRange],
      ["99999999999999999999999999", outOfRange],
      ["/frobnicate", "Unknown command: type /help for the list."],
      ["/proto xml", "Usage: /proto json"],
      ["x".repeat(600), "Line too long (over 512 bytes): ignored."],
      ["  12  ", "Your number is too big (12, attempt 1)."],
    ];
    for (const [input, answer] of cases) {
      peer.sendLine(input);
      expect({ input, reply: await peer.line() }).toEqual({ input, reply: answer });
    }
    // An empty line asks nothing; the next guess is still answered.
    peer.send("\r\n\n10\r\n");
    expect(await peer.line()).toBe("Your number is too small (10, attempt 2).");
    peer.sendLine("/help");
    const help = await peer.until((l) => l.startsWith("  /quit"));
    expect(help[0]).toBe(
      "Guess the whole number between 0 and 1000; the first to find it wins the round.",
    );
    expect(help).toContain("  /scores       wins and best attempt counts of the players here");
  });

  test("--min / --max set the range that answers quote", async () => {
    const server = await startGame({ min: -50, max: 50, seed: 3 });
    const { peer, welcome } = await join(server.port);
    expect(welcome[1]).toStartWith("I picked a whole number between -50 and 50:");
    peer.sendLine("51");
    expect(await peer.line()).toBe("Out of range: the number is between -50 and 50.");
    const win = await solve(peer, -50, 50);
    expect(win.secret).toBeGreaterThanOrEqual(-50);
    expect(win.secret).toBeLessThanOrEqual(50);
  });
});

describe.concurrent("game: a flood", () => {
  test("a script that floods guesses and never reads is cut; the others play on", async () => {
    // --rate 0: no flood control, so the flow control is what cuts it (past --send-queue).
    const server = await startGame({ seed: 7, rate: 0 });
    const alice = await named(server.port, "alice");
    let closed = false;
    const flooder = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        open(socket) {
          socket.pause(); // never read: the replies pile up on the server
        },
        data() {},
        close() {
          closed = true;
        },
        error() {
          closed = true;
        },
      },
    });
    flooder.pause();
    // 2 bytes of guess ask for ~40 bytes of answer: a few MB of guesses outgrow every kernel
    // buffer and the outbox's high-water mark. Bounded, in case the cut never comes.
    const guesses = new TextEncoder().encode("1\n".repeat(32 * 1024));
    let sent = 0;
    for (let tries = 0; tries < 1000 && !closed && sent < 8 * 1024 * 1024; tries++) {
      const n = flooder.write(guesses);
      if (n < 0) break;
      sent += n;
      await Bun.sleep(n < guesses.length ? 10 : 0);
    }
    // It joined with its first guess.
    expect(await alice.until((l) => l.includes("left"))).toEqual([
      "player #2 joined (2 players)",
      "player #2 left (1 player)",
    ]);
    alice.sendLine("500");
    expect(await alice.line()).toBe("Your number is too big (500, attempt 1).");
    flooder.end();
  });
});

describe.concurrent("game: names", () => {
  test("/name: unique whatever the case, at most 20 characters, no spaces; the reason is given", async () => {
    const server = await startGame({ seed: 7 });
    const alice = await named(server.port, "Alice");
    const { peer: other } = await join(server.port);
    const cases: [string, string][] = [
      ["/name alice", 'Name refused: "alice" is taken (names ignore case).'],
      ["/name ALICE", 'Name refused: "ALICE" is taken (names ignore case).'],
      ["/name abcdefghijklmnopqrstu", "Name refused: at most 20 characters."],
      [
        "/name bob smith",
        "Name refused: only letters, digits and _ - . (no spaces or other symbols).",
      ],
      ["/name bob!", "Name refused: only letters, digits and _ - . (no spaces or other symbols)."],
      ["/name", "Usage: /name NAME (for example /name alice)"],
    ];
    for (const [input, answer] of cases) {
      other.sendLine(input);
      expect({ input, reply: await other.line() }).toEqual({ input, reply: answer });
    }
    other.sendLine("/name Élodie");
    expect(await other.line()).toBe("You are now Élodie.");
    expect(await alice.line()).toBe("player #2 joined (2 players)");
    expect(await alice.line()).toBe("player #2 is now Élodie");
    // Alice may change her own case; twenty characters are fine.
    alice.sendLine("/name ALICE");
    expect(await alice.line()).toBe("You are now ALICE.");
    expect(await other.line()).toBe("Alice is now ALICE");
    other.sendLine("/name abcdefghijklmnopqrst");
    expect(await other.line()).toBe("You are now abcdefghijklmnopqrst.");
    // A name is free again once its player leaves.
    alice.close();
    expect(await other.line()).toBe("ALICE left (1 player)");
    other.sendLine("/name alice");
    expect(await other.line()).toBe("You are now alice.");
  });
});

describe.concurrent("game: JSON events and French", () => {
  test("/proto json: welcome, errors, hints, win, pause and round as events; text readers get sentences", async () => {
    // Half a second of pause, announced rounded up to 1 s.
    const server = await startGame({ seed: 7, pause: 0.5 });
    const watcher = await named(server.port, "watcher");
    const { peer } = await join(server.port);
    peer.sendLine("/proto json");
    const next = async (): Promise<GameEvent> => {
      const line = await peer.line();
      const event = decodeEvent(line) as GameEvent | undefined;
      if (!event) throw new Error(`not an event: ${line}`);
      expect(typeof event.at).toBe("number");
      return event;
    };
    expect(await next()).toMatchObject({
      type: "welcome",
      player: 2,
      name: "player #2",
      min: 0,
      max: 1000,
      round: 1,
    });
    const exchanges: [string, object][] = [
      ["/name Zoé", { type: "nick", from: "player #2", to: "Zoé", self: true }],
      ["/name watcher", { type: "error", code: "nick_taken" }],
      [
        "ten",
        {
          type: "error",
          code: "not_a_number",
          text: "Not a whole number: type a number between 0 and 1000, or /help.",
        },
      ],
      ["2000", { type: "error", code: "out_of_range" }],
      ["/nope", { type: "error", code: "unknown_command" }],
      ["500", { type: "hint", guess: 500, result: "big", attempts: 1 }],
      ["5", { type: "hint", guess: 5, result: "small", attempts: 2 }],
      ["11", { type: "win", round: 1, winner: "Zoé", attempts: 3, secret: 11, self: true }],
      // The pause event was broadcast right after the win.
    ];
    for (const [input, expected] of exchanges) {
      peer.sendLine(input);
      expect({ input, event: await next() }).toMatchObject({ input, event: expected });
    }
    expect(await next()).toMatchObject({ type: "pause", round: 2, seconds: 1 });
    peer.sendLine("11");
    const wait = await next();
    expect(wait).toMatchObject({ type: "error", code: "round_over" });
    expect((wait as { seconds?: number }).seconds).toBe(1);
    peer.sendLine("/scores");
    expect(await next()).toMatchObject({
      type: "scores",
      scores: [
        { name: "Zoé", wins: 1, best: 3 },
        { name: "watcher", wins: 0, best: null },
      ],
    });
    expect(await next()).toMatchObject({ type: "round", round: 2, min: 0, max: 1000 });

    expect(await watcher.line()).toBe("player #2 joined (2 players)");
    expect(await watcher.line()).toBe("player #2 is now Zoé");
    expect(await watcher.line()).toBe("Zoé won round 1 in 3 attempts — the number was 11");
    expect(await watcher.line()).toBe("Round 2 starts in 1 s.");
    expect(await watcher.line()).toBe("Round 2: a new number between 0 and 1000. Guess!");

    watcher.close();
    expect(await next()).toMatchObject({ type: "leave", nick: "watcher", online: 1 });
    // Shutdown reaches a JSON reader as an event, not prose.
    const stopping = server.stop();
    expect(await next()).toMatchObject({
      type: "system",
      text: "Server is shutting down. Goodbye!",
    });
    peer.close(); // answer the server's FIN, so stop() need not wait out its close grace
    await stopping;
  }, 15_000);

  test("--lang fr: every answer in French", async () => {
    const server = await startGame({ seed: 7, pause: 30 }, "fr");
    const { peer: alice, welcome } = await join(server.port);
    expect(welcome).toEqual([
      "Bienvenue au jeu du nombre mystère ! Vous êtes le joueur n°1 ; la manche 1 est en cours.",
      "J'ai choisi un nombre entier entre 0 et 1000 : tapez votre proposition puis Entrée. /name NOM pour choisir un nom, /help pour l'aide.",
    ]);
    alice.sendLine("/name alice");
    expect(await alice.line()).toBe("Vous vous appelez maintenant alice.");
    const { peer: bob } = await join(server.port);
    bob.sendLine("500");
    expect(await bob.line()).toBe("Votre nombre est trop grand (500, essai n°1).");
    expect(await alice.line()).toBe("joueur n°2 est arrivé (2 joueurs)");
    const exchanges: [string, string][] = [
      ["0", "Votre nombre est trop petit (0, essai n°1)."],
      ["1000", "Votre nombre est trop grand (1000, essai n°2)."],
      ["mille", "Ce n'est pas un nombre entier : tapez un nombre entre 0 et 1000, ou /help."],
      ["1001", "Hors limites : le nombre est entre 0 et 1000."],
      [
        "/name bob smith",
        "Nom refusé : seulement des lettres, des chiffres et _ - . (ni espace ni autre symbole).",
      ],
      ["11", "Vous avez gagné en 3 essais ! Le nombre était 11 (manche 1)."],
      ["11", "La manche 2 commence dans 30 s."],
    ];
    for (const [input, answer] of exchanges) {
      alice.sendLine(input);
      expect({ input, reply: await alice.line() }).toEqual({ input, reply: answer });
    }
    expect(await alice.line()).toMatch(
      /^Cette manche est finie : la prochaine commence dans (30|29) s\.$/,
    );
    expect(await bob.until((l) => l.includes("gagné"))).toContain(
      "alice a gagné la manche 1 en 3 essais — le nombre était 11",
    );
    expect(await bob.line()).toBe("La manche 2 commence dans 30 s.");
  });
});

describe.concurrent("game: why a player left", () => {
  test("--lang fr: a JSON reader reads why in French, with the reason's code (quit, closed, lost)", async () => {
    const server = await startGame({ seed: 7 }, "fr");
    const { peer: reader } = await join(server.port);
    reader.sendLine("/proto json");
    const next = async (type: string): Promise<GameEvent> => {
      for (;;) {
        const event = decodeEvent(await reader.line()) as GameEvent | undefined;
        if (event?.type === type) return event;
      }
    };
    await next("welcome");
    const { peer: ana } = await join(server.port);
    ana.sendLine("/name ana");
    await next("nick");
    ana.sendLine("/quit");
    expect(await next("leave")).toMatchObject({ nick: "ana", reason: "départ", code: "quit" });
    const { peer: bob } = await join(server.port);
    bob.sendLine("/name bob");
    await next("nick");
    bob.end(); // FIN: a clean close
    expect(await next("leave")).toMatchObject({
      nick: "bob",
      reason: "connexion fermée",
      code: "closed",
    });
    // Bun's terminate() closes with a reset (RST), as a crashed program would.
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: { data() {} },
    });
    socket.write("/name carol\n");
    await next("nick");
    socket.terminate();
    const lost = await next("leave");
    expect(lost).toMatchObject({ nick: "carol", reason: "connexion perdue", code: "lost" });
    expect(lost).not.toHaveProperty("detail");
  });
});

describe.concurrent("game: --seed", () => {
  /** The secrets of the first `rounds` rounds, found by binary search on a real server process. */
  async function secretsOf(seed: string, rounds: number): Promise<number[]> {
    const server = await spawnServer([
      "game",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--seed",
      seed,
      "--pause",
      "0",
      "--rate",
      "0",
      "--quiet",
    ]);
    try {
      const { peer } = await join(server.port);
      const secrets: number[] = [];
      for (let round = 1; round <= rounds; round++) {
        const win = await solve(peer);
        expect(win.round).toBe(round);
        secrets.push(win.secret);
      }
      peer.close();
      return secrets;
    } finally {
      server.proc.kill();
      await server.proc.exited;
    }
  }

  test("the same seed gives the same secrets on two servers; another seed others", async () => {
    const [first, second, other] = await Promise.all([
      secretsOf("1234", 4),
      secretsOf("1234", 4),
      secretsOf("1235", 4),
    ]);
    expect(first).toEqual([73, 704, 903, 971]); // mulberry32(1234), as unit-tested
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  }, 30_000);

  test("bad flags: one line on stderr, exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--min", "10", "--max", "5"], /--min \(10\) must be less than --max \(5\)/],
      [["--min", "5", "--max", "5"], /--min \(5\) must be less than --max \(5\)/],
      [["--seed", "abc"], /--seed takes a whole number/],
      [["--pause=-1"], /--pause must be between 0 and 3600, not -1/],
      [["--min", "-5"], /--min needs a value \(write --min=-N/],
      [["--max", "1e3"], /--max takes a whole number/],
    ];
    const results = await Promise.all(
      cases.map(([args]) => run([...SERVER_SOURCE, "game", "--port", "0", ...args])),
    );
    results.forEach((result, i) => {
      const [args, pattern] = cases[i] as [string[], RegExp];
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }, 30_000);
});
