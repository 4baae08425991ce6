// What crosses NATS between linked chat servers (--cluster): versioned JSON envelopes, and the
// check every one of them passes on the way in, as strict as for a line typed by a client.

import {
  type ChatEvent,
  checkName,
  cleanMessage,
  isTeacherName,
  sanitizeText,
} from "@socklab/protocol";

/** Bumped when an envelope changes shape; a server drops (and counts) any other version, so two
 * socklab versions on one NATS server ignore each other rather than misread each other. */
export const WIRE_VERSION = 1;

/** Largest envelope read: a chat line is capped at 1 MiB by --max-line's own limit, the rest of
 * an envelope is small. Past it the message is dropped before it is parsed. */
export const MAX_ENVELOPE_BYTES = (1 << 20) + 4096;

/** A leave reason from another server is shown as is (in that server's language), cut here as
 * the room cuts a /quit reason. */
const MAX_REASON = 120;

/** The kinds a member of another room may leave with (core/close-reason.ts words them). */
type LeaveCode = "closed" | "lost" | "quit" | "kicked" | "flood" | "overflow" | "shutdown";
const LEAVE_CODES: ReadonlySet<string> = new Set<LeaveCode>([
  "closed",
  "lost",
  "quit",
  "kicked",
  "flood",
  "overflow",
  "shutdown",
]);

/** Addressees of one private message: a /msg line of 2 KiB names at most a few dozen people. */
const MAX_ADDRESSEES = 64;

/** A server's name (--server-name) as /who shows it: a host name's letters. */
const SERVER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** A server's id: random, chosen at its start (cluster/link.ts), a NATS subject token. */
const SERVER_ID = /^[a-z0-9]{8,32}$/;

/** The events one server tells the others about its members. Teacher lines and system lines
 * stay in their own room (each teacher speaks to their lab). */
export type RoomEvent = Extract<ChatEvent, { type: "message" | "join" | "leave" | "nick" }>;
export type PrivateEvent = Extract<ChatEvent, { type: "private" }>;

/** A public event from `server`'s members (on the room's events subject), or a private message
 * to the members of the receiving server named in `event.to` (on that server's subject). */
export interface Envelope {
  v: 1;
  server: string;
  name: string;
  event: RoomEvent | PrivateEvent;
}

/** A server's heartbeat on the room's beats subject; `bye`: it is stopping, its members leave. */
export interface Beat {
  v: 1;
  server: string;
  name: string;
  bye?: true;
}

/** A nickname's reservation, its value in the nicks bucket. */
export interface Claim {
  v: 1;
  server: string;
  name: string;
  /** The nickname as its holder wrote it (the key is its case-folded form). */
  nick: string;
  /** The holder's client number on its server: two claims of one server are told apart. */
  id: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** One envelope, beat or claim as bytes. */
export function encode(value: Envelope | Beat | Claim): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** A nickname as a KV key: the hex of its case-folded UTF-8, so every key is a valid token and
 * "Alice" and "ALICE" share one. */
export function nickKey(key: string): string {
  return `n.${Buffer.from(key, "utf8").toString("hex")}`;
}

/** A name another server sent: exactly what this server would accept from a client. */
function validNick(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (checkName(value) !== undefined || isTeacherName(value)) return undefined;
  return value;
}

function parse(bytes: Uint8Array): Record<string, unknown> | undefined {
  if (bytes.length > MAX_ENVELOPE_BYTES) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    if (record.v !== WIRE_VERSION) return undefined;
    if (typeof record.server !== "string" || !SERVER_ID.test(record.server)) return undefined;
    if (typeof record.name !== "string" || !SERVER_NAME.test(record.name)) return undefined;
    return record;
  } catch {
    return undefined; // not UTF-8, not JSON
  }
}

/** A heartbeat or claim's sender, or undefined for anything malformed. */
export function decodeBeat(bytes: Uint8Array): Beat | undefined {
  const record = parse(bytes);
  if (record === undefined) return undefined;
  const beat: Beat = { v: 1, server: record.server as string, name: record.name as string };
  if (record.bye === true) beat.bye = true;
  return beat;
}

