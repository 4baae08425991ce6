// One chat server's link to the others of its room through a NATS server (--cluster): public
// events on one subject per room, private messages on one subject per server, heartbeats, and
// the nickname reservations in a JetStream KV bucket. Loaded by modes/chat.ts only with --cluster.

import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type ChatEvent, isTeacherName, nameKey } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import type {
  NickClaim,
  PrivateEvent,
  RemoteMember,
  RoomInbox,
  RoomLink,
} from "../chat/room-link.ts";
import { UsageError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { DEAD_AFTER_MS, HEARTBEAT_MS, Roster } from "./roster.ts";
import {
  type Claim,
  decodeBeat,
  decodeClaim,
  decodeEnvelope,
  encode,
  nickKey,
  type RoomEvent,
  serverName,
  WIRE_VERSION,
} from "./wire.ts";

/** A room name is a NATS subject token and part of a bucket name. */
const ROOM_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** How long the first connection may take before the start fails (a typo in the URL, a NATS
 * server not started): long enough for a slow network, short enough for a teacher waiting. */
const CONNECT_TIMEOUT_MS = 3000;

/** Between two reconnection attempts: the link comes back within this of the NATS server. */
const RECONNECT_WAIT_MS = 250;

/** A dropped (malformed) message is logged at most this often, with the count since. */
const DROP_LOG_EVERY_MS = 10_000;

/** At shutdown, the goodbye and the releases get this long (the NATS server may be going away
 * too); past it the connection is closed anyway and the others notice by the heartbeats. */
const CLOSE_WAIT_MS = 2000;

/** A NATS server that vanished without closing (a cable pulled) is noticed after two unanswered
 * pings: about 10 s, where the client's default (2 min each) would leave the room unaware. */
const PING_INTERVAL_MS = 5000;

export interface LinkOptions {
  url: string;
  room: string;
  serverName: string;
  msg: Messages;
  log: Logger;
  maxLine: number;
  now?: () => number;
}

/** The --server-name given, or the host name made fit for /who (its first label). */
export async function defaultServerName(given: string | boolean | undefined): Promise<string> {
  if (typeof given === "string") {
    const name = serverName(given);
    if (name === undefined) {
      throw new UsageError(`--server-name "${given}": 1-64 letters, digits, . _ or -`);
    }
    return name;
  }
  const host = (await import("node:os")).hostname().split(".")[0] ?? "";
  return serverName(host.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64)) ?? "server";
}

/** Whether a KV create failed because the key exists (JetStream's "wrong last sequence"). */
function exists(error: unknown): boolean {
  return /wrong last sequence|key exists/i.test(String((error as Error)?.message ?? error));
}

/**
 * Connects to NATS and returns the link (not yet delivering: call `attach` with the room).
 * Throws UsageError when the NATS server cannot be reached or has no JetStream.
 *
 * @example
 * const link = await openLink({ url: "nats://127.0.0.1:4222", room: "class", serverName: "lab1",
 *   msg, log, maxLine: 2048 });
 * link.attach(room); // the room calls link.onPublic(event)…
 */
export async function openLink(options: LinkOptions): Promise<ClusterLink> {
  if (!ROOM_NAME.test(options.room)) {
    throw new UsageError(
      `--room "${options.room}": 1-32 letters, digits, _ or - (it names a NATS subject)`,
    );
  }
  const servers = options.url.replace(/^nats:\/\//, "");
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      name: `socklab ${options.serverName}`,
      timeout: CONNECT_TIMEOUT_MS,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      pingInterval: PING_INTERVAL_MS,
      maxPingOut: 2,
    });
  } catch (error) {
    throw new UsageError(
      `cannot reach the NATS server at ${options.url} (${(error as Error).message}); start one with: nats-server -js -p PORT`,
    );
  }
  let kv: KV;
  try {
    kv = await new Kvm(nc).create(`socklab-chat-${options.room}`, { history: 1 });
  } catch (error) {
    await nc.close();
    throw new UsageError(
      `the NATS server at ${options.url} has no JetStream (${(error as Error).message}): start it with nats-server -js`,
    );
  }
  return new ClusterLink(options, nc, kv);
}

