// echo (seed: the C echo server): every byte back exactly as received, binary-safe, any size.

import type { ModeDefinition } from "../core/mode.ts";

export const echo: ModeDefinition = {
  name: "echo",
  summary: "returns every byte exactly as received (binary-safe)",
  examples: ["socklab-server echo", "socklab-server echo --port 9000"],
  flags: {},
  create: () => ({
    // A peer that sends faster than it reads fills its outbox: the core's default then pauses
    // reading from it until the outbox drains, so 32 MiB sent to a slow reader costs at most a
    // high-water mark of memory here, and the rest waits in the kernel and in the sender.
    data(conn, bytes) {
      conn.send(bytes);
    },
    // After the peer's FIN (nc -N, shutdown(SHUT_WR)) it still gets every byte back: the core
    // flushes the outbox, then half-closes, then closes.
    end(conn) {
      conn.end("client closed");
    },
  }),
};
