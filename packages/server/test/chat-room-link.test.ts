// The chat room's --cluster seam (../src/chat/room-link.ts) driven with a fake link: what the
// room publishes, how it waits for a nickname's reservation, what it does with remote events.

import { describe, expect, test } from "bun:test";
import type { ChatEvent } from "@socklab/protocol";
import { messages } from "../src/catalog/index.ts";
import { type ChatMember, ChatRoom } from "../src/chat/room.ts";
import type { NickClaim, PrivateEvent, RemoteMember, RoomLink } from "../src/chat/room-link.ts";

const decoder = new TextDecoder();

class Fake implements ChatMember {
  private text = "";
  constructor(readonly id: number) {}
  send(data: string | Uint8Array): boolean {
    this.text += typeof data === "string" ? data : decoder.decode(data);
    return true;
  }
  sendReplay(data: string | Uint8Array): boolean {
    return this.send(data);
  }
  end(): void {}
  destroy(): void {}
  take(): string[] {
    const lines = this.text.split("\n");
    this.text = lines.pop() ?? "";
    return lines;
  }
}

/** A link whose reservations are settled by the test, one at a time. */
class FakeLink implements RoomLink {
  readonly serverName = "here";
  published: ChatEvent[] = [];
  privates: PrivateEvent[] = [];
  released: string[] = [];
  remotes: RemoteMember[] = [];
  private claims: { nick: string; settle: (claim: NickClaim) => void }[] = [];
  onPublic(event: ChatEvent): void {
    this.published.push(event);
  }
  onPrivate(event: PrivateEvent): void {
    this.privates.push(event);
  }
  claimNick(nick: string): Promise<NickClaim> {
    return new Promise((settle) => this.claims.push({ nick, settle }));
  }
  releaseNick(nick: string): void {
    this.released.push(nick);
  }
  remote(name: string): RemoteMember | undefined {
    return this.remotes.find((m) => m.nick.toLowerCase() === name.toLowerCase());
  }
  remoteLookalike(): RemoteMember | undefined {
    return undefined;
  }
  remoteMembers(): RemoteMember[] {
    return this.remotes;
  }
  remoteCount(): number {
    return this.remotes.length;
  }
  /** Settles the oldest pending claim; resolves once the room has handled the answer. */
  async settle(claim: NickClaim): Promise<string> {
    const pending = this.claims.shift();
    if (pending === undefined) throw new Error("no claim pending");
    pending.settle(claim);
    await Bun.sleep(0);
    return pending.nick;
  }
}

function setup() {
  const link = new FakeLink();
  const room = new ChatRoom<Fake>({
    msg: messages("en"),
    log: { info() {}, always() {}, flush() {} },
    history: 20,
    echoSelf: false,
    logMessages: false,
    rate: { rate: 0, burst: 20 },
    maxLine: 2048,
    link,
  });
  let id = 1;
  const connect = () => {
    const m = new Fake(id++);
    room.connect(m);
    m.take();
    return m;
  };
  const joined = async (nick: string) => {
    const m = connect();
    room.line(m, nick);
    await link.settle({ kind: "ok" });
    m.take();
    return m;
  };
  return { room, link, connect, joined };
}

describe("the room with a link", () => {
  test("a nickname is the member's only once reserved; lines sent meanwhile wait, in order", async () => {
    const { room, link, connect } = setup();
    const alice = connect();
    room.line(alice, "alice");
    room.line(alice, "first");
    room.line(alice, "second");
    expect(alice.take()).toEqual([]);
    expect(room.nicks()).toEqual([]);
    expect(await link.settle({ kind: "ok" })).toBe("alice");
    expect(alice.take()[0]).toStartWith("-- You are alice (1 online)");
    expect(link.published.map((e) => (e.type === "message" ? e.text : e.type))).toEqual([
      "join",
      "first",
      "second",
    ]);
  });

  test("a name taken on another server gets the same answer as one taken here", async () => {
    const { room, link, connect } = setup();
    const bob = connect();
    room.line(bob, "alice");
    await link.settle({ kind: "taken", nick: "Alice" });
    expect(bob.take()).toEqual(["-- Someone here is already called Alice.", "-- Nickname?"]);
    expect(room.nicks()).toEqual([]);
    room.line(bob, "bob");
    await link.settle({ kind: "ok" });
    expect(room.nicks()).toEqual(["bob"]);
  });

  test("a member gone before its reservation came back frees it", async () => {
    const { room, link, connect } = setup();
    const ghost = connect();
    room.line(ghost, "ghost");
    room.disconnect(ghost, { kind: "closed" });
    await link.settle({ kind: "ok" });
    expect(link.released).toEqual(["ghost"]);
    expect(link.published).toEqual([]);
  });

  test("a rename reserves the new name, then frees the old one; a leave frees it too", async () => {
    const { room, link, joined } = setup();
    const alice = await joined("alice");
    room.line(alice, "/nick alicia");
    expect(link.released).toEqual([]);
    await link.settle({ kind: "ok" });
    expect(link.released).toEqual(["alice"]);
    room.line(alice, "/quit");
    expect(link.released).toEqual(["alice", "alicia"]);
    expect(link.published.map((e) => e.type)).toEqual(["join", "nick", "leave"]);
  });

  test("a remote member is known to /msg, /who and the online count; a remote name is refused", async () => {
    const { room, link, connect, joined } = setup();
    link.remotes.push({ nick: "bob", server: "there", lastLine: Date.now() });
    const alice = await joined("alice");
    room.line(alice, "/msg bob,BOB hi");
    expect(link.privates.map((e) => [e.to, e.text])).toEqual([[["bob"], "hi"]]);
    expect(alice.take()).toEqual([expect.stringMatching(/<alice -> bob> hi$/)]);
    room.line(alice, "/who");
    expect(alice.take()).toEqual([
      "-- 2 online:",
      "--   alice (idle 0s) on here",
      "--   bob (idle 0s) on there",
    ]);
    const other = connect();
    room.line(other, "BOB");
    expect(other.take()).toEqual(["-- Someone here is already called bob.", "-- Nickname?"]);
  });

  test("events from other servers reach the members here, and never go back out", async () => {
    const { room, link, joined } = setup();
    const alice = await joined("alice");
    const carol = await joined("carol");
    alice.take();
    link.published = [];
    const at = Date.now();
    room.deliver({ type: "join", at, nick: "bob", online: 0 });
    room.deliver({ type: "message", at, from: "bob", text: "hello" });
    room.deliver({ type: "private", at, from: "bob", to: ["alice"], text: "psst" });
    room.deliver({ type: "leave", at, nick: "bob", reason: "parti", code: "quit", online: 0 });
    expect(alice.take().map((l) => l.replace(/^\[[\d:]+\] /, ""))).toEqual([
      "-- bob joined (2 online)",
      "<bob> hello",
      "<bob -> alice> psst",
      "-- bob left (quit)",
    ]);
    expect(carol.take().some((l) => l.includes("psst"))).toBe(false);
    expect(link.published).toEqual([]);
  });
});