export class ClusterLink implements RoomLink {
  readonly serverName: string;
  /** This process's id in the room: random, so a restarted server is a new one. */
  readonly id = crypto.randomUUID().replaceAll("-", "").slice(0, 16);
  private readonly roster: Roster;
  private readonly subjects: { events: string; beats: string; mine: string; to: string };
  private room: RoomInbox | undefined;
  private up = true;
  private stopped = false;
  /** When the link last came up: a reservation whose server has not beaten since at least
   * DEAD_AFTER_MS after it is stale. */
  private upSince: number;
  /** Our members' reservations: key → the revision we wrote (a release deletes exactly it). */
  private readonly mine = new Map<string, { id: number; revision: number }>();
  /** Reservations released while the link was down: deleted once it is back. */
  private readonly unreleased = new Map<string, number>();
  private readonly subs: Subscription[] = [];
  /** Set while a reservation is being deleted: what this server publishes meanwhile waits for
   * it, in order, so that whoever reads "alice left" can take the name at once. */
  private gate: Promise<unknown> | undefined;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly now: () => number;
  /** Malformed messages dropped since the start, and since the last console line. */
  dropped = 0;
  private droppedUnlogged = 0;
  private droppedLoggedAt = 0;

  constructor(
    private readonly options: LinkOptions,
    private readonly nc: NatsConnection,
    private readonly kv: KV,
  ) {
    this.serverName = options.serverName;
    this.now = options.now ?? Date.now;
    this.upSince = this.now();
    this.roster = new Roster(this.id);
    const base = `socklab.chat.${options.room}`;
    this.subjects = {
      events: `${base}.events`,
      beats: `${base}.beats`,
      mine: `${base}.to.${this.id}`,
      to: `${base}.to.`,
    };
  }

  /** Starts delivering to `room`, heartbeating and watching the others. Resolves once NATS has
   * our subscriptions (a flush round trip): the server opens its port only then, so a member
   * who joins another server the moment this one is up is never missed here. */
  async attach(room: RoomInbox): Promise<void> {
    this.room = room;
    const { nc, subjects } = this;
    // Callbacks, not async iterators: each message is handled in arrival order, synchronously.
    this.subs.push(
      nc.subscribe(subjects.events, { callback: (_e, m) => this.onEnvelope(m.data) }),
      nc.subscribe(subjects.mine, { callback: (_e, m) => this.onEnvelope(m.data) }),
      nc.subscribe(subjects.beats, { callback: (_e, m) => this.onBeat(m.data) }),
    );
    this.beat();
    this.timers.push(
      setInterval(() => this.beat(), HEARTBEAT_MS),
      setInterval(() => this.expire(), HEARTBEAT_MS / 2),
    );
    for (const timer of this.timers) timer.unref();
    this.readRosterSoon(false);
    void this.watchStatus();
    this.options.log.info(
      this.options.msg.clusterLogLinked(this.options.url, this.options.room, this.serverName),
    );
    await nc.flush().catch(() => {}); // a link down already: watchStatus tells the room
  }

  // ── what the room asks ───────────────────────────────────────────────────────────────────

  onPublic(event: ChatEvent): void {
    if (!this.up || this.stopped) return; // said while the link is down: stays in this room
    if (event.type === "message" && isTeacherName(event.from)) return;
    if (!["message", "join", "leave", "nick"].includes(event.type)) return;
    this.publish(this.subjects.events, event as RoomEvent);
  }

  onPrivate(event: PrivateEvent): void {
    if (!this.up || this.stopped) return;
    const servers = new Set<string>();
    for (const name of event.to) {
      const entry = this.roster.get(name);
      if (entry) servers.add(entry.serverId);
    }
    for (const server of servers) this.publish(`${this.subjects.to}${server}`, event);
  }

