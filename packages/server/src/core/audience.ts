// Speaking to line clients that each read either text (nc, telnet, students' clients) or JSON
// events (after `/proto json`): chat and game both talk through it, each with its own renderer.

import { encodeEvent, type SocklabEvent } from "@socklab/protocol";

const encoder = new TextEncoder();

/** What the audience needs of a reader. A Connection is one; socket-free tests (the chat room's,
 * the game table's) pass their own. */
export interface Reader {
  send(data: string | Uint8Array): boolean;
}

/**
 * Remembers which readers asked for JSON, and sends each event in the form each reader chose:
 * `encodeEvent` for JSON, the mode's `render` (chat/format.ts, game/format.ts) for text. A
 * broadcast renders and encodes each form at most once, and only if someone reads it, then hands
 * the same bytes to every outbox: a message to 1,000 clients costs two encodings, not 1,000.
 *
 * @example
 * const audience = new Audience<Connection, ChatEvent>((event) => renderChat(event, msg));
 * audience.broadcast(members, { type: "system", at: Date.now(), text: "hi" });
 */
export class Audience<C extends Reader, E extends SocklabEvent> {
  private readonly json = new Set<C>();
  /** The event's text line for plain readers, without its "\n" (may hold several lines). */
  private readonly render: (event: E) => string;

  constructor(render: (event: E) => string) {
    this.render = render;
  }

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

  /** The event as one reader reads it: a JSON line, or its text line(s). */
  form(conn: C, event: E): string {
    return this.json.has(conn) ? encodeEvent(event) : `${this.render(event)}\n`;
  }

  /** Sends `event` to one reader, in its form. */
  tell(conn: C, event: E): void {
    conn.send(this.form(conn, event));
  }

  /** Sends `event` to every recipient but `except`. */
  broadcast(recipients: Iterable<C>, event: E, except?: C): void {
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
        asText ??= encoder.encode(`${this.render(event)}\n`);
        conn.send(asText);
      }
    }
  }
}
