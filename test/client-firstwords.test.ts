// The client's sessions read their server's first words, in a real pseudo-terminal: a full
// server is shown and waited out (one status line, a growing wait), a wrong port is named.

import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { CLIENT_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer, type Peer } from "./support/peer.ts";
import { spawnInTerminal, type TerminalProcess } from "./support/terminal.ts";

// The diagnosis waits 3 s for a silent server; the reconnect test waits out three backoffs.
setDefaultTimeout(30_000);

type Server = Awaited<ReturnType<typeof spawnServer>>;

/** Starts a server, a client and peers per test, and stops them all at its end. */
function withCleanup() {
  const undo: (() => void)[] = [];
  return {
    async server(args: string[]): Promise<Server> {
      const started = await spawnServer([...args, "--port", "0", "--quiet"]);
      undo.push(() => started.proc.kill());
      return started;
    },
    client(mode: string, port: number, extra: string[] = [], env: Record<string, string> = {}) {
      const term = spawnInTerminal(
        [...CLIENT_SOURCE, mode, "--host", "127.0.0.1", "--port", String(port), ...extra],
        { cols: 200, rows: 30, env: { LANG: "C.UTF-8", LC_ALL: undefined, ...env } },
      );
      undo.push(() => term.kill());
      return term;
    },
    async peer(port: number, nick: string): Promise<Peer> {
      const peer = await connectPeer(port);
      undo.push(() => peer.close());
      peer.sendLine(nick);
      await peer.until((line) => line.includes(nick));
      return peer;
    },
    done() {
      for (const step of undo) step();
    },
  };
}

/** Everything the terminal showed, scrollback included, as one text. */
const shown = (term: TerminalProcess) => term.screen.history().join("\n");

describe.concurrent("first words", () => {
  test("chat: a full server is shown once, retried on one status line with a growing wait, and joined once a place frees", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["chat", "--max-clients", "2"]);
      const bob = await t.peer(port, "bob");
      await t.peer(port, "carol");
      const term = t.client("chat", port, ["--name", "alice"]);
      await term.waitFor("The server said: Server full (2 clients): try again later.");
      // Attempts 1 and 2 waited 1 s and 2 s: the third failure is the status line's news.
      await term.waitFor((s) => /Server full · attempt 3, next in 4 s ›/.test(s.cursorRow().text));
      const text = shown(term);
      expect(text.match(/Server full/g)?.length).toBe(2); // the line printed once, and the status
      expect(text).not.toContain("Reconnected");
      expect(text).not.toContain("Reconnecting in");
      bob.close();
      await term.waitFor("You joined as alice");
      await term.waitFor((s) => s.cursorRow().text.startsWith("alice ›"));
    } finally {
      t.done();
    }
  });

  test("chat --no-reconnect on a full server: the refusal is said, and the session ends", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["chat", "--max-clients", "1"]);
      await t.peer(port, "bob");
      const term = t.client("chat", port, ["--name", "alice", "--no-reconnect"]);
      await term.waitFor("The server said: Server full (1 client): try again later.");
      expect(await term.exit()).toBe(0);
      expect(shown(term)).not.toContain("attempt");
    } finally {
      t.done();
    }
  });

  test("chat on an echo port: says it looks like an echo server and ends, without joining forever", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["echo"]);
      const term = t.client("chat", port, ["--name", "alice"]);
      await term.waitFor("It looks like a socklab echo server: try `socklab-client echo`.");
      expect(await term.exit()).toBe(0);
    } finally {
      t.done();
    }
  });

  test("chat on the http port: names the http server, and does not retry", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["http"]);
      const term = t.client("chat", port, ["--name", "alice"]);
      await term.waitFor("It looks like a socklab http server: try `socklab-client http`.");
      expect(await term.exit()).toBe(0);
      expect(shown(term)).not.toContain("attempt");
    } finally {
      t.done();
    }
  });

  test("game on the chat port: names the chat instead of asking for a number from 0 to 0", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["chat"]);
      const term = t.client("game", port, ["--name", "alice"]);
      await term.waitFor("It looks like a socklab chat server: try `socklab-client chat`.");
      expect(shown(term)).not.toContain("from 0 to 0");
      expect(await term.exit()).toBe(0);
    } finally {
      t.done();
    }
  });

  test("chat on a silent server (inspect): after 3 s, says nothing came and what it may be", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["inspect"]);
      const term = t.client("chat", port, ["--name", "alice"]);
      await term.waitFor(/Nothing from the server in 3 s[\s\S]*socklab inspect server/);
      expect(await term.exit()).toBe(0);
    } finally {
      t.done();
    }
  });

  test("game on the length port, in French (--lang fr): the diagnosis is French", async () => {
    const t = withCleanup();
    try {
      const { port } = await t.server(["length"]);
      const term = t.client("game", port, ["--name", "alice", "--lang", "fr"]);
      await term.waitFor("On dirait un serveur socklab length : essayez `socklab-client length`.");
      expect(await term.exit()).toBe(0);
    } finally {
      t.done();
    }
  });
});
