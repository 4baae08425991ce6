// The chat room's rules driven directly, without sockets: fake members record what they read.

import { describe, expect, test } from "bun:test";
import { type ChatEvent, type CloseReason, decodeEvent } from "@socklab/protocol";
import { messages } from "../src/catalog/index.ts";
import { parseLine } from "../src/chat/commands.ts";
import { idleText, renderChat } from "../src/chat/format.ts";
import { History } from "../src/chat/history.ts";
import { type ChatMember, type ChatOptions, ChatRoom } from "../src/chat/room.ts";
import { closeText } from "../src/core/close-reason.ts";
import { clock } from "../src/core/logger.ts";
import { FLOOD_KICK_MS } from "../src/core/rate-limit.ts";

const decoder = new TextDecoder();
const T0 = new Date(2026, 0, 5, 14, 3, 7).getTime();
const STAMP = `[${clock(new Date(T0))}]`;
const en = messages("en");
const CLOSED: CloseReason = { kind: "closed" };
const LOST: CloseReason = { kind: "lost", detail: "ECONNRESET" };

class Fake implements ChatMember {
  readonly id: number;
  private text = "";
  ended: string | undefined;
  destroyed: string | undefined;
  constructor(id: number) {
    this.id = id;
  }
  send(data: string | Uint8Array): boolean {
    if (this.ended !== undefined || this.destroyed !== undefined) return false;
    this.text += typeof data === "string" ? data : decoder.decode(data);
    return true;
  }
  sendReplay(data: string | Uint8Array): boolean {
    return this.send(data);
  }
  /** The reason in the console's words (the room passes it typed). */
  end(reason: CloseReason): void {
    this.ended = closeText(en, reason);
  }
  destroy(reason: CloseReason): void {
    this.destroyed = closeText(en, reason);
  }
  /** Lines read since the last call. */
  take(): string[] {
    const lines = this.text.split("\n");
    this.text = lines.pop() ?? "";
    return lines;
  }
  events(): ChatEvent[] {
    return this.take().map((line) => decodeEvent(line) as ChatEvent);
  }
}

function setup(options: Partial<ChatOptions> = {}) {
  const clockState = { now: T0 };
  const logged: string[] = [];
  const room = new ChatRoom<Fake>({
    msg: messages("en"),
    log: { info: (l) => logged.push(l), always: (l) => logged.push(l), flush() {} },
    history: 20,
    echoSelf: false,
    logMessages: false,
    rate: { rate: 0, burst: 20 },
    maxLine: 2048,
    now: () => clockState.now,
    ...options,
  });
  let nextId = 1;
  /** A member that connected and (if `nick` is given) chose its nickname; its inbox is empty. */
  const member = (nick?: string, json = false) => {
    const m = new Fake(nextId++);
    room.connect(m);
    if (json) room.line(m, "/proto json");
    if (nick !== undefined) room.line(m, json ? `/nick ${nick}` : nick);
    m.take();
    return m;
  };
  /** Members who all joined, their inboxes emptied after the last one joined. */
  const crowd = (...nicks: string[]) => {
    const list = nicks.map((nick) => member(nick));
    for (const m of list) m.take();
    // Typed as four so destructuring needs no checks; tests take only as many as they named.
    return list as [Fake, Fake, Fake, Fake];
  };
  return { room, member, crowd, clock: clockState, logged };
}

