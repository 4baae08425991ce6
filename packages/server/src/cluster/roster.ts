// Who is on the other linked servers, and which of those servers are alive: socket-free, fed by
// cluster/link.ts with what arrives from NATS, driven directly by unit tests.

import { Lookalikes, nameKey } from "@socklab/protocol";
import type { RemoteMember } from "../chat/room-link.ts";

/** A server heartbeats this often (cluster/link.ts). */
export const HEARTBEAT_MS = 1000;

/** A server silent for this long is gone: three beats missed, so one late beat on a loaded
 * machine costs nothing, and a killed server's members are announced as left within ~4 s. */
export const DEAD_AFTER_MS = 3 * HEARTBEAT_MS + 500;

interface Entry extends RemoteMember {
  serverId: string;
}

/** A server that stopped or fell silent, with the members it took along. */
export interface Gone {
  /** The server's name, as the room reads it. */
  server: string;
  serverId: string;
  nicks: string[];
}

/**
 * The room's members on other servers, by nickname key, and the servers' last heartbeats.
 * Memory: one entry per remote member and per remote server; a server's entries go with it.
 *
 * @example
 * const roster = new Roster("self0001");
 * roster.beat("other001", "lab2", 0);
 * roster.join("other001", "lab2", "bob", 0); // true: announce "bob joined"
 * roster.expire(DEAD_AFTER_MS + 1); // [{ server: "lab2", serverId: "other001", nicks: ["bob"] }]
 */
export class Roster {
  private readonly members = new Map<string, Entry>();
  private readonly servers = new Map<string, { name: string; lastSeen: number }>();
  private readonly lookalikes = new Lookalikes<string>((key) => this.members.get(key)?.nick);

  constructor(private readonly self: string) {}

  /** A heartbeat from `server`. */
  beat(server: string, name: string, now: number): void {
    if (server === this.self) return;
    this.servers.set(server, { name, lastSeen: now });
  }

  /** Whether `server` has beaten within DEAD_AFTER_MS. */
  alive(server: string, now: number): boolean {
    if (server === this.self) return true;
    const seen = this.servers.get(server);
    return seen !== undefined && now - seen.lastSeen <= DEAD_AFTER_MS;
  }

  /** The servers silent for longer than DEAD_AFTER_MS, taken out with their members. */
  expire(now: number): Gone[] {
    const gone: Gone[] = [];
    for (const [server, seen] of this.servers) {
      if (now - seen.lastSeen > DEAD_AFTER_MS) {
        const left = this.gone(server);
        if (left) gone.push(left);
      }
    }
    return gone;
  }

  /** `server` said goodbye (or expired): it and its members are out. */
  gone(server: string): Gone | undefined {
    const seen = this.servers.get(server);
    if (seen === undefined) return undefined;
    this.servers.delete(server);
    const nicks: string[] = [];
    for (const [key, entry] of this.members) {
      if (entry.serverId !== server) continue;
      this.members.delete(key);
      nicks.push(entry.nick);
    }
    return { server: seen.name, serverId: server, nicks };
  }

  /** A member of `server` joined. False when the room already knows them there (a server that
   * came back announces its members again; those never seen leave are not announced twice). */
  join(server: string, name: string, nick: string, now: number): boolean {
    if (server === this.self) return false;
    if (!this.servers.has(server)) this.servers.set(server, { name, lastSeen: now });
    const key = nameKey(nick);
    const known = this.members.get(key);
    if (known?.serverId === server && known.nick === nick) return false;
    this.members.set(key, { nick, server: name, serverId: server, lastLine: now });
    this.lookalikes.add(key, nick);
    return true;
  }

  /** A member of `server` left; false when it was not known there. */
  leave(server: string, nick: string): boolean {
    const key = nameKey(nick);
    if (this.members.get(key)?.serverId !== server) return false;
    this.members.delete(key);
    return true;
  }

  /** A member of `server` took another name; false when `from` was not known there. */
  rename(server: string, from: string, to: string): boolean {
    const entry = this.members.get(nameKey(from));
    if (entry?.serverId !== server) return false;
    this.members.delete(nameKey(from));
    this.members.set(nameKey(to), { ...entry, nick: to });
    this.lookalikes.add(nameKey(to), to);
    return true;
  }

  /** A member of `server` said something: its idle time starts again. */
  said(server: string, nick: string, now: number): void {
    const entry = this.members.get(nameKey(nick));
    if (entry?.serverId === server) entry.lastLine = now;
  }

  /** What the nicks bucket holds, read after (re)connecting; true when it was not known. */
  known(server: string, name: string, nick: string, now: number): boolean {
    if (server === this.self) return false;
    if (!this.servers.has(server)) this.servers.set(server, { name, lastSeen: now });
    const key = nameKey(nick);
    if (this.members.get(key)?.serverId === server) return false;
    this.members.set(key, { nick, server: name, serverId: server, lastLine: now });
    this.lookalikes.add(key, nick);
    return true;
  }

  /** The link went down: nobody on another server is reachable any more. */
  clear(): void {
    this.members.clear();
    this.servers.clear();
  }

  get(name: string): Entry | undefined {
    return this.members.get(nameKey(name));
  }

  lookalike(name: string): Entry | undefined {
    const key = this.lookalikes.find(name);
    return key === undefined ? undefined : this.members.get(key);
  }

  list(): Entry[] {
    return [...this.members.values()];
  }

  get size(): number {
    return this.members.size;
  }
}
