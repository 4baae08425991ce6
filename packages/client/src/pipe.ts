// `connect` (and `send`, and any mode outside a terminal): like nc, input goes to the server and
// what the server sends goes to the output, byte for byte. No prompts, no colours.

import type { Readable, Writable } from "node:stream";
import { LineDecoder } from "@socklab/protocol";
import type { Link } from "./link.ts";

export interface PipeOptions {
  link: Link;
  input: Readable;
  output: Writable;
  /** After the input ended and everything was sent: stop after this much silence. */
  waitMs: number;
  /** Send each input line with CRLF (telnet, HTTP); otherwise input bytes go as they are. */
  crlf: boolean;
}

/**
 * Relays until the server closes, or the input ended and the server has been silent for
 * `waitMs`. A slow output pauses the socket, a slow server pauses the input: memory stays bounded.
 *
 * @example
 * await pipe({ link, input: process.stdin, output: process.stdout, waitMs: 1000, crlf: false });
 */
export function pipe({ link, input, output, waitMs, crlf }: PipeOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    let inputEnded = false;
    let silence: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(silence);
      input.off("data", onInput);
      input.off("end", onInputEnd);
      input.pause();
      link.end().then(() => resolve());
    };
    const armSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(finish, waitMs);
    };

    link.listen({
      data(bytes) {
        if (!output.write(bytes)) {
          link.pause();
          output.once("drain", () => link.resume());
        }
        if (inputEnded) armSilence();
      },
      close() {
        finish();
      },
    });

    const lines = crlf ? new LineDecoder({ line: (text) => link.send(`${text}\r\n`) }) : undefined;
    const onInput = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      if (lines) lines.push(bytes);
      else link.send(bytes);
      // The server reads slower than we read the input: let the input wait in its pipe.
      if (link.queued > 0) {
        input.pause();
        link.whenFlushed(() => {
          if (!done) input.resume();
        });
      }
    };
    const onInputEnd = () => {
      if (lines) {
        const last = lines.end();
        if (last !== undefined) link.send(`${last}\r\n`);
      }
      link.whenFlushed(() => {
        inputEnded = true;
        if (!done) armSilence();
      });
    };
    input.on("data", onInput);
    input.on("end", onInputEnd);
    input.resume();
  });
}
