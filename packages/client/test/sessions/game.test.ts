// The game screen driven in-process: a fake link speaks the game's JSON events, a fake terminal
// types guesses and reads the screen.

import { describe, expect, test } from "bun:test";
import { game } from "../../src/sessions/game.ts";
import { FakeLink, FakeTerminal } from "../support/fake.ts";

const T = new Date(2026, 0, 5, 14, 3, 7).getTime();

/** A game server with secret 42 in 1..100, as the fake link's answers. */
function server(line: string, link: FakeLink) {
  if (line === "/proto json") {
    link.events({
      type: "welcome",
      at: T,
      player: 1,
      name: "player 1",
      min: 1,
      max: 100,
      round: 1,
    });
  } else if (line === "/help") {
    link.events({
      type: "system",
      at: T,
      text: "Commands:\n  /scores  the scores\n  /quit  leave\n",
    });
  } else if (/^\d+$/.test(line)) {
    const guess = Number(line);
    link.events(
      guess === 42
        ? { type: "win", at: T, round: 1, winner: "player 1", attempts: 2, secret: 42, self: true }
        : { type: "hint", at: T, guess, result: guess < 42 ? "small" : "big", attempts: 1 },
    );
  }
}

describe.concurrent("game screen", () => {
  test("the welcome sets the prompt; a hint narrows the interval it shows", async () => {
    const link = new FakeLink(server);
    const term = new FakeTerminal();
    const ended = game({ ...term, link });
    await term.waitFor("round 1 1..100 ›");
    term.type("30\r");
    await term.waitFor("30  ↑ too small: it is higher (attempt 1)");
    await term.waitFor("round 1 31..100 ›");
    term.type("42\r");
    await term.waitFor("★ You found it! The number was 42, in 2 attempts. ★");
    term.type("\x03");
    await ended;
    expect(link.sent).toBe("/proto json\n30\n42\n/quit\n");
  });

  test("letters are refused at the key; an out-of-range guess is explained, not sent, and cleared", async () => {
    const link = new FakeLink(server);
    const term = new FakeTerminal();
    const ended = game({ ...term, link });
    await term.waitFor("round 1 1..100 ›");
    term.type("5a0");
    await term.waitFor("round 1 1..100 › 50");
    term.type("0\r");
    await term.waitFor("Type a whole number from 1 to 100.");
    expect(await term.inputLine()).toBe("round 1 1..100 ›");
    expect(link.sent).not.toContain("500");
    term.type("\x03");
    await ended;
  });

  test("a multi-line answer (/help) is shown as lines under one time", async () => {
    const link = new FakeLink(server);
    const term = new FakeTerminal();
    const ended = game({ ...term, link });
    await term.waitFor("round 1");
    term.type("/help\r");
    await term.waitFor(
      "14:03:07 Commands:\n           /scores  the scores\n           /quit  leave",
    );
    term.type("\x03");
    await ended;
  });

  test("--lang fr: the screen's own words in French", async () => {
    const link = new FakeLink(server);
    const term = new FakeTerminal({ lang: "fr" });
    const ended = game({ ...term, link });
    await term.waitFor("Manche 1 : devinez un nombre entier de 1 à 100.");
    await term.waitFor("manche 1 1..100 ›");
    term.type("30\r");
    await term.waitFor("30  ↑ trop petit : c'est plus (essai 1)");
    term.type("42\r");
    await term.waitFor("★ Trouvé ! Le nombre était 42, en 2 essais. ★");
    expect(term.text()).not.toMatch(/round|too small|found/i);
    term.type("\x03");
    await ended;
  });

  test("the server's close is said and ends the screen", async () => {
    const link = new FakeLink(server);
    const term = new FakeTerminal();
    const ended = game({ ...term, link });
    await term.waitFor("round 1");
    link.close();
    await ended;
    await term.waitFor("The server closed the connection");
  });
});
