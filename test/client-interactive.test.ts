// The interactive client in a real pseudo-terminal: keystrokes typed, the screen read back
// through @xterm/headless as a person would see it. Servers are real, on port 0.

import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { AsyncLocalStorage } from "node:async_hooks";
import { CLIENT_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";
import { type Screen, spawnInTerminal, type TerminalProcess } from "./support/terminal.ts";

// Each test waits for screens with 10 s deadlines; a loaded CI machine gets room for several.
setDefaultTimeout(30_000);

const ENTER = "\r";
const DOWN = "\x1b[B";
const CTRL_C = "\x03";
const ESC = "\x1b";

type Server = Awaited<ReturnType<typeof spawnServer>>;

/** The running test's undo list. The tests overlap (each spends most of its time waiting for a
 * screen), so each keeps its own list instead of one shared by an afterEach. */
const undoList = new AsyncLocalStorage<(() => void)[]>();

/** Runs `undo` once the current test ends, passed or failed. */
function cleanup(undo: () => void): void {
  const list = undoList.getStore();
  if (list === undefined) throw new Error("cleanup() outside a ptyTest");
  list.push(undo);
}

/** A test that runs alongside the others, with its servers, terminals and peers stopped at its
 * end: each starts its own, so none sees another's clients, rooms or rounds. */
function ptyTest(name: string, body: () => Promise<void>): void {
  test.concurrent(name, async () => {
    const list: (() => void)[] = [];
    try {
      await undoList.run(list, body);
    } finally {
      for (const undo of list) undo();
    }
  });
}

async function server(args: string[]): Promise<Server> {
  const started = await spawnServer([...args, "--port", "0", "--quiet"]);
  cleanup(() => started.proc.kill());
  return started;
}

function client(
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): TerminalProcess {
  const term = spawnInTerminal([...CLIENT_SOURCE, ...args], { cols: 90, rows: 30, env });
  cleanup(() => term.kill());
  return term;
}

/** The client launched straight at `mode` on 127.0.0.1:`port`, skipping the form's first questions. */
function connectTo(
  mode: string,
  port: number,
  extra: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): TerminalProcess {
  return client([mode, "--host", "127.0.0.1", "--port", String(port), ...extra], env);
}

/** The chat client joining as `name` (no nickname question). */
function chatClient(port: number, name: string, extra: readonly string[] = []): TerminalProcess {
  return connectTo("chat", port, ["--name", name, ...extra]);
}

/** A raw peer on 127.0.0.1:`port`, closed after the test. */
async function peer(port: number) {
  const connected = await connectPeer(port);
  cleanup(() => connected.close());
  return connected;
}

/** A raw peer that has sent its nickname (not yet confirmed: see joinedPeer). */
async function namedPeer(port: number, nick: string) {
  const named = await peer(port);
  named.sendLine(nick);
  return named;
}

/** A raw peer that has sent its nickname and seen a line naming it, so it is in the room. */
async function joinedPeer(port: number, nick: string) {
  const joined = await namedPeer(port, nick);
  await joined.until((line) => line.includes(nick));
  return joined;
}

/** The client's exit code, once the screen shows all it drew before exiting: `exit()` does not
 * wait for xterm, which parses asynchronously, so with tests overlapping the last lines could be
 * read unparsed. */
async function exitCode(term: TerminalProcess): Promise<number> {
  const code = await term.exit();
  await term.waitFor(() => true); // waitFor first waits for the screen to settle
  return code;
}

/** Waits until the input line is drawn again, starting with `prompt`. A line printed above it and
 * the input line's redraw are two writes, which can reach the screen apart. */
async function promptDrawn(term: TerminalProcess, prompt: string) {
  await term.waitFor((s) => s.cursorRow().text.startsWith(prompt));
}

/** Waits until the list on screen has its entry number `index` (from 0) selected: clack draws
 * the selected entry with ●, the others with ○. */
async function selected(term: TerminalProcess, index: number) {
  await term.waitFor((s) => {
    const entries = s.lines().filter((line) => /^│ {2}[●○] /.test(line));
    return entries.findIndex((line) => line.includes("●")) === index;
  });
}

/** Picks a mode in the form's list by pressing Down `downs` times. */
async function chooseMode(term: TerminalProcess, downs: number) {
  await term.waitFor("Connect to which kind of server?");
  term.type(DOWN.repeat(downs));
  await selected(term, downs);
  term.type(ENTER);
}

/** Walks the form: picks a mode (see chooseMode), takes the default host, types `port`. */
async function fillForm(term: TerminalProcess, downs: number, port: number) {
  await chooseMode(term, downs);
  await term.waitFor("Host");
  term.type(ENTER); // default 127.0.0.1
  await term.waitFor("Port");
  term.type(`${port}${ENTER}`);
}

describe("the connect form", () => {
  ptyTest("choose chat, take the default host, type the port and a nickname: joined", async () => {
    const chat = await server(["chat"]);
    const term = client();
    await fillForm(term, 0, chat.port);
    await term.waitFor("Your nickname");
    term.type(`alice${ENTER}`);
    await term.waitFor("You joined as alice (1 online)");
    await promptDrawn(term, "alice ›");
    expect(term.screen.text()).toContain("127.0.0.1");
    expect(term.screen.cursorRow().text).toBe("alice ›");
  });

  ptyTest("invalid answers are refused with a reason and asked again", async () => {
    const echo = await server(["echo"]);
    const term = client(["echo"]);
    await term.waitFor("Host");
    term.type(`bad host!${ENTER}`);
    await term.waitFor("is not a host name");
    term.type("\x7f".repeat(9));
    term.type(`localhost${ENTER}`);
    await term.waitFor("Port");
    term.type(`70000${ENTER}`);
    await term.waitFor("out of range: use 1 to 65535");
    term.type(`\x7f\x7f\x7f\x7f\x7f${echo.port}${ENTER}`);
    await term.waitFor("echo ›");
  });

  ptyTest("Ctrl-C in the form: cancelled, exit 0, nothing left running", async () => {
    const term = client();
    await term.waitFor("Connect to which kind of server?");
    term.type(CTRL_C);
    expect(await exitCode(term)).toBe(0);
    expect(term.screen.text()).toContain("Cancelled");
  });

  ptyTest("Esc at a later question cancels too (never taken as an answer)", async () => {
    const term = connectTo("chat", 4444);
    await term.waitFor("Your nickname");
    term.type(ESC);
    expect(await exitCode(term)).toBe(0);
    expect(term.screen.text()).toContain("Cancelled");
  });

  ptyTest(
    "a refused port: the reason, then retry / change the address (what was typed kept) / quit",
    async () => {
      const echo = await server(["echo"]);
      const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      const closed = listener.port;
      listener.stop(true);
      const term = connectTo("echo", closed);
      await term.waitFor(`Connection refused by 127.0.0.1:${closed}`);
      await term.waitFor("Change the address");
      term.type(DOWN);
      await selected(term, 1);
      term.type(ENTER); // change the address
      // What was typed comes back ready to edit, not the defaults.
      await term.waitFor(/Host\n│ {2}127\.0\.0\.1/);
      term.type(ENTER);
      await term.waitFor(new RegExp(`Port\\n│ {2}${closed}`));
      term.type("\x7f".repeat(String(closed).length));
      term.type(`${echo.port}${ENTER}`);
      await term.waitFor("echo ›");
      term.type(`hi${ENTER}`);
      await term.waitFor(/← hi {2}[\d.]+ ms/);
    },
  );

  ptyTest("quit after a refused connection: exit 0", async () => {
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const closed = listener.port;
    listener.stop(true);
    const term = connectTo("raw", closed);
    await term.waitFor("Change the address");
    term.type(DOWN + DOWN);
    await selected(term, 2);
    term.type(ENTER);
    expect(await exitCode(term)).toBe(0);
  });
});

describe("chat", () => {
  ptyTest(
    "a message arriving while half a line is typed appears above it; the typing is intact; Enter sends it",
    async () => {
      const chat = await server(["chat"]);
      const term = chatClient(chat.port, "alice");
      await term.waitFor("You joined as alice");
      const bob = await namedPeer(chat.port, "bob");
      await term.waitFor("bob joined (2 online)");

      term.type("hello every");
      await term.waitFor((s) => s.cursorRow().text === "alice › hello every");
      bob.sendLine("hi alice!");
      await term.waitFor("bob: hi alice!");
      await promptDrawn(term, "alice ›");
      const { row, text, column } = term.screen.cursorRow();
      expect(text).toBe("alice › hello every");
      expect(column).toBe("alice › hello every".length);
      expect(term.screen.lines()[row - 1]).toMatch(/^\d\d:\d\d:\d\d bob: hi alice!$/);

      term.type(`one${ENTER}`);
      const heard = await bob.until((line) => line.includes("hello everyone"));
      expect(heard.at(-1)).toMatch(/<alice> hello everyone$/);
      await term.waitFor("alice (you): hello everyone");
      await promptDrawn(term, "alice ›");
      expect(term.screen.cursorRow().text).toBe("alice ›");
    },
  );

  ptyTest(
    "Tab completes a nickname, Up recalls the last line, private messages are marked",
    async () => {
      const chat = await server(["chat"]);
      const bob = await joinedPeer(chat.port, "bobby");
      const term = chatClient(chat.port, "alice");
      await term.waitFor("online (2)");
      term.type("/msg bo\t");
      await term.waitFor((s) => s.cursorRow().text === "alice › /msg bobby");
      term.type(`psst${ENTER}`);
      await bob.until((line) => line.includes("psst"));
      await term.waitFor("[private] you → bobby: psst");
      term.type("\x1b[A"); // Up
      await term.waitFor((s) => s.cursorRow().text === "alice › /msg bobby psst");
      bob.sendLine("alice=>answer");
      await term.waitFor("[private] bobby → you: answer");
    },
  );

  ptyTest(
    "a nickname already taken: the reason, then another one typed on the input line",
    async () => {
      const chat = await server(["chat"]);
      await joinedPeer(chat.port, "bob"); // holds the nickname "bob" for the whole test
      const term = chatClient(chat.port, "BOB");
      await term.waitFor("Type another nickname and press Enter.");
      await promptDrawn(term, "nickname ›");
      expect(term.screen.text()).toMatch(/! .*bob/i);
      expect(term.screen.cursorRow().text).toBe("nickname ›");
      term.type(`robert${ENTER}`);
      await term.waitFor("You joined as robert (2 online)");
      await term.waitFor((s) => s.cursorRow().text === "robert ›");
    },
  );

  ptyTest("connection lost: shown, reconnected, re-joined under the same nickname", async () => {
    const first = await server(["chat"]);
    const port = first.port;
    const term = chatClient(port, "alice");
    await term.waitFor("You joined as alice");
    first.proc.kill();
    await first.proc.exited;
    await term.waitFor("Connection lost");
    await term.waitFor((s) => s.cursorRow().text.includes("connection refused · attempt"));
    const second = await spawnServer(["chat", "--port", String(port), "--quiet"]);
    cleanup(() => second.proc.kill());
    await term.waitFor((s) => s.text().split("You joined as alice").length === 3, 20_000);
    const bob = await namedPeer(port, "bob");
    term.type(`back again${ENTER}`);
    await bob.until((line) => line.includes("<alice> back again"));
  });

  ptyTest("--no-reconnect: the lost connection ends the session, exit 0", async () => {
    const chat = await server(["chat"]);
    const term = chatClient(chat.port, "alice", ["--no-reconnect"]);
    await term.waitFor("You joined as alice");
    chat.proc.kill();
    expect(await exitCode(term)).toBe(0);
    expect(term.screen.text()).toContain("Connection lost");
    expect(term.screen.text()).not.toContain("Reconnecting");
  });

  ptyTest("Ctrl-C leaves with /quit: the others see alice leave, exit 0", async () => {
    const chat = await server(["chat"]);
    const bob = await namedPeer(chat.port, "bob");
    const term = chatClient(chat.port, "alice");
    await term.waitFor("You joined as alice");
    term.type(CTRL_C);
    expect(await exitCode(term)).toBe(0);
    // "left (quit)", not "left (connection closed)": the client said /quit before closing.
    const seen = await bob.until((line) => /alice left/.test(line));
    expect(seen.at(-1)).toMatch(/-- alice left \(quit\)$/);
    expect(term.screen.text()).toContain("Bye.");
  });
});

describe("game", () => {
  ptyTest("play to a win by bisecting the interval the prompt shows; /scores", async () => {
    const game = await server(["game", "--seed", "7", "--min", "1", "--max", "1000"]);
    const term = connectTo("game", game.port, ["--name", "alice"]);
    await term.waitFor(/round 1 1\.\.1000 ›/);
    term.type(`abc${ENTER}`); // letters are not even typed
    await term.waitFor((s) => s.cursorRow().text === "round 1 1..1000 ›");
    term.type(`5000${ENTER}`);
    await term.waitFor("Type a whole number from 1 to 1000.");
    term.type("\x15"); // Ctrl-U clears the refused guess
    await term.waitFor((s) => s.cursorRow().text === "round 1 1..1000 ›");
    for (let attempt = 1; attempt <= 11; attempt++) {
      const match = /round 1 (\d+)\.\.(\d+) ›/.exec(term.screen.cursorRow().text);
      if (!match) throw new Error(`no interval on the prompt:\n${term.screen.text()}`);
      const guess = Math.floor((Number(match[1]) + Number(match[2])) / 2);
      term.type(`${guess}${ENTER}`);
      // The hint is printed, then the prompt redrawn with the narrower interval (without `guess`).
      const narrowed = (s: Screen) => {
        const shown = /round 1 (\d+)\.\.(\d+) ›/.exec(s.cursorRow().text);
        return shown !== null && (guess < Number(shown[1]) || guess > Number(shown[2]));
      };
      const hint = new RegExp(`${guess} {2}[↑↓] too (small|big).*\\(attempt ${attempt}\\)`);
      await term.waitFor(
        (s) => s.text().includes("You found it!") || (hint.test(s.text()) && narrowed(s)),
      );
      if (term.screen.text().includes("You found it!")) break;
    }
    expect(term.screen.text()).toMatch(/★ You found it! The number was \d+, in \d+ attempts?\. ★/);
    term.type(`/scores${ENTER}`);
    await term.waitFor(/1\. alice +1 win/);
  });

  ptyTest("another player's win and the next round are shown as they happen", async () => {
    const game = await server(["game", "--seed", "3", "--min", "1", "--max", "4", "--pause", "0"]);
    const term = connectTo("game", game.port);
    await term.waitFor("Your player name");
    term.type(ENTER); // no name: the server's "player N"
    await term.waitFor(/round 1 1\.\.4 ›/);
    const bot = await peer(game.port);
    bot.sendLine("/proto json");
    bot.sendLine("/name robot");
    const event = (line: string) => {
      try {
        return JSON.parse(line) as { type: string; result?: string; self?: boolean };
      } catch {
        return { type: "text" };
      }
    };
    let [low, high] = [1, 4];
    for (let tries = 0; tries < 4; tries++) {
      const guess = Math.floor((low + high) / 2);
      bot.sendLine(String(guess));
      const seen = await bot.until((l) => ["hint", "win"].includes(event(l).type));
      const last = event(seen.at(-1) as string);
      if (last.type === "win") break;
      if (last.result === "small") low = guess + 1;
      else high = guess - 1;
    }
    await term.waitFor(/robot found \d in \d attempts \(round 1\)/);
    await term.waitFor("Round 2: a new number from 1 to 4. Go!");
    await term.waitFor(/round 2 1\.\.4 ›/);
  });
});

describe("echo, bytes, length, raw, http", () => {
  ptyTest("echo: the reply and its round-trip time; Ctrl-C leaves, exit 0", async () => {
    const echo = await server(["echo"]);
    const term = client();
    await fillForm(term, 2, echo.port);
    await term.waitFor("echo ›");
    term.type(`héllo wörld${ENTER}`);
    await term.waitFor(/← héllo wörld {2}[\d.]+ ms/);
    term.type(CTRL_C);
    expect(await exitCode(term)).toBe(0);
    expect(term.screen.text()).toContain("Bye.");
  });

  ptyTest("bytes: numbers in, numbers out (× 12 mod 256); a bad number is explained", async () => {
    const bytes = await server(["bytes"]);
    const term = connectTo("bytes", bytes.port);
    await term.waitFor("bytes ›");
    term.type(`1 2 0x10 255${ENTER}`);
    await term.waitFor(/← 12 24 192 244 {2}[\d.]+ ms/);
    term.type(`\x15300${ENTER}`);
    await term.waitFor('"300" is not a byte');
  });

  ptyTest("length: the greeting, then each line's length with its time", async () => {
    const length = await server(["length"]);
    const term = connectTo("length", length.port);
    await term.waitFor(/Welcome, you are client #\d+/);
    term.type(`abc${ENTER}`);
    await term.waitFor(/← 3 characters {2}[\d.]+ ms/);
  });

  ptyTest("raw: bytes shown as they arrived, unprintables escaped", async () => {
    const listener = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(socket) {
          socket.write(new Uint8Array([0x6f, 0x6b, 0x00, 0xff, 0x0d, 0x0a]));
        },
      },
    });
    cleanup(() => listener.stop(true));
    const term = connectTo("raw", listener.port);
    await term.waitFor("raw ›");
    term.type(`ping${ENTER}`);
    await term.waitFor("→ 5 B  ping\\n");
    await term.waitFor("← 6 B  ok\\x00\\xff\\r\\n");
  });

  ptyTest("http: the status line, headers, body and time", async () => {
    const http = await server(["http"]);
    const term = connectTo("http", http.port, ["--method", "GET", "--path", "/"]);
    await term.waitFor("Another request?");
    const text = term.screen.history().join("\n");
    expect(text).toMatch(/HTTP\/1\.1 200 OK/);
    expect(text).toMatch(/Content-Type: text\/html/i);
    expect(text).toMatch(/[\d.]+ ms · \d+ bytes of body/);
    term.type(DOWN + ENTER);
    expect(await exitCode(term)).toBe(0);
  });
});

