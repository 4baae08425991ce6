// The sessions' input line (and the server console's): what the person types stays on the
// bottom line, and lines the session prints (messages, replies) appear above it, never mixed
// into the typing. clack's text() cannot do this: it redraws by moving up over its last frame,
// so output that arrives meanwhile corrupts it. This editor owns one line and redraws only that.
//
// Why not node:readline with the output-above-input technique (clear the line, write, then
// `rl.prompt(true)`)? Measured on Bun 1.4.5's readline, driven by keystrokes (#16, item 10):
// history (Up/Down), Tab with a completer (and the list on a second Tab), Ctrl-A/E/U/K/W, wide
// characters (日本 puts the cursor 4 columns on) and a pasted CRLF as one line end all work. What
// does not: the cursor moves by code point, not by grapheme: Left twice over `a👍🏽b` lands
// between 👍 and its skin tone and typing there gives `a👍X🏽b`; Left once over a ZWJ family
// 👨‍👩‍👧 moves 2 of its 8 units, not over it. A line wider than the terminal wraps onto a second
// row (45 characters on 20 columns: 2 rows), which clearing one row before printing above it
// cannot erase, so the screen garbles; this editor scrolls the line sideways instead. readline
// has no cap on the line (5,000 characters pasted, all kept) and no per-key filter (the game's
// digits-only prompt). The editor's test "node:readline still ..." re-measures the grapheme case.

import { emitKeypressEvents } from "node:readline";

/** What node:readline's keypress events carry. */
export interface Key {
  sequence?: string;
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
}

/** The terminal side we read: process.stdin, or a stream a test writes keystrokes to. */
export type EditorInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
};

/** The terminal side we draw on: process.stdout, or anything with write (and maybe columns). */
export interface EditorOutput {
  write(text: string): unknown;
  columns?: number;
  on?(event: "resize", listener: () => void): unknown;
  off?(event: "resize", listener: () => void): unknown;
}

export interface LineEditorOptions {
  input: EditorInput;
  output: EditorOutput;
  prompt?: string;
  /** Candidates for Tab, given the word before the cursor and whether it starts the line. */
  complete?(word: string, atStart: boolean): string[];
  /** Whether `char` may be typed into `text` (the game's prompt takes digits only). */
  accept?(char: string, text: string): boolean;
  /** Enter: the line typed (already added to the history when not empty). */
  onLine(text: string): void;
  /** Ctrl-C. */
  onInterrupt(): void;
  /** Ctrl-D on an empty line. */
  onEnd?(): void;
  /** The sentence printed when typing or a paste passes the line's limit (what was cut): `unit`
   * says which limit, MAX_INPUT_CHARS characters or the server's `setMaxBytes`. */
  tooLong?(max: number, dropped: number, unit: "chars" | "bytes"): string;
}

/** Lines Up/Down can recall: a lab session's worth; the oldest is forgotten past it. */
export const MAX_HISTORY = 200;

/** Characters one input line may hold, whatever the server: a lab's longest line is a paste of
 * a paragraph, and the line stays cheap to redraw at each key. A screen whose server says its own
 * cap (the chat's `join` carries its --max-line, 2 KiB by default, in bytes) sets it with
 * `setMaxBytes`, so a line of accents or emoji is cut here, said, rather than dropped by the
 * server. Typing or pasting more is left out (the bell rings, and a sentence says how much). */
export const MAX_INPUT_CHARS = 2000;

const utf8 = new TextEncoder();

/** UTF-8 bytes of `text`: what a server's line cap counts. */
function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/** Quiet after which a paste is over: a terminal delivers one in chunks a few ms apart. */
const PASTE_SETTLE_MS = 50;

const BELL = "\x07";
const CLEAR_LINE = "\r\x1b[2K";

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** A text as what a person sees as characters: an emoji with its skin tone or a family of
 * joined emoji is one, a letter with its accents is one. The cursor moves over these. */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (part) => part.segment);
}

/** Display width of one character (wide CJK and emoji take two cells, combining marks none). */
function cellWidth(char: string): number {
  return Bun.stringWidth(char);
}

