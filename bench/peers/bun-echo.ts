// The least a correct echo server on Bun can do: write each read back from the data callback,
// keep what the kernel refused and stop reading until it drains. For `bun run bench echo`: the
// runtime's own floor, so the table shows what socklab's core costs above it and what is Bun's.
// Prints "port N" once listening on 127.0.0.1.

import type { Socket } from "bun";

interface Pending {
  /** Bytes the kernel refused, sent on drain; reading is paused meanwhile. */
  rest?: Uint8Array;
}

function send(socket: Socket<Pending>, bytes: Uint8Array): void {
  const written = socket.write(bytes);
  if (written >= bytes.length) return;
  // Bun's write keeps nothing: what is left waits for drain, and no later read may pass it.
  socket.data.rest = bytes.slice(Math.max(written, 0));
  socket.pause();
}

const listener = Bun.listen<Pending>({
  hostname: "127.0.0.1",
  port: 0,
  allowHalfOpen: true,
  socket: {
    open(socket) {
      socket.data = {};
    },
    data(socket, bytes) {
      const rest = socket.data.rest;
      if (rest === undefined) send(socket, bytes);
      else socket.data.rest = Buffer.concat([rest, bytes]); // read before the pause took effect
    },
    drain(socket) {
      const rest = socket.data.rest;
      if (rest === undefined) return;
      socket.data.rest = undefined;
      socket.resume();
      send(socket, rest);
    },
    end(socket) {
      socket.end();
    },
  },
});
console.log(`port ${listener.port}`);
