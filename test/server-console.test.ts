// The server console in a real pseudo-terminal, as the teacher projects it: coloured on a
// terminal (dim times, a colour per client, warnings in yellow), plain under NO_COLOR.

import { describe, expect, test } from "bun:test";
import { SERVER_SOURCE } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";
import { spawnInTerminal } from "./support/terminal.ts";

/** Runs the chat server in a pty, one client joins as alice; resolves to what it wrote. */
async function consoleBytes(env: Record<string, string | undefined>): Promise<string> {
  const term = spawnInTerminal([...SERVER_SOURCE, "chat", "--port", "0", "--max-clients", "1"], {
    env,
  });
  try {
    await term.waitFor(/127\.0\.0\.1:(\d+)/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(term.screen.text())?.[1]);
    const peer = await connectPeer(port);
    peer.sendLine("alice");
    await term.waitFor("is alice");
    // A second client while alice holds the only place: refused, a warning on the console.
    const refused = await connectPeer(port);
    await term.waitFor("server full");
    refused.close();
    peer.close();
    await term.waitFor("alice (client #1) left");
    return term.raw();
  } finally {
    term.kill();
  }
}

describe.concurrent("server console", () => {
  test("on a terminal: dim times, each client number in its colour", async () => {
    const raw = await consoleBytes({ NO_COLOR: undefined, FORCE_COLOR: undefined });
    const ESC = "\x1b";
    expect(raw).toMatch(new RegExp(`${ESC}\\[2m\\[\\d\\d:\\d\\d:\\d\\d\\]${ESC}\\[22m`));
    expect(raw).toMatch(new RegExp(`${ESC}\\[3\\dmclient #1${ESC}\\[39m connected`));
    expect(raw).toMatch(
      new RegExp(`${ESC}\\[33mrefused 127\\.0\\.0\\.1:\\d+: server full${ESC}\\[39m`),
    );
  });

  test("NO_COLOR: no colour at all (the console's line editor still moves the cursor)", async () => {
    const raw = await consoleBytes({ NO_COLOR: "1", FORCE_COLOR: undefined });
    // SGR sequences (ESC [ … m) are colours and styles; ESC [2K and ESC [nC are line editing.
    expect(raw).not.toMatch(new RegExp(`${"\x1b"}\\[[\\d;]*m`));
    expect(raw).toMatch(/\[\d\d:\d\d:\d\d\] client #1 connected/);
    expect(raw).toMatch(/\[\d\d:\d\d:\d\d\] refused 127\.0\.0\.1:\d+: server full/);
    // The console's prompt names the mode.
    expect(raw).toContain("chat> ");
  });

  test("an IPv6 address to connect to is printed in brackets, so the port stays readable", async () => {
    const proc = Bun.spawn([...SERVER_SOURCE, "echo", "--host", "::1", "--port", "0"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const reader = proc.stdout.getReader();
      let out = "";
      while (!/Ctrl-C/.test(out)) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      expect(out).toMatch(/^ {2}\[::1\]:\d+$/m);
    } finally {
      proc.kill();
      await proc.exited;
    }
  });
});
