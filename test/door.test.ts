// The front door end to end: what happens before a connection is admitted. A browser or a raw
// HTTP request on a line port gets a page on how to connect and is never announced; TLS on a
// plain port; Java writeUTF and C NUL padding named on the console; --max-per-address;
// --join-timeout, including silent connections that used to hold every slot. Real sockets, real
// Chromium, real Java, a silent crowd in its own Python process. Every test has its own server.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Lang, ModeName } from "@socklab/protocol";
import { modes } from "@socklab/server";
import { createLogger } from "../packages/server/src/core/logger.ts";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { dumpDom, requireChromium } from "./support/chromium.ts";
import { run } from "./support/cli.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

const servers: RunningServer[] = [];
const peers: Peer[] = [];
afterAll(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A server whose console the test reads: `until` resolves once a line containing the text is
 * logged (an event, not a sleep). */
async function serve(
  mode: ModeName,
  options: {
    flags?: Record<string, string | number>;
    maxClients?: number;
    maxPerAddress?: number;
    joinTimeout?: number;
    lang?: Lang;
  } = {},
) {
  let console = "";
  let wake: (() => void) | undefined;
  const log = createLogger({
    write: (text) => {
      console += text;
      wake?.();
    },
  });
  const server = await startServer({
    mode: modes[mode],
    port: 0,
    host: "127.0.0.1",
    log,
    ...options,
  });
  servers.push(server);
  return {
    server,
    port: server.port,
    get console() {
      return console;
    },
    async until(text: string, ms = 5000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!console.includes(text)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`console never said ${JSON.stringify(text)}:\n${console}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
    },
  };
}

async function connect(port: number): Promise<Peer> {
  const peer = await connectPeer(port);
  peers.push(peer);
  return peer;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.concurrent("a browser on a line port", () => {
  test("headless Chromium on the chat port displays the page on how to connect; nobody joins", async () => {
    requireChromium();
    const chat = await serve("chat");
    const alice = await connect(chat.port);
    await alice.line();
    alice.sendLine("alice");
    expect(await alice.line()).toStartWith("-- You are alice (1 online)");
    {
      const { stdout, stderr } = await dumpDom(`http://127.0.0.1:${chat.port}/`);
      expect(stdout, stderr).toContain("<h1>This is the socklab chat, not a web server</h1>");
      // The page's script put the address bar's host into the commands.
      expect(stdout).toContain(`nc <span class="host">127.0.0.1</span> ${chat.port}`);
      expect(stdout).toContain(`telnet <span class="host">127.0.0.1</span> ${chat.port}`);
      expect(stdout).toContain(
        `socklab-client chat --host <span class="host">127.0.0.1</span> --port ${chat.port}`,
      );
    }
    await chat.until("spoke HTTP to the chat port (GET /)");
    // Nobody joined: alice reads no notice, and /who shows her alone.
    alice.sendLine("/who");
    expect(await alice.line()).toBe("-- 1 online:");
    expect(chat.console).not.toMatch(/client #\d+ is (?!alice)/);
  }, 90_000);

  test("a raw GET on the game port gets an HTTP response; the player already there hears of no one", async () => {
    const game = await serve("game", { flags: { seed: 7 } });
    const alice = await connect(game.port);
    await alice.line();
    await alice.line();
    alice.sendLine("/name alice");
    expect(await alice.line()).toBe("You are now alice.");
    const browser = await connect(game.port);
    browser.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n");
    const answer = text(await browser.closed());
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head.split("\r\n")[0]).toBe("HTTP/1.0 400 Bad Request");
    expect(head).toContain("Content-Type: text/html; charset=utf-8");
    expect(head).toContain("Connection: close");
    expect(head).toContain(`Content-Length: ${new TextEncoder().encode(body).length}`);
    expect(body).toContain("<title>This is the socklab guess-the-number game, not a web server");
    expect(body).toContain(`nc <span class="host">HOST</span> ${game.port}`);
    // Nothing but the page: no greeting before it, no game line after it.
    expect(answer).not.toContain("Welcome");
    await game.until("spoke HTTP to the game port (GET /)");
    // The next line alice reads is the answer to her own command: no join, no leave.
    alice.sendLine("/scores");
    expect(await alice.until((l) => l.startsWith("1."))).toEqual([
      "Scores (round 1):",
      "1. alice: 0 wins",
    ]);
    browser.close();
  });

  test("length: HEAD gets the head alone; in French the page is French", async () => {
    const length = await serve("length", { lang: "fr" });
    const head = await connect(length.port);
    head.send("HEAD /index.html HTTP/1.0\r\n\r\n");
    const answer = text(await head.closed());
    expect(answer).toStartWith("HTTP/1.0 400 Bad Request\r\n");
    expect(answer).toEndWith("\r\n\r\n");
    const get = await connect(length.port);
    get.send("GET / HTTP/1.1\r\n\r\n");
    expect(text(await get.closed())).toContain(
      "<h1>Ceci est le serveur socklab qui compte les caractères, pas un serveur web</h1>",
    );
    // A line that only looks a bit like a request is a line.
    const person = await connect(length.port);
    person.sendLine("GET me a coffee");
    expect(await person.line()).toBe("Bienvenue, vous êtes le client n°3");
    expect(await person.line()).toBe("15 caractères");
  });

  test("a client that speaks first reads the greeting and its answer in one segment", async () => {
    // The greeting waits for what the client says first, so a program that sends before reading
    // and then reads once (one recv per send) is not left one line behind.
    const length = await serve("length");
    const chunks: string[] = [];
    let wake: (() => void) | undefined;
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: length.port,
      socket: {
        open(s) {
          s.write("hello\n");
        },
        data(_s, data) {
          chunks.push(text(data));
          wake?.();
        },
      },
    });
    while (chunks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    expect(chunks[0]).toBe("Welcome, you are client #1\n5 characters\n");
    socket.end();
  });
});

