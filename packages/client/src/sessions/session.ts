// What every session screen receives (its streams, its colours) and the lifecycle they share:
// the input line, Ctrl-C (the first leaves politely, a second leaves at once), the server's close.

import {
  type EditorInput,
  type EditorOutput,
  LineEditor,
  type LineEditorOptions,
} from "@socklab/protocol/editor";
import type { Messages } from "../catalog/index.ts";
import type { Link } from "../link.ts";
import type { Theme } from "../theme.ts";

export interface SessionIO {
  input: EditorInput;
  output: EditorOutput;
  theme: Theme;
  /** The client's sentences, in the language of --lang (or LANG / LC_ALL). */
  msg: Messages;
}

/** A screen's streams, its input line's behaviour (prompt, onLine, Tab…), and how it leaves. */
export interface SessionOptions
  extends SessionIO,
    Omit<LineEditorOptions, "input" | "output" | "onInterrupt" | "onEnd"> {
  /** The connection to leave; chat replaces it on each reconnect (unset meanwhile). */
  link: Link | undefined;
  /** Sent before our FIN, so the server tells the others we left rather than we were lost. */
  goodbye?: string;
  /** Runs once as the screen ends, before the keyboard is given back (chat: stop retrying). */
  onDone?(): void;
}

/**
 * Ctrl-C handling for a session: `leave` on the first press (say goodbye, flush, close), `force`
 * on the second (the server did not let us go, or the person is in a hurry).
 *
 * @example
 * const onInterrupt = interrupts(() => link.end().then(done), () => { link.destroy(); done(); });
 */
export function interrupts(leave: () => void, force: () => void): () => void {
  let count = 0;
  return () => {
    count++;
    if (count === 1) leave();
    else force();
  };
}

/**
 * One screen's life: its input line (Ctrl-C and Ctrl-D leave), leaving, and the end, once.
 * `ended` resolves when the person left or the connection is gone.
 *
 * @example
 * const session = new Session({ link, input, output, theme, prompt: "raw › ", onLine: send });
 * link.listen({ data: show, close: session.lost });
 * session.start("Type a line and press Enter. Ctrl-C leaves.");
 * await session.ended;
 */
export class Session {
  /** The input line; the screen prints above it. */
  readonly editor: LineEditor;
  /** The connection `leave` and `force` close; chat sets it on each (re)connect. */
  link: Link | undefined;
  /** Resolves once, when the screen has ended and given the keyboard back. */
  readonly ended: Promise<void>;
  private readonly theme: Theme;
  private readonly msg: Messages;
  private readonly goodbye: string | undefined;
  private readonly onDone: (() => void) | undefined;
  private readonly resolve: () => void;
  private finished = false;
  private left = false;

  constructor({ link, goodbye, onDone, theme, msg, input, output, ...editor }: SessionOptions) {
    this.link = link;
    this.msg = msg;
    this.goodbye = goodbye;
    this.onDone = onDone;
    this.theme = theme;
    const { promise, resolve } = Promise.withResolvers<void>();
    this.ended = promise;
    this.resolve = resolve;
    const onInterrupt = interrupts(() => this.leave(), this.force);
    this.editor = new LineEditor({
      ...editor,
      input,
      output,
      onInterrupt,
      onEnd: onInterrupt,
      tooLong: (max, dropped, unit) =>
        theme.yellow(
          unit === "chars"
            ? msg.clientInputCut(max, dropped)
            : msg.clientInputCutBytes(max, dropped),
        ),
    });
  }

  /** We asked to leave: the close that follows is expected, not news. */
  get leaving(): boolean {
    return this.left;
  }

  /** A close now says nothing new: we are leaving, or the screen has already ended. */
  get closeExpected(): boolean {
    return this.finished || this.left;
  }

  /** Prints how to use the screen, then takes the keyboard. */
  start(hint: string): void {
    this.editor.print(this.theme.dim(hint));
    this.editor.start();
  }

  /** Ends the screen (once): gives the keyboard back and resolves `ended`. */
  readonly done = (): void => {
    if (this.finished) return;
    this.finished = true;
    this.onDone?.();
    this.editor.stop();
    this.resolve();
  };

  /** Leaves politely: the goodbye (or `goodbye`, the person's own `/quit lunch`), then flush and
   * FIN; the screen ends once the link closed. */
  readonly leave = (goodbye?: string): void => {
    this.left = true;
    const link = this.link;
    // Nothing left to say goodbye on (chat between reconnects): just stop.
    if (!link?.isOpen) {
      this.done();
      return;
    }
    this.editor.print(this.theme.dim(this.msg.clientLeaving));
    const words = goodbye ?? this.goodbye;
    if (words !== undefined) link.send(words);
    link.end().then(this.done);
  };

  /** Leaves at once, dropping what is queued. */
  readonly force = (): void => {
    this.left = true;
    this.link?.destroy();
    this.done();
  };

  /** The link's close, for a screen that does not reconnect: unless we are leaving, says whether
   * the server closed or the connection broke, and ends the screen. */
  readonly lost = (error?: Error): void => {
    if (this.closeExpected) return;
    this.editor.print(
      this.theme.yellow(error ? this.msg.clientLost(error.message) : this.msg.clientServerClosed),
    );
    this.done();
  };

  /** The server is not the one this screen speaks to (see `describeWrong`): says so, ends. */
  readonly wrong = (sentence: string): void => {
    if (this.closeExpected) return;
    this.editor.print(this.theme.red(sentence));
    this.force();
  };
}

/** Milliseconds with a precision that suits loopback (0.08 ms) and a LAN (3.2 ms) alike, with
 * the language's decimal mark (`msg.clientDecimal`: "0,08 ms" in French). */
export function formatMs(ms: number, msg?: Messages): string {
  const text = `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)}`;
  return `${msg ? msg.clientDecimal(text) : text} ms`;
}