ptyTest(
  "with CI set there are no prompts even in a terminal: it behaves like connect",
  async () => {
    const echo = await server(["echo"]);
    const term = client(["echo", "--port", String(echo.port)], { CI: "true" });
    term.type(`ping${ENTER}`);
    // The terminal echoes what is typed (cooked mode), then the echo server's reply follows.
    await term.waitFor((s) => s.lines().filter((line) => line === "ping").length === 2);
    expect(term.screen.text()).not.toContain("socklab");
    term.type("\x04"); // Ctrl-D: end of input; the client stops once the replies stop
    expect(await exitCode(term)).toBe(0);
  },
);

describe("colours", () => {
  ptyTest("colours on a terminal; none with NO_COLOR or --no-color", async () => {
    const echo = await server(["echo"]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour escapes
    const SGR_COLOUR = /\x1b\[(3[0-7]|9[0-7]|38;)/;
    for (const [extra, env, coloured] of [
      [[], {}, true],
      [[], { NO_COLOR: "1" }, false],
      [["--no-color"], {}, false],
    ] as const) {
      const term = connectTo("echo", echo.port, extra, env);
      await term.waitFor("echo ›");
      term.type(`x${ENTER}`);
      await term.waitFor(/← x/);
      expect(SGR_COLOUR.test(term.raw())).toBe(coloured);
      term.type(CTRL_C);
      expect(await exitCode(term)).toBe(0);
    }
  });
});

describe("issue 14: the client for a real class", () => {
  ptyTest("game: /help, a multi-line answer, is shown as lines (one per command)", async () => {
    const game = await server(["game", "--seed", "7"]);
    const term = connectTo("game", game.port, ["--name", "alice"]);
    await term.waitFor(/round 1 \d+\.\.\d+ ›/);
    term.type(`/help${ENTER}`);
    await term.waitFor((s) =>
      s.lines().some((row) => /^\s+\/scores\s+wins and best attempt counts/.test(row)),
    );
    expect(term.screen.lines().some((row) => /^\s+\/quit\s+leave$/.test(row))).toBe(true);
  });

  ptyTest("game: an out-of-range guess is refused and cleared from the input", async () => {
    const game = await server(["game", "--seed", "7", "--min", "1", "--max", "1000"]);
    const term = connectTo("game", game.port, ["--name", "alice"]);
    await term.waitFor(/round 1 1\.\.1000 ›/);
    term.type(`5000${ENTER}`);
    await term.waitFor("Type a whole number from 1 to 1000.");
    await term.waitFor((s) => s.cursorRow().text === "round 1 1..1000 ›");
  });

  ptyTest(
    "chat: a line the server drops for the rate is never shown as said; the others read what alice's screen shows",
    async () => {
      const chat = await server(["chat", "--rate", "10", "--burst", "6"]);
      const bob = await joinedPeer(chat.port, "bob");
      const term = chatClient(chat.port, "alice");
      await term.waitFor(/online \(2\)/); // /proto json, /nick and /who took three of six
      const burst = Array.from({ length: 20 }, (_, i) => `line${i + 1}`);
      term.type(burst.map((line) => `${line}${ENTER}`).join(""));
      await term.waitFor("Slow down");
      // Once the bucket refills a line passes again: the last one, marking the end.
      const heard: string[] = [];
      for (let tries = 0; !heard.some((l) => l.includes("<alice> done")); tries++) {
        if (tries > 50) throw new Error(`"done" never passed; bob read ${heard.join(" | ")}`);
        term.type(`done${ENTER}`);
        // What bob reads, line by line, until a pause of 300 ms (the next "done" is then due).
        for (;;) {
          const line = await bob.line(300).catch(() => undefined);
          if (line === undefined) break;
          heard.push(line);
          if (line.includes("<alice> done")) break;
        }
      }
      await term.waitFor("alice (you): done");
      const toBob = heard
        .map((l) => /<alice> (line\d+)$/.exec(l)?.[1])
        .filter((l): l is string => l !== undefined);
      const shown = [
        ...term.screen
          .history()
          .join("\n")
          .matchAll(/alice \(you\): (line\d+)$/gm),
      ].map((m) => m[1]);
      expect(toBob.length).toBeGreaterThan(0);
      expect(toBob.length).toBeLessThan(burst.length);
      expect(shown).toEqual(toBob);
    },
  );

  ptyTest("chat: /quit lunch keeps its reason for the others", async () => {
    const chat = await server(["chat"]);
    const bob = await joinedPeer(chat.port, "bob");
    const term = chatClient(chat.port, "alice");
    await term.waitFor("You joined as alice");
    term.type(`/quit lunch${ENTER}`);
    expect(await exitCode(term)).toBe(0);
    await bob.until((line) => /alice/.test(line) && /lunch/.test(line));
  });

  ptyTest("chat: a 3,000-character paste is cut to 2,000 and the cut is said", async () => {
    const chat = await server(["chat"]);
    const term = chatClient(chat.port, "alice");
    await term.waitFor("You joined as alice");
    term.type("x".repeat(3000));
    // The pty may hand the paste over in pieces: each cut is said, and together they say 1,000.
    const cuts = (s: Screen) =>
      [...s.text().matchAll(/at most 2000 characters: the last (\d+) pasted were left out\./g)]
        .map((m) => Number(m[1]))
        .reduce((a, b) => a + b, 0);
    await term.waitFor((s) => cuts(s) === 1000);
    expect(term.screen.cursorRow().text).toMatch(/^alice › x+$/);
  });

  ptyTest(
    "chat: Left and Right move over an emoji with its skin tone as one character",
    async () => {
      const chat = await server(["chat"]);
      const bob = await joinedPeer(chat.port, "bob");
      const term = chatClient(chat.port, "alice");
      await term.waitFor("You joined as alice");
      term.type("a👍🏽b");
      await term.waitFor((s) => s.cursorRow().text === "alice › a👍🏽b");
      term.type("\x1b[D\x1b[D"); // Left twice: before the emoji, not inside it
      await term.waitFor((s) => s.cursorRow().column === "alice › a".length);
      term.type(`X${ENTER}`);
      await bob.until((line) => line.includes("<alice> aX👍🏽b"));
    },
  );

  ptyTest("chat: replayed history comes under an 'earlier messages' line", async () => {
    const chat = await server(["chat", "--history", "10"]);
    const bob = await joinedPeer(chat.port, "bob");
    const carol = await joinedPeer(chat.port, "carol");
    bob.sendLine("before alice came");
    // Once carol has it, the room's history has it (bob gets no echo of his own line).
    await carol.until((line) => line.includes("before alice came"));
    const term = chatClient(chat.port, "alice");
    await term.waitFor("bob: before alice came");
    const rows = term.screen.lines();
    const marker = rows.findIndex((row) => row.includes("Earlier messages, before you joined:"));
    const message = rows.findIndex((row) => row.includes("bob: before alice came"));
    expect(marker).toBeGreaterThanOrEqual(0);
    expect(marker).toBeLessThan(message);
  });

  ptyTest("chat: /who shows how long each has been quiet", async () => {
    const chat = await server(["chat"]);
    await joinedPeer(chat.port, "bob");
    const term = chatClient(chat.port, "alice");
    await term.waitFor("You joined as alice");
    await Bun.sleep(1100); // idle times are whole seconds: bob must have been quiet for one
    term.type(`/who${ENTER}`);
    await term.waitFor(/online \(2\): .*bob \(idle \d+ s\)/);
  });

  ptyTest("chat: a long incoming line breaks between words, never inside one", async () => {
    const chat = await server(["chat"]);
    const bob = await joinedPeer(chat.port, "bob");
    const term = chatClient(chat.port, "alice");
    await term.waitFor("You joined as alice");
    const words = Array.from({ length: 20 }, (_, i) => `word${String(i).padStart(5, "0")}`);
    bob.sendLine(words.join(" "));
    await term.waitFor(words.at(-1) as string);
    const rows = term.screen.lines();
    expect(words.filter((word) => !rows.some((row) => row.includes(word)))).toEqual([]);
  });

  ptyTest("raw: é comes back as é; \\x00 sends a byte; \\c sends no newline; --crlf", async () => {
    const echo = await server(["echo"]);
    const term = connectTo("raw", echo.port, ["--crlf"]);
    await term.waitFor("raw ›");
    term.type(`é${ENTER}`);
    await term.waitFor("← 4 B  é\\r\\n");
    term.type(`a\\x00b\\c${ENTER}`);
    await term.waitFor("← 3 B  a\\x00b");
  });

  ptyTest("http: the screen shows the request it sent, line by line", async () => {
    const http = await server(["http"]);
    const term = connectTo("http", http.port, ["--method", "GET", "--path", "/"]);
    // The response that follows scrolls the request up: read the whole history.
    const shown = (text: string) => (s: Screen) => s.history().join("\n").includes(text);
    await term.waitFor(shown("HTTP/1.1 200 OK"));
    await term.waitFor(shown("→ GET / HTTP/1.1\\r\\n"));
    await term.waitFor(shown(`→ Host: 127.0.0.1:${http.port}\\r\\n`));
  });

  ptyTest("inspect: each chunk received is shown as a hex + text dump", async () => {
    const echo = await server(["echo"]);
    const term = connectTo("inspect", echo.port);
    await term.waitFor("inspect ›");
    term.type(`AB\\x00\\xff\\c${ENTER}`);
    await term.waitFor("← chunk 1: 4 bytes");
    await term.waitFor(/\n {2}41 42 00 ff {38}AB\.\./);
  });

  ptyTest(
    "French from LANG, without --lang: the form and the chat screen speak French",
    async () => {
      const chat = await server(["chat", "--lang", "fr"]);
      const term = client(["chat", "--host", "127.0.0.1", "--port", String(chat.port)], {
        LANG: "fr_FR.UTF-8",
        LC_ALL: undefined,
      });
      await term.waitFor("Votre pseudo");
      term.type(`alice${ENTER}`);
      await term.waitFor("Connecté à 127.0.0.1");
      await term.waitFor("Entrée envoie ; Tab complète les pseudos");
      await term.waitFor("Vous êtes entré sous le nom alice (1 en ligne)");
      const bob = await joinedPeer(chat.port, "bob");
      await term.waitFor("bob est arrivé (2 en ligne)");
      bob.sendLine("/quit à plus");
      await term.waitFor("bob est parti (départ en disant « à plus », 1 en ligne)");
      term.type(CTRL_C);
      expect(await exitCode(term)).toBe(0);
      expect(term.screen.text()).toContain("Au revoir.");
    },
  );

  ptyTest("--lang fr: round-trip times take a decimal comma", async () => {
    const echo = await server(["echo"]);
    const term = connectTo("echo", echo.port, ["--lang", "fr"]);
    await term.waitFor("echo ›");
    term.type(`salut${ENTER}`);
    await term.waitFor(/← salut {2}\d+,\d+ ms/);
  });
});
