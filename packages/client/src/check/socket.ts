// The checker's real connections: Bun.connect with a deadline, half-open allowed (the echo
// half-close check keeps reading after its FIN), every write through the protocol's Outbox.

import { Outbox } from "@socklab/protocol";
import type { Socket } from "bun";
import { type Address, formatAddress } from "../address.ts";
import { connectWithin, describeConnectError } from "../link.ts";
import { ConnState } from "./conn.ts";
import { DialError, type Dialer } from "./types.ts";

/**
 * Dials `address`; each connection fails with a DialError carrying the sentence to show.
 *
 * @example
 * const conn = await socketDialer({ host: "127.0.0.1", port: 7007 }, 2000).dial();
 * conn.send("hi\n");
 */
export function socketDialer(address: Address, timeoutMs: number): Dialer {
  return {
    async dial() {
      // Made before connecting, so a greeting sent on accept is never missed; the socket and
      // its outbox are filled in once connected (nothing writes before that).
      let socket: Socket<undefined> | undefined;
      let box: Outbox | undefined;
      const state = new ConnState({
        write: (data) => box?.write(data),
        flushed: (done) => (box ? box.whenFlushed(done) : done()),
        shutdown: () => box?.whenFlushed(() => socket?.shutdown()),
        abort: () => {
          box?.close();
          socket?.terminate();
        },
        close: () => {
          box?.close();
          socket?.end();
        },
      });
      const attempt = Bun.connect({
        hostname: address.host,
        port: address.port,
        allowHalfOpen: true,
        socket: {
          data(_socket, data) {
            state.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          },
          drain() {
            box?.drain();
          },
          end() {
            state.serverEnded();
          },
          close(_socket, error) {
            box?.close();
            if (error) state.broke();
            else state.serverEnded();
          },
          error() {
            state.broke();
          },
          connectError() {
            // The rejected promise reports it.
          },
        },
      });
      try {
        socket = await connectWithin(
          attempt,
          timeoutMs,
          () =>
            new DialError(`no answer from ${formatAddress(address)} after ${timeoutMs / 1000} s`),
        );
      } catch (error) {
        if (error instanceof DialError) throw error;
        throw new DialError(describeConnectError(error, address).message);
      }
      socket.setNoDelay(true); // each write is a message of its own (split, small writes)
      box = new Outbox(socket);
      return state;
    },
  };
}
