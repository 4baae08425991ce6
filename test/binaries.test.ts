// The compiled binaries (dist/socklab-server, dist/socklab-client, from `bun run build`) talk to
// each other exactly like the sources do, and both answer --help.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { joinChat } from "./support/chat.ts";
import { CLIENT_BINARY, ROOT, run, SERVER_BINARY, spawnServer } from "./support/cli.ts";
import { killNats, started, startNats } from "./support/nats.ts";

type Server = Awaited<ReturnType<typeof spawnServer>>;
let length: Server;
let echo: Server;

/** Newest modification time of the sources a binary is built from. */
function newestSource(): number {
  let newest = 0;
  for (const pkg of ["protocol", "server", "client"]) {
    const dir = join(ROOT, "packages", pkg, "src");
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
    }
  }
  return newest;
}

/** Both binaries exist and are newer than every source: testing stale ones would prove nothing. */
function upToDate(): boolean {
  const sources = newestSource();
  return [SERVER_BINARY[0], CLIENT_BINARY[0]].every(
    (file) => existsSync(file as string) && statSync(file as string).mtimeMs >= sources,
  );
}

beforeAll(async () => {
  // `bun run test` builds first; a lone `bun test` of this file builds when dist/ is missing or
  // older than the sources.
  if (!upToDate()) {
    const { code, stderr } = await run([process.execPath, join(ROOT, "scripts/build.ts")], {
      timeoutMs: 120_000,
    });
    if (code !== 0) throw new Error(`bun run build failed: ${stderr}`);
  }
  [length, echo] = await Promise.all([
    spawnServer(["length", "--port", "0", "--quiet"], SERVER_BINARY),
    spawnServer(["echo", "--port", "0", "--quiet"], SERVER_BINARY),
  ]);
}, 150_000);
afterAll(() => {
  length?.proc.kill();
  echo?.proc.kill();
  killNats();
});

// The tests overlap: the shared servers keep nothing a test checks. The default --wait is covered
// in client.test.ts; here a shorter one is enough to see the binaries talk.

test.concurrent("client binary `send` to the server binary (length): greeting and answer", async () => {
  const { code, stdout, stderr } = await run([
    ...CLIENT_BINARY,
    "send",
    `127.0.0.1:${length.port}`,
    "hé hé",
    "--wait",
    "500",
  ]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Welcome, you are client #\d+\n5 characters\n$/);
});

test.concurrent("client binary in pipe mode against the server binary (echo): bytes come back", async () => {
  const input = "first line\nsecond line\n";
  const { code, stdout } = await run(
    [...CLIENT_BINARY, "connect", `127.0.0.1:${echo.port}`, "--wait", "500"],
    { stdin: input },
  );
  expect(code).toBe(0);
  expect(stdout).toBe(input);
});

test.concurrent("client binary: a refused port is one line and exit 2", async () => {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  const { code, stderr } = await run([...CLIENT_BINARY, "send", `127.0.0.1:${port}`, "x"]);
  expect(code).toBe(2);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).toContain("Connection refused");
});

test.concurrent("--help works in both binaries", async () => {
  const server = await run([...SERVER_BINARY, "--help"]);
  expect(server.code).toBe(0);
  expect(server.stdout).toContain("Usage: socklab-server <mode>");
  const client = await run([...CLIENT_BINARY, "--help"]);
  expect(client.code).toBe(0);
  expect(client.stdout).toContain('socklab-client send HOST:PORT "text"');
});

test.concurrent("server binary: chat --cluster links two servers through a real nats-server (the NATS client compiled in)", async () => {
  const nats = await startNats();
  const servers = await Promise.all(
    ["a", "b"].map((name) =>
      spawnServer(
        [
          "chat",
          "--host",
          "127.0.0.1",
          "--port",
          "0",
          "--cluster",
          nats.url,
          "--server-name",
          name,
        ],
        SERVER_BINARY,
      ),
    ),
  );
  for (const server of servers) started.push(server.proc);
  const [a, b] = servers as [Server, Server];
  const alice = await joinChat(a.port, "alice");
  const bob = await joinChat(b.port, "bob");
  await alice.until((line) => line.includes("bob joined"), 8000);
  bob.sendLine("hello from b");
  await alice.until((line) => line.endsWith("<bob> hello from b"), 8000);
  await nats.stop();
  await alice.until((line) => line.includes("Link to the other rooms lost"), 8000);
  await nats.start();
  await alice.until((line) => line.includes("Link to the other rooms back"), 8000);
}, 30_000);
