// Reading the structured mode: switch a chat or game connection to JSON events, then turn each
// line into an event. Lines that are not events are handed back as text once events flow (the
// text greeting sent before the switch is dropped).

import {
  decodeEvent,
  LineDecoder,
  PROTO_JSON_COMMAND,
  type SocklabEvent,
  sanitizeText,
} from "@socklab/protocol";
import type { Link } from "../link.ts";

export interface EventHandlers<E extends SocklabEvent> {
  event(event: E): void;
  /** A line that is not an event, after the first event: from a server that does not speak JSON
   * (sanitised, never empty). Before the first event it is the text greeting sent before the
   * switch, already replaced by the events: not handed over. */
  text(line: string): void;
  close(error?: Error): void;
}

/**
 * Listens on `link` for JSON events and asks the server for them.
 *
 * @example
 * listenForEvents<ChatEvent>(link, { event: render, text: (line) => print(line), close: lost });
 */
export function listenForEvents<E extends SocklabEvent>(
  link: Link,
  handlers: EventHandlers<E>,
): void {
  let sawEvent = false;
  const lines = new LineDecoder({
    line(line) {
      const event = decodeEvent(line);
      if (event) {
        sawEvent = true;
        handlers.event(event as E);
      } else if (sawEvent) {
        const text = sanitizeText(line);
        if (text !== "") handlers.text(text);
      }
    },
  });
  link.listen({ data: (bytes) => lines.push(bytes), close: handlers.close });
  link.send(`${PROTO_JSON_COMMAND}\n`);
}

/** Text from the server, cleaned before it reaches the terminal (a server may be anyone's). */
export const clean = sanitizeText;
