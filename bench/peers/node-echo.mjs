// A node:net echo server, as a Node.js user would write it (pipe handles back-pressure), for
// `bun run bench echo`. Run with `node`; prints "port N" once listening on 127.0.0.1.
import { createServer } from "node:net";

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("error", () => socket.destroy());
  socket.pipe(socket);
});
server.listen(0, "127.0.0.1", () => console.log(`port ${server.address().port}`));
