// Ctrl-C in `bun run client`, the README's own command, exits 0 every time (#14): at the form
// (raw mode: a key) and while waiting for an HTTP answer (the terminal cooked: a SIGINT that the
// script runner gets too, and dies of if its child dies of it). The start-up window (before
// any screen) is closed by packages/client/src/start.ts; it has no cue a test could wait on.

import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { ROOT } from "./support/cli.ts";
import { spawnInTerminal, type TerminalProcess } from "./support/terminal.ts";

setDefaultTimeout(30_000);

/** Runs per moment: the failure this guards against came 1 run in 3. */
const RUNS = 3;

function bunRunClient(args: string[]): TerminalProcess {
  return spawnInTerminal([process.execPath, "run", "--cwd", ROOT, "client", ...args], {
    cols: 90,
    rows: 30,
  });
}

async function expectCleanExit(term: TerminalProcess): Promise<void> {
  const code = await term.exit();
  expect({ code, signal: term.proc.signalCode }).toEqual({ code: 0, signal: null });
}

describe.concurrent("Ctrl-C in `bun run client` exits 0", () => {
  for (let run = 1; run <= RUNS; run++) {
    test(`at the form (run ${run})`, async () => {
      const term = bunRunClient([]);
      try {
        await term.waitFor("Connect to which kind of server?");
        term.type("\x03");
        await expectCleanExit(term);
      } finally {
        term.kill();
      }
    });

    test(`outside raw mode, waiting for an HTTP answer (run ${run})`, async () => {
      // A server that takes the request and never answers.
      const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      const term = bunRunClient([
        "http",
        "--host",
        "127.0.0.1",
        "--port",
        String(silent.port),
        "--method",
        "GET",
        "--path",
        "/",
      ]);
      try {
        await term.waitFor("GET / HTTP/1.1");
        term.type("\x03");
        await expectCleanExit(term);
      } finally {
        term.kill();
        silent.stop(true);
      }
    });
  }
});