/**
 * A one-line editor with history and completion. `print` writes above the input line.
 *
 * @example
 * const editor = new LineEditor({ input: process.stdin, output: process.stdout, prompt: "> ",
 *   onLine: (text) => link.send(`${text}\n`), onInterrupt: () => leave() });
 * editor.start();
 * editor.print("alice: hello"); // appears above what is being typed
 */
export class LineEditor {
  private readonly options: LineEditorOptions;
  private prompt: string;
  /** The line as graphemes, so the cursor never splits a character (nor an emoji sequence). */
  private chars: string[] = [];
  private cursor = 0;
  /** First character shown when the line is wider than the terminal (it scrolls sideways). */
  private viewStart = 0;
  private history: string[] = [];
  /** Position in the history while recalling; history.length means the line being typed. */
  private historyIndex = 0;
  private draft: string[] = [];
  private active = false;
  private lastKeyWasReturn = false;
  private lastKeyWasTab = false;
  /** The server's cap on a line, in UTF-8 bytes (`setMaxBytes`); none until it says one. */
  private maxBytes = Number.POSITIVE_INFINITY;
  /** Characters of the current paste left out (past the limit), not yet reported. */
  private dropped = 0;
  /** Which limit cut the current paste. */
  private droppedBy: "chars" | "bytes" = "chars";
  private droppedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LineEditorOptions) {
    this.options = options;
    this.prompt = options.prompt ?? "> ";
  }

  /** What is typed so far. */
  get text(): string {
    return this.chars.join("");
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Takes the keyboard (raw mode) and draws the input line. */
  start(): void {
    if (this.active) return;
    this.active = true;
    const { input, output } = this.options;
    emitKeypressEvents(input);
    input.setRawMode?.(true);
    input.on("keypress", this.onKeypress);
    output.on?.("resize", this.render);
    input.resume();
    this.render();
  }

  /** Gives the keyboard back and clears the input line. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    clearTimeout(this.droppedTimer);
    const { input, output } = this.options;
    input.off("keypress", this.onKeypress);
    output.off?.("resize", this.render);
    input.setRawMode?.(false);
    input.pause();
    output.write(CLEAR_LINE);
  }

  setPrompt(prompt: string): void {
    this.prompt = prompt;
    if (this.active) this.render();
  }

  /** The longest line the server takes, in UTF-8 bytes (its newline not counted): the input line
   * holds no more from now on. */
  setMaxBytes(max: number): void {
    this.maxBytes = max;
  }

  /** Replaces what is typed (for example to keep a line that could not be sent). */
  setText(text: string): void {
    this.chars = this.fit(graphemes(text).slice(0, MAX_INPUT_CHARS));
    this.cursor = this.chars.length;
    if (this.active) this.render();
  }

  /** Writes lines above the input line; the typing below is redrawn intact. */
  print(text: string): void {
    // Wrapped here at word boundaries: the terminal would cut long lines mid-word.
    const columns = Math.max(10, this.options.output.columns ?? 80);
    const lines = text
      .split("\n")
      .flatMap((line) =>
        Bun.stringWidth(line) < columns
          ? [line]
          : Bun.wrapAnsi(line, columns - 1, { hard: true, trim: false }).split("\n"),
      );
    if (!this.active) {
      this.options.output.write(`${lines.join("\r\n")}\r\n`);
      return;
    }
    this.options.output.write(`${CLEAR_LINE}${lines.join(`\r\n\x1b[2K`)}\r\n`);
    this.render();
  }

  /** Draws prompt and line, scrolled so the cursor is visible, then puts the cursor in place. */
  private readonly render = (): void => {
    if (!this.active) return;
    const columns = Math.max(10, this.options.output.columns ?? 80);
    const promptWidth = Bun.stringWidth(this.prompt);
    // One column stays free: writing into the last one would make the terminal wrap.
    const room = Math.max(1, columns - 1 - promptWidth);
    const widths = this.chars.map(cellWidth);
    if (this.cursor < this.viewStart) this.viewStart = this.cursor;
    let before = 0;
    for (let i = this.viewStart; i < this.cursor; i++) before += widths[i] ?? 0;
    while (before > room - 1 && this.viewStart < this.cursor) {
      before -= widths[this.viewStart] ?? 0;
      this.viewStart++;
    }
    let end = this.viewStart;
    let used = 0;
    while (end < this.chars.length && used + (widths[end] ?? 0) <= room) {
      used += widths[end] ?? 0;
      end++;
    }
    const visible = this.chars.slice(this.viewStart, end).join("");
    const column = promptWidth + before;
    this.options.output.write(
      `${CLEAR_LINE}${this.prompt}${visible}\r${column > 0 ? `\x1b[${column}C` : ""}`,
    );
  };

  private readonly onKeypress = (str: string | undefined, key: Key | undefined): void => {
    const name = key?.name;
    const wasReturn = this.lastKeyWasReturn;
    const wasTab = this.lastKeyWasTab;
    this.lastKeyWasReturn = name === "return";
    this.lastKeyWasTab = name === "tab";
    if (key?.ctrl) {
      this.controlKey(name);
      return;
    }
    switch (name) {
      case "return":
        this.submit();
        return;
      case "enter":
        // A pasted CRLF arrives as return + enter: one line end, not two.
        if (!wasReturn) this.submit();
        return;
      case "backspace":
        if (this.cursor > 0) {
          this.chars.splice(this.cursor - 1, 1);
          this.cursor--;
        }
        break;
      case "delete":
        this.chars.splice(this.cursor, 1);
        break;
      case "left":
        this.cursor = Math.max(0, this.cursor - 1);
        break;
      case "right":
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        break;
      case "home":
        this.cursor = 0;
        break;
      case "end":
        this.cursor = this.chars.length;
        break;
      case "up":
        this.recall(-1);
        break;
      case "down":
        this.recall(1);
        break;
      case "tab":
        this.completeWord(wasTab);
        break;
      case "escape":
        break;
      default:
        if (str === undefined || key?.meta) return;
        this.insert(str);
    }
    this.render();
  };

  private controlKey(name: string | undefined): void {
    switch (name) {
      case "c":
        this.options.onInterrupt();
        return;
      case "d":
        if (this.chars.length === 0) {
          this.options.onEnd?.();
          return;
        }
        this.chars.splice(this.cursor, 1);
        break;
      case "a":
        this.cursor = 0;
        break;
      case "e":
        this.cursor = this.chars.length;
        break;
      case "b":
        this.cursor = Math.max(0, this.cursor - 1);
        break;
      case "f":
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        break;
      case "u":
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        break;
      case "k":
        this.chars.splice(this.cursor);
        break;
      case "w": {
        let start = this.cursor;
        while (start > 0 && this.chars[start - 1] === " ") start--;
        while (start > 0 && this.chars[start - 1] !== " ") start--;
        this.chars.splice(start, this.cursor - start);
        this.cursor = start;
        break;
      }
      case "l":
        this.options.output.write("\x1b[2J\x1b[H");
        break;
      default:
        return;
    }
    this.render();
  }

  private insert(str: string): void {
    let typed = "";
    for (const char of str) {
      // Control characters (a stray escape, a pasted tab) would move the terminal's cursor.
      if (char < " " || char === "\x7f") continue;
      if (this.options.accept && !this.options.accept(char, this.text + typed)) {
        this.options.output.write(BELL);
        continue;
      }
      typed += char;
    }
    if (typed === "") return;
    // Segmented again with what is around the cursor: a skin tone or a joiner typed after an
    // emoji belongs to it.
    const before = this.chars.slice(0, this.cursor).join("") + typed;
    const after = this.chars.slice(this.cursor).join("");
    let chars = graphemes(before + after);
    let cursor = graphemes(before).length;
    const overChars = chars.length > MAX_INPUT_CHARS;
    if (overChars || byteLength(before + after) > this.maxBytes) {
      // What was typed is cut from its end, back to what fits; the text around it stays.
      const start = this.cursor;
      const tail = chars.slice(cursor);
      let kept = cursor;
      while (
        kept > start &&
        (kept + tail.length > MAX_INPUT_CHARS ||
          byteLength(chars.slice(0, kept).join("") + tail.join("")) > this.maxBytes)
      ) {
        kept--;
      }
      const dropped = cursor - kept;
      chars = [...chars.slice(0, kept), ...tail];
      cursor = kept;
      this.options.output.write(BELL);
      this.chars = chars;
      this.cursor = cursor;
      this.noteDropped(dropped, overChars ? "chars" : "bytes");
      return;
    }
    this.chars = chars;
    this.cursor = cursor;
  }

  /** The longest start of `chars` within the byte cap (`setText`'s line). */
  private fit(chars: string[]): string[] {
    if (this.maxBytes === Number.POSITIVE_INFINITY) return chars;
    let end = chars.length;
    while (end > 0 && byteLength(chars.slice(0, end).join("")) > this.maxBytes) end--;
    return chars.slice(0, end);
  }

  /** A paste reaches us as many keypresses: what it lost is said once, after the burst. */
  private noteDropped(count: number, by: "chars" | "bytes"): void {
    this.dropped += count;
    this.droppedBy = by;
    clearTimeout(this.droppedTimer);
    this.droppedTimer = setTimeout(() => {
      const notice =
        this.droppedBy === "chars"
          ? this.options.tooLong?.(MAX_INPUT_CHARS, this.dropped, "chars")
          : this.options.tooLong?.(this.maxBytes, this.dropped, "bytes");
      this.dropped = 0;
      if (notice !== undefined && this.active) this.print(notice);
    }, PASTE_SETTLE_MS);
  }

  private submit(): void {
    const text = this.text;
    if (text.trim() !== "" && this.history.at(-1) !== text) {
      this.history.push(text);
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.historyIndex = this.history.length;
    this.chars = [];
    this.cursor = 0;
    this.viewStart = 0;
    this.render();
    this.options.onLine(text);
  }

  private recall(step: number): void {
    const next = this.historyIndex + step;
    if (next < 0 || next > this.history.length) {
      this.options.output.write(BELL);
      return;
    }
    if (this.historyIndex === this.history.length) this.draft = this.chars;
    this.historyIndex = next;
    this.chars =
      next === this.history.length ? this.draft : graphemes(this.history[next] as string);
    this.cursor = this.chars.length;
  }

  private completeWord(repeated: boolean): void {
    const complete = this.options.complete;
    if (!complete) return;
    let start = this.cursor;
    while (start > 0 && this.chars[start - 1] !== " ") start--;
    const word = this.chars.slice(start, this.cursor).join("");
    const atStart = this.chars.slice(0, start).every((c) => c === " ");
    const candidates = complete(word, atStart);
    if (candidates.length === 0) {
      this.options.output.write(BELL);
      return;
    }
    let replacement: string;
    if (candidates.length === 1) {
      const only = candidates[0] as string;
      // "ali<Tab>" at the start of a chat line addresses alice, IRC style.
      replacement = only + (atStart && !only.startsWith("/") ? ": " : " ");
    } else {
      replacement = commonPrefix(candidates);
      if (Array.from(replacement).length <= Array.from(word).length) {
        if (repeated) this.print(candidates.join("  "));
        else this.options.output.write(BELL);
        return;
      }
    }
    const inserted = graphemes(replacement);
    this.chars.splice(start, this.cursor - start, ...inserted);
    this.cursor = start + inserted.length;
  }
}

/** The longest start shared by every candidate, compared case-insensitively ("Al" for Alice and
 * ALBERT), spelled as the first candidate spells it. */
export function commonPrefix(candidates: string[]): string {
  const first = Array.from(candidates[0] ?? "");
  let length = first.length;
  for (const other of candidates.slice(1)) {
    const chars = Array.from(other);
    let i = 0;
    while (i < length && i < chars.length && chars[i]?.toLowerCase() === first[i]?.toLowerCase())
      i++;
    length = i;
  }
  return first.slice(0, length).join("");
}
