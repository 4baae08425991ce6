// The chat checks (seed 002, the chat on port 4444): the first line is the nickname; joins,
// lines, `coucou`, `exit` and closes reach the others; 20 clients; a killed client breaks nothing.

import type { Conn } from "../conn.ts";
import { fail, lineMatching, linesOn, note, shown } from "../evidence.ts";
import { type Check, type CheckContext, pass, type Verdict } from "../types.ts";

/** Clients at once in `twenty` (the number; the checker never holds more than 30). */
const MANY = 20;
/** The first client has no one to see its join: this long of quiet after its nickname means
 * the server took it. */
const SETTLE_MS = 200;

/** Names unique to this run, valid for any server (letters and digits only). */
function nicks(count: number): string[] {
  const tag = Math.random().toString(36).slice(2, 6);
  const base = ["ana", "ben", "cleo", "dan", "eva", "finn"];
  return Array.from({ length: count }, (_, i) => `${base[i % base.length]}${i}${tag}`);
}

const has = (needle: string) => (line: string) => line.toLowerCase().includes(needle.toLowerCase());

/**
 * Connects and sends the nickname; waits until `watcher` (an earlier client) hears of it, or,
 * for the first client, until the server has been quiet for SETTLE_MS.
 */
async function join(ctx: CheckContext, nick: string, watcher?: Conn): Promise<Conn> {
  const conn = await ctx.dialer.dial();
  const before = watcher?.lines.length ?? 0;
  conn.send(`${nick}\n`);
  if (watcher) await lineMatching(watcher, has(nick), ctx.options.timeoutMs, before);
  else {
    for (;;) {
      const count = conn.lines.length;
      if (!(await conn.until(() => conn.lines.length > count, SETTLE_MS))) break;
    }
  }
  return conn;
}

/** Joins `names` in turn, each watched by the first. */
async function room(ctx: CheckContext, names: string[]): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (const name of names) conns.push(await join(ctx, name, conns[0]));
  return conns;
}

/** A line from `sender` must reach every conn in `others`; the verdict names the first miss. */
async function reaches(
  ctx: CheckContext,
  sender: Conn,
  others: Conn[],
  text: string,
): Promise<Verdict> {
  const ms = ctx.options.timeoutMs;
  const marks = others.map((conn) => conn.lines.length);
  sender.send(`${text}\n`);
  const got = await Promise.all(
    others.map((conn, i) => lineMatching(conn, has(text), ms, marks[i])),
  );
  const missed = got.filter((line) => line === undefined).length;
  if (missed === 0) return pass;
  const first = got.indexOf(undefined);
  return fail(
    {
      sent: shown(`${text}\n`),
      expected:
        others.length === 1
          ? note({ key: "anyLine", args: [] })
          : note({ key: "missing", args: [missed, others.length] }),
      received: linesOn(others[first] as Conn, ms, marks[first]),
    },
    others.length >= MANY - 1 ? "chatMany" : "chatBroadcast",
  );
}

/** The others must hear that `leaver` (called `nick`) left, after `leave()`. */
async function announcedLeave(
  ctx: CheckContext,
  leave: (conn: Conn) => void,
  sent: Verdict["evidence"] extends infer E ? (E extends { sent: infer S } ? S : never) : never,
): Promise<Verdict> {
  const ms = ctx.options.timeoutMs;
  const [ana, ben] = nicks(2) as [string, string];
  const [a, b] = (await room(ctx, [ana, ben])) as [Conn, Conn];
  const mark = a.lines.length;
  leave(b);
  if ((await lineMatching(a, has(ben), ms, mark)) !== undefined) return pass;
  return fail(
    { sent, expected: note({ key: "nameAppears", args: [ben] }), received: linesOn(a, ms, mark) },
    "chatLeave",
  );
}

