// HTTP typed by hand (#11 item 5): a student who reads the exercise sheet before typing, then
// types `GET / HTTP/1.1`, `Host: x` and the empty line at human speed in the real telnet, gets the
// page, not a 408 or a closed connection. The old 5 s / 10 s timeouts cut this student off; the
// defaults are now nginx's 60 s. Slow on purpose (12 s of human pauses), so it has a file of its
// own and overlaps nothing else.

import { expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { startServer } from "../packages/server/src/core/server.ts";
import { spawnInTerminal } from "./support/terminal.ts";

const hasTelnet = Bun.which("telnet") !== null;
const PAUSE_MS = 6000;

test.skipIf(!hasTelnet)(
  "telnet, 6 s before the request line and 6 s before the Host line: 200 and the page",
  async () => {
    const server = await startServer({ mode: modes.http, port: 0, host: "127.0.0.1", quiet: true });
    const term = spawnInTerminal(["telnet", "127.0.0.1", String(server.port)], {
      cols: 100,
      rows: 30,
    });
    try {
      await term.waitFor("Escape character is");
      await Bun.sleep(PAUSE_MS); // reading the exercise sheet
      term.type("GET / HTTP/1.1\r");
      await Bun.sleep(PAUSE_MS); // looking up what Host means
      term.type("Host: x\r");
      term.type("\r");
      await term.waitFor("HTTP/1.1 200 OK", 5000);
      await term.waitFor("Hello World", 5000);
      expect(term.screen.text()).not.toContain("408");
    } finally {
      term.kill();
      await server.stop();
    }
  },
  40_000,
);