describe("joining", () => {
  test("the welcome asks for a nickname; the first line is the nickname", () => {
    const { room } = setup();
    const alice = new Fake(1);
    room.connect(alice);
    expect(alice.take()).toEqual([
      "-- Welcome to the socklab chat! Choose a nickname (1-20 letters, digits, _ - .):",
    ]);
    room.line(alice, "alice");
    expect(alice.take()).toEqual(["-- You are alice (1 online). Type /help for the commands."]);
    expect(room.nicks()).toEqual(["alice"]);
  });

  test("the others read who joined and how many are online", () => {
    const { room, member } = setup();
    const alice = member("alice");
    const bob = new Fake(9);
    room.connect(bob);
    room.line(bob, "bob");
    expect(alice.take()).toEqual([`${STAMP} -- bob joined (2 online)`]);
  });

  test.each([
    [
      "bob smith",
      "A nickname uses only letters, digits, _ - and . (no spaces).",
      '-- You sent "bob smith". Your nickname comes first, alone on its line (then press Enter); messages come after. Nickname?',
    ],
    [
      "al\x1b[2Jice",
      "A nickname uses only letters, digits, _ - and . (no spaces).",
      '-- You sent "alice". Your nickname comes first, alone on its line (then press Enter); messages come after. Nickname?',
    ],
    [
      "x".repeat(200),
      "A nickname has at most 20 characters.",
      '-- You sent "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…". Your nickname comes first, alone on its line (then press Enter); messages come after. Nickname?',
    ],
    ["ALICE", "Someone here is already called alice.", "-- Nickname?"],
  ])("nickname %j is refused with its reason and another prompt", (name, reason, prompt) => {
    const { room, member } = setup();
    const alice = member("alice");
    const bob = new Fake(9);
    room.connect(bob);
    bob.take();
    room.line(bob, name);
    expect(bob.take()).toEqual([`-- ${reason}`, prompt]);
    expect(room.nicks()).toEqual(["alice"]);
    expect(alice.take()).toEqual([]);
    room.line(bob, "Élodie");
    expect(room.nicks()).toEqual(["alice", "Élodie"]);
  });

  test("letters of any script are fine; an empty line asks again", () => {
    const { room } = setup();
    const m = new Fake(1);
    room.connect(m);
    m.take();
    room.line(m, "   ");
    expect(m.take()).toEqual(["-- Nickname?"]);
    room.line(m, "Сергей_2.0-3");
    expect(room.nicks()).toEqual(["Сергей_2.0-3"]);
  });

  test("a newcomer reads the last public messages, after its welcome", () => {
    const { room, member } = setup({ history: 2 });
    const alice = member("alice");
    for (const text of ["one", "two", "three"]) room.line(alice, text);
    room.line(alice, "/me waves");
    room.line(alice, "alice=>not in the history");
    const bob = new Fake(2);
    room.connect(bob);
    bob.take();
    room.line(bob, "bob");
    expect(bob.take()).toEqual([
      "-- You are bob (2 online). Type /help for the commands.",
      "-- The last 2 messages:",
      `${STAMP} <alice> three`,
      `${STAMP} * alice waves`,
    ]);
  });

  test("--history 0 replays nothing", () => {
    const { room, member } = setup({ history: 0 });
    const alice = member("alice");
    room.line(alice, "hello");
    const bob = new Fake(2);
    room.connect(bob);
    bob.take();
    room.line(bob, "bob");
    expect(bob.take()).toEqual(["-- You are bob (2 online). Type /help for the commands."]);
  });

  test("a connection that closes before choosing a nickname disturbs nobody", () => {
    const { room, member } = setup();
    const alice = member("alice");
    const ghost = new Fake(7);
    room.connect(ghost);
    room.disconnect(ghost, LOST);
    expect(alice.take()).toEqual([]);
    expect(room.online).toBe(1);
  });
});

describe("talking", () => {
  test("a line goes to everyone else, stamped and tagged; the sender is not echoed", () => {
    const { room, crowd } = setup();
    const [alice, bob, carol] = crowd("alice", "bob", "carol");
    alice.take();
    bob.take();
    room.line(alice, "hello there");
    expect(bob.take()).toEqual([`${STAMP} <alice> hello there`]);
    expect(carol.take()).toEqual([`${STAMP} <alice> hello there`]);
    expect(alice.take()).toEqual([]);
  });

  test("--echo-self gives the sender its own line", () => {
    const { room, member } = setup({ echoSelf: true });
    const alice = member("alice");
    room.line(alice, "hi");
    expect(alice.take()).toEqual([`${STAMP} <alice> hi`]);
  });

  test("a JSON sender gets its own accepted line back marked self; a dropped one never", () => {
    const { room, member } = setup({ rate: { rate: 10, burst: 4 } }); // /proto and /nick take two
    const bob = member("bob");
    const alice = member("alice", true);
    bob.take();
    room.line(alice, "hello");
    room.line(alice, "/me waves");
    for (let i = 0; i < 5; i++) room.line(alice, `flood ${i}`);
    room.overlong(alice);
    const events = alice.events();
    expect(events.filter((e) => e.type === "message")).toEqual([
      { type: "message", at: T0, from: "alice", text: "hello", self: true },
      { type: "message", at: T0, from: "alice", text: "waves", action: true, self: true },
    ]);
    expect(events.map((e) => (e.type === "error" ? e.code : e.type))).toEqual([
      "message",
      "message",
      "rate_limited",
      "line_too_long",
    ]);
    // The plain reader reads each accepted line once, without the mark.
    expect(bob.take()).toEqual([`${STAMP} <alice> hello`, `${STAMP} * alice waves`]);
  });

  test("--echo-self does not send a JSON sender its line twice", () => {
    const { room, member } = setup({ echoSelf: true });
    const alice = member("alice", true);
    room.line(alice, "hi");
    expect(alice.events()).toEqual([
      { type: "message", at: T0, from: "alice", text: "hi", self: true },
    ]);
  });

  test("escape sequences and control characters never reach the others", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "a\x1b[2Jb\x1b]0;pwned\x07c\x00d\ufffd");
    expect(bob.take()).toEqual([`${STAMP} <alice> abcd\ufffd`]);
    room.line(alice, "\x1b[2J\x1b[H");
    expect(bob.take()).toEqual([]); // nothing left to say
  });

  test("/me", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "/me waves");
    expect(bob.take()).toEqual([`${STAMP} * alice waves`]);
  });

  test("coucou, in any case, makes the server say Bonjour to everyone", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    alice.take();
    room.line(bob, "CouCou");
    expect(alice.take()).toEqual([`${STAMP} <bob> CouCou`, `${STAMP} -- Bonjour`]);
    expect(bob.take()).toEqual([`${STAMP} -- Bonjour`]);
  });

  test("//text sends a line starting with /", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "//etc/passwd is a file");
    expect(bob.take()).toEqual([`${STAMP} <alice> /etc/passwd is a file`]);
  });
});