export const chatChecks: Check[] = [
  {
    name: "chat.nickname",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const [ana, ben] = nicks(2) as [string, string];
      const [a, b] = (await room(ctx, [ana, ben])) as [Conn, Conn];
      const text = "is my name with this line?";
      const mark = a.lines.length;
      b.send(`${text}\n`);
      const line = await lineMatching(a, has(text), ms, mark);
      if (line !== undefined && has(ben)(line)) return pass;
      return fail(
        {
          sent: shown(`${ben}\n${text}\n`),
          expected: note({ key: "withNick", args: [ben, text] }),
          received: linesOn(a, ms, mark),
        },
        line === undefined ? "chatBroadcast" : "chatNick",
      );
    },
  },
  {
    name: "chat.join",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const [ana, ben] = nicks(2) as [string, string];
      const a = await join(ctx, ana);
      const mark = a.lines.length;
      await join(ctx, ben);
      if ((await lineMatching(a, has(ben), ms, mark)) !== undefined) return pass;
      return fail(
        {
          sent: shown(`${ben}\n`),
          expected: note({ key: "nameAppears", args: [ben] }),
          received: linesOn(a, ms, mark),
        },
        "chatJoin",
      );
    },
  },
  {
    name: "chat.broadcast",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const [a, b, c] = (await room(ctx, nicks(3))) as [Conn, Conn, Conn];
      const text = `to everyone ${Math.random().toString(36).slice(2, 8)}`;
      const mark = a.lines.length;
      const spread = await reaches(ctx, a, [b, c], text);
      if (spread.status !== "pass") return spread;
      // Had the server sent the line back to its sender, it did so before passing the next
      // line on: once a reply from b is in, a's own line would be in too.
      const reply = `reply ${Math.random().toString(36).slice(2, 8)}`;
      const replied = await reaches(ctx, b, [a], reply);
      if (replied.status !== "pass") return replied;
      const back = a.lines.slice(mark).some(has(text));
      if (!back || ctx.options.echoOk) return pass;
      return fail(
        {
          sent: shown(`${text}\n`),
          expected: note({ key: "notBack", args: [text] }),
          received: linesOn(a, ms, mark),
        },
        "senderEcho",
      );
    },
  },
  {
    name: "chat.coucou",
    optional: true,
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const [a, b] = (await room(ctx, nicks(2))) as [Conn, Conn];
      const marks = [a.lines.length, b.lines.length];
      a.send("coucou\n");
      const bonjour = (line: string) => /\bbonjour\b/i.test(line);
      const [atA, atB] = await Promise.all([
        lineMatching(a, bonjour, ms, marks[0]),
        lineMatching(b, bonjour, ms, marks[1]),
      ]);
      if (atA !== undefined && atB !== undefined) return pass;
      const missing = atA === undefined ? a : b;
      return fail(
        {
          sent: shown("coucou\n"),
          expected: note({ key: "bonjourAll", args: [] }),
          received: linesOn(missing, ms, missing === a ? marks[0] : marks[1]),
        },
        "coucou",
      );
    },
  },
  {
    name: "chat.exit",
    run: (ctx) => announcedLeave(ctx, (conn) => conn.send("exit\n"), shown("exit\n")),
  },
  {
    name: "chat.close",
    run: (ctx) => announcedLeave(ctx, (conn) => conn.close(), { kind: "closed" }),
  },
  {
    name: "chat.twenty",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const names = nicks(MANY);
      const conns: Conn[] = [];
      // Each joins without waiting for its announcement (twenty waits would add up); then
      // the first waits to hear of all the others (or the timeout), so all are in the list.
      for (const name of names) {
        const conn = await ctx.dialer.dial();
        conn.send(`${name}\n`);
        conns.push(conn);
      }
      const first = conns[0] as Conn;
      // Threads take their nicknames in any order: wait to have heard of every one of them.
      const others = names.slice(1);
      await first.until(() => others.every((name) => first.lines.some(has(name))), ms);
      return reaches(
        ctx,
        first,
        conns.slice(1),
        `hello twenty ${Math.random().toString(36).slice(2, 8)}`,
      );
    },
  },
  {
    name: "chat.killed",
    async run(ctx) {
      const names = nicks(4);
      const [a, b, k] = (await room(ctx, names.slice(0, 3))) as [Conn, Conn, Conn];
      const mark = a.lines.length;
      k.send("half a li");
      await k.flushed();
      k.abort();
      // The server needs a moment to see the reset: wait for the others to hear that the
      // killed client left, or for the timeout when the server does not announce it.
      await lineMatching(a, has(names[2] as string), ctx.options.timeoutMs, mark);
      const text = `still here ${Math.random().toString(36).slice(2, 8)}`;
      const after = await reaches(ctx, a, [b], text);
      if (after.status !== "pass") return { ...after, hint: "resetSurvive" };
      // And the server still takes new clients.
      const d = await join(ctx, names[3] as string, a);
      const again = await reaches(ctx, b, [d], `${text} again`);
      return again.status === "pass" ? pass : { ...again, hint: "resetSurvive" };
    },
  },
];
