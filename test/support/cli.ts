// Runs socklab's command lines (from source or the compiled binaries) for end-to-end tests.

import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const SERVER_SOURCE = [process.execPath, join(ROOT, "packages/server/src/main.ts")];
export const CLIENT_SOURCE = [process.execPath, join(ROOT, "packages/client/src/start.ts")];
export const SERVER_BINARY = [join(ROOT, "dist/socklab-server")];
export const CLIENT_BINARY = [join(ROOT, "dist/socklab-client")];

/** Starts `socklab-server ...args` and resolves once it printed its port. */
export async function spawnServer(args: string[], command = SERVER_SOURCE) {
  const proc = Bun.spawn([...command, ...args], {
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  const deadline = Date.now() + 10_000;
  // The banner's address line ("  127.0.0.1:PORT"), not another log line naming an address
  // (--cluster's "linked to nats://127.0.0.1:4222" may come first).
  const banner = /^ {2}127\.0\.0\.1:(\d+)\r?$/m;
  while (!banner.test(output)) {
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${output}${await new Response(proc.stderr).text()}`);
    output += decoder.decode(value, { stream: true });
  }
  const port = Number(banner.exec(output)?.[1]);
  // Keep reading stdout so the server never blocks on a full pipe; tests can look at it.
  const state = { output };
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      state.output += decoder.decode(value, { stream: true });
    }
  })();
  return {
    proc,
    port,
    get output() {
      return state.output;
    },
  };
}

/** Runs a command to completion and returns its exit code and output. */
export async function run(command: string[], options: { stdin?: string; timeoutMs?: number } = {}) {
  const proc = Bun.spawn(command, {
    // process.env as the preload left it (test/support/locale.ts): Bun.spawn's default is the
    // environment the test runner started with.
    env: { ...process.env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
  });
  const timer = setTimeout(() => proc.kill(), options.timeoutMs ?? 15_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}
