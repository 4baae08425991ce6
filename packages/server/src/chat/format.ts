// How chat events read as text for plain clients (nc, telnet, students' programs): a
// `[HH:MM:SS] ` stamp on everything that happens in the room, `<nick>` on what people say,
// `-- ` on everything the server itself says, so no user can pass a line off as the server's.

import type { ChatEvent } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import { clock } from "../core/logger.ts";

/** Prefix of every line the server says in its own name (users' lines start with `[`). */
export const SERVER = "-- ";

/**
 * `[HH:MM:SS] ` for a time in ms, formatted once per second however many messages share it:
 * a broadcast to 1,000 readers formats its time once, and a burst of messages reuses it.
 *
 * @example
 * const stamp = new Stamp();
 * stamp.at(Date.now()) // "[14:03:07] "
 */
export class Stamp {
  private second = -1;
  private text = "";

  at(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.text = `[${clock(new Date(ms))}] `;
    }
    return this.text;
  }
}

/**
 * An idle time for /who: `42s`, `5m03s`, `2h07m`.
 *
 * @example
 * idleText(303) // "5m03s"
 */
export function idleText(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${pad(Math.floor(seconds / 60) % 60)}m`;
}

/** One clock for every rendered line: consecutive events in the same second share its text. */
const stamp = new Stamp();

/**
 * A chat event as a plain client reads it, without the final "\n" (/who's answer is several
 * lines). What happens in the room is stamped; what the server says to one reader alone (its
 * own join, a reply, an error) is not. The JSON form is `encodeEvent(event)`.
 *
 * @example
 * renderChat({ type: "message", at, from: "bob", text: "hi" }, msg) // "[14:03:07] <bob> hi"
 * renderChat({ type: "error", at, code: "no_nick", text: "Choose a nickname first." }, msg)
 * // "-- Choose a nickname first."
 */
export function renderChat(event: ChatEvent, msg: Messages): string {
  switch (event.type) {
    case "message":
      return event.action
        ? `${stamp.at(event.at)}* ${event.from} ${event.text}`
        : `${stamp.at(event.at)}<${event.from}> ${event.text}`;
    case "private":
      return `${stamp.at(event.at)}<${event.from} -> ${event.to.join(", ")}> ${event.text}`;
    case "join":
      return event.self
        ? `${SERVER}${msg.chatJoinedSelf(event.nick, event.online)}`
        : `${stamp.at(event.at)}${SERVER}${msg.chatJoined(event.nick, event.online)}`;
    case "leave":
      return `${stamp.at(event.at)}${SERVER}${msg.chatLeft(event.nick, event.reason)}`;
    case "nick":
      return event.self
        ? `${SERVER}${msg.chatNickSelf(event.to)}`
        : `${stamp.at(event.at)}${SERVER}${msg.chatNickChanged(event.from, event.to)}`;
    case "system":
      if (event.from === "teacher")
        return `${stamp.at(event.at)}${SERVER}[${msg.teacherName}] ${event.text}`;
      return event.everyone
        ? `${stamp.at(event.at)}${SERVER}${event.text}`
        : `${SERVER}${event.text}`;
    case "error":
      return `${SERVER}${event.text}`;
    case "who":
      return [
        `${SERVER}${msg.chatWho(event.users.length)}`,
        ...event.users.map(({ nick, idle, server }) => {
          const entry = msg.chatWhoEntry(nick, idleText(idle));
          // --cluster: the room spans servers, each person is on one.
          return `${SERVER}  ${server === undefined ? entry : msg.clusterWhoOn(entry, server)}`;
        }),
      ].join("\n");
  }
}
