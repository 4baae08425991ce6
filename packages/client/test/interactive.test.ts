// The whole interactive run in-process (form, connect, screen, outro) with `connect` injected:
// a fake link instead of a socket, a fake terminal instead of a pseudo-terminal.

import { describe, expect, test } from "bun:test";
import { ConnectError } from "../src/errors.ts";
import { runInteractive } from "../src/interactive.ts";
import { FakeLink, FakeTerminal } from "./support/fake.ts";

function run(term: FakeTerminal, connect: () => Promise<FakeLink>) {
  return runInteractive({
    input: term.input,
    output: term.output,
    answers: { mode: "echo", host: "127.0.0.1", port: 7 },
    reconnect: false,
    timeoutMs: 1000,
    color: false,
    lang: "en",
    connect,
  });
}

describe.concurrent("runInteractive", () => {
  test("the flags' answers skip the form: connects, runs the screen, says bye, exits 0", async () => {
    const term = new FakeTerminal({ rows: 40 });
    const link = new FakeLink((line, l) => l.say(`${line}\n`));
    const code = run(term, async () => link);
    await term.waitFor("Connected to 127.0.0.1:7");
    await term.waitFor("echo ›");
    term.type("hi\r");
    await term.waitFor("← hi");
    term.type("\x03");
    expect(await code).toBe(0);
    await term.waitFor("Bye.");
  });

  test("a failed connect offers retry; the retry's link runs the screen", async () => {
    const term = new FakeTerminal({ rows: 40 });
    let attempts = 0;
    const link = new FakeLink();
    const code = run(term, async () => {
      attempts++;
      if (attempts === 1) throw new ConnectError("refused", "Nothing listens on 127.0.0.1:7.");
      return link;
    });
    await term.waitFor("Nothing listens on 127.0.0.1:7.");
    await term.waitFor("What now?");
    term.type("\r"); // Try again
    await term.waitFor("echo ›");
    link.close();
    expect(await code).toBe(0);
    expect(attempts).toBe(2);
  });

  test("quit after a failed connect exits 0", async () => {
    const term = new FakeTerminal({ rows: 40 });
    const code = run(term, () => Promise.reject(new ConnectError("refused", "Nothing listens.")));
    await term.waitFor("What now?");
    term.type("\x1b[B\x1b[B\r");
    expect(await code).toBe(0);
    await term.waitFor("Bye.");
  });
});
