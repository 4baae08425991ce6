// The chat screen driven in-process: a fake link speaks the server's JSON events, a fake terminal
// types and reads the screen. It draws only what the server sent back (#16 item 6).

import { describe, expect, test } from "bun:test";
import { chat } from "../../src/sessions/chat.ts";
import { FakeLink, FakeTerminal } from "../support/fake.ts";

const T = new Date(2026, 0, 5, 14, 3, 7).getTime();

/** A chat server as the fake link's answers: accepts the nickname, echoes public lines and
 * actions marked `self`, except the ones `refuse` names (as a rate limit or the length cap would
 * drop them: an error comes back, never the message). */
function server(
  refuse: (line: string) => "rate_limited" | "line_too_long" | undefined = () => undefined,
) {
  let nick = "";
  return (line: string, link: FakeLink) => {
    if (line === "/proto json") {
      link.events({ type: "system", at: T, text: "Welcome to the socklab chat!" });
    } else if (line.startsWith("/nick ")) {
      nick = line.slice(6);
      link.events({ type: "join", at: T, nick, online: 2, self: true });
    } else if (line === "/who") {
      link.events({
        type: "who",
        at: T,
        users: [
          { nick, idle: 0 },
          { nick: "bob", idle: 75 },
        ],
      });
    } else if (line.startsWith("/quit")) {
      link.events({ type: "system", at: T, text: "Bye!" });
      link.close();
    } else {
      const code = refuse(line);
      if (code) {
        link.events({ type: "error", at: T, code, text: `refused (${code})` });
        return;
      }
      const me = /^\/me (.*)$/.exec(line);
      link.events(
        me
          ? { type: "message", at: T, from: nick, text: me[1], action: true, self: true }
          : { type: "message", at: T, from: nick, text: line, self: true },
      );
    }
  };
}

function start(link: FakeLink, options: { reconnect?: boolean } = {}) {
  const term = new FakeTerminal();
  const ended = chat({
    ...term,
    link,
    connect: () => Promise.reject(new Error("no reconnect in this test")),
    nick: "alice",
    reconnect: options.reconnect ?? false,
  });
  return { term, ended };
}

describe.concurrent("chat screen", () => {
  test("joins with /proto json then /nick, and asks who is here", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("You joined as alice (2 online)");
    await term.waitFor("online (2): alice, bob (idle 1 min)");
    expect(link.sent).toBe("/proto json\n/nick alice\n/who\n");
    term.type("\x03");
    await ended;
  });

  test("a line is shown as said only when the server sends it back", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    term.type("hello there\r");
    await term.waitFor("alice (you): hello there");
    term.type("/me waves\r");
    await term.waitFor("* alice waves");
    term.type("\x03");
    await ended;
  });

  test("a line the server refuses (rate, length) is never shown as said", async () => {
    const link = new FakeLink(
      server((line) =>
        line.startsWith("x") ? "line_too_long" : line === "fast" ? "rate_limited" : undefined,
      ),
    );
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    term.type(`${"x".repeat(100)}\r`);
    await term.waitFor("! refused (line_too_long)");
    term.type("fast\r");
    await term.waitFor("! refused (rate_limited)");
    term.type("ok\r");
    await term.waitFor("alice (you): ok");
    expect(term.text()).not.toContain("(you): x");
    expect(term.text()).not.toContain("(you): fast");
    term.type("\x03");
    await ended;
  });

  test("nothing typed shows before the server answers: a silent server shows nothing", async () => {
    // The server takes the line and says nothing (a lost packet, a server that drops it).
    let silent = false;
    const answer = server();
    const link = new FakeLink((line, l) => {
      if (!silent) answer(line, l);
    });
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    await term.waitFor("online (2)");
    silent = true;
    term.type("unanswered\r");
    await link.waitSent("unanswered\n");
    silent = false;
    term.type("answered\r");
    await term.waitFor("alice (you): answered");
    expect(term.text()).not.toContain("unanswered");
    term.type("\x03");
    await ended;
  });

  test("the history is marked as earlier messages", async () => {
    const link = new FakeLink((line, l) => {
      if (line.startsWith("/nick ")) {
        l.events(
          { type: "join", at: T, nick: "alice", online: 2, self: true },
          { type: "message", at: T, from: "bob", text: "before you", history: true },
        );
      } else if (line === "/proto json") l.events({ type: "system", at: T, text: "Welcome" });
    });
    const { term, ended } = start(link);
    await term.waitFor("bob: before you");
    const text = term.text();
    expect(text.indexOf("Earlier messages, before you joined:")).toBeLessThan(
      text.indexOf("bob: before you"),
    );
    term.type("\x03");
    await ended;
  });

  test("/quit lunch keeps its reason and ends the screen", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    term.type("/quit lunch\r");
    await ended;
    expect(link.sent).toContain("/quit lunch\n");
    expect(link.sent).not.toContain("/quit\n");
  });

  test("Ctrl-C says goodbye with /quit, the server's close ends the screen", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    term.type("\x03");
    await ended;
    expect(link.sent.endsWith("/quit\n")).toBe(true);
  });

  test("a lost connection without reconnect is said, and ends the screen", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    link.close(new Error("ECONNRESET"));
    await ended;
    await term.waitFor("ECONNRESET");
  });

  test("a lost connection with reconnect re-joins under the same nickname", async () => {
    const first = new FakeLink(server());
    const second = new FakeLink(server());
    const term = new FakeTerminal();
    const ended = chat({
      ...term,
      link: first,
      connect: async () => second,
      nick: "alice",
      reconnect: true,
    });
    await term.waitFor("You joined");
    first.close();
    await second.waitSent("/nick alice\n");
    await term.waitFor(/You joined as alice[\s\S]*You joined as alice/);
    term.type("\x03");
    await ended;
  });

  test("the input line holds what the server takes: its maxLine, in bytes, cut and said", async () => {
    const link = new FakeLink((line, l) => {
      if (line === "/proto json") l.events({ type: "system", at: T, text: "Welcome" });
      else if (line.startsWith("/nick "))
        l.events({ type: "join", at: T, nick: "alice", online: 1, self: true, maxLine: 8 });
    });
    const { term, ended } = start(link);
    await term.waitFor("You joined");
    term.type("ééééé"); // 10 bytes: four é fit in 8
    await term.waitFor(/at most 8 bytes: the last character typed was left\s+out\./);
    term.type("\r");
    await link.waitSent("éééé\n");
    term.type("\x03");
    await ended;
  });

  test("Tab completes a nickname present in the room", async () => {
    const link = new FakeLink(server());
    const { term, ended } = start(link);
    await term.waitFor("online (2): alice, bob");
    term.type("b\t");
    // "ali<Tab>" at the start of a line addresses the person, IRC style ("bob: ").
    await term.waitFor("alice › bob:");
    term.type("hi\r");
    await link.waitSent("bob: hi\n");
    term.type("\x03");
    await ended;
  });
});