describe("private messages", () => {
  test("/msg, NICK=>text and a,b=>text reach only the addressees, and the sender as a receipt", () => {
    const { room, crowd } = setup();
    const [alice, bob, carol, dave] = crowd("alice", "bob", "carol", "dave");
    for (const m of [alice, bob, carol]) m.take();
    room.line(alice, "/msg BOB psst");
    expect(bob.take()).toEqual([`${STAMP} <alice -> bob> psst`]);
    expect(alice.take()).toEqual([`${STAMP} <alice -> bob> psst`]);
    room.line(alice, "carol=>hi");
    expect(carol.take()).toEqual([`${STAMP} <alice -> carol> hi`]);
    room.line(alice, "bob, carol => both");
    expect(bob.take()).toEqual([`${STAMP} <alice -> bob, carol> both`]);
    expect(carol.take()).toEqual([`${STAMP} <alice -> bob, carol> both`]);
    expect(alice.take()).toEqual([
      `${STAMP} <alice -> carol> hi`,
      `${STAMP} <alice -> bob, carol> both`,
    ]);
    expect(dave.take()).toEqual([]);
  });

  test("to oneself: read once", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "/msg alice note to self");
    expect(alice.take()).toEqual([`${STAMP} <alice -> alice> note to self`]);
    expect(bob.take()).toEqual([]);
  });

  test("to nobody, or to someone not here: an error, nothing sent", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "/msg");
    room.line(alice, "/msg bob");
    room.line(alice, "/msg ghost hello");
    room.line(alice, "bob,ghost=>hello");
    room.line(alice, "bob=>");
    expect(alice.take()).toEqual([
      "-- Usage: /msg NICK text   (or NICK=>text, a,b=>text)",
      "-- Usage: /msg NICK text   (or NICK=>text, a,b=>text)",
      "-- No one here is called ghost; nothing was sent.",
      "-- No one here is called ghost; nothing was sent.",
      "-- Usage: /msg NICK text   (or NICK=>text, a,b=>text)",
    ]);
    expect(bob.take()).toEqual([]);
  });
});

