// A node:http hello world for `bun run bench http`: answers every request with the body in the
// file named by argv[2] (socklab's own page, so every contender sends the same bytes).
// Run with `node`; prints "port N" once listening on 127.0.0.1.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const body = readFileSync(process.argv[2] ?? "/dev/null");
const server = createServer((_request, response) => {
  response.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": body.length,
  });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`port ${server.address().port}`));
