// The echo / bytes / length screens driven in-process: each reply is paired with its request.

import { describe, test } from "bun:test";
import { roundTrip } from "../../src/sessions/roundTrip.ts";
import { FakeLink, FakeTerminal } from "../support/fake.ts";

describe.concurrent("round-trip screens", () => {
  test("echo: a line goes out, its reply comes back with a time", async () => {
    const link = new FakeLink((line, l) => l.say(`${line}\n`));
    const term = new FakeTerminal();
    const ended = roundTrip({ ...term, link, mode: "echo" });
    await term.waitFor("echo ›");
    term.type("bonjour\r");
    await term.waitFor(/→ bonjour\n← bonjour {2}\d+(\.\d+)? ms/);
    term.type("\x03");
    await ended;
  });

  test("bytes: a list of numbers goes out as bytes; a bad list is explained and kept", async () => {
    const link = new FakeLink();
    const term = new FakeTerminal();
    const ended = roundTrip({ ...term, link, mode: "bytes" });
    await term.waitFor("bytes ›");
    term.type("1 2 300\r");
    await term.waitFor('"300" is not a byte');
    await term.waitFor("bytes › 1 2 300");
    term.type("\x15 7 8\r");
    await link.waitSent("\x07\x08");
    link.say(new Uint8Array([7, 8, 9]));
    await term.waitFor("← 7 8");
    await term.waitFor("← 9 (unasked)");
    term.type("\x03");
    await ended;
  });

  test("a last reply without its newline is shown before the close", async () => {
    const link = new FakeLink((line, l) => {
      l.say(`length ${line.length}`);
      l.close();
    });
    const term = new FakeTerminal();
    const ended = roundTrip({ ...term, link, mode: "length" });
    await term.waitFor("length ›");
    term.type("abc\r");
    await ended;
    await term.waitFor(/← length 3[^\n]*\n.*closed/);
  });
});
