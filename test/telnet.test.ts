// Telnet and terminals against the line modes, end to end: raw telnet bytes over real sockets
// (timing marks, refusals, AYT), the line ends sent back (--eol), lines without a newline
// (--line-wait) against keys typed one at a time, the real `telnet` in a pseudo-terminal, and the
// raw modes, which must keep every byte (0xFF included) as data.

import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { modes } from "@socklab/server";
import fc from "fast-check";
import type { Logger } from "../packages/server/src/core/logger.ts";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { joinChat } from "./support/chat.ts";
import { connectPeer, type Peer } from "./support/peer.ts";
import { spawnInTerminal, type TerminalProcess } from "./support/terminal.ts";

setDefaultTimeout(20_000);

const IAC = 0xff;
const DO = 0xfd;
const WILL = 0xfb;
const WONT = 0xfc;
const DONT = 0xfe;
const IP = 0xf4;
const AYT = 0xf6;
const TM = 6;

/** Runs `body` with a server, stopped afterwards whatever happens. */
async function withServer(
  options: Parameters<typeof startServer>[0],
  body: (server: RunningServer) => Promise<void>,
): Promise<void> {
  const server = await startServer({ quiet: true, ...options, port: 0 });
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** Index of `needle` in `hay`, or -1. */
function indexOf(hay: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** How many times `needle` occurs in `hay`. */
function count(hay: Uint8Array, needle: number[]): number {
  let n = 0;
  for (let i = indexOf(hay, needle); i >= 0; i = indexOf(hay, needle, i + 1)) n++;
  return n;
}

/** Waits until the peer has received `needle` (bytes), or throws. */
async function bytesSeen(peer: Peer, needle: number[], ms = 3000): Promise<Uint8Array> {
  const deadline = Date.now() + ms;
  for (;;) {
    const all = peer.received();
    if (indexOf(all, needle) >= 0) return all;
    if (Date.now() > deadline) throw new Error(`never received ${needle}; got ${[...all]}`);
    await peer.bytes(all.length + 1, Math.max(1, deadline - Date.now())).catch(() => {});
  }
}

describe.concurrent("telnet commands over a real socket", () => {
  test("Ctrl-C (IAC IP IAC DO TIMING-MARK): answered at once, the partial line dropped, chat goes on", async () => {
    await withServer({ mode: modes.chat }, async (server) => {
      const other = await joinChat(server.port, "other");
      const tel = await joinChat(server.port, "tel", { lineEnd: "\r\n" });
      tel.send("half a line");
      tel.send(Uint8Array.of(IAC, IP, IAC, DO, TM));
      await bytesSeen(tel, [IAC, WILL, TM]);
      other.sendLine("after the ctrl-c");
      await tel.until((line) => line.endsWith("<other> after the ctrl-c"));
      tel.send("still here\r\n");
      const seen = await other.until((line) => line.includes("<tel>"));
      expect(seen.at(-1)).toMatch(/<tel> still here$/);
      other.close();
      tel.close();
    });
  });

  test("a command split across segments is read whole; each option refused once, never twice", async () => {
    await withServer({ mode: modes.length }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      // DO ECHO, one byte per write, then the same request again, and a WILL NAWS.
      for (const b of [IAC, DO, 1]) peer.send(Uint8Array.of(b));
      peer.send(Uint8Array.of(IAC, DO, 1, IAC, WILL, 31, IAC, WILL, 31));
      peer.send("ok\r\n");
      await peer.until((line) => line.endsWith("2 characters"));
      const all = peer.received();
      expect(count(all, [IAC, WONT, 1])).toBe(1);
      expect(count(all, [IAC, DONT, 31])).toBe(1);
      peer.close();
    });
  });

  test("IAC AYT is answered with a short line, in the server's language", async () => {
    await withServer({ mode: modes.length, lang: "fr" }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.send(Uint8Array.of(IAC, AYT));
      expect(await peer.line()).toBe("[socklab : oui, toujours là]");
      peer.close();
    });
  });
});

