// chat (seeds: the C/pthread chat on port 4444, the Java broadcast chat, the C course's
// `[time]pseudo:message`): the class chat. The rules live in ../chat/room.ts; this file reads
// the flags and wires the room to the connection core.

import type { Messages } from "../catalog/index.ts";
import { ChatRoom, type MuteResult } from "../chat/room.ts";
import type { Connection } from "../core/connection.ts";
import { boolFlag, intFlag, sizeFlag } from "../core/flags.ts";
import { FAN_OUT_FLAGS, fanOutLimits } from "../core/flow.ts";
import type { ModeContext, ModeDefinition, TeacherHooks } from "../core/mode.ts";
import { RATE_FLAGS, rateLimit } from "../core/rate-limit.ts";
import { usage } from "../usage.ts";

/** How often the console gets a line with the room's size and traffic: often enough to watch a
 * lab session, rare enough not to bury the joins and leaves. */
const REPORT_EVERY_MS = 60_000;

export const chat: ModeDefinition = {
  name: "chat",
  examples: [
    "socklab-server chat",
    "socklab-server chat --lang fr --history 50",
    "socklab-server chat --rate 0 --max-clients 1000   (load tests: no flood control)",
    "nc 127.0.0.1 4444",
  ],
  flags: {
    "max-line": {
      type: "string",
      valueName: "SIZE",
      default: "2KiB",
      // A typed line or a pasted paragraph fits; a longer one is answered and dropped, and the
      // framing picks up again at the next newline.
      description: "longest line accepted; longer ones are dropped with an error to the sender",
    },
    ...RATE_FLAGS,
    ...FAN_OUT_FLAGS,
    history: {
      type: "string",
      valueName: "N",
      default: "20",
      description: "public messages replayed to a newcomer (0: none)",
    },
    "echo-self": {
      type: "boolean",
      description: "plain clients also read their own public lines back",
    },
    "log-messages": {
      type: "boolean",
      description: "print message contents on the server console (off: only joins, leaves, counts)",
    },
    cluster: {
      type: "string",
      valueName: "nats://HOST:PORT",
      description:
        "one room with the chat servers linked through this NATS server (nats-server -js)",
    },
    room: {
      type: "string",
      valueName: "NAME",
      description:
        "with --cluster: the room's name; servers naming the same one share it (default class)",
    },
    "server-name": {
      type: "string",
      valueName: "NAME",
      description: "with --cluster: this server's name in /who (default: the host name)",
    },
  },
  async create(ctx) {
    const maxLine = sizeFlag(ctx.flags, "max-line", 16, 1 << 20);
    // --cluster: loaded only when asked for (the NATS client would cost every start).
    const link = await clusterLink(ctx.flags, ctx, maxLine);
    const room = new ChatRoom<Connection>({
      link,
      msg: ctx.msg,
      log: ctx.log,
      maxLine,
      rate: rateLimit(ctx.flags),
      history: intFlag(ctx.flags, "history", 0, 10_000),
      echoSelf: boolFlag(ctx.flags, "echo-self"),
      logMessages: boolFlag(ctx.flags, "log-messages"),
      view: ctx.view,
      record: ctx.record,
      // With --record, the history survives a restart: it starts with the file's last lines.
      replay: ctx.record?.lastMessages(intFlag(ctx.flags, "history", 0, 10_000)),
    });
    const report = setInterval(() => {
      const line = room.report(REPORT_EVERY_MS / 1000);
      if (line) ctx.log.info(line);
    }, REPORT_EVERY_MS);
    report.unref();
    await link?.attach(room);

    return {
      maxLine,
      // A reader that falls behind slows the senders down; one that stopped reading is cut off
      // (IRC's sendq), so one stalled laptop never slows the class down for long and the
      // server holds at most --send-queue per connection (core/flow.ts).
      fanOut: fanOutLimits(ctx.flags),
      cutOff: (conn) => room.overflow(conn),
      // A refusal is a server line like the others: `-- ` first, so it reads as the server's.
      serverFull: (max, perAddress) =>
        `-- ${perAddress === undefined ? ctx.msg.serverFull(max) : ctx.msg.perAddressFull(perAddress)}\n`,
      open: (conn) => room.connect(conn),
      line: (conn, text) => room.line(conn, text),
      overlong: (conn) => room.overlong(conn),
      // --join-timeout: joined means a nickname chosen, not just a first line sent.
      joined: (conn) => room.hasJoined(conn),
      // The room logs "alice (client #3) left: …" for those with a nickname.
      logsDeparture: (conn) => room.hasJoined(conn),
      joinTimedOut: (conn, seconds) => room.notJoined(conn, seconds),
      close: (conn, reason) => room.disconnect(conn, reason),
      goodbye: (conn) => room.goodbye(conn),
      teacher: chatTeacher(room, ctx.msg),
      stop() {
        clearInterval(report);
        room.stop();
        return link?.close();
      },
    };
  },
};

