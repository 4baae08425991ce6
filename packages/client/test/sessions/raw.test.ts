// The raw and inspect screens driven in-process: what a typed line sends, how each received
// chunk is shown.

import { describe, expect, test } from "bun:test";
import { inspect } from "../../src/sessions/inspect.ts";
import { raw } from "../../src/sessions/raw.ts";
import { FakeLink, FakeTerminal } from "../support/fake.ts";

describe.concurrent("raw screen", () => {
  test("a line goes out with LF (CRLF with crlf); \\x escapes send any byte", async () => {
    const link = new FakeLink();
    const term = new FakeTerminal();
    const ended = raw({ ...term, link, crlf: true });
    await term.waitFor("raw ›");
    term.type("hi\\x00\r");
    await link.waitSent("hi\x00\r\n");
    await term.waitFor("→ 5 B  hi\\x00\\r\\n");
    term.type("\x03");
    await ended;
  });

  test("valid UTF-8 is shown as text, the rest escaped", async () => {
    const link = new FakeLink();
    const term = new FakeTerminal();
    const ended = raw({ ...term, link });
    await term.waitFor("raw ›");
    link.say(new Uint8Array([0xc3, 0xa9, 0x74, 0xc3, 0x0a]));
    await term.waitFor("← 5 B  ét\\xc3\\n");
    expect(term.text()).not.toContain("\\xc3\\xa9");
    link.close();
    await ended;
    await term.waitFor("The server closed the connection");
  });
});

describe.concurrent("inspect screen", () => {
  test("each chunk is one numbered hex + text dump", async () => {
    const link = new FakeLink();
    const term = new FakeTerminal();
    const ended = inspect({ ...term, link });
    await term.waitFor("inspect ›");
    link.say("hello\n");
    await term.waitFor(/← chunk 1: 6 bytes\n {2}68 65 6c 6c 6f 0a +hello\./);
    link.say("x");
    await term.waitFor("← chunk 2: 1 byte");
    term.type("ping\r");
    await link.waitSent("ping\n");
    await term.waitFor("→ 5 B sent  ping\\n");
    term.type("\x03");
    await ended;
  });
});
