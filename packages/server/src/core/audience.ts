// Speaking to line clients that each read either text (nc, telnet, students' clients) or JSON
// events (after `/proto json`): chat and game both talk through it.

import { encodeEvent, type SocklabEvent } from "@socklab/protocol";
import type { Connection } from "./connection.ts";

const encoder = new TextEncoder();

/**
 * Remembers which connections asked for JSON, and sends each event in the form each reader
 * chose. A broadcast renders and encodes each form once, then hands the same bytes to every
 * outbox, so a message to 1,000 clients costs two encodings, not 1,000.
 */
export class Audience {
  private readonly json = new Set<Connection>();

  /** This connection reads JSON events from now on. */
  useJson(conn: Connection): void {
    this.json.add(conn);
  }

  isJson(conn: Connection): boolean {
    return this.json.has(conn);
  }

  /** Call when the connection closes. */
  forget(conn: Connection): void {
    this.json.delete(conn);
  }

  /** Sends `event` to one reader: as JSON, or as the text line `text` (without its "\n"). */
  tell(conn: Connection, event: SocklabEvent, text: string): void {
    conn.send(this.json.has(conn) ? encodeEvent(event) : `${text}\n`);
  }

  /** Sends `event` to every recipient but `except`. */
  broadcast(
    recipients: Iterable<Connection>,
    event: SocklabEvent,
    text: string,
    except?: Connection,
  ): void {
    let asText: Uint8Array | undefined;
    let asJson: Uint8Array | undefined;
    for (const conn of recipients) {
      if (conn === except) continue;
      if (this.json.has(conn)) {
        asJson ??= encoder.encode(encodeEvent(event));
        conn.send(asJson);
      } else {
        asText ??= encoder.encode(`${text}\n`);
        conn.send(asText);
      }
    }
  }
}
