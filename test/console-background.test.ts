// A server started with `&` from a terminal (#20 item 1's set-up, with #17's console): it must not
// read the terminal, or the kernel stops it (SIGTTIN) and every student's session freezes. Run in
// a real interactive bash with job control, in a pseudo-terminal.

import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { joinChat } from "./support/chat.ts";
import { SERVER_SOURCE } from "./support/cli.ts";
import { spawnInTerminal } from "./support/terminal.ts";

/** The state letter of a process (R, S, T for stopped…), from /proc. */
function state(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "?";
}

test("socklab-server chat & in an interactive shell: not stopped, and the chat works", async () => {
  const term = spawnInTerminal(["bash", "--norc", "--noprofile", "-i"], { cols: 160, rows: 30 });
  try {
    term.type(`${SERVER_SOURCE.join(" ")} chat --port 0 --host 127.0.0.1 & echo "PID=$!"\r`);
    await term.waitFor(/PID=\d+/);
    await term.waitFor(/127\.0\.0\.1:\d+/);
    const text = term.screen.text();
    const pid = Number(/PID=(\d+)/.exec(text)?.[1]);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(text)?.[1]);
    // Give a stop (SIGTTIN on a read of the terminal) its chance: a student joins and chats.
    const alice = await joinChat(port, "alice");
    const bob = await joinChat(port, "bob");
    alice.sendLine("hello from the background");
    expect((await bob.until((line) => line.includes("hello"))).at(-1)).toMatch(
      /<alice> hello from the background$/,
    );
    expect(state(pid)).not.toBe("T");
    alice.close();
    bob.close();
    process.kill(pid, "SIGTERM");
  } finally {
    term.kill();
  }
}, 30_000);