describe.concurrent("line ends sent back (--eol)", () => {
  /** The bytes of the answer to `line` sent with `end`, on a length server with `eol`. */
  async function answer(eol: "auto" | "crlf" | "lf" | undefined, send: Uint8Array | string) {
    let out = "";
    await withServer({ mode: modes.length, eol }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      const before = peer.received().length;
      peer.send(send);
      await peer.until((line) => line.includes("character"));
      out = new TextDecoder().decode(peer.received().subarray(before)).replace(/^[^\d]*/, "");
      peer.close();
    });
    return out;
  }

  test("auto: LF for a LF client, CRLF for CRLF, a bare CR, or telnet", async () => {
    expect(await answer(undefined, "abc\n")).toBe("3 characters\n");
    expect(await answer(undefined, "abc\r\n")).toBe("3 characters\r\n");
    expect(await answer(undefined, "abc\r")).toBe("3 characters\r\n");
    expect(await answer("auto", Uint8Array.of(IAC, 241, 0x61, 0x0a))).toBe("1 character\r\n");
  });

  test("crlf: CRLF to everyone; lf: LF even to telnet", async () => {
    expect(await answer("crlf", "abc\n")).toBe("3 characters\r\n");
    expect(await answer("lf", "abc\r\n")).toBe("3 characters\n");
  });

  test("chat: a CRLF client reads every broadcast line with CRLF, a LF client with LF", async () => {
    await withServer({ mode: modes.chat }, async (server) => {
      const lf = await joinChat(server.port, "lf");
      const crlf = await joinChat(server.port, "crlf", { lineEnd: "\r\n" });
      const from = { lf: lf.received().length, crlf: crlf.received().length };
      const speaker = await joinChat(server.port, "speaker");
      speaker.sendLine("one\ntwo");
      await lf.until((line) => line.endsWith("<speaker> two"));
      await crlf.until((line) => line.endsWith("<speaker> two"));
      const lfText = new TextDecoder().decode(lf.received().subarray(from.lf));
      const crlfText = new TextDecoder().decode(crlf.received().subarray(from.crlf));
      expect(lfText.includes("\r")).toBe(false);
      expect(crlfText.split("\r\n").length).toBe(crlfText.split("\n").length);
      expect(crlfText).toMatch(/<speaker> one\r\n.*<speaker> two\r\n$/s);
      for (const peer of [lf, crlf, speaker]) peer.close();
    });
  });
});

describe.concurrent("lines without a newline (--line-wait)", () => {
  test("a program's write without a newline is answered after the wait (length, game)", async () => {
    await withServer({ mode: modes.length }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.send("Salut le serveur !");
      expect(await peer.line()).toBe("18 characters");
      peer.close();
    });
    await withServer(
      { mode: modes.game, flags: { seed: 1, min: 0, max: 1000 } },
      async (server) => {
        const peer = await connectPeer(server.port);
        await peer.until((line) => line.includes("0") && line.includes("1000"));
        peer.send("1001");
        const seen = await peer.until((line) => /1001|between|entre/i.test(line));
        expect(seen.at(-1)).toMatch(/0.*1000/);
        peer.close();
      },
    );
  });

  test("--line-wait 0: the partial line waits for its newline, however long", async () => {
    await withServer({ mode: modes.length, lineWait: 0 }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.send("abc");
      // Longer than the default wait: with it, "abc" would have been answered by now.
      await Bun.sleep(500);
      peer.send("de\n");
      expect(await peer.line()).toBe("5 characters");
      peer.close();
    });
  });

  test("a line TCP cut after complete ones waits for its rest, however late (a paste, a flood)", async () => {
    await withServer({ mode: modes.length, lineWait: 100 }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      // One write carrying a whole line and half the next, its last segment late (a Wi-Fi
      // retransmission takes 200 ms and more): the half must not be answered as a line.
      peer.send("one\ntw");
      expect(await peer.line()).toBe("3 characters");
      await Bun.sleep(400);
      peer.send("o\n");
      expect(await peer.line()).toBe("3 characters");
      peer.close();
    });
  });

  test("keys typed one at a time, slower than the wait, are never cut (raw terminal)", async () => {
    await withServer({ mode: modes.length, lineWait: 100 }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      // A person at PuTTY raw / Windows telnet: one key per segment, pauses past --line-wait,
      // a two-byte character, a Backspace.
      for (const key of ["h", "é", "x", "\x7f", "l", "o"]) {
        peer.send(key);
        await Bun.sleep(250);
      }
      peer.send("\r\n");
      expect(await peer.line()).toBe("4 characters");
      peer.close();
    });
  });

  test("a telnet client's partial line is never cut, even when it arrives in one segment", async () => {
    await withServer({ mode: modes.length, lineWait: 100 }, async (server) => {
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.send(Uint8Array.of(IAC, DO, 3)); // telnet's "mode character"
      await bytesSeen(peer, [IAC, WILL, 3]);
      peer.send("pasted");
      await Bun.sleep(300);
      peer.send(" text\r\0");
      const seen = await peer.until((line) => line.includes("character"));
      expect(seen.at(-1)).toEndWith("11 characters");
      peer.close();
    });
  });
});

