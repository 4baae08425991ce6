// The teacher's desk: carries out what is typed at the server's console (./commands.ts) on a
// running server, and returns the lines to print. No terminal here (./terminal.ts has it), so
// tests can drive it and nothing typed can throw past it.

import { cleanMessage, sanitizeText } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";
import type { Connection } from "../core/connection.ts";
import { clock } from "../core/logger.ts";
import type { RunningServer } from "../core/server.ts";
import { type ClientRef, parseConsoleLine } from "./commands.ts";

/** A kick reason is read by the whole class: a sentence is enough, the rest is cut. */
const MAX_REASON = 100;

export interface DeskOptions {
  server: Pick<RunningServer, "desk" | "mode">;
  msg: Messages;
  /** /quit: stop as SIGTERM would. */
  quit(): void;
  now?: () => number;
}

/** What one typed line did: the lines to print on the console. */
export function runConsoleLine(options: DeskOptions, line: string): string[] {
  const { server, msg } = options;
  const { clients, lineMode, teacher } = server.desk;
  const now = options.now ?? Date.now;
  const command = parseConsoleLine(line);
  const nameOf = (conn: Connection) => teacher?.nameOf?.(conn) ?? "-";
  switch (command.kind) {
    case "empty":
      return [];
    case "help":
      return [...msg.consoleHelp, ...(teacher?.help ?? [])];
    case "quit":
      options.quit();
      return [];
    case "usage":
      return [msg.consoleUsage(command.synopsis)];
    case "clients": {
      // Connections already closing (kicked, quitting) are on their way out: not listed.
      const open = [...clients].filter((conn) => conn.isOpen);
      if (open.length === 0) return [msg.consoleNoClients];
      const at = now();
      return [
        msg.consoleClients(open.length),
        ...open.map((conn) =>
          msg.consoleClientLine(
            conn.id,
            conn.peer,
            nameOf(conn),
            clock(new Date(conn.openedAt)),
            conn.bytesIn,
            conn.bytesOut,
            Math.max(0, Math.floor((at - conn.lastActivity) / 1000)),
          ),
        ),
      ];
    }
    case "kick": {
      const conn = find(clients, command.target, nameOf);
      if (conn === undefined) return [msg.consoleNoSuchClient(refText(command.target))];
      const reason = [...cleanMessage(command.reason)].slice(0, MAX_REASON).join("");
      const name = nameOf(conn);
      if (teacher?.kick) teacher.kick(conn, reason);
      else {
        // A line mode without its own words: the kicked one reads why; raw bytes get nothing
        // (a line would corrupt the data they are reading).
        if (lineMode) conn.send(`-- ${msg.kickedYou(reason)}\n`);
        conn.end({ kind: "kicked", detail: reason });
      }
      return [msg.consoleKicked(conn.id, name)];
    }
    case "say": {
      if (teacher?.say) return [msg.consoleSaid(teacher.say(command.text))];
      if (!lineMode) return [msg.consoleNoLineClients(server.mode)];
      const text = cleanMessage(command.text);
      if (text === "") return [msg.consoleUsage("/say TEXT")];
      const bytes = new TextEncoder().encode(`-- [${msg.teacherName}] ${text}\n`);
      for (const conn of clients) conn.send(bytes);
      return [msg.consoleSaid(clients.size)];
    }
    case "plain":
      return teacher?.plain?.(command.text) ?? [msg.consolePlainOnlyChat];
    case "mode":
      return (
        teacher?.command?.(command.name, command.rest) ?? [
          msg.consoleUnknown(sanitizeText(command.name)),
        ]
      );
  }
}

function find(
  clients: ReadonlySet<Connection>,
  ref: ClientRef,
  nameOf: (conn: Connection) => string,
): Connection | undefined {
  const wanted = ref.by === "name" ? ref.name.toLocaleLowerCase("und") : "";
  for (const conn of clients) {
    if (!conn.isOpen) continue;
    if (ref.by === "id" ? conn.id === ref.id : nameOf(conn).toLocaleLowerCase("und") === wanted)
      return conn;
  }
  return undefined;
}

function refText(ref: ClientRef): string {
  return ref.by === "id" ? `#${ref.id}` : sanitizeText(ref.name);
}