/** `nats://HOST:PORT`: the one form --cluster takes (a NATS server's client port). */
const NATS_URL = /^nats:\/\/[^\s/:]+:\d{1,5}$/;

/** The link to the other servers of the room with --cluster, or undefined without it. */
async function clusterLink(
  flags: ModeContext["flags"],
  ctx: Pick<ModeContext, "msg" | "log">,
  maxLine: number,
) {
  const url = flags.cluster;
  if (url === undefined || url === false) {
    for (const flag of ["room", "server-name"]) {
      if (flags[flag] !== undefined) throw usage("needsCluster", flag);
    }
    return undefined;
  }
  if (typeof url !== "string" || !NATS_URL.test(url)) {
    throw usage("clusterUrl", String(url));
  }
  const { openLink, defaultServerName } = await import("../cluster/link.ts");
  const room = typeof flags.room === "string" ? flags.room : "class";
  const serverName = await defaultServerName(flags["server-name"]);
  return openLink({ url, room, serverName, msg: ctx.msg, log: ctx.log, maxLine });
}

/** Longest mute the console takes: a lab session is a few hours; past it, a typo. */
const MAX_MUTE_MINUTES = 24 * 60;

/** The chat's console commands: the room's teacher methods, answered in the console's words. */
function chatTeacher(room: ChatRoom<Connection>, msg: Messages): TeacherHooks {
  const muted = (result: MuteResult, minutes?: number): string[] => {
    switch (result.kind) {
      case "unknown":
        return [];
      case "muted":
        return [msg.consoleMuted(result.nick, minutes)];
      case "unmuted":
        return [msg.consoleUnmuted(result.nick)];
      case "not_muted":
        return [msg.consoleNotMuted(result.nick)];
    }
  };
  return {
    nameOf: (conn) => room.nickOf(conn),
    say: (text) => room.teacherSay(text),
    kick: (conn, reason) => room.kick(conn, reason),
    plain: (text) => [msg.consoleSaid(room.teacherMessage(text))],
    help: msg.consoleHelpChat,
    command(name, rest) {
      const [nick = "", minutesText, extra] = rest.split(/\s+/).filter((w) => w !== "");
      if (name === "mute") {
        const minutes = minutesText === undefined ? undefined : Number(minutesText);
        const bad =
          nick === "" ||
          extra !== undefined ||
          (minutes !== undefined &&
            (!/^\d+$/.test(minutesText ?? "") || minutes < 1 || minutes > MAX_MUTE_MINUTES));
        if (bad) return [msg.consoleUsage(`/mute NAME [minutes 1-${MAX_MUTE_MINUTES}]`)];
        const result = room.mute(nick, minutes);
        return result.kind === "unknown" ? [msg.consoleNoSuchClient(nick)] : muted(result, minutes);
      }
      if (name === "unmute") {
        if (nick === "" || minutesText !== undefined) return [msg.consoleUsage("/unmute NAME")];
        const result = room.unmute(nick);
        return result.kind === "unknown" ? [msg.consoleNoSuchClient(nick)] : muted(result);
      }
      return undefined;
    },
  };
}
