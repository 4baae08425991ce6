// The interactive form's "check a server" entry in a real pseudo-terminal: pick it, the
// exercise, the host and the port; the checklist runs with a spinner per check, then a summary.

import { expect, setDefaultTimeout, test } from "bun:test";
import { CLIENT_SOURCE, spawnServer } from "./support/cli.ts";
import { spawnInTerminal } from "./support/terminal.ts";

// Screens are awaited with 10 s deadlines; a loaded machine gets room for a few of them.
setDefaultTimeout(30_000);

const ENTER = "\r";
const UP = "\x1b[A";

test("check a server: echo on the port typed, every check passes, exit 0", async () => {
  const echo = await spawnServer(["echo", "--port", "0", "--quiet"]);
  const term = spawnInTerminal(CLIENT_SOURCE, { cols: 120, rows: 40 });
  try {
    await term.waitFor("Connect to which kind of server?");
    // The entry is the last of the list: one Up from the first wraps to it.
    term.type(UP);
    await term.waitFor("test your own server against the lab");
    term.type(ENTER);
    await term.waitFor("Which exercise does the server do?");
    term.type(ENTER); // echo, the first
    await term.waitFor("Host");
    term.type(ENTER);
    await term.waitFor("Port");
    term.type(`${echo.port}${ENTER}`);
    await term.waitFor("Every check passed.");
    const screen = term.screen.text();
    expect(screen).toContain(`Checking the echo server at 127.0.0.1:${echo.port}`);
    expect(screen).toContain("echo.half-close  after the client's half-close");
    expect(screen).toContain("11 of 11 checks passed.");
    expect(await term.exit()).toBe(0);
  } finally {
    term.kill();
    echo.proc.kill();
  }
});