export function decodeClaim(bytes: Uint8Array): Claim | undefined {
  const record = parse(bytes);
  if (record === undefined) return undefined;
  const nick = validNick(record.nick);
  const id = record.id;
  if (nick === undefined || typeof id !== "number" || !Number.isSafeInteger(id)) return undefined;
  return { v: 1, server: record.server as string, name: record.name as string, nick, id };
}

/**
 * An envelope from another server, checked and sanitised field by field, or undefined when any
 * part is malformed (the caller drops and counts it). `at` is this server's clock: a line is
 * stamped when it reaches this room, whatever the sender's clock says. `maxLine` is this
 * server's --max-line: a longer text is refused as it would be from a client.
 *
 * @example
 * decodeEnvelope(encode({ v: 1, server: "abcd1234", name: "lab2",
 *   event: { type: "message", at: 0, from: "bob", text: "hi\x1b[2J" } }), 0, 2048)
 * // { v: 1, server: "abcd1234", name: "lab2", event: { type: "message", at: 0, from: "bob", text: "hi" } }
 */
export function decodeEnvelope(
  bytes: Uint8Array,
  at: number,
  maxLine: number,
): Envelope | undefined {
  const record = parse(bytes);
  if (record === undefined) return undefined;
  const event = checkEvent(record.event, at, maxLine);
  if (event === undefined) return undefined;
  return { v: 1, server: record.server as string, name: record.name as string, event };
}

function text(value: unknown, maxLine: number): string | undefined {
  if (typeof value !== "string" || encoder.encode(value).length > maxLine) return undefined;
  const clean = cleanMessage(value);
  return clean === "" ? undefined : clean;
}

function checkEvent(
  value: unknown,
  at: number,
  maxLine: number,
): RoomEvent | PrivateEvent | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const e = value as Record<string, unknown>;
  switch (e.type) {
    case "message": {
      const from = validNick(e.from);
      const body = text(e.text, maxLine);
      if (from === undefined || body === undefined) return undefined;
      if (e.action !== undefined && typeof e.action !== "boolean") return undefined;
      return e.action
        ? { type: "message", at, from, text: body, action: true }
        : { type: "message", at, from, text: body };
    }
    case "join": {
      const nick = validNick(e.nick);
      // `online` is recounted by the receiving room (its members and everyone it knows of).
      return nick === undefined ? undefined : { type: "join", at, nick, online: 0 };
    }
    case "leave": {
      const nick = validNick(e.nick);
      if (nick === undefined || typeof e.reason !== "string") return undefined;
      const cut = (value: string) => [...cleanMessage(value)].slice(0, MAX_REASON).join("");
      const reason = cut(e.reason);
      // The kind lets the receiving room word the reason in its own language; one it does not
      // know (a newer socklab) reads as closed, with the sender's words kept.
      const code = typeof e.code === "string" && LEAVE_CODES.has(e.code) ? e.code : "closed";
      const leave = {
        type: "leave",
        at,
        nick,
        reason,
        code: code as LeaveCode,
        online: 0,
      } as const;
      return typeof e.detail === "string" ? { ...leave, detail: cut(e.detail) } : leave;
    }
    case "nick": {
      const from = validNick(e.from);
      const to = validNick(e.to);
      if (from === undefined || to === undefined) return undefined;
      return { type: "nick", at, from, to };
    }
    case "private": {
      const from = validNick(e.from);
      const body = text(e.text, maxLine);
      if (from === undefined || body === undefined) return undefined;
      if (!Array.isArray(e.to) || e.to.length === 0 || e.to.length > MAX_ADDRESSEES)
        return undefined;
      const to: string[] = [];
      for (const name of e.to) {
        const nick = validNick(name);
        if (nick === undefined) return undefined;
        to.push(nick);
      }
      return { type: "private", at, from, to, text: body };
    }
    default:
      return undefined;
  }
}

/** A server name for /who from --server-name or the host name: the letters a subject allows. */
export function serverName(wanted: string): string | undefined {
  const name = sanitizeText(wanted).trim();
  return SERVER_NAME.test(name) ? name : undefined;
}
