// A fake link and a fake terminal to drive the client's screens in-process: the test speaks as
// the server (and reads what the screen sent), types keys, and reads the screen back through
// @xterm/headless. The pseudo-terminal tests (test/client-*.test.ts) keep what only a real
// terminal and a real process show.

import { PassThrough, Writable } from "node:stream";
import type { EditorInput, EditorOutput } from "@socklab/protocol/editor";
import { eventually, Screen } from "../../../../test/support/terminal.ts";
import type { Address } from "../../src/address.ts";
import { type Messages, messages } from "../../src/catalog/index.ts";
import type { DatagramHandlers, DatagramLink } from "../../src/datagram.ts";
import type { Link, LinkHandlers } from "../../src/link.ts";
import type { SessionIO } from "../../src/sessions/session.ts";
import { makeTheme } from "../../src/theme.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** How long a wait on a screen or on what was sent may take before the test fails with what it
 * saw (a wait, never a sleep: it returns as soon as the thing is there). */
const WAIT_MS = 3000;

/** A {@link Link} with no socket: `say` is the server writing, `close` the server closing. */
export class FakeLink implements Link {
  readonly address: Address = { host: "127.0.0.1", port: 7 };
  /** Everything the screen sent, decoded. */
  sent = "";
  /** The screen's `end` (a polite close) or `destroy` (at once), if called. */
  closedBy: "end" | "destroy" | "server" | undefined;
  private handlers: LinkHandlers | undefined;
  private early: Uint8Array[] = [];
  private open = true;
  /** Answers the screen's lines, as a server would (each whole line sent, without its "\n"). */
  private readonly reply: ((line: string, link: FakeLink) => void) | undefined;
  private partial = "";

  constructor(reply?: (line: string, link: FakeLink) => void) {
    this.reply = reply;
  }

  get isOpen(): boolean {
    return this.open;
  }

  get queued(): number {
    return 0;
  }

  listen(handlers: LinkHandlers): void {
    this.handlers = handlers;
    const early = this.early;
    this.early = [];
    for (const bytes of early) handlers.data(bytes);
  }

  send(data: string | Uint8Array): boolean {
    if (!this.open) return false;
    const text = typeof data === "string" ? data : decoder.decode(data);
    this.sent += text;
    if (this.reply) {
      const lines = (this.partial + text).split("\n");
      this.partial = lines.pop() ?? "";
      // After the send returns, as a real server's answer comes after the write.
      for (const line of lines) queueMicrotask(() => this.reply?.(line, this));
    }
    return true;
  }

  whenFlushed(done: () => void): void {
    queueMicrotask(done);
  }

  pause(): void {}
  resume(): void {}

  async end(): Promise<void> {
    this.finish("end");
  }

  destroy(): void {
    this.finish("destroy");
  }

  /** The server writes (text or bytes). */
  say(data: string | Uint8Array): void {
    if (!this.open) return;
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (this.handlers) this.handlers.data(bytes);
    else this.early.push(bytes);
  }

  /** The server writes one JSON event per object. */
  events(...events: object[]): void {
    this.say(events.map((event) => `${JSON.stringify(event)}\n`).join(""));
  }

  /** The server closes (`error`: the connection broke). */
  close(error?: Error): void {
    this.finish("server", error);
  }

  /** Waits until the screen has sent `what`. */
  async waitSent(what: string | RegExp): Promise<void> {
    await eventually(
      () => (typeof what === "string" ? this.sent.includes(what) : what.test(this.sent)),
      () => `waiting for the screen to send ${String(what)}; it sent ${JSON.stringify(this.sent)}`,
      WAIT_MS,
    );
  }

  private finish(by: "end" | "destroy" | "server", error?: Error): void {
    if (!this.open) return;
    this.open = false;
    this.closedBy = by;
    this.handlers?.close(error);
  }
}

/** A {@link DatagramLink} with no socket: `reply` answers each datagram, or nothing does. */
export class FakeDatagramLink implements DatagramLink {
  readonly address: Address = { host: "127.0.0.1", port: 7 };
  readonly sent: Uint8Array[] = [];
  closed = false;
  private handlers: DatagramHandlers | undefined;
  private readonly reply: ((datagram: Uint8Array, link: FakeDatagramLink) => void) | undefined;

  constructor(reply?: (datagram: Uint8Array, link: FakeDatagramLink) => void) {
    this.reply = reply;
  }

  send(data: string | Uint8Array): boolean {
    const bytes = typeof data === "string" ? encoder.encode(data) : data.slice();
    this.sent.push(bytes);
    queueMicrotask(() => this.reply?.(bytes, this));
    return true;
  }

  listen(handlers: DatagramHandlers): void {
    this.handlers = handlers;
  }

  close(): void {
    this.closed = true;
  }

  /** A datagram from the server. */
  say(data: string | Uint8Array): void {
    this.handlers?.data(typeof data === "string" ? encoder.encode(data) : data);
  }
}

/** A keyboard and a screen for one screen under test, plus the colours and sentences it takes. */
export class FakeTerminal implements SessionIO {
  readonly screen: Screen;
  readonly input: EditorInput & PassThrough;
  /** A stream (clack's prompts write to it too) that draws on `screen`. */
  readonly output: EditorOutput & Writable;
  readonly theme = makeTheme(false);
  readonly msg: Messages;

  constructor(options: { cols?: number; rows?: number; lang?: "en" | "fr" } = {}) {
    const cols = options.cols ?? 80;
    this.screen = new Screen(cols, options.rows ?? 24);
    this.msg = messages(options.lang ?? "en");
    // No isTTY and no setRawMode: the editor reads keypresses from any stream.
    this.input = new PassThrough() as EditorInput & PassThrough;
    this.input.setEncoding("utf8");
    const screen = this.screen;
    this.output = Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          screen.write(typeof chunk === "string" ? chunk : new Uint8Array(chunk));
          done();
        },
      }),
      { columns: cols, rows: options.rows ?? 24 },
    );
  }

  /** Types keys ("\r" Enter, "\x03" Ctrl-C, "\t" Tab, "\x1b[D" Left). */
  type(keys: string): void {
    this.input.write(keys);
  }

  /** Everything shown so far, scrollback included. */
  text(): string {
    return this.screen.history().join("\n");
  }

  /** Waits until the screen (scrollback included) shows `what`. */
  async waitFor(what: string | RegExp): Promise<void> {
    await eventually(
      () => {
        if (!this.screen.settled) return false;
        const text = this.text();
        return typeof what === "string" ? text.includes(what) : what.test(text);
      },
      () => `waiting for ${String(what)}; screen:\n${this.text()}`,
      WAIT_MS,
    );
  }

  /** What is typed on the input line (the row the cursor is on). */
  async inputLine(): Promise<string> {
    await eventually(
      () => this.screen.settled,
      () => "screen never settled",
    );
    return this.screen.cursorRow().text;
  }
}
