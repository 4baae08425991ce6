// A Bun.serve hello world for `bun run bench http`: answers every request with the body in the
// file named by argv[2] (socklab's own page, so every contender sends the same bytes).
// Prints "port N" once listening on 127.0.0.1.

const body: Uint8Array = await Bun.file(process.argv[2] ?? "/dev/null").bytes();
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } }),
});
console.log(`port ${server.port}`);

export {};
