// The clients students really write, end to end: C programs compiled here with gcc (the seeds'
// send(name, 32), strlen + 1, sizeof buf, fgets + a pthread reader), Python in the seed 004
// style (send without a newline, input()), and Java (println, print, write(int)), each against
// the line mode it was written for, with a witness reading the chat as a classmate would.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modes } from "@socklab/server";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { joinChat } from "./support/chat.ts";
import { connectPeer } from "./support/peer.ts";
import { eventually } from "./support/terminal.ts";

setDefaultTimeout(30_000);

const FIXTURES = join(import.meta.dir, "fixtures", "clients");
const hasGcc = Bun.which("gcc") !== null;
const hasJava = Bun.which("javac") !== null && Bun.which("java") !== null;
const hasPython = Bun.which("python3") !== null;

let build: string;
beforeAll(async () => {
  build = mkdtempSync(join(tmpdir(), "socklab-clients-"));
  const steps: Promise<void>[] = [];
  const run = async (cmd: string[]) => {
    const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
    if ((await proc.exited) !== 0)
      throw new Error(`${cmd.join(" ")}: ${await new Response(proc.stderr).text()}`);
  };
  if (hasGcc) {
    steps.push(
      run(["gcc", "-pthread", "-o", join(build, "naive_client"), join(FIXTURES, "naive_client.c")]),
    );
  }
  if (hasJava) steps.push(run(["javac", "-d", build, join(FIXTURES, "LineClient.java")]));
  await Promise.all(steps);
});

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
});

/** A client program running, its stdin a pipe we type into, its stdout collected. */
interface Program {
  /** Everything it printed so far. */
  output(): string;
  /** Sends one line to its stdin (a person typing it and pressing Enter). */
  type(line: string): void;
  /** Waits until it printed something matching `what`. */
  waitFor(what: string | RegExp, ms?: number): Promise<void>;
  closeStdin(): void;
  exited: Promise<number>;
  kill(): void;
}

