// inspect (seed: the Python server that prints what it receives): shows each chunk on the
// server console as it arrives, in hex and printable form, and replies nothing. It makes the
// byte stream visible: two sends may arrive as one chunk, one send as two.

import { cappedDump, hexDump } from "@socklab/protocol";
import type { ModeDefinition } from "../core/mode.ts";
import { inspectDatagrams } from "../udp/inspect.ts";

export { hexDump };

export const inspect: ModeDefinition = {
  name: "inspect",
  examples: ["socklab-server inspect", "printf 'AB\\0\\377' | nc 127.0.0.1 7011"],
  flags: {},
  // --udp: each datagram alone, with its source (see ../udp/inspect.ts).
  datagram: (ctx) => inspectDatagrams(ctx, hexDump),
  create: ({ log, msg }) => ({
    // The console line already starts with the time: the head says who and how much.
    data(conn, bytes) {
      const { rows, more } = cappedDump(bytes);
      const lines = [msg.inspectHead(conn.id, bytes.length), ...rows.map((row) => `  ${row}`)];
      if (more > 0) lines.push(`  ${msg.inspectMore(more)}`);
      log.always(lines.join("\n"));
      // The dump is the mode's whole output: when the console falls behind (a slow terminal, a
      // pipe nobody reads), stop reading this client until it catches up. Its bytes wait in
      // the kernel and TCP slows the sender, instead of the dumps piling up in our memory
      // (the logger's LOG_HIGH_WATER; past LOG_MAX_QUEUED it would drop them).
      if (log.congested && !conn.isPaused) {
        conn.pause();
        log.whenWritten?.(() => {
          if (conn.isOpen) conn.resume();
        });
      }
    },
  }),
};
