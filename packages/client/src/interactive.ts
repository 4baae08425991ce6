// The interactive client: the clack form, connecting with a spinner (retry, change the address
// or quit when it fails), then the mode's session screen, then an outro. Cancel exits 0.

import { cancel, intro, isCancel, outro, select, spinner } from "@clack/prompts";
import type { Lang } from "@socklab/protocol";
import type { EditorInput, EditorOutput } from "@socklab/protocol/editor";
import { formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { DEFAULT_UDP_LOSS_MS, type SessionAnswers, screenOf } from "./cli.ts";
import { type DatagramLink, openDatagramLink } from "./datagram.ts";
import { askAddress, askForm, type FormResult, isCheckChoice, type PromptIO } from "./form.ts";
import { type Link, openLink } from "./link.ts";
import { chat } from "./sessions/chat.ts";
import { game } from "./sessions/game.ts";
import { http } from "./sessions/http.ts";
import { inspect } from "./sessions/inspect.ts";
import { raw } from "./sessions/raw.ts";
import { roundTrip } from "./sessions/roundTrip.ts";
import { udp } from "./sessions/udp.ts";
import { makeTheme, type Theme } from "./theme.ts";

export interface InteractiveOptions {
  input: EditorInput & NodeJS.ReadableStream;
  output: EditorOutput & NodeJS.WritableStream;
  answers: SessionAnswers;
  /** Chat: reconnect after a lost connection (--no-reconnect turns it off). */
  reconnect: boolean;
  timeoutMs: number;
  color: boolean;
  /** The language of every sentence (--lang, else LANG / LC_ALL). */
  lang: Lang;
  /** raw: typed lines end with CRLF (--crlf). */
  crlf?: boolean;
  /** udp: a datagram unanswered this long is shown lost (default DEFAULT_UDP_LOSS_MS). */
  lossMs?: number;
  /** Opens a connection (default openLink; tests pass a fake link's). */
  connect?: typeof openLink;
}

/** Connects with a spinner; on failure offers retry, another address, or quit (undefined). */
export async function connectWithRetry(
  form: FormResult,
  io: PromptIO,
  timeoutMs: number,
  msg: Messages = messages("en"),
  connect: typeof openLink = openLink,
): Promise<{ link: Link; form: FormResult } | "cancelled" | "quit"> {
  let current = form;
  for (;;) {
    const where = formatAddress(current);
    const spin = spinner({ output: io.output });
    spin.start(msg.clientConnecting(where));
    try {
      const link = await connect(current, { timeoutMs, msg });
      spin.stop(msg.clientConnected(where));
      return { link, form: current };
    } catch (error) {
      spin.error((error as Error).message);
    }
    const next = await select({
      ...io,
      message: msg.clientWhatNow,
      options: [
        { value: "retry", label: msg.clientTryAgain },
        { value: "change", label: msg.clientChangeAddress },
        { value: "quit", label: msg.clientQuit },
      ],
    });
    if (isCancel(next)) return "cancelled";
    if (next === "quit") return "quit";
    if (next === "change") {
      const address = await askAddress(current.mode, {}, io, current, msg);
      if (isCancel(address)) return "cancelled";
      current = { ...current, ...(address as { host: string; port: number }) };
    }
  }
}

function runSession(
  form: FormResult,
  link: Link,
  options: InteractiveOptions,
  theme: Theme,
  io: PromptIO,
): Promise<void> {
  const screen = {
    input: options.input,
    output: options.output,
    theme,
    msg: messages(options.lang),
  };
  const connect = () =>
    (options.connect ?? openLink)(form, {
      timeoutMs: options.timeoutMs,
      msg: messages(options.lang),
    });
  // The screen is the mode's row's in the protocol's table (or the client's own screen).
  switch (screenOf(form.mode)) {
    case "roundTrip":
      return roundTrip({ ...screen, link, mode: form.mode });
    case "raw":
      return raw({ ...screen, link, crlf: options.crlf });
    case "inspect":
      return inspect({ ...screen, link, crlf: options.crlf });
    case "http":
      return http({
        ...screen,
        io,
        link,
        connect,
        method: options.answers.method,
        path: options.answers.path,
      });
    case "game":
      return game({ ...screen, link, name: form.name });
    case "chat":
      return chat({
        ...screen,
        link,
        connect,
        nick: form.name ?? "",
        reconnect: options.reconnect,
      });
    case "udp":
      throw new Error("udp has no connection: see runUdp");
  }
}

/** The udp screen: no connection to open (UDP has no handshake), so no spinner and no retry;
 * the screen itself says when nothing answers. */
async function runUdp(form: FormResult, options: InteractiveOptions, theme: Theme, io: PromptIO) {
  let link: DatagramLink;
  try {
    link = await openDatagramLink(form);
  } catch (error) {
    outro((error as Error).message, io);
    return;
  }
  await udp({
    input: options.input,
    output: options.output,
    theme,
    msg: messages(options.lang),
    link,
    lossMs: options.lossMs ?? DEFAULT_UDP_LOSS_MS,
  });
}

/**
 * The whole interactive run; resolves to the exit code (0 when the person cancels or leaves).
 *
 * @example
 * process.exit(await runInteractive({ input: process.stdin, output: process.stdout,
 *   answers: {}, reconnect: true, timeoutMs: 5000, color: true, lang: "en" }));
 */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const theme = makeTheme(options.color);
  const msg = messages(options.lang);
  const io: PromptIO = {
    input: options.input as PromptIO["input"],
    output: options.output as PromptIO["output"],
  };
  // Ctrl-C outside a prompt or a session's input line (while an HTTP response is awaited) is a
  // leave too, exit 0: start.ts handles it from the client's first moment.
  intro(theme.inverse(" socklab "), io);
  const form = await askForm(options.answers, io, msg);
  if (isCancel(form)) {
    cancel(msg.clientCancelled, io);
    return 0;
  }
  if ((form as FormResult).mode === "udp") {
    await runUdp(form as FormResult, options, theme, io);
    outro(msg.clientBye, io);
    return 0;
  }
  if (isCheckChoice(form)) {
    const { runCheck } = await import("./check/command.ts");
    const { DEFAULT_CHECK_OPTIONS } = await import("./check/types.ts");
    const request = {
      mode: form.mode,
      address: { host: form.host, port: form.port },
      lang: options.lang,
      json: false,
      options: DEFAULT_CHECK_OPTIONS,
    };
    const code = await runCheck(request, options.output, options.output, {
      terminal: true,
      color: options.color,
    });
    outro(msg.clientBye, io);
    return code;
  }
  const connected = await connectWithRetry(
    form as FormResult,
    io,
    options.timeoutMs,
    msg,
    options.connect,
  );
  if (connected === "cancelled") {
    cancel(msg.clientCancelled, io);
    return 0;
  }
  if (connected === "quit") {
    outro(msg.clientBye, io);
    return 0;
  }
  await runSession(connected.form, connected.link, options, theme, io);
  outro(msg.clientBye, io);
  return 0;
}
