// `send --udp` and the udp mode outside a terminal: each line of input goes out as one
// datagram (without its newline: the datagram's end is the message's end), and each datagram
// that comes back is written to the output, then a newline if it has none of its own.

import type { Readable, Writable } from "node:stream";
import { LineDecoder, MAX_UDP_PAYLOAD } from "@socklab/protocol";
import { formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import type { DatagramLink } from "./datagram.ts";
import { ConnectError } from "./errors.ts";

export interface DatagramPipeOptions {
  link: DatagramLink;
  /** Lines to send, one datagram each; or a stream read line by line. */
  input: readonly string[] | Readable;
  output: Writable;
  /** After the last datagram sent: stop after this much silence. */
  waitMs: number;
  /** Where a line too long for one datagram is reported (it is not sent). */
  notice(text: string): void;
  /** The sentences (default English). */
  msg?: Messages;
}

const LF = 0x0a;

/**
 * Sends, then collects replies until `waitMs` of silence; resolves to the number of datagrams
 * received. Rejects with a ConnectError when the server's machine says nothing listens there.
 *
 * @example
 * const replies = await datagramPipe({ link, input: ["hello"], output: process.stdout,
 *   waitMs: 1000, notice: (text) => console.error(text) });
 */
export function datagramPipe({
  link,
  input,
  output,
  waitMs,
  notice,
  msg = messages("en"),
}: DatagramPipeOptions): Promise<number> {
  const { promise, resolve, reject } = Promise.withResolvers<number>();
  let received = 0;
  let silence: ReturnType<typeof setTimeout> | undefined;
  let inputDone = false;
  let done = false;
  const finish = (error?: Error) => {
    if (done) return;
    done = true;
    clearTimeout(silence);
    if (!Array.isArray(input)) (input as Readable).pause();
    link.close();
    if (error) reject(error);
    else resolve(received);
  };
  const arm = () => {
    clearTimeout(silence);
    silence = setTimeout(() => finish(), waitMs);
  };

  link.listen({
    data(bytes) {
      received++;
      output.write(bytes.slice()); // a copy: the stream may keep it past this call
      if (bytes.length === 0 || bytes[bytes.length - 1] !== LF) output.write("\n");
      if (inputDone) arm();
    },
    unreachable() {
      finish(new ConnectError("refused", msg.udpPipeUnreachable(formatAddress(link.address))));
    },
  });

  const sendLine = (text: string) => {
    if (!done) link.send(text);
  };
  if (Array.isArray(input)) {
    for (const text of input as readonly string[]) sendLine(text);
    inputDone = true;
    arm();
  } else {
    const stream = input as Readable;
    // A line is held until its end, up to the largest datagram IPv4 carries: that bounds it.
    const lines = new LineDecoder(
      {
        line: sendLine,
        overlong: (bytes) => notice(msg.udpLineTooBig(bytes, MAX_UDP_PAYLOAD)),
      },
      MAX_UDP_PAYLOAD,
    );
    stream.on("data", (chunk: Uint8Array | string) => {
      lines.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    });
    stream.on("end", () => {
      const last = lines.end();
      if (last !== undefined) sendLine(last);
      inputDone = true;
      arm();
    });
  }
  return promise;
}
