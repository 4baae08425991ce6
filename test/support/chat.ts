// Chat clients for end-to-end tests: a raw peer that has joined under a nickname, and a
// counting reader that checks, line by line and without keeping them, that every sender's
// numbered lines arrive exactly once and in order (for the load tests).

import type { Socket } from "bun";
import { connectPeer, type Peer } from "./peer.ts";

/** Connects, reads the welcome, sends `nick` (as a plain client, or `/proto json` first) and
 * waits until the server accepted it. */
export async function joinChat(
  port: number,
  nick: string,
  options: { json?: boolean; lineEnd?: string } = {},
): Promise<Peer> {
  const peer = await connectPeer(port);
  const end = options.lineEnd ?? "\n";
  await peer.line();
  if (options.json) {
    peer.send(`/proto json${end}/nick ${nick}${end}`);
    await peer.until((line) => line.includes('"type":"join"') && line.includes('"self":true'));
  } else {
    peer.send(`${nick}${end}`);
    await peer.until((line) => line.startsWith(`-- You are ${nick} `));
  }
  return peer;
}

/** A line of the load tests: `<NICK> SEQ padding`, NICK being `s` + the sender's number. */
const NUMBERED = /^\[\d\d:\d\d:\d\d\] <s(\d+)> (\d+)(?: |$)/;

/**
 * A chat client that joins as `nick` and then counts numbered lines from each sender, recording
 * any line that arrives twice or out of order. Holds no lines, so 100 of them reading 10,000
 * lines each stay cheap.
 */
export class CountingReader {
  /** Next sequence number expected from each sender. */
  readonly next = new Map<number, number>();
  readonly problems: string[] = [];
  /** Every other line (joins, leaves, errors), for the test to look at. */
  readonly other: string[] = [];
  total = 0;
  closed = false;
  private socket: Socket<undefined> | undefined;
  /** Writes the kernel has not taken yet, sent on drain (each `write` is its own write call). */
  private pending: Uint8Array[] = [];
  private partial = "";
  private readonly decoder = new TextDecoder();

  static async join(port: number, nick: string): Promise<CountingReader> {
    const reader = new CountingReader();
    let joined: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      joined = resolve;
    });
    reader.socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_s, data) => {
          reader.take(data);
          if (reader.other.some((line) => line.startsWith(`-- You are ${nick} `))) joined();
        },
        drain: () => reader.flush(),
        close: () => {
          reader.closed = true;
          joined();
        },
        error: () => {
          reader.closed = true;
        },
      },
    });
    reader.write(`${nick}\n`);
    await ready;
    reader.other.length = 0;
    return reader;
  }

  /** Lines received from sender `s`. */
  from(sender: number): number {
    return this.next.get(sender) ?? 0;
  }

  /** Sends text with one write call (what the kernel refuses is kept for drain). */
  write(text: string): void {
    this.pending.push(new TextEncoder().encode(text));
    if (this.pending.length === 1) this.flush();
  }

  /** Writes not yet taken by the kernel. */
  get backlog(): number {
    return this.pending.length;
  }

  close(): void {
    this.socket?.end();
  }

  private flush(): void {
    const socket = this.socket;
    while (socket && this.pending.length > 0) {
      const head = this.pending[0] as Uint8Array;
      const n = socket.write(head);
      if (n < 0) return;
      if (n < head.length) {
        this.pending[0] = head.subarray(n);
        return;
      }
      this.pending.shift();
    }
  }

  private take(data: Uint8Array): void {
    const text = this.partial + this.decoder.decode(data, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      this.line(text.slice(start, end));
      start = end + 1;
    }
    this.partial = text.slice(start);
  }

  private line(line: string): void {
    const match = NUMBERED.exec(line);
    if (!match) {
      if (this.other.length < 1000) this.other.push(line);
      return;
    }
    const sender = Number(match[1]);
    const seq = Number(match[2]);
    const expected = this.next.get(sender) ?? 0;
    if (seq !== expected && this.problems.length < 20) {
      this.problems.push(`from s${sender}: got ${seq}, expected ${expected}`);
    }
    this.next.set(sender, seq + 1);
    this.total++;
  }
}

/** Waits until `ready()` or throws after `ms`, saying what it waited for. */
export async function waitFor(ready: () => boolean, ms: number, what: () => string) {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what()}`);
    await Bun.sleep(5);
  }
}