describe("commands", () => {
  test("/nick: the others are told; a taken name is refused; changing one's own case is fine", () => {
    const { room, crowd, logged } = setup();
    const [alice, bob] = crowd("alice", "bob");
    alice.take();
    room.line(alice, "/nick Bob");
    expect(alice.take()).toEqual(["-- Someone here is already called bob."]);
    room.line(alice, "/nick alicia");
    expect(alice.take()).toEqual(["-- You are now known as alicia."]);
    expect(bob.take()).toEqual([`${STAMP} -- alice is now known as alicia`]);
    room.line(alice, "/nick ALICIA");
    expect(room.nicks()).toEqual(["ALICIA", "bob"]);
    room.line(bob, "/msg alicia hi");
    expect(alice.take().at(-1)).toBe(`${STAMP} <bob -> ALICIA> hi`);
    expect(logged).toContain("alice is now alicia");
  });

  test("/nick to one's own name answers only the one who typed it: nothing is broadcast", () => {
    const { room, crowd, logged } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.line(alice, "/nick alice");
    expect(alice.take()).toEqual(["-- You are already called alice."]);
    expect(bob.take()).toEqual([]);
    expect(logged.some((line) => line.includes("alice is now"))).toBe(false);
  });

  test("/who lists everyone with their idle time", () => {
    const { room, crowd, clock } = setup();
    const [alice, bob] = crowd("alice", "bob");
    clock.now += 65_000;
    room.line(bob, "/who");
    expect(bob.take()).toEqual(["-- 2 online:", "--   alice (idle 1m05s)", "--   bob (idle 0s)"]);
    expect(alice.take()).toEqual([]);
  });

  test("/help, unknown commands, and commands before the nickname", () => {
    const { room, member } = setup();
    const alice = member("alice");
    room.line(alice, "/help");
    expect(alice.take()).toEqual(messages("en").chatHelp.map((line) => `-- ${line}`));
    room.line(alice, "/frobnicate now");
    expect(alice.take()).toEqual(["-- Unknown command /frobnicate: type /help for the list."]);
    const newcomer = member();
    room.line(newcomer, "/me dances");
    room.line(newcomer, "/who");
    expect(newcomer.take()).toEqual([
      "-- Choose a nickname first (type it, or /nick NAME).",
      "-- 1 online:",
      "--   alice (idle 0s)",
    ]);
  });

  test("/quit with a reason, and a plain exit, leave the room with a goodbye", () => {
    const { room, crowd } = setup();
    const [alice, bob, carol] = crowd("alice", "bob", "carol");
    room.line(bob, "/quit see you \x1b[31mlater");
    expect(bob.take()).toEqual(["-- Goodbye!"]);
    expect(bob.ended).toBe("quit");
    expect(alice.take()).toEqual([`${STAMP} -- bob left (quit: see you later)`]);
    room.line(carol, "EXIT");
    expect(alice.take()).toEqual([`${STAMP} -- carol left (quit)`]);
    // The close that follows tells nobody again.
    room.disconnect(bob, CLOSED);
    room.disconnect(carol, CLOSED);
    expect(alice.take()).toEqual([]);
    expect(room.online).toBe(1);
  });

  test("a closed or lost connection: the others read why", () => {
    const { room, crowd } = setup();
    const [alice, bob, carol] = crowd("alice", "bob", "carol");
    alice.take();
    room.disconnect(bob, CLOSED);
    room.disconnect(carol, LOST);
    expect(alice.take()).toEqual([
      `${STAMP} -- bob left (connection closed)`,
      `${STAMP} -- carol left (connection lost)`,
    ]);
  });

  test("a JSON reader gets each leave's reason in words, its code, and what was typed with it", () => {
    const { room, member, crowd } = setup();
    const reader = member("reader", true);
    const [bob, carol, dave] = crowd("bob", "carol", "dave");
    reader.take();
    room.line(bob, "/quit lunch");
    room.kick(carol, "");
    room.disconnect(dave, LOST);
    const leaves = reader.events().filter((e) => e.type === "leave");
    expect(leaves).toEqual([
      {
        type: "leave",
        at: T0,
        nick: "bob",
        reason: "quit: lunch",
        code: "quit",
        detail: "lunch",
        online: 3,
      },
      {
        type: "leave",
        at: T0,
        nick: "carol",
        reason: "kicked by the teacher",
        code: "kicked",
        online: 2,
      },
      { type: "leave", at: T0, nick: "dave", reason: "connection lost", code: "lost", online: 1 },
    ]);
  });

  test("a server that stops sends no leave notices", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    alice.take();
    room.stop();
    expect(room.goodbye(alice)).toBe("-- Server is shutting down. Goodbye!\n");
    room.disconnect(bob, CLOSED);
    expect(alice.take()).toEqual([]);
  });
});

describe("console", () => {
  test("joins, leaves, renames and kicks are logged; contents only with logMessages", () => {
    const quiet = setup();
    const [a, b] = quiet.crowd("alice", "bob");
    quiet.room.line(a, "secret");
    quiet.room.line(a, "/nick alicia");
    quiet.room.overflow(b);
    expect(quiet.logged).toEqual([
      "client #1 is alice (1 in the room)",
      "client #2 is bob (2 in the room)",
      "alice is now alicia",
      "kicked bob (client #2): send queue exceeded",
      "bob (client #2) left: send queue exceeded",
    ]);
    const loud = setup({ logMessages: true });
    const [c] = loud.crowd("carol", "dave");
    loud.room.line(c, "hello");
    loud.room.line(c, "/me waves");
    loud.room.line(c, "dave=>psst");
    expect(loud.logged.slice(2)).toEqual([
      "<carol> hello",
      "* carol waves",
      "<carol -> dave> psst",
    ]);
  });

  test("the periodic count: people in the room and messages since the last report", () => {
    const { room, crowd } = setup();
    expect(room.report(60)).toBeUndefined();
    const [alice] = crowd("alice", "bob");
    room.line(alice, "one");
    room.line(alice, "two");
    expect(room.report(60)).toBe("chat: 2 in the room, 2 messages in the last 60 s");
    expect(room.report(60)).toBe("chat: 2 in the room, 0 messages in the last 60 s");
  });
});