describe.concurrent("the real telnet, in a pseudo-terminal", () => {
  function telnet(port: number): TerminalProcess {
    return spawnInTerminal(["telnet", "127.0.0.1", String(port)], { cols: 100, rows: 30 });
  }
  const hasTelnet = Bun.which("telnet") !== null;

  test.skipIf(!hasTelnet)(
    "Ctrl-C, then more chat: still seen both ways, the interrupted line never sent",
    async () => {
      await withServer({ mode: modes.chat }, async (server) => {
        const other = await joinChat(server.port, "other");
        const term = telnet(server.port);
        try {
          await term.waitFor("Choose a nickname");
          term.type("tel\r");
          await term.waitFor("You are tel");
          term.type("never sent");
          await Bun.sleep(100);
          term.type("\x03"); // telnet sends IAC IP IAC DO TIMING-MARK, then waits for the mark
          await Bun.sleep(300);
          other.sendLine("after the ctrl-c");
          await term.waitFor("<other> after the ctrl-c");
          term.type("still chatting\r");
          const seen = await other.until((line) => line.includes("<tel>"));
          expect(seen.at(-1)).toMatch(/<tel> still chatting$/);
          expect(seen.join("\n")).not.toContain("never sent");
        } finally {
          term.kill();
          other.close();
        }
      });
    },
  );

  test.skipIf(!hasTelnet)(
    "mode character: Backspace erases, the line is counted right, never cut while typing",
    async () => {
      await withServer({ mode: modes.length }, async (server) => {
        const term = telnet(server.port);
        try {
          await term.waitFor("client #1");
          term.type("\x1d"); // Ctrl-]: the telnet> prompt
          await term.waitFor("telnet>");
          term.type("mode character\r");
          await Bun.sleep(300);
          // One key at a time, slower than --line-wait (300 ms) once, with a Backspace (DEL).
          for (const key of ["h", "e", "x", "\x7f", "l", "l", "o"]) {
            term.type(key);
            await Bun.sleep(key === "x" ? 400 : 60);
          }
          term.type("\r");
          await term.waitFor("5 characters");
          expect(term.screen.text()).not.toMatch(/\b[1-4] characters?\b|6 characters/);
        } finally {
          term.kill();
        }
      });
    },
  );
});

describe.concurrent("raw modes keep every byte", () => {
  const anyBytes = fc.uint8Array({ minLength: 1, maxLength: 600 }).map((b) => {
    // At least one 0xFF, often followed by what would be a telnet command.
    const out = new Uint8Array(b.length + 3);
    out.set(b);
    out.set([IAC, DO, TM], b.length);
    return out;
  });

  test("echo: the same bytes back, telnet commands and all", async () => {
    await withServer({ mode: modes.echo }, async (server) => {
      await fc.assert(
        fc.asyncProperty(anyBytes, async (bytes) => {
          const peer = await connectPeer(server.port);
          peer.send(bytes);
          expect([...(await peer.bytes(bytes.length))]).toEqual([...bytes]);
          peer.close();
        }),
        { numRuns: 25 },
      );
    });
  });

  test("bytes: one answer byte per byte, (b × 12) mod 256, 0xFF included", async () => {
    await withServer({ mode: modes.bytes }, async (server) => {
      await fc.assert(
        fc.asyncProperty(anyBytes, async (bytes) => {
          const peer = await connectPeer(server.port);
          peer.send(bytes);
          const got = await peer.bytes(bytes.length);
          expect([...got]).toEqual([...bytes].map((b) => (b * 12) & 0xff));
          peer.close();
        }),
        { numRuns: 25 },
      );
    });
  });

  test("inspect: every byte in the dump, and nothing answered", async () => {
    const lines: string[] = [];
    const log: Logger = {
      info() {},
      always: (line) => lines.push(line),
      flush() {},
      quiet: true,
    };
    await withServer({ mode: modes.inspect, log }, async (server) => {
      const bytes = Uint8Array.of(0x41, IAC, DO, TM, IAC, IAC, 0x00, 0x0d, 0x0a, 0x7f);
      const peer = await connectPeer(server.port);
      peer.send(bytes);
      const want = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
      for (let i = 0; i < 150 && !lines.join("\n").includes(want); i++) await Bun.sleep(20);
      expect(lines.join("\n")).toContain(want);
      expect(peer.received().length).toBe(0);
      peer.close();
    });
  });
});
