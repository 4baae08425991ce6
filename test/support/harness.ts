// Runs the server under test/support/stdout-harness.py: its stdout on a pipe or terminal that
// goes away or stops being read, while the test talks to it over TCP.

import { join } from "node:path";
import { SERVER_SOURCE } from "./cli.ts";

const HARNESS = join(import.meta.dir, "stdout-harness.py");

export interface HarnessedServer {
  pid: number;
  port: number;
  /** What the harness printed when the server exited: its code, and for "stuck" the bytes
   * the dumps announced and whether a "lines dropped" notice appeared. */
  result(): Promise<{ code: number; dumped?: number; dropped?: boolean }>;
  /** The server's stderr, once it exited. */
  stderr(): Promise<string>;
  /** "stuck" only: start reading the console. */
  drain(): void;
  kill(): void;
}

export async function harnessServer(
  kind: "close" | "pty" | "stuck" | "stuck-socket",
  args: string[],
): Promise<HarnessedServer> {
  const proc = Bun.spawn(["python3", HARNESS, kind, ...SERVER_SOURCE, ...args], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const nextLine = async (): Promise<string> => {
    for (;;) {
      const at = text.indexOf("\n");
      if (at >= 0) {
        const line = text.slice(0, at);
        text = text.slice(at + 1);
        return line;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`harness ended: ${await new Response(proc.stderr).text()}`);
      text += decoder.decode(value, { stream: true });
    }
  };
  const { pid, port } = JSON.parse(await nextLine()) as { pid: number; port: number };
  const stderr = new Response(proc.stderr).text();
  return {
    pid,
    port,
    result: async () => JSON.parse(await nextLine()),
    stderr: () => stderr,
    drain() {
      proc.stdin.write("drain\n");
      proc.stdin.flush();
    },
    kill() {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
      proc.kill();
    },
  };
}
