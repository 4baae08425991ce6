// The udp screen driven in-process: a datagram per line, replies paired by number, a datagram
// that never comes back shown lost.

import { describe, expect, test } from "bun:test";
import { udp } from "../../src/sessions/udp.ts";
import { FakeDatagramLink, FakeTerminal } from "../support/fake.ts";

describe.concurrent("udp screen", () => {
  test("each line is one datagram; the reply is shown with its number and time", async () => {
    const link = new FakeDatagramLink((datagram, l) => l.say(datagram));
    const term = new FakeTerminal();
    const ended = udp({ ...term, link, lossMs: 1000 });
    await term.waitFor("udp ›");
    term.type("hello\r");
    await term.waitFor(/→ #1 5 B {2}hello\n← #1 5 B {2}hello {2}\d/);
    term.type("\x03");
    await ended;
    expect(link.closed).toBe(true);
  });

  test("a datagram nobody answers is shown lost after the timeout", async () => {
    const link = new FakeDatagramLink();
    const term = new FakeTerminal();
    const ended = udp({ ...term, link, lossMs: 50 });
    await term.waitFor("udp ›");
    term.type("anyone?\r");
    await term.waitFor("#1");
    await term.waitFor(/#1 .*50 ms/);
    term.type("\x03");
    await ended;
  });
});
