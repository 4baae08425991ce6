// The UDP side's replies, sent in batches: every reply the datagrams of one event-loop turn
// produced goes out in one sendmmsg (`sendMany`) instead of one sendto each.

import type { udp } from "bun";

/** Replies held at most before a batch goes out even inside one wake-up: one sendmmsg call
 * handles at most 1,024 messages (UIO_MAXIOV), and a bounded batch bounds the memory too. */
const MAX_BATCH = 512;
/** Datagrams handled after a reply was queued before it goes out anyway. Under a flood the
 * socket is never empty and Bun may keep reading it in one turn, so the immediate would wait
 * for the flood to pause: an honest reply among a flooder's dropped datagrams waited seconds
 * (test/udp.test.ts, the per-source rate limit, on a loaded machine). */
const FLUSH_AFTER = 64;

/**
 * A batch of replies for one socket. `add` queues, and the batch goes out with setImmediate,
 * after the datagrams of this turn of the event loop: Bun runs microtasks after each datagram's
 * callback, so a microtask would send them one by one. The immediate runs before the loop
 * waits again, so a lone datagram's reply is not delayed behind anything but this turn.
 *
 * @example
 * const replies = new Replies(socket);
 * replies.add(bytes, port, address);   // sent once this turn's datagrams are handled
 * replies.refused                      // replies the kernel dropped (its buffer was full)
 */
export class Replies {
  private readonly socket: udp.Socket<"buffer">;
  /** data, port, address, data, port, address…: the form `sendMany` takes. */
  private readonly packets: (Uint8Array | number | string)[] = [];
  private scheduled = false;
  /** Datagrams seen since the oldest queued reply (see FLUSH_AFTER). */
  private seen = 0;
  /** Replies the kernel refused since the counter was last reset (a full send buffer drops
   * them, as UDP itself would: queueing them would make us the one buffer that grows). */
  refused = 0;
  private readonly flushNow = () => this.flush();

  constructor(socket: udp.Socket<"buffer">) {
    this.socket = socket;
  }

  /** A datagram arrived (answered or not): a reply queued long enough ago goes out now. */
  arrived(): void {
    if (this.packets.length !== 0 && ++this.seen >= FLUSH_AFTER) this.flush();
  }

  add(data: Uint8Array, port: number, address: string): void {
    this.packets.push(data, port, address);
    if (this.packets.length >= MAX_BATCH * 3) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushNow);
    }
  }

  /** Sends what is queued now. */
  flush(): void {
    this.scheduled = false;
    this.seen = 0;
    const count = this.packets.length / 3;
    if (count === 0) return;
    let sent: number;
    try {
      sent =
        count === 1
          ? this.socket.send(
              this.packets[0] as Uint8Array,
              this.packets[1] as number,
              this.packets[2] as string,
            )
            ? 1
            : 0
          : this.socket.sendMany(this.packets);
    } catch {
      sent = 0; // the socket closed under us (stop): nothing more to send anyway
    }
    this.refused += count - sent;
    this.packets.length = 0;
  }
}
