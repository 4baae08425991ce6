// The UDP side's reply batches (udp/replies.ts), with a fake socket: replies of one turn leave
// together, and a flood of other datagrams never holds one back for long.

import { describe, expect, test } from "bun:test";
import type { udp } from "bun";
import { Replies } from "../src/udp/replies.ts";

function fakeSocket() {
  const sent: string[][] = [];
  const socket = {
    send(data: Uint8Array) {
      sent.push([new TextDecoder().decode(data)]);
      return true;
    },
    sendMany(packets: readonly (Uint8Array | number | string)[]) {
      const batch: string[] = [];
      for (let i = 0; i < packets.length; i += 3)
        batch.push(new TextDecoder().decode(packets[i] as Uint8Array));
      sent.push(batch);
      return batch.length;
    },
  };
  return { sent, socket: socket as unknown as udp.Socket<"buffer"> };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("Replies", () => {
  test("the replies of one turn go out in one call, after it", async () => {
    const { sent, socket } = fakeSocket();
    const replies = new Replies(socket);
    replies.add(bytes("a"), 5000, "127.0.0.1");
    replies.add(bytes("b"), 5001, "127.0.0.1");
    expect(sent).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([["a", "b"]]);
  });

  test("under a flood of other datagrams a queued reply leaves after 64 of them, not at the turn's end", () => {
    const { sent, socket } = fakeSocket();
    const replies = new Replies(socket);
    replies.add(bytes("honest"), 5000, "127.0.0.1");
    for (let i = 0; i < 63; i++) replies.arrived(); // a flooder's datagrams, dropped
    expect(sent).toEqual([]);
    replies.arrived();
    expect(sent).toEqual([["honest"]]);
  });

  test("a refused reply is counted, as UDP drops it", () => {
    const { socket } = fakeSocket();
    (socket as unknown as { send: () => boolean }).send = () => false;
    const replies = new Replies(socket);
    replies.add(bytes("x"), 5000, "127.0.0.1");
    replies.flush();
    expect(replies.refused).toBe(1);
  });
});