describe("structured mode", () => {
  test("/proto json: a welcome, /nick, then one JSON event per line", () => {
    const { room, member } = setup();
    const alice = member("alice");
    room.line(alice, "hello");
    const bot = new Fake(5);
    room.connect(bot);
    bot.take();
    room.line(bot, "/proto json");
    room.line(bot, "just text");
    room.line(bot, "/nick bot");
    expect(bot.events()).toEqual([
      {
        type: "system",
        at: T0,
        text: "Welcome to the socklab chat! Choose a nickname with /nick NAME.",
      },
      {
        type: "error",
        at: T0,
        code: "no_nick",
        text: "Choose a nickname first (type it, or /nick NAME).",
      },
      { type: "join", at: T0, nick: "bot", online: 2, self: true, maxLine: 2048 },
      { type: "message", at: T0, from: "alice", text: "hello", history: true },
    ]);
    room.line(alice, "/me waves");
    room.line(alice, "bot=>psst");
    room.line(alice, "/nick al");
    room.line(bot, "/who");
    room.line(bot, "/msg nobody x");
    room.disconnect(alice, CLOSED);
    expect(bot.events()).toEqual([
      { type: "message", at: T0, from: "alice", text: "waves", action: true },
      { type: "private", at: T0, from: "alice", to: ["bot"], text: "psst" },
      { type: "nick", at: T0, from: "alice", to: "al" },
      {
        type: "who",
        at: T0,
        users: [
          { nick: "al", idle: 0 },
          { nick: "bot", idle: 0 },
        ],
      },
      {
        type: "error",
        at: T0,
        code: "unknown_user",
        text: "No one here is called nobody; nothing was sent.",
      },
      {
        type: "leave",
        at: T0,
        nick: "al",
        reason: "connection closed",
        code: "closed",
        online: 1,
      },
    ]);
  });

  test("text and JSON readers of one broadcast each get their form", () => {
    const { room, member } = setup();
    const text = member("text");
    const json = member("json", true);
    const speaker = member("speaker");
    text.take();
    json.take();
    room.line(speaker, "hi");
    expect(text.take()).toEqual([`${STAMP} <speaker> hi`]);
    expect(json.events()).toEqual([{ type: "message", at: T0, from: "speaker", text: "hi" }]);
  });
});

describe("limits", () => {
  test("over the rate: the lines are dropped and the sender told to slow down, once a second", () => {
    const { room, crowd, clock } = setup({ rate: { rate: 10, burst: 20 } });
    const [alice, bob] = crowd("alice", "bob");
    alice.take();
    for (let i = 0; i < 100; i++) room.line(alice, `line ${i}`);
    expect(bob.take()).toHaveLength(20 - 1); // the burst, less the nickname line
    expect(alice.take()).toEqual([
      "-- Slow down: at most 10 lines per second; your last lines were dropped.",
    ]);
    clock.now += 1000; // ten tokens back
    for (let i = 0; i < 10; i++) room.line(alice, `again ${i}`);
    expect(bob.take()).toHaveLength(10);
  });

  test("flooding for 10 seconds gets the sender disconnected; the others are told", () => {
    const { room, crowd, clock } = setup({ rate: { rate: 10, burst: 20 } });
    const [alice, bob] = crowd("alice", "bob");
    alice.take();
    for (let ms = 0; ms <= FLOOD_KICK_MS + 1000 && alice.ended === undefined; ms += 50) {
      clock.now = T0 + ms;
      for (let i = 0; i < 5; i++) room.line(alice, "spam");
    }
    expect(alice.ended).toBe("flooding");
    expect(alice.take().at(-1)).toBe("-- Disconnected: you kept sending too fast for 10 seconds.");
    expect(bob.take().at(-1)).toEqual(expect.stringMatching(/ -- alice left \(flooding\)$/));
    expect(room.online).toBe(1);
  });

  test("an over-long line gets an error, in the reader's format", () => {
    const { room, member } = setup();
    const alice = member("alice");
    const bot = member("bot", true);
    alice.take();
    room.overlong(alice);
    room.overlong(bot);
    expect(alice.take()).toEqual(["-- Line too long (over 2048 bytes): ignored."]);
    expect(bot.events()).toEqual([
      {
        type: "error",
        at: T0,
        code: "line_too_long",
        text: "Line too long (over 2048 bytes): ignored.",
      },
    ]);
  });
});

