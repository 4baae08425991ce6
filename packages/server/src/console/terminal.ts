// The teacher's console on a terminal: the client's line editor (history, the log printing
// above the input line) reading commands for the desk (./desk.ts). main.ts starts it only when
// stdin and stdout are terminals; a service or `nohup` gets no reader, as before.

// The same input line as the client's screens (history, printing above the line), shared
// through the protocol package's own entry: the server's start never loads it unless a terminal
// is there.
import { type EditorInput, type EditorOutput, LineEditor } from "@socklab/protocol/editor";
import type { Messages } from "../catalog/index.ts";
import type { RunningServer } from "../core/server.ts";
import { runConsoleLine } from "./desk.ts";

export interface TerminalConsole {
  /** Writes console text (the log's batches) above the input line. */
  print(text: string): void;
  /** Gives the terminal back (the server is stopping). */
  stop(): void;
  /** The server is up: the desk can act on it from now on. */
  attach(server: RunningServer): void;
}

/**
 * Takes the terminal. Lines typed before `attach` wait for the server, so nothing is lost.
 *
 * @example
 * const con = startTerminalConsole({ input: process.stdin, output: process.stdout, msg, quit });
 * const server = await startServer({ mode: "chat", log: createLogger({ write: con.print }) });
 * con.attach(server);
 */
export function startTerminalConsole(options: {
  input: EditorInput;
  output: EditorOutput;
  msg: Messages;
  prompt: string;
  /** /quit and Ctrl-C: stop the server gracefully. */
  quit(): void;
}): TerminalConsole {
  let server: RunningServer | undefined;
  const editor = new LineEditor({
    input: options.input,
    output: options.output,
    prompt: options.prompt,
    complete: (word, atStart) =>
      atStart && word.startsWith("/") ? COMMANDS.filter((c) => c.startsWith(word)) : [],
    onLine(text) {
      if (server === undefined) return;
      // The command stays in the scrollback above its answer, so the session reads back.
      if (text.trim() !== "") editor.print(`${options.prompt}${text}`);
      let lines: string[];
      try {
        lines = runConsoleLine({ server, msg: options.msg, quit: options.quit }, text);
      } catch (error) {
        // Nothing typed at the console may take the class down: say what failed, carry on.
        lines = [`console: ${(error as Error).message}`];
      }
      if (lines.length > 0) editor.print(lines.join("\n"));
    },
    onInterrupt: options.quit,
    onEnd: () => editor.print(options.msg.consoleHint),
  });
  editor.start();
  return {
    print: (text) => editor.print(text.endsWith("\n") ? text.slice(0, -1) : text),
    stop: () => editor.stop(),
    attach(running) {
      server = running;
    },
  };
}

/** Tab completes these at the start of the line. */
const COMMANDS = [
  "/clients",
  "/kick",
  "/say",
  "/help",
  "/quit",
  "/mute",
  "/unmute",
  "/round",
  "/range",
  "/scores",
];
