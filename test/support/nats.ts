// A real nats-server for the --cluster tests: JetStream on, on a free loopback port, with its
// own store directory; stopped (SIGKILL) and started again on the same port and store.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

const NATS_SERVER = Bun.which("nats-server", { PATH: `${process.env.PATH}:/usr/sbin` });

/** Every process a test started, killed at the end whatever happened. */
export const started: Subprocess[] = [];
const dirs: string[] = [];
/** Kills every process `startNats` (or a test, through `started`) started, removes the stores. */
export function killNats(): void {
  for (const proc of started) proc.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** A port nothing listens on right now (the kernel's pick, released at once). */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Waits for `text` in what a stream printed (the stream is read to its end in the background). */
function watch(stream: ReadableStream<Uint8Array>) {
  const state = { output: "" };
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) state.output += decoder.decode(chunk, { stream: true });
  })();
  return {
    get output() {
      return state.output;
    },
    async until(text: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!state.output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" in: ${state.output}`);
        await Bun.sleep(10);
      }
    },
  };
}

/** A nats-server with JetStream on a free loopback port; `restart` brings it back on the same
 * port with the same store (as an admin restarting it would). */
export async function startNats() {
  if (NATS_SERVER === null)
    throw new Error("nats-server is not installed (bun run test installs it)");
  const port = freePort();
  const store = mkdtempSync(join(tmpdir(), "socklab-nats-"));
  dirs.push(store);
  const nats = {
    url: `nats://127.0.0.1:${port}`,
    proc: undefined as Subprocess | undefined,
    async start() {
      const proc = Bun.spawn(
        [NATS_SERVER, "-js", "-a", "127.0.0.1", "-p", String(port), "-sd", store],
        { stdout: "ignore", stderr: "pipe", stdin: "ignore" },
      );
      started.push(proc);
      this.proc = proc;
      await watch(proc.stderr).until("Server is ready");
    },
    async stop() {
      this.proc?.kill("SIGKILL");
      await this.proc?.exited;
    },
  };
  await nats.start();
  return nats;
}