describe("pieces", () => {
  test("parseLine", () => {
    expect(parseLine("/msg bob hi there")).toEqual({ kind: "msg", to: ["bob"], text: "hi there" });
    expect(parseLine("a,b=>hi")).toEqual({ kind: "msg", to: ["a", "b"], text: "hi" });
    expect(parseLine("x => y")).toEqual({ kind: "msg", to: ["x"], text: "y" });
    expect(parseLine("hello => world, with spaces")).toEqual({
      kind: "msg",
      to: ["hello"],
      text: "world, with spaces",
    });
    expect(parseLine("two words => no")).toEqual({ kind: "say", text: "two words => no" });
    expect(parseLine(" exit ")).toEqual({ kind: "quit", reason: "" });
    expect(parseLine("/QUIT  gone fishing ")).toEqual({ kind: "quit", reason: "gone fishing" });
    expect(parseLine("/proto xml")).toEqual({ kind: "usage", usage: "proto" });
    expect(parseLine("/nick")).toEqual({ kind: "usage", usage: "nick" });
    expect(parseLine("\t")).toEqual({ kind: "empty" });
  });

  test("History keeps the last N, oldest first", () => {
    const h = new History<number>(3);
    for (let i = 1; i <= 7; i++) h.push(i);
    expect(h.items()).toEqual([5, 6, 7]);
    const none = new History<number>(0);
    none.push(1);
    expect(none.items()).toEqual([]);
  });

  test("idle times", () => {
    expect([0, 59, 60, 303, 3600, 7325].map(idleText)).toEqual([
      "0s",
      "59s",
      "1m00s",
      "5m03s",
      "1h00m",
      "2h02m",
    ]);
  });
});

describe("spoofing (issue 20)", () => {
  const LOOKS_LIKE_ALICE = "-- This nickname looks too much like alice: choose another one.";
  test.each([
    ["Cyrillic а", "\u0430lice"],
    ["dotless ı", "al\u0131ce"],
    ["fullwidth", "ａｌｉｃｅ"],
    ["mathematical bold", "𝐚lice"],
    ["small capital", "ᴀlice"],
    ["capital I for l", "aIice"],
  ])("a look-alike of alice (%s) is refused as one, and asked again", (_what, name) => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    const mallory = new Fake(9);
    room.connect(mallory);
    mallory.take();
    room.line(mallory, name);
    expect(mallory.take()).toEqual([LOOKS_LIKE_ALICE, "-- Nickname?"]);
    expect(room.nicks()).toEqual(["alice", "bob"]);
    expect(alice.take()).toEqual([]);
    expect(bob.take()).toEqual([]);
  });

  test("Greek ο in bob, by /nick: refused as a look-alike of bob", () => {
    const { room, crowd } = setup();
    const [, mallory] = crowd("bob", "mallory");
    room.line(mallory, "/nick b\u03bfb");
    expect(mallory.take()).toEqual([
      "-- This nickname looks too much like bob: choose another one.",
    ]);
    expect(room.nicks()).toEqual(["bob", "mallory"]);
  });

  test.each([
    ["alice + U+034F", "alice\u034f", "A nickname cannot hold invisible characters."],
    ["alice + U+FE0F", "alice\ufe0f", "A nickname cannot hold invisible characters."],
    ["U+3164", "\u3164", "A nickname cannot hold invisible characters."],
    ["U+FFA0", "\uffa0", "A nickname cannot hold invisible characters."],
    ["U+115F", "\u115f", "A nickname cannot hold invisible characters."],
    ["combining marks only", "\u0301\u0308", "A nickname starts with a letter or a digit."],
    ["a leading U+0338", "\u0338alice", "A nickname starts with a letter or a digit."],
    ["--", "--", "A nickname starts with a letter or a digit."],
    ["-", "-", "A nickname starts with a letter or a digit."],
    [
      "Cyrillic with Latin",
      "Сергей_x",
      "A nickname is written in one alphabet (no Latin letters mixed with Cyrillic or Greek ones).",
    ],
  ])("nickname %s is refused with its reason", (_what, name, reason) => {
    const { room, member } = setup();
    member("alice");
    const m = new Fake(9);
    room.connect(m);
    m.take();
    room.line(m, name);
    expect(m.take()).toEqual([`-- ${reason}`, "-- Nickname?"]);
    expect(room.nicks()).toEqual(["alice"]);
  });

  test("a look-alike is free again once its holder left; a rename frees the old name's forms", () => {
    const { room, member } = setup();
    const alice = member("alice");
    room.line(alice, "/nick alicia");
    const zoe = member("ᴀlice");
    expect(room.nicks()).toEqual(["alicia", "ᴀlice"]);
    room.line(zoe, "/quit");
    member("𝐚lice");
    expect(room.nicks()).toEqual(["alicia", "𝐚lice"]);
  });

  test("ordinary names of a French class all get in together", () => {
    const { room, member } = setup();
    const names = ["Zoé", "Chloé", "Anaïs", "Jean-Luc", "léa_2", "Дмитрий", "山田", "Zoe", "lea"];
    for (const name of names) member(name);
    expect(room.nicks()).toEqual(names);
  });

  test("invisible characters never reach the others, in text or JSON; emoji keep their joiners", () => {
    const { room, crowd, member } = setup();
    const [alice, bob] = crowd("alice", "bob");
    const json = member("carol", true);
    bob.take();
    const invisible =
      "\u200b\u200c\u200d\u200e\u200f\u061c\u206a\u206f\ufeff\u00ad\ufff9\ufffb" +
      String.fromCodePoint(0xe0020, 0xe0041, 0xe007f);
    room.line(alice, `pay${invisible}pal\u2028ok 👩‍⚕️`);
    expect(bob.take()).toEqual([`${STAMP} <alice> paypal ok 👩‍⚕️`]);
    const [event] = json.events();
    expect(event).toMatchObject({ type: "message", from: "alice", text: "paypal ok 👩‍⚕️" });
    room.line(alice, "/msg bob se\u200bcret\u2029!");
    expect(bob.take()).toEqual([`${STAMP} <alice -> bob> secret !`]);
  });

  test("a message padded to the terminal's width arrives as one short line: no forged line", () => {
    const { room, crowd } = setup();
    const [mallory, alice] = crowd("mallory", "alice");
    room.line(mallory, `hi${" ".repeat(60)}[12:33:40] <bob> alice, send me your password`);
    room.line(mallory, `ok${"\t".repeat(8)}\u3000\u2800 -- Server notice: restart`);
    room.line(mallory, "/me waves               -- Server notice");
    room.line(mallory, `/msg alice psst${" ".repeat(70)}[12:33:41] <bob> hi`);
    room.line(mallory, " \t\u2800 ");
    expect(alice.take()).toEqual([
      `${STAMP} <mallory> hi [12:33:40] <bob> alice, send me your password`,
      `${STAMP} <mallory> ok -- Server notice: restart`,
      `${STAMP} * mallory waves -- Server notice`,
      `${STAMP} <mallory -> alice> psst [12:33:41] <bob> hi`,
    ]);
  });

  test("a /quit reason padded to wrap is collapsed too", () => {
    const { room, crowd } = setup();
    const [mallory, alice] = crowd("mallory", "alice");
    room.line(mallory, `/quit bye${" ".repeat(60)}[12:33:40] <bob> hi`);
    expect(alice.take()).toEqual([`${STAMP} -- mallory left (quit: bye [12:33:40] <bob> hi)`]);
  });
});

