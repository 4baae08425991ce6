// The seam between one chat room and the others it is linked with (--cluster, ../cluster/): what
// the room asks of the link, and what the link hands the room. Types only: a server without
// --cluster loads none of the cluster's code.

import type { ChatEvent } from "@socklab/protocol";

export type PrivateEvent = Extract<ChatEvent, { type: "private" }>;

/** Someone in the room who is on another server. */
export interface RemoteMember {
  nick: string;
  /** The server's name, as /who shows it. */
  server: string;
  /** When they last said something here (ms since epoch), for /who's idle time. */
  lastLine: number;
}

export type NickClaim = { kind: "ok" } | { kind: "taken"; nick: string };

/** What the room asks of its link. */
export interface RoomLink {
  /** This server's name, as /who shows it next to its own members. */
  readonly serverName: string;
  /** An event every member reads (a message, a join, a leave, a rename): the others get it. */
  onPublic(event: ChatEvent): void;
  /** A private message with addressees on other servers: each of those servers gets it once. */
  onPrivate(event: PrivateEvent): void;
  /** Reserves `nick` for client `id` across the room; exactly one of two simultaneous claims on
   * two servers gets `ok`. */
  claimNick(nick: string, id: number): Promise<NickClaim>;
  releaseNick(nick: string, id: number): void;
  /** The member on another server called `name` (whatever the case), if any. */
  remote(name: string): RemoteMember | undefined;
  /** A member on another server whose name looks like `name`, if any. */
  remoteLookalike(name: string): RemoteMember | undefined;
  /** Everyone on the other servers, in the order this server learnt of them. */
  remoteMembers(): RemoteMember[];
  /** How many they are. */
  remoteCount(): number;
}

/** What the link hands the room. */
export interface RoomInbox {
  /** An event from another server's member, already checked and sanitised: delivered to the
   * local members (a private one to those it names). */
  deliver(event: ChatEvent): void;
  /** A server line to every local member (the link lost, the link back). */
  notice(text: string): void;
  /** The local members with a nickname, to claim again after the link came back. */
  localMembers(): { nick: string; id: number }[];
}
