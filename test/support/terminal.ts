// A virtual screen for tests: a program's terminal output goes through @xterm/headless, and
// tests read back what a person would see. spawnInTerminal runs a command in a real
// pseudo-terminal (Bun.spawn with `terminal`) and types keystrokes into it.

import { Terminal } from "@xterm/headless";

/** What a terminal of `cols` × `rows` shows after the bytes written to it. */
export class Screen {
  readonly term: Terminal;
  private pending = 0;

  constructor(cols = 80, rows = 24) {
    this.term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  }

  write(data: string | Uint8Array): void {
    this.pending++;
    this.term.write(data, () => {
      this.pending--;
    });
  }

  /** True once every write so far has been parsed (xterm parses asynchronously). */
  get settled(): boolean {
    return this.pending === 0;
  }

  /** The rows currently on screen, right-trimmed. */
  lines(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      out.push(
        buffer
          .getLine(buffer.viewportY + y)
          ?.translateToString(true)
          .trimEnd() ?? "",
      );
    }
    return out;
  }

  /** Everything ever shown, scrollback included, right-trimmed. */
  history(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      out.push(buffer.getLine(y)?.translateToString(true).trimEnd() ?? "");
    }
    return out;
  }

  text(): string {
    return this.lines().join("\n");
  }

  /** The row the cursor is on (where typing appears), and the cursor's column. */
  cursorRow(): { row: number; text: string; column: number } {
    const buffer = this.term.buffer.active;
    return {
      row: buffer.cursorY,
      text:
        buffer
          .getLine(buffer.baseY + buffer.cursorY)
          ?.translateToString(true)
          .trimEnd() ?? "",
      column: buffer.cursorX,
    };
  }
}

/** Polls `ready` until true; throws after `ms` with `describe()` in the message. */
export async function eventually(
  ready: () => boolean,
  describe: () => string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms; ${describe()}`);
    await Bun.sleep(20);
  }
}

export interface TerminalProcess {
  readonly screen: Screen;
  /** Every byte the program wrote, escape sequences included (to check colours). */
  readonly raw: () => string;
  readonly proc: ReturnType<typeof Bun.spawn>;
  /** Types keys (text, "\r" for Enter, "\x03" for Ctrl-C, "\x1b[A" for Up). */
  type(keys: string): void;
  /** Waits until the screen shows `what` (text, regexp, or a test of the screen). */
  waitFor(what: string | RegExp | ((screen: Screen) => boolean), ms?: number): Promise<void>;
  /** Exit code, or throws after `ms`. */
  exit(ms?: number): Promise<number>;
  kill(): void;
}

/** Runs `command` in a pseudo-terminal of `cols` × `rows`, without CI set (or it would not
 * prompt), reading everything it draws into a {@link Screen}. */
export function spawnInTerminal(
  command: string[],
  options: { cols?: number; rows?: number; env?: Record<string, string | undefined> } = {},
): TerminalProcess {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const screen = new Screen(cols, rows);
  const decoder = new TextDecoder();
  let raw = "";
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "CI") env[key] = value;
  }
  env.TERM = "xterm-256color";
  // A test may set CI on purpose (to check the client's non-interactive side).
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const proc = Bun.spawn(command, {
    env,
    terminal: {
      cols,
      rows,
      data(_terminal, data) {
        raw += decoder.decode(data, { stream: true });
        screen.write(data);
      },
    },
  });
  const matches = (what: string | RegExp | ((screen: Screen) => boolean)) => {
    if (typeof what === "function") return what(screen);
    const text = screen.text();
    return typeof what === "string" ? text.includes(what) : what.test(text);
  };
  return {
    screen,
    raw: () => raw,
    proc,
    type(keys) {
      proc.terminal?.write(keys);
    },
    async waitFor(what, ms = 10_000) {
      await eventually(
        () => screen.settled && matches(what),
        () => `waiting for ${String(what)}; screen:\n${screen.text()}`,
        ms,
      );
    },
    async exit(ms = 10_000) {
      let code: number | undefined;
      proc.exited.then((c) => {
        code = c;
      });
      await eventually(
        () => code !== undefined,
        () => `waiting for exit; screen:\n${screen.text()}`,
        ms,
      );
      return code as number;
    },
    kill() {
      proc.kill();
      proc.terminal?.close();
    },
  };
}
