// Drives test/fixtures/chat-crowd.ts: a crowd of raw chat (or game) clients in a process of its
// own, so that a flooder and the honest readers never share the test's event loop.

import { join } from "node:path";
import type { Subprocess } from "bun";

const FIXTURE = join(import.meta.dir, "..", "fixtures", "chat-crowd.ts");

export interface CrowdReport {
  totals: number[];
  problems: string[];
  cut: number;
  notes: string[];
  read: number[];
  /** Delivery latency of the lines that carried their send time, in ms. */
  latency: { count: number; p50: number; p99: number };
}

export class Crowd {
  private readonly proc: Subprocess<"pipe", "pipe", "inherit">;
  private readonly waiting: ((value: Record<string, unknown>) => void)[] = [];
  private readonly queue: Record<string, unknown>[] = [];
  private ended = false;

  private constructor(proc: Subprocess<"pipe", "pipe", "inherit">) {
    this.proc = proc;
    void this.pump();
  }

  /** Starts `count` clients of `role` and waits until they have all joined. */
  static async start(
    port: number,
    role: "senders" | "readers" | "stalled",
    count: number,
    options: string[] = [],
  ): Promise<Crowd> {
    const proc = Bun.spawn(
      [process.execPath, FIXTURE, String(port), role, String(count), ...options],
      {
        stdin: "pipe",
        stdout: "pipe",
        stderr: "inherit",
      },
    );
    const crowd = new Crowd(proc);
    const ready = await crowd.next("ready");
    if (ready.ready !== count) throw new Error(`only ${ready.ready} of ${count} ${role} joined`);
    return crowd;
  }

  /** Senders: every client writes its burst now. Resolves once every burst was taken. */
  async go(): Promise<void> {
    this.command("go");
    await this.next("sent");
  }

  /** Starts the burst without waiting for the kernel to take it all. */
  fire(): void {
    this.command("go");
  }

  async report(): Promise<CrowdReport> {
    this.command("report");
    return (await this.next("totals")) as unknown as CrowdReport;
  }

  /** Polls the report until `done` holds, or throws after `ms` with the last report. */
  async until(done: (r: CrowdReport) => boolean, ms: number): Promise<CrowdReport> {
    const deadline = Date.now() + ms;
    for (;;) {
      const report = await this.report();
      if (done(report)) return report;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${ms} ms: ${JSON.stringify(report).slice(0, 600)}`);
      await Bun.sleep(20);
    }
  }

  async close(): Promise<void> {
    this.proc.stdin.end();
    await this.proc.exited;
  }

  private command(text: string): void {
    this.proc.stdin.write(`${text}\n`);
    this.proc.stdin.flush();
  }

  private async next(key: string): Promise<Record<string, unknown>> {
    for (;;) {
      const at = this.queue.findIndex((value) => key in value);
      if (at >= 0) return this.queue.splice(at, 1)[0] as Record<string, unknown>;
      if (this.ended) throw new Error(`the crowd process ended before it said "${key}"`);
      await new Promise<Record<string, unknown>>((resolve) => this.waiting.push(resolve));
    }
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of this.proc.stdout) {
      text += decoder.decode(chunk, { stream: true });
      let at = text.indexOf("\n");
      while (at >= 0) {
        this.queue.push(JSON.parse(text.slice(0, at)));
        text = text.slice(at + 1);
        at = text.indexOf("\n");
      }
      for (const wake of this.waiting.splice(0)) wake({});
    }
    this.ended = true;
    for (const wake of this.waiting.splice(0)) wake({});
  }
}