describe.concurrent("TLS and Java on a plain port", () => {
  test("curl https:// on the chat port: closed, and the console says someone spoke https", async () => {
    const chat = await serve("chat");
    const { code } = await run([
      "curl",
      "-sk",
      "--max-time",
      "10",
      `https://127.0.0.1:${chat.port}/`,
    ]);
    expect(code).not.toBe(0);
    await chat.until("spoke https (TLS) to this plain TCP port: closed");
    expect(chat.console).not.toContain("Welcome");
  });

  test("echo stays byte-exact for bytes that look like TLS; the console notes it", async () => {
    const echo = await serve("echo");
    const peer = await connect(echo.port);
    const hello = new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0xff]);
    peer.send(hello);
    expect([...(await peer.bytes(hello.length))]).toEqual([...hello]);
    await echo.until(
      "spoke https (TLS) to this plain TCP port: its bytes are handled as any others",
    );
    peer.send("more\n");
    expect(text((await peer.bytes(hello.length + 5)).subarray(hello.length))).toBe("more\n");
  });

  test("a real Java writeUTF client on the length port: the console names writeUTF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "socklab-java-"));
    try {
      const length = await serve("length");
      const source = join(dir, "Utf.java");
      writeFileSync(
        source,
        `import java.io.*; import java.net.*;
public class Utf { public static void main(String[] a) throws Exception {
  try (Socket s = new Socket("127.0.0.1", Integer.parseInt(a[0]))) {
    new DataOutputStream(s.getOutputStream()).writeUTF("bonjour");
    s.getOutputStream().flush(); Thread.sleep(Long.parseLong(a[1]));
  } } }`,
      );
      // The program stays connected until the console has spoken (or 20 s): no timed guess.
      const java = Bun.spawn(["java", source, String(length.port), "20000"], {
        stdout: "ignore",
        stderr: "pipe",
      });
      try {
        await length.until('sent a Java writeUTF frame (a 2-byte length, then "bonjour"', 20_000);
      } finally {
        java.kill();
        await java.exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("a C-style name padded with NULs to 32 bytes, and a strlen+1 send, are named on the console", async () => {
    const chat = await serve("chat");
    const padded = await connect(chat.port);
    const name = new Uint8Array(32);
    name.set(new TextEncoder().encode("alice"));
    padded.send(name);
    await chat.until(
      'client #1 sent a NUL-padded buffer, as C send(name, 32) does: "alice" then 27 NUL bytes',
    );
    const terminated = await connect(chat.port);
    terminated.send(new TextEncoder().encode("bob\0"));
    await chat.until(
      'client #2 sent "bob" with its terminating NUL, as C send(buf, strlen(buf) + 1) does',
    );
  });
});

describe.concurrent("the chat's first line", () => {
  test("a message instead of a nickname is quoted back with where a nickname goes; the console says it", async () => {
    const chat = await serve("chat");
    const peer = await connect(chat.port);
    await peer.line();
    peer.sendLine("hello everyone, I am \x1b[31mAlice\x1b[0m from room 12 and I like sockets");
    expect(await peer.line()).toBe("-- A nickname has at most 20 characters.");
    const quote = "hello everyone, I am Alice from room 12 …";
    expect(await peer.line()).toBe(
      `-- You sent "${quote}". Your nickname comes first, alone on its line (then press Enter); messages come after. Nickname?`,
    );
    await chat.until(`client #1 sent "${quote}" where its nickname was expected`);
    peer.sendLine("alice");
    expect(await peer.line()).toStartWith("-- You are alice");
  });
});

describe.concurrent("--max-per-address", () => {
  test("length: a third connection from one address is refused and told why; another address gets in", async () => {
    const length = await serve("length", { maxPerAddress: 2 });
    const a = await connect(length.port);
    const b = await connect(length.port);
    expect(await a.line()).toBe("Welcome, you are client #1");
    expect(await b.line()).toBe("Welcome, you are client #2");
    const c = await connect(length.port);
    expect(text(await c.closed())).toBe(
      "Too many connections from your machine (at most 2): close one and try again.\n",
    );
    c.close();
    await length.until("already 2 connections from this address (--max-per-address)");
    // Another machine (127.0.0.2 is this one too, as far as addresses go) is not capped.
    const other = await run([
      "python3",
      "-c",
      `import socket; s = socket.socket(); s.bind(("127.0.0.2", 0)); s.connect(("127.0.0.1", ${length.port})); print(s.recv(100).decode(), end="")`,
    ]);
    expect(other.stdout).toBe("Welcome, you are client #3\n");
    // One leaves: there is room for this address again.
    a.close();
    await length.until("client #1 (");
    await length.until("disconnected");
    const d = await connect(length.port);
    expect(await d.line()).toBe("Welcome, you are client #4");
  });

  test("http: past the cap a newcomer gets 503, as from a full server", async () => {
    const http = await serve("http", { maxPerAddress: 1 });
    const first = await connect(http.port);
    const second = await connect(http.port);
    expect(text(await second.closed())).toStartWith("HTTP/1.1 503 Service Unavailable\r\n");
    first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(text(await first.bytes(12))).toStartWith("HTTP/1.1 200");
  });
});

describe.concurrent("--join-timeout", () => {
  test("chat: no nickname in time → told and closed; a member who joined stays", async () => {
    const chat = await serve("chat", { joinTimeout: 0.5 });
    const alice = await connect(chat.port);
    await alice.line();
    alice.sendLine("alice");
    expect(await alice.line()).toStartWith("-- You are alice");
    const silent = await connect(chat.port);
    // A wrong first line does not count as joining.
    const typo = await connect(chat.port);
    await typo.line();
    typo.sendLine("/who");
    const said = text(await silent.closed());
    expect(said).toEndWith(
      "-- No nickname after 0.5 s: this connection is closed so that it does not hold a place. Reconnect and type your nickname first.\n",
    );
    expect(text(await typo.closed())).toContain("-- No nickname after 0.5 s");
    // A JSON client reads it as an event.
    const program = await connect(chat.port);
    await program.line();
    program.sendLine("/proto json");
    await program.line();
    const event = JSON.parse(await program.line());
    expect(event.type).toBe("system");
    expect(event.text).toStartWith("No nickname after 0.5 s");
    await chat.until("did not join within 0.5 s (--join-timeout): closed");
    // Alice connected first, so her deadline passed first: she is still here.
    alice.sendLine("/who");
    expect(await alice.line()).toBe("-- 1 online:");
  });

  test("game and length: no first line in time → told and closed; one that spoke stays", async () => {
    for (const mode of ["game", "length"] as const) {
      const door = await serve(mode, { joinTimeout: 0.5, lang: "fr" });
      const player = await connect(door.port);
      player.sendLine("42");
      const silent = await connect(door.port);
      expect(text(await silent.closed())).toEndWith(
        "Rien reçu en 0.5 s : cette connexion est fermée pour ne pas garder une place. Reconnectez-vous quand vous serez prêt.\n",
      );
      player.sendLine("/scores");
      const answer = mode === "game" ? "Scores (manche 1) :" : "7 caractères";
      expect(await player.until((l) => l === answer)).toContain(answer);
    }
  });

  test("silent connections no longer hold every slot: past the timeout a newcomer gets in", async () => {
    const SLOTS = 10;
    // Long enough for the test to see the slots full first, even on a loaded machine.
    const chat = await serve("chat", { joinTimeout: 3, maxClients: SLOTS });
    // The crowd in its own process: SLOTS connections that never send a byte, each reporting
    // when the server closes it.
    const crowd = Bun.spawn(
      [
        "python3",
        "-c",
        `
import socket, sys, selectors
sel = selectors.DefaultSelector()
for _ in range(${SLOTS}):
    s = socket.create_connection(("127.0.0.1", ${chat.port}))
    sel.register(s, selectors.EVENT_READ)
print("open", flush=True)
left = ${SLOTS}
while left > 0:
    for key, _ in sel.select(timeout=20):
        if key.fileobj.recv(4096) == b"":
            sel.unregister(key.fileobj); left -= 1
print("all closed", flush=True)
`,
      ],
      { stdout: "pipe", stderr: "inherit" },
    );
    const reader = crowd.stdout.getReader();
    let out = "";
    const next = async () => {
      while (!out.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += text(value);
      }
      const [line = "", ...rest] = out.split("\n");
      out = rest.join("\n");
      return line;
    };
    expect(await next()).toBe("open");
    await chat.until(`client #${SLOTS} connected`);
    const early = await connect(chat.port);
    expect(text(await early.closed())).toBe(
      `-- Server full (${SLOTS} clients): try again later.\n`,
    );
    expect(await next()).toBe("all closed");
    expect(await crowd.exited).toBe(0);
    const late = await connect(chat.port);
    expect(await late.line()).toStartWith("-- Welcome to the socklab chat!");
  }, 20_000);
});
