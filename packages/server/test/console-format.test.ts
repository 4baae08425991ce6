// The server console as the teacher projects it: French lines read French (reasons included),
// start with a capital, and use a decimal comma.

import { describe, expect, test } from "bun:test";
import type { ModeName } from "@socklab/protocol";
import { messages } from "../src/catalog/index.ts";
import { warn } from "../src/core/logger.ts";
import { createLogger, modes, startServer } from "../src/index.ts";

/** A server whose console lines are captured, and a way to wait for one. */
async function consoleOf(mode: ModeName, lang: "en" | "fr") {
  let text = "";
  const log = createLogger({ write: (chunk) => (text += chunk) });
  const server = await startServer({ mode: modes[mode], port: 0, lang, log });
  return {
    server,
    get text() {
      return text;
    },
    /** Resolves once the console shows a line matching `what`. */
    async until(what: RegExp): Promise<string> {
      for (let i = 0; i < 500 && !what.test(text); i++) await Bun.sleep(10);
      if (!what.test(text)) throw new Error(`no ${what} in:\n${text}`);
      return text;
    },
  };
}

describe.concurrent("console", () => {
  test("French: a departure's reason is French, sentences start with a capital", async () => {
    const c = await consoleOf("echo", "fr");
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: c.server.port,
      socket: { data() {} },
    });
    await c.until(/Client n°1 connecté depuis/);
    socket.end();
    await c.until(/Client n°1 \(.*\) déconnecté : fermée par le client/);
    const other = await Bun.connect({
      hostname: "127.0.0.1",
      port: c.server.port,
      socket: { data() {} },
    });
    await c.until(/Client n°2 connecté/);
    await c.server.stop();
    await c.until(/Client n°2 \(.*\) déconnecté : arrêt du serveur/);
    other.end();
    expect(c.text).not.toMatch(/client closed|server shutting down/);
    expect(c.text).toContain("Arrêt : fermeture de toutes les connexions");
  });

  test("French: the http log's milliseconds take a decimal comma", async () => {
    const c = await consoleOf("http", "fr");
    try {
      await fetch(`http://127.0.0.1:${c.server.port}/`).then((r) => r.text());
      const text = await c.until(/GET \/ → 200 en/);
      expect(text).toMatch(/→ 200 en \d+,\d\d ms/);
    } finally {
      await c.server.stop();
    }
  });

  test("French chat: a /quit reason is quoted, not glued to an English word", async () => {
    const c = await consoleOf("chat", "fr");
    try {
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: c.server.port,
        socket: { data() {} },
      });
      socket.write("bob\n");
      await c.until(/Le client n°1 est bob/);
      socket.write("/quit à plus\n");
      await c.until(/bob \(client n°1\) est parti : départ en disant « à plus »/);
    } finally {
      await c.server.stop();
    }
  });

  test("inspect: the time once per chunk, a dump capped at 16 rows with what it left out", async () => {
    const c = await consoleOf("inspect", "en");
    try {
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: c.server.port,
        socket: { data() {} },
      });
      socket.write(new Uint8Array(600).fill(0x41));
      const text = await c.until(/more bytes/);
      const lines = text.split("\n");
      const head = lines.findIndex((line) => line.includes("client #1: 600 bytes"));
      expect(lines[head]).toMatch(/^\[\d\d:\d\d:\d\d\] client #1: 600 bytes$/);
      const rows = lines.slice(head + 1, head + 17);
      expect(rows.every((row) => row.startsWith("  41 41"))).toBe(true);
      expect(lines[head + 17]).toBe("  … 344 more bytes");
      socket.end();
    } finally {
      await c.server.stop();
    }
  });

  test("chat: one console line per departure, naming who left", async () => {
    const c = await consoleOf("chat", "en");
    try {
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: c.server.port,
        socket: { data() {} },
      });
      socket.write("bob\n");
      await c.until(/client #1 is bob/);
      socket.write("/quit lunch\n");
      await c.until(/bob \(client #1\) left: quit: lunch/);
      // A connection that never chose a nickname is still told by the core.
      const silent = await Bun.connect({
        hostname: "127.0.0.1",
        port: c.server.port,
        socket: { data() {} },
      });
      await c.until(/client #2 connected/);
      silent.end();
      await c.until(/client #2 \(.*\) disconnected: client closed/);
      expect(c.text).not.toMatch(/client #1 \(.*\) disconnected/);
    } finally {
      await c.server.stop();
    }
  });

  test("game: the console names players, and one line per departure", async () => {
    const c = await consoleOf("game", "en");
    try {
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: c.server.port,
        socket: { data() {} },
      });
      socket.write("/name alice\n");
      await c.until(/client #1 is alice \(1 player\)/);
      socket.write("/quit\n");
      await c.until(/alice \(client #1\) left: quit/);
      expect(c.text).not.toMatch(/disconnected/);
    } finally {
      await c.server.stop();
    }
  });

  test("counts take the singular for one: 1 message, 1 client", async () => {
    const en = messages("en");
    expect(en.chatLogCount(2, 1, 60)).toBe("chat: 2 in the room, 1 message in the last 60 s");
    expect(en.serverFull(1)).toBe("Server full (1 client): try again later.");
    expect(en.inspectMore(1)).toBe("… 1 more byte");
  });

  test("chat: a 'Server full' line starts with -- like every server line", async () => {
    let text = "";
    const log = createLogger({ write: (chunk) => (text += chunk) });
    const server = await startServer({ mode: modes.chat, port: 0, log, maxClients: 1 });
    try {
      const first = await Bun.connect({
        hostname: "127.0.0.1",
        port: server.port,
        socket: { data() {} },
      });
      const { promise, resolve } = Promise.withResolvers<string>();
      let got = "";
      await Bun.connect({
        hostname: "127.0.0.1",
        port: server.port,
        socket: {
          data(_socket, data) {
            got += data.toString();
          },
          close: () => resolve(got),
        },
      });
      expect(await promise).toBe("-- Server full (1 client): try again later.\n");
      first.end();
    } finally {
      await server.stop();
    }
    expect(text).toContain("server full");
  });

  test("warnings are yellow on a colour console, as a whole line; plain without colour", async () => {
    const ESC = "\x1b";
    const lines = (color: boolean) => {
      let text = "";
      const log = createLogger({ write: (chunk) => (text += chunk), color });
      warn(log, "client #3 cut off: send queue exceeded");
      log.info("client #4 connected");
      log.flush();
      return text.split("\n");
    };
    const [warning, info] = lines(true);
    expect(warning).toMatch(
      new RegExp(
        `^${ESC}\\[2m\\[\\d\\d:\\d\\d:\\d\\d\\]${ESC}\\[22m ${ESC}\\[33mclient #3 cut off: send queue exceeded${ESC}\\[39m$`,
      ),
    );
    expect(info).not.toContain(`${ESC}[33mclient #4 connected`);
    const plain = lines(false);
    expect(plain[0]).toMatch(/^\[\d\d:\d\d:\d\d\] client #3 cut off: send queue exceeded$/);
    expect(plain.join("\n")).not.toContain(ESC);
  });

  test("--quiet silences routine warnings, not the ones that must be seen", () => {
    let text = "";
    const log = createLogger({ write: (chunk) => (text += chunk), quiet: true });
    warn(log, "refused 127.0.0.1:5000: server full");
    warn(log, "near the file-descriptor limit", true);
    log.flush();
    expect(text).not.toContain("server full");
    expect(text).toContain("near the file-descriptor limit");
  });
});
