// A raw TCP peer for end-to-end tests: connects with Bun.connect, sends exact bytes, and reads
// back lines or bytes with a deadline, so a test fails with a message instead of hanging.

import type { Socket } from "bun";

export interface Peer {
  /** Sends bytes or text exactly as given (no newline added). */
  send(data: string | Uint8Array): void;
  /** Sends text plus "\n". */
  sendLine(text: string): void;
  /** Next complete line (LF or CRLF stripped), or throws after `ms`. */
  line(ms?: number): Promise<string>;
  /** Lines until one matches `test` (returned last), or throws after `ms`. */
  until(test: (line: string) => boolean, ms?: number): Promise<string[]>;
  /** Waits until at least `count` bytes have arrived in total; returns them all. */
  bytes(count: number, ms?: number): Promise<Uint8Array>;
  /** Everything received so far. */
  received(): Uint8Array;
  /** Resolves when the server closes the connection; returns all bytes received. */
  closed(ms?: number): Promise<Uint8Array>;
  /** Half-close: send FIN (after any bytes still waiting to be written), keep reading. */
  end(): void;
  /** Close at once. */
  close(): void;
  readonly isClosed: boolean;
}

export async function connectPeer(port: number, host = "127.0.0.1"): Promise<Peer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let lineBuf = "";
  const lines: string[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const decoder = new TextDecoder();
  const pendingWrites: Uint8Array[] = [];
  let sock: Socket<undefined>;
  /** `end()` was called while writes were still waiting: shut down once they are out. */
  let endWhenFlushed = false;
  const flush = () => {
    while (pendingWrites.length > 0) {
      const head = pendingWrites[0] as Uint8Array;
      const n = sock.write(head);
      if (n < 0) return;
      if (n < head.length) {
        pendingWrites[0] = head.subarray(n);
        return;
      }
      pendingWrites.shift();
    }
    if (endWhenFlushed) {
      endWhenFlushed = false;
      sock.shutdown();
    }
  };
  sock = await Bun.connect({
    hostname: host,
    port,
    allowHalfOpen: true,
    socket: {
      data(_s, data) {
        chunks.push(new Uint8Array(data));
        total += data.length;
        lineBuf += decoder.decode(data, { stream: true });
        let i = lineBuf.indexOf("\n");
        while (i >= 0) {
          lines.push(lineBuf.slice(0, i).replace(/\r$/, ""));
          lineBuf = lineBuf.slice(i + 1);
          i = lineBuf.indexOf("\n");
        }
        notify();
      },
      drain() {
        flush();
      },
      close() {
        closed = true;
        notify();
      },
      end() {
        closed = true;
        notify();
      },
      error() {
        closed = true;
        notify();
      },
    },
  });

  const wait = async (ready: () => boolean, ms: number, what: string) => {
    const deadline = Date.now() + ms;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(left, 50));
      });
    }
  };
  const all = () => {
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };

  const peer: Peer = {
    send(data) {
      pendingWrites.push(typeof data === "string" ? new TextEncoder().encode(data) : data);
      flush();
    },
    sendLine(text) {
      peer.send(`${text}\n`);
    },
    async line(ms = 3000) {
      await wait(() => lines.length > 0 || closed, ms, "a line");
      const next = lines.shift();
      if (next === undefined) throw new Error("connection closed before a line arrived");
      return next;
    },
    async until(test, ms = 3000) {
      const seen: string[] = [];
      const deadline = Date.now() + ms;
      for (;;) {
        const next = await peer.line(Math.max(1, deadline - Date.now())).catch((error: Error) => {
          throw new Error(`${error.message}; lines so far: ${JSON.stringify(seen.slice(-10))}`);
        });
        seen.push(next);
        if (test(next)) return seen;
      }
    },
    async bytes(count, ms = 5000) {
      await wait(() => total >= count || closed, ms, `${count} bytes (have ${total})`);
      return all();
    },
    received: all,
    async closed(ms = 5000) {
      await wait(() => closed, ms, "the server to close");
      return all();
    },
    end() {
      // After what is still waiting to be written, or the FIN would cut it off.
      endWhenFlushed = true;
      flush();
    },
    close() {
      sock.end();
    },
    get isClosed() {
      return closed;
    },
  };
  return peer;
}
