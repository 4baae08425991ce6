// Speaking to line clients that each read either text (nc, telnet, students' clients) or JSON
// events (after `/proto json`): chat and game both talk through it.

import { encodeEvent, type SocklabEvent } from "@socklab/protocol";
import type { Connection } from "./connection.ts";

const encoder = new TextEncoder();

/** What the audience needs of a reader. A Connection is one; socket-free tests (the chat room's)
 * pass their own. */
export interface Reader {
  send(data: string | Uint8Array): boolean;
}

/**
 * Remembers which connections asked for JSON, and sends each event in the form each reader
 * chose. A broadcast renders and encodes each form once, then hands the same bytes to every
 * outbox, so a message to 1,000 clients costs two encodings, not 1,000.
 */
export class Audience<C extends Reader = Connection> {
  private readonly json = new Set<C>();

  /** This connection reads JSON events from now on. */
  useJson(conn: C): void {
    this.json.add(conn);
  }

  isJson(conn: C): boolean {
    return this.json.has(conn);
  }

  /** Call when the connection closes. */
  forget(conn: C): void {
    this.json.delete(conn);
  }

  /** Sends `event` to one reader: as JSON, or as the text line `text` (without its "\n"). */
  tell(conn: C, event: SocklabEvent, text: string): void {
    conn.send(this.json.has(conn) ? encodeEvent(event) : `${text}\n`);
  }

  /** Sends `event` to every recipient but `except`. */
  broadcast(recipients: Iterable<C>, event: SocklabEvent, text: string, except?: C): void {
    let asText: Uint8Array | undefined;
    let asJson: Uint8Array | undefined;
    // Usually nobody reads JSON: then no lookup per recipient.
    const json = this.json.size > 0 ? this.json : undefined;
    for (const conn of recipients) {
      if (conn === except) continue;
      if (json?.has(conn)) {
        asJson ??= encoder.encode(encodeEvent(event));
        conn.send(asJson);
      } else {
        asText ??= encoder.encode(`${text}\n`);
        conn.send(asText);
      }
    }
  }
}
