// The server console going away (issue #20 item 1): a pipe whose reader left (`| head -1`), a
// terminal that was closed. The server must go on serving, drop the log, and exit 0 on SIGTERM.

import { describe, expect, test } from "bun:test";
import { joinChat } from "./support/chat.ts";
import { harnessServer } from "./support/harness.ts";

describe.concurrent("a console that goes away", () => {
  for (const [kind, code] of [
    ["close", "EPIPE"],
    ["pty", "EIO"],
  ] as const) {
    test(`${kind === "close" ? "stdout a pipe closed by its reader" : "stdout a terminal that was closed"}: the chat goes on (${code}), SIGTERM exits 0`, async () => {
      const server = await harnessServer(kind, ["chat", "--port", "0", "--host", "127.0.0.1"]);
      try {
        // The console is gone: each join below is logged, each log line meets the error.
        const alice = await joinChat(server.port, "alice");
        const bob = await joinChat(server.port, "bob");
        alice.sendLine("anyone still here?");
        const seen = await bob.until((line) => line.includes("<alice> anyone still here?"));
        expect(seen.at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\] <alice> anyone still here\?$/);
        // A newcomer after the error is served too.
        const carol = await joinChat(server.port, "carol");
        carol.sendLine("me too");
        await alice.until((line) => line.includes("<carol> me too"));
        for (const peer of [alice, bob, carol]) peer.close();
        process.kill(server.pid, "SIGTERM");
        expect((await server.result()).code).toBe(0);
        // Said once on stderr, not once per line.
        const stderr = await server.stderr();
        expect(stderr.match(/stdout is gone/g)?.length).toBe(1);
        expect(stderr).toContain(`stdout is gone (${code})`);
      } finally {
        server.kill();
      }
    });
  }
});
