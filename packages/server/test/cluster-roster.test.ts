// Who is on the other servers (../src/cluster/roster.ts): joins announced once, servers that
// stop beating taken out with their members.

import { describe, expect, test } from "bun:test";
import { DEAD_AFTER_MS, HEARTBEAT_MS, Roster } from "../src/cluster/roster.ts";

describe("Roster", () => {
  test("a join is news once; a server announcing its members again is not", () => {
    const roster = new Roster("self0001");
    roster.beat("other001", "b", 0);
    expect(roster.join("other001", "b", "bob", 0)).toBe(true);
    expect(roster.join("other001", "b", "bob", 1)).toBe(false);
    expect(roster.get("BOB")?.server).toBe("b");
    expect(roster.leave("other001", "bob")).toBe(true);
    expect(roster.leave("other001", "bob")).toBe(false);
  });

  test("our own members are not in it", () => {
    const roster = new Roster("self0001");
    expect(roster.join("self0001", "a", "alice", 0)).toBe(false);
    expect(roster.size).toBe(0);
  });

  test("a server that stops beating is gone after DEAD_AFTER_MS, with its members", () => {
    const roster = new Roster("self0001");
    roster.beat("other001", "b", 0);
    roster.beat("other002", "c", 0);
    roster.join("other001", "b", "bob", 0);
    roster.join("other002", "c", "carol", 0);
    roster.beat("other002", "c", DEAD_AFTER_MS);
    expect(roster.expire(DEAD_AFTER_MS)).toEqual([]);
    expect(roster.expire(DEAD_AFTER_MS + 1)).toEqual([
      { server: "b", serverId: "other001", nicks: ["bob"] },
    ]);
    expect(roster.list().map((m) => m.nick)).toEqual(["carol"]);
    expect(roster.alive("other002", DEAD_AFTER_MS + HEARTBEAT_MS)).toBe(true);
    expect(roster.alive("other001", DEAD_AFTER_MS + 1)).toBe(false);
  });

  test("a rename moves the entry; a look-alike of a remote name is found", () => {
    const roster = new Roster("self0001");
    roster.join("other001", "b", "bob", 0);
    expect(roster.rename("other001", "bob", "paypal")).toBe(true);
    expect(roster.get("bob")).toBeUndefined();
    expect(roster.lookalike("paypa1")?.nick).toBe("paypal");
  });

  test("a message resets a member's idle time; a leave of a member of another server is ignored", () => {
    const roster = new Roster("self0001");
    roster.join("other001", "b", "bob", 0);
    roster.said("other001", "bob", 500);
    expect(roster.get("bob")?.lastLine).toBe(500);
    expect(roster.leave("other002", "bob")).toBe(false);
  });
});