  async claimNick(nick: string, id: number): Promise<NickClaim> {
    // The link is down: the name is this room's for now, claimed again when it is back.
    if (!this.up) return { kind: "ok" };
    const key = nickKey(nameKey(nick));
    const value = this.claimValue(nick, id);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const revision = await this.kv.create(key, value);
        this.mine.set(key, { id, revision });
        return { kind: "ok" };
      } catch (error) {
        if (!exists(error)) {
          // The NATS server went away mid-request: as when the link is down.
          this.options.log.always(`cluster: claim of ${nick}: ${(error as Error).message}`);
          return { kind: "ok" };
        }
      }
      const entry = await this.kv.get(key).catch(() => null);
      if (entry === null || entry.operation !== "PUT") continue; // released meanwhile: again
      const holder = decodeClaim(entry.value);
      if (holder === undefined) {
        await this.kv.delete(key, { previousSeq: entry.revision }).catch(() => {});
        continue;
      }
      if (holder.server === this.id && holder.id === id) return { kind: "ok" };
      // A reservation left by a server that no longer beats (every server of the room was
      // stopped at once, say): it is nobody's, and is taken over.
      const now = this.now();
      if (
        holder.server !== this.id &&
        !this.roster.alive(holder.server, now) &&
        now - this.upSince > DEAD_AFTER_MS
      ) {
        await this.kv.delete(key, { previousSeq: entry.revision }).catch(() => {});
        continue;
      }
      return { kind: "taken", nick: holder.nick };
    }
    return { kind: "taken", nick };
  }

  releaseNick(nick: string, id: number): void {
    const key = nickKey(nameKey(nick));
    const held = this.mine.get(key);
    if (held?.id !== id) return;
    this.mine.delete(key);
    if (!this.up) {
      this.unreleased.set(key, held.revision);
      return;
    }
    const deleted = this.kv.delete(key, { previousSeq: held.revision }).catch(() => {});
    const gate = Promise.all([this.gate, deleted]);
    this.gate = gate;
    void gate.then(() => {
      if (this.gate === gate) this.gate = undefined;
    });
  }

  remote(name: string): RemoteMember | undefined {
    return this.roster.get(name);
  }

  remoteLookalike(name: string): RemoteMember | undefined {
    return this.roster.lookalike(name);
  }

  remoteMembers(): RemoteMember[] {
    return this.roster.list();
  }

  remoteCount(): number {
    return this.roster.size;
  }

  /** Says goodbye (the others announce our members as left at once), releases our names and
   * closes the connection. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    if (!this.up) {
      await this.nc.close().catch(() => {});
      return;
    }
    this.nc.publish(
      this.subjects.beats,
      encode({ v: WIRE_VERSION, server: this.id, name: this.serverName, bye: true }),
    );
    const releases = [...this.mine].map(([key, { revision }]) =>
      this.kv.delete(key, { previousSeq: revision }).catch(() => {}),
    );
    this.mine.clear();
    await Promise.race([Promise.all(releases), Bun.sleep(CLOSE_WAIT_MS)]);
    const drained = this.nc.drain().catch(() => {});
    if ((await Promise.race([drained.then(() => true), Bun.sleep(CLOSE_WAIT_MS)])) !== true)
      await this.nc.close().catch(() => {});
  }

  // ── what arrives ─────────────────────────────────────────────────────────────────────────

  private onEnvelope(data: Uint8Array): void {
    const now = this.now();
    const envelope = decodeEnvelope(data, now, this.options.maxLine);
    if (envelope === undefined) {
      this.drop();
      return;
    }
    if (envelope.server === this.id || !this.up || this.stopped) return;
    const { server, name, event } = envelope;
    const roster = this.roster;
    switch (event.type) {
      case "join":
        if (!roster.join(server, name, event.nick, now)) return;
        break;
      case "leave":
        if (!roster.leave(server, event.nick)) return;
        break;
      case "nick":
        if (!roster.rename(server, event.from, event.to)) return;
        break;
      case "message":
        roster.said(server, event.from, now);
        break;
      case "private":
        break;
    }
    this.room?.deliver(event);
  }

  private onBeat(data: Uint8Array): void {
    const beat = decodeBeat(data);
    if (beat === undefined) {
      this.drop();
      return;
    }
    if (beat.server === this.id || !this.up || this.stopped) return;
    // A server's goodbye: its members left with it.
    if (beat.bye) {
      const gone = this.roster.gone(beat.server);
      if (gone) this.announceGone(gone.server, gone.nicks, true);
      return;
    }
    this.roster.beat(beat.server, beat.name, this.now());
  }

  /** A malformed message: dropped and counted, the count logged now and then. */
  private drop(): void {
    this.dropped++;
    this.droppedUnlogged++;
    const now = this.now();
    if (now - this.droppedLoggedAt < DROP_LOG_EVERY_MS) return;
    this.options.log.always(this.options.msg.clusterLogDropped(this.droppedUnlogged));
    this.droppedUnlogged = 0;
    this.droppedLoggedAt = now;
  }

  // ── presence ─────────────────────────────────────────────────────────────────────────────

  private beat(): void {
    if (!this.up || this.stopped) return;
    this.nc.publish(
      this.subjects.beats,
      encode({ v: WIRE_VERSION, server: this.id, name: this.serverName }),
    );
  }

  private expire(): void {
    if (!this.up || this.stopped) return;
    for (const gone of this.roster.expire(this.now())) {
      this.announceGone(gone.server, gone.nicks, false);
      for (const nick of gone.nicks) void this.freeStale(nick, gone.serverId);
    }
  }

  /** The members of a server that stopped or fell silent leave, each announced here. Their
   * reservations are freed by whichever server reads them first as stale (claimNick). */
  private announceGone(server: string, nicks: string[], stopped: boolean): void {
    const msg = this.options.msg;
    this.options.log.info(msg.clusterLogServerGone(server, nicks.length));
    const reason = stopped
      ? msg.clusterReasonServerStopped(server)
      : msg.clusterReasonServerLost(server);
    const code = stopped ? "shutdown" : "lost";
    const at = this.now();
    // "lost" and "shutdown" carry words a kind cannot rebuild (the server's name): the rooms
    // show them as they are (see remoteLeaveReason).
    for (const nick of nicks)
      this.room?.deliver({ type: "leave", at, nick, reason, code, online: 0 });
  }

  /** Deletes a gone server's reservation, unless someone took the name since. */
  private async freeStale(nick: string, server: string): Promise<void> {
    const key = nickKey(nameKey(nick));
    try {
      const entry = await this.kv.get(key);
      if (entry?.operation !== "PUT" || decodeClaim(entry.value)?.server !== server) return;
      await this.kv.delete(key, { previousSeq: entry.revision });
    } catch {
      // Another server freed it first, or the link went: the next claim of the name frees it.
    }
  }

  /** The room as the nicks bucket has it: at the start (nobody announced: they were there
   * first), and after the link came back (those not yet announced back are, as joins). */
  private async readRoster(announce: boolean): Promise<void> {
    try {
      const keys: string[] = [];
      for await (const key of await this.kv.keys()) keys.push(key);
      const now = this.now();
      await Promise.all(
        keys.map(async (key) => {
          const entry = await this.kv.get(key);
          if (entry === null || entry.operation !== "PUT") return;
          const claim: Claim | undefined = decodeClaim(entry.value);
          if (claim === undefined) {
            this.drop();
            return;
          }
          if (!this.roster.alive(claim.server, now) || claim.server === this.id) return;
          const added = this.roster.known(claim.server, claim.name, claim.nick, now);
          if (added && announce && this.up) {
            this.room?.deliver({ type: "join", at: now, nick: claim.nick, online: 0 });
          }
        }),
      );
    } catch (error) {
      this.options.log.always(`cluster: reading the room: ${(error as Error).message}`);
    }
  }

  // ── the link's state ─────────────────────────────────────────────────────────────────────

  private async watchStatus(): Promise<void> {
    const msg = this.options.msg;
    for await (const status of this.nc.status()) {
      if (this.stopped) return;
      if (status.type === "disconnect" && this.up) {
        this.up = false;
        this.roster.clear();
        this.options.log.always(msg.clusterLogLinkLost(this.options.url));
        this.room?.notice(msg.clusterLinkLost);
      } else if (status.type === "reconnect" && !this.up) {
        this.up = true;
        this.upSince = this.now();
        this.options.log.info(msg.clusterLogLinkBack(this.options.url));
        this.room?.notice(msg.clusterLinkBack);
        this.beat();
        void this.rejoin();
      }
    }
  }

  /** After an outage: our members' names are claimed again (the others may have freed them),
   * announced again (those who saw them leave see them back), and the room is read again. */
  private async rejoin(): Promise<void> {
    const members = this.room?.localMembers() ?? [];
    for (const [key, revision] of this.unreleased) {
      this.kv.delete(key, { previousSeq: revision }).catch(() => {});
    }
    this.unreleased.clear();
    await Promise.all(
      members.map(async ({ nick, id }) => {
        const key = nickKey(nameKey(nick));
        try {
          const entry = await this.kv.get(key);
          const holder = entry?.operation === "PUT" ? decodeClaim(entry.value) : undefined;
          let revision: number;
          if (entry === null || holder === undefined) {
            revision = await this.kv.create(key, this.claimValue(nick, id));
          } else if (holder.server === this.id && holder.id === id) {
            // Written again, so that a server freeing it as stale (with the old revision) fails.
            revision = await this.kv.update(key, this.claimValue(nick, id), entry.revision);
          } else {
            this.options.log.always(this.options.msg.clusterLogConflict(nick));
            return;
          }
          this.mine.set(key, { id, revision });
        } catch (error) {
          this.options.log.always(`cluster: claim of ${nick}: ${(error as Error).message}`);
        }
      }),
    );
    const at = this.now();
    for (const { nick } of members) this.onPublic({ type: "join", at, nick, online: 0 });
    this.readRosterSoon(true);
  }

  /** Reads the room once every live server has beaten (so a reservation left by a dead one is
   * not taken for a member). */
  private readRosterSoon(announce: boolean): void {
    const timer = setTimeout(() => void this.readRoster(announce), HEARTBEAT_MS * 1.5);
    timer.unref();
  }

  private claimValue(nick: string, id: number): Uint8Array {
    return encode({ v: WIRE_VERSION, server: this.id, name: this.serverName, nick, id });
  }

  private publish(subject: string, event: RoomEvent | PrivateEvent): void {
    const data = encode({ v: WIRE_VERSION, server: this.id, name: this.serverName, event });
    if (this.gate === undefined) this.send(subject, data);
    else void this.gate.then(() => this.send(subject, data));
  }

  private send(subject: string, data: Uint8Array): void {
    try {
      this.nc.publish(subject, data);
    } catch (error) {
      // Closed or draining: the line stays in this room.
      this.options.log.always(`cluster: ${(error as Error).message}`);
    }
  }
}