describe("the teacher (the server's console)", () => {
  test("teacherSay reaches everyone, marked as the teacher's: a line for text readers, a system event from the teacher for JSON ones", () => {
    const { room, member, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    const json = member("jay", true);
    alice.take();
    bob.take();
    expect(room.teacherSay("  pause  café ")).toBe(3);
    expect(alice.take()).toEqual([`${STAMP} -- [teacher] pause café`]);
    expect(bob.take()).toEqual([`${STAMP} -- [teacher] pause café`]);
    expect(json.events()).toEqual([
      { type: "system", at: T0, text: "pause café", from: "teacher" },
    ]);
    // Nothing but blanks says nothing.
    expect(room.teacherSay("   ")).toBe(0);
    expect(alice.take()).toEqual([]);
  });

  test("teacherMessage is said under the teacher's name and replayed to newcomers", () => {
    const { room, member, crowd } = setup();
    const [alice] = crowd("alice");
    room.teacherMessage("bonjour la classe");
    expect(alice.take()).toEqual([`${STAMP} <teacher> bonjour la classe`]);
    const late = new Fake(99);
    room.connect(late);
    room.line(late, "zoe");
    expect(late.take()).toContain(`${STAMP} <teacher> bonjour la classe`);
    const json = member("jay", true);
    room.teacherMessage("again");
    expect(json.events()).toEqual([{ type: "message", at: T0, from: "teacher", text: "again" }]);
  });

  test("nobody takes the teacher's names, nor look-alikes of them, by first line or /nick", () => {
    const { room, member } = setup();
    for (const fake of [
      "teacher",
      "Teacher",
      "TEACHER",
      "t\u0435acher",
      "prof",
      "PROF",
      "pr\u043ef",
    ]) {
      const m = member();
      room.line(m, fake);
      expect(m.take()).toEqual([
        `-- ${fake} is the teacher's name: choose another one.`,
        "-- Nickname?",
      ]);
      expect(room.hasJoined(m)).toBe(false);
    }
    const alice = member("alice");
    room.line(alice, "/nick Teacher");
    expect(alice.take()).toEqual(["-- Teacher is the teacher's name: choose another one."]);
    expect(room.nicks()).toEqual(["alice"]);
    // Names that merely start alike are fine.
    const teach = member("teach");
    expect(room.hasJoined(teach)).toBe(true);
  });

  test("mute: the muted one is told, what it says reaches nobody until unmute; timed mutes run out", () => {
    const { room, crowd, clock: time } = setup();
    const [alice, bob] = crowd("alice", "bob");
    expect(room.mute("BOB", 2)).toEqual({ kind: "muted", nick: "bob" });
    expect(bob.take()).toEqual([
      "-- The teacher muted you for 2 min: what you say reaches nobody until then.",
    ]);
    room.line(bob, "spam");
    room.line(bob, "/me spams");
    room.line(bob, "alice=>psst");
    expect(alice.take()).toEqual([]);
    expect(bob.take()).toEqual(Array(3).fill("-- You are muted: nobody reads what you say."));
    // /who still works for a muted member.
    room.line(bob, "/who");
    expect(bob.take()[0]).toBe("-- 2 online:");
    time.now += 2 * 60_000 + 1;
    room.line(bob, "back");
    expect(alice.take()).toEqual([`[${clock(new Date(time.now))}] <bob> back`]);
    expect(room.mute("bob")).toEqual({ kind: "muted", nick: "bob" });
    bob.take();
    expect(room.unmute("bob")).toEqual({ kind: "unmuted", nick: "bob" });
    expect(bob.take()).toEqual(["-- The teacher unmuted you: you can speak again."]);
    expect(room.unmute("bob")).toEqual({ kind: "not_muted", nick: "bob" });
    expect(room.mute("nobody")).toEqual({ kind: "unknown" });
  });

  test("kick: the kicked one reads the reason and is ended, the room reads it in the leave", () => {
    const { room, crowd } = setup();
    const [alice, bob] = crowd("alice", "bob");
    room.kick(bob, "stop");
    expect(bob.take()).toEqual(["-- The teacher closed your connection: stop"]);
    expect(bob.ended).toBe("kicked by the teacher: stop");
    expect(alice.take()).toEqual([`${STAMP} -- bob left (kicked by the teacher: stop)`]);
    expect(room.nicks()).toEqual(["alice"]);
    // Its close afterwards tells nobody a second time.
    room.disconnect(bob, CLOSED);
    expect(alice.take()).toEqual([]);
  });
});

describe("the class view sees what the room says in public (#18)", () => {
  test("public lines and the teacher's announcements reach the view; a private message never does", () => {
    const seen: ChatEvent[] = [];
    const view = { chatEvent: (event: ChatEvent) => seen.push(event), named() {} };
    const { room, crowd } = setup({ view });
    const [alice, bob] = crowd("alice", "bob");
    seen.length = 0;
    room.line(alice, "hello");
    room.line(alice, "/msg bob secret");
    room.teacherSay("pause");
    expect(seen.map((e) => e.type)).toEqual(["message", "system"]);
    expect(JSON.stringify(seen)).not.toContain("secret");
    expect(seen[1]).toMatchObject({ type: "system", from: "teacher" });
    void bob;
  });
});

describe("renderChat", () => {
  test("room events are stamped, what the server says to one reader is not", () => {
    expect(renderChat({ type: "message", at: T0, from: "bob", text: "hi" }, en)).toBe(
      `${STAMP} <bob> hi`,
    );
    expect(
      renderChat({ type: "message", at: T0, from: "bob", text: "waves", action: true }, en),
    ).toBe(`${STAMP} * bob waves`);
    expect(
      renderChat(
        { type: "leave", at: T0, nick: "al", reason: "quit", code: "quit", online: 1 },
        en,
      ),
    ).toBe(`${STAMP} -- al left (quit)`);
    expect(renderChat({ type: "system", at: T0, text: "Bonjour", everyone: true }, en)).toBe(
      `${STAMP} -- Bonjour`,
    );
    expect(renderChat({ type: "system", at: T0, text: "Goodbye!" }, en)).toBe("-- Goodbye!");
    expect(renderChat({ type: "join", at: T0, nick: "al", online: 2, self: true }, en)).toBe(
      "-- You are al (2 online). Type /help for the commands.",
    );
    expect(
      renderChat({ type: "who", at: T0, users: [{ nick: "al", idle: 303 }] }, en).split("\n"),
    ).toEqual(["-- 1 online:", "--   al (idle 5m03s)"]);
  });
});