function program(cmd: string[]): Program {
  const proc = Bun.spawn(cmd, { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  let out = "";
  let err = "";
  const decoder = new TextDecoder();
  (async () => {
    for await (const chunk of proc.stdout) out += decoder.decode(chunk, { stream: true });
  })();
  (async () => {
    for await (const chunk of proc.stderr) err += decoder.decode(chunk, { stream: true });
  })();
  const matches = (what: string | RegExp) =>
    typeof what === "string" ? out.includes(what) : what.test(out);
  return {
    output: () => out,
    type(line) {
      proc.stdin.write(`${line}\n`);
      proc.stdin.flush();
    },
    waitFor: (what, ms = 10_000) =>
      eventually(
        () => matches(what),
        () => `waiting for ${String(what)}; stdout:\n${out}\nstderr:\n${err}`,
        ms,
      ),
    closeStdin() {
      proc.stdin.end();
    },
    exited: proc.exited,
    kill() {
      proc.kill();
    },
  };
}

/** Runs `body` with a server and a stopped-afterwards list of programs. */
async function withServer(
  options: Omit<Parameters<typeof startServer>[0], "port">,
  body: (server: RunningServer, spawn: (cmd: string[]) => Program) => Promise<void>,
): Promise<void> {
  const server = await startServer({ quiet: true, ...options, port: 0 });
  const running: Program[] = [];
  try {
    await body(server, (cmd) => {
      const p = program(cmd);
      running.push(p);
      return p;
    });
  } finally {
    for (const p of running) p.kill();
    await server.stop();
  }
}

const naive = (port: number, style: string) => [join(build, "naive_client"), String(port), style];

describe.concurrent.skipIf(!hasGcc)("C clients (gcc), the way the seeds teach", () => {
  test("seed 002: the nickname as send(name, 32), NUL-padded, then fgets lines: joins and chats", async () => {
    await withServer({ mode: modes.chat }, async (server, spawn) => {
      const witness = await joinChat(server.port, "witness");
      const alice = spawn(naive(server.port, "send32"));
      await alice.waitFor("Choose a nickname");
      alice.type("alice");
      await alice.waitFor("You are alice");
      alice.type("hello everyone");
      const seen = await witness.until((line) => line.includes("<alice>"));
      expect(seen).toContainEqual(expect.stringMatching(/-- alice joined/));
      expect(seen.at(-1)).toMatch(/<alice> hello everyone$/);
      witness.close();
    });
  });

  test("send(name, strlen(name)), no newline: the nickname alone, not glued to the first message", async () => {
    await withServer({ mode: modes.chat }, async (server, spawn) => {
      const witness = await joinChat(server.port, "witness");
      const bob = spawn(naive(server.port, "nonl"));
      await bob.waitFor("Choose a nickname");
      bob.type("bob");
      await bob.waitFor("You are bob");
      bob.type("hi");
      const seen = await witness.until((line) => line.includes("<bob>"));
      expect(seen.at(-1)).toMatch(/<bob> hi$/);
      witness.close();
    });
  });

  test("strlen + 1 in the chat: commands work, and exit leaves, never broadcast as text", async () => {
    await withServer({ mode: modes.chat }, async (server, spawn) => {
      const witness = await joinChat(server.port, "witness");
      const carol = spawn(naive(server.port, "strlen1"));
      await carol.waitFor("Choose a nickname");
      carol.type("carol");
      await carol.waitFor("You are carol");
      carol.type("/who");
      await carol.waitFor(/2 online:/);
      carol.type("hello");
      carol.type("exit");
      expect(await carol.exited).toBe(0); // the server closed the connection: the reader exits
      const seen = await witness.until((line) => /carol (left|quit)/.test(line));
      const fromCarol = seen.filter((line) => line.includes("<carol>"));
      expect(fromCarol).toEqual([expect.stringMatching(/<carol> hello$/)]);
      witness.close();
    });
  });

  test("strlen + 1 in the game: every guess is read as a number", async () => {
    await withServer(
      { mode: modes.game, flags: { seed: 7, min: 0, max: 1000 } },
      async (server, spawn) => {
        const player = spawn(naive(server.port, "strlen1"));
        await player.waitFor("type your guess");
        for (const guess of ["1", "999", "2", "998"]) {
          player.type(guess);
          await player.waitFor(new RegExp(`\\(${guess}, attempt`));
        }
        expect(player.output()).not.toContain("Not a whole number");
      },
    );
  });

  test("sizeof buf (2048 bytes, NUL-padded): a short message goes through the chat's 2 KiB cap", async () => {
    await withServer({ mode: modes.chat }, async (server, spawn) => {
      const witness = await joinChat(server.port, "witness");
      const dan = spawn(naive(server.port, "sizeof"));
      await dan.waitFor("Choose a nickname");
      dan.type("dan");
      await dan.waitFor("You are dan");
      dan.type("sixteen chars ok");
      const seen = await witness.until((line) => line.includes("<dan>"));
      expect(seen.at(-1)).toMatch(/<dan> sixteen chars ok$/);
      expect(dan.output()).not.toContain("Line too long");
      witness.close();
    });
  });

  test("sizeof buf in length: the NULs are not counted", async () => {
    await withServer({ mode: modes.length }, async (server, spawn) => {
      const c = spawn(naive(server.port, "sizeof"));
      await c.waitFor("client #1");
      c.type("hello");
      await c.waitFor("5 characters");
      c.type("é!");
      await c.waitFor("2 characters");
    });
  });
});

describe.concurrent.skipIf(!hasPython)("Python clients, seed 004 style", () => {
  test("send(b'Salut le serveur !') without a newline, then recv: answered", async () => {
    await withServer({ mode: modes.length }, async (server, spawn) => {
      const py = spawn([
        "python3",
        join(FIXTURES, "seed004_client.py"),
        String(server.port),
        "Salut le serveur !",
        "encore",
      ]);
      expect(await py.exited).toBe(0);
      expect(py.output()).toContain("answer: 18 characters\nanswer: 6 characters\n");
    });
  });

  test("input() then send(msg.encode()): the nickname, then messages, one by one", async () => {
    await withServer({ mode: modes.chat }, async (server, spawn) => {
      const witness = await joinChat(server.port, "witness");
      const eve = spawn(["python3", join(FIXTURES, "input_client.py"), String(server.port)]);
      await eve.waitFor("Choose a nickname");
      eve.type("eve");
      await eve.waitFor("You are eve");
      eve.type("bonjour à tous");
      const seen = await witness.until((line) => line.includes("<eve>"));
      expect(seen.at(-1)).toMatch(/<eve> bonjour à tous$/);
      witness.close();
    });
  });
});

describe.concurrent.skipIf(!hasJava)("Java clients", () => {
  const java = (style: string, port: number, ...messages: string[]) => [
    "java",
    "-cp",
    build,
    "LineClient",
    style,
    String(port),
    ...messages,
  ];

  test("PrintWriter.println, print without a newline, OutputStream.write(int): all answered", async () => {
    await withServer({ mode: modes.length }, async (server, spawn) => {
      const runs = [
        spawn(java("println", server.port, "hello", "été")),
        spawn(java("print", server.port, "hello", "été")),
        spawn(java("writeint", server.port, "hello", "été")),
      ];
      for (const run of runs) {
        expect(await run.exited).toBe(0);
        expect(run.output()).toMatch(
          /greeting: Welcome, you are client #\d+\nanswer: 5 characters\nanswer: 3 characters\n/,
        );
      }
    });
  });
});

describe.concurrent("what a raw peer sees of the same mistakes", () => {
  test("exit\\0 in the chat leaves; /who\\0 is a command", async () => {
    await withServer({ mode: modes.chat }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.send("zed\0/who\0");
      await peer.until((line) => line.includes("1 online:"));
      peer.send("exit\0");
      await peer.closed();
    });
  });
});
