// The chat a first attempt with Bun.listen gives: every chunk received is written to every other
// client with socket.write and no outbox, so whatever the kernel does not take at once is lost.
// For `bun run bench chat` and `memory`, to show what the outbox costs and what it saves.
// Prints "port N" once listening on 127.0.0.1.

import type { Socket } from "bun";

const clients = new Set<Socket>();
const listener = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    open(socket) {
      clients.add(socket);
    },
    data(sender, data) {
      // The point of this contender: no outbox, no check of what write() returned.
      for (const socket of clients) if (socket !== sender) socket.write(data);
    },
    close(socket) {
      clients.delete(socket);
    },
    error(socket) {
      clients.delete(socket);
    },
  },
});
console.log(`port ${listener.port}`);
