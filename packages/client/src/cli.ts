// The client's command line: `socklab-client [mode|send|connect] [flags]`, read with the
// protocol's parseArgv into one command; every mistake is a UsageError with the reason.

import {
  type ArgSpec,
  ArgvError,
  argvLang,
  type ClientScreen,
  checkName,
  isLang,
  type Lang,
  MAX_NAME_LENGTH,
  MODES,
  modeRow,
  type ParsedArgv,
  parseArgv,
  versionLine,
} from "@socklab/protocol";
import { type Address, parseAddress, parseHost, parsePort } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { parseCheckArgs } from "./check/args.ts";
import type { CheckRequest } from "./check/command.ts";
import { CONNECT_TIMEOUT_MS } from "./link.ts";
import { usage } from "./usage.ts";

/** The client's own screens, which no server mode's row names: `udp` (datagrams to echo or
 * bytes --udp), `raw` (lines to any server at all, a student's own), `inspect` (any server's
 * chunks in hex; the server's inspect mode has no screen: it answers nothing). */
const CLIENT_ONLY = ["udp", "raw", "inspect"] as const;
type ClientOnly = (typeof CLIENT_ONLY)[number];
export const isClientOnly = (mode: string): mode is ClientOnly =>
  (CLIENT_ONLY as readonly string[]).includes(mode);
/** The server modes that have a screen, from the protocol's table (MODES). */
type ScreenMode = Extract<(typeof MODES)[number], { screen: ClientScreen }>["name"];

/** What the interactive client can talk to: the socklab modes with a screen (the protocol's
 * table, in its order), then the client's own screens. */
export const CLIENT_MODES: readonly ClientMode[] = [
  ...MODES.filter((row) => "screen" in row).map((row) => row.name as ScreenMode),
  ...CLIENT_ONLY,
];
export type ClientMode = ScreenMode | ClientOnly;

export function isClientMode(text: string): text is ClientMode {
  return (CLIENT_MODES as readonly string[]).includes(text);
}

/** The screen a mode opens: its row's in the table, or the client's own screen of that name. */
export function screenOf(mode: ClientMode): ClientScreen | ClientOnly {
  return isClientOnly(mode) ? mode : (modeRow(mode)?.screen as ClientScreen);
}

/** The default port of a mode; `raw` and `inspect` have none (they talk to any server: the
 * student says where it listens); `udp` talks to `socklab-server echo --udp`, on echo's port. */
export function defaultPort(mode: ClientMode): number | undefined {
  if (mode === "udp") return modeRow("echo")?.port;
  return isClientOnly(mode) ? undefined : modeRow(mode)?.port;
}

/** How long a UDP datagram may go unanswered before it is shown lost (--timeout changes it): a
 * LAN answers in milliseconds, and a second is what ping waits between two probes. */
export const DEFAULT_UDP_LOSS_MS = 1000;
/** ping's default pace, one datagram a second. */
export const DEFAULT_PING_INTERVAL_MS = 1000;
/** The most datagrams one ping run sends: a day at one a second; more is a typo. */
const MAX_PING_COUNT = 100_000;

/** How long `send`, `connect` and a mode outside a terminal wait for more after the last byte: a server on the LAN answers
 * within milliseconds, and one second is still short enough for a script. */
export const DEFAULT_WAIT_MS = 1000;

/** Answers to the connect form given as flags; the form asks only what is missing. */
export interface SessionAnswers {
  mode?: ClientMode;
  host?: string;
  port?: number;
  name?: string;
  method?: string;
  path?: string;
}

export type ClientCommand =
  | { kind: "help"; text: string }
  | {
      kind: "send";
      lang: Lang;
      address: Address;
      text: string;
      waitMs: number;
      timeoutMs: number;
      crlf: boolean;
      /** One datagram instead of a TCP connection (`send --udp`; absent otherwise). */
      udp?: true;
    }
  | {
      kind: "ping";
      lang: Lang;
      address: Address;
      count: number;
      intervalMs: number;
      /** A datagram unanswered this long is lost. */
      lossMs: number;
    }
  | {
      kind: "connect";
      lang: Lang;
      address: Address;
      waitMs: number;
      timeoutMs: number;
      crlf: boolean;
    }
  | { kind: "check"; request: CheckRequest }
  | {
      kind: "session";
      answers: SessionAnswers;
      reconnect: boolean;
      timeoutMs: number;
      /** The screens' language (--lang, else the environment's). */
      lang: Lang;
      /** raw: end typed lines with CRLF. */
      crlf: boolean;
      /** Outside a terminal a session is a pipe, which stops after this much silence. */
      waitMs: number;
      /** The udp mode only: a datagram unanswered this long is shown lost. */
      lossMs?: number;
    };

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  name: { type: "string" },
  method: { type: "string" },
  path: { type: "string" },
  wait: { type: "string" },
  timeout: { type: "string" },
  crlf: { type: "boolean" },
  udp: { type: "boolean" },
  count: { type: "string" },
  interval: { type: "string" },
  "no-reconnect": { type: "boolean" },
  "no-color": { type: "boolean" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, ArgSpec>;

/** Why a nickname or player name is refused (the servers apply the same rule), or undefined. */
export function nameProblem(name: string, msg: Messages = messages("en")): string | undefined {
  switch (checkName(name)) {
    case "empty":
      return msg.nameEmpty;
    case "too_long":
      return msg.nameTooLong(MAX_NAME_LENGTH);
    case "bad_characters":
      return msg.nameBadCharacters;
    default:
      return undefined;
  }
}

/** The language the environment names: French when LC_ALL (which wins), else LANG, says fr
 * (`fr_FR.UTF-8`, `fr_BE`, `fr`); English otherwise.
 *
 * @example
 * langFromEnv({ LANG: "fr_FR.UTF-8" }) // "fr"
 */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  return argvLang([], env);
}

/** HTTP methods the http screen offers; others would need a body format we do not ask for. */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"] as const;

/** The longest --wait / --timeout accepted: beyond ten minutes it is a typo. */
const MAX_MS = 600_000;

function milliseconds(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > MAX_MS) {
    throw usage("badMs", flag, MAX_MS, text);
  }
  return value;
}

/** `socklab-client --help`, in the language of --lang (or LANG / LC_ALL). */
export function clientHelp(msg: Messages = messages("en")): string {
  const modes = CLIENT_MODES.map((mode) => {
    const port = defaultPort(mode);
    return `${mode}${port ? ` (${port})` : ""}`;
  }).join(", ");
  return msg
    .clientHelp({
      modes,
      wait: DEFAULT_WAIT_MS,
      timeout: CONNECT_TIMEOUT_MS,
      loss: DEFAULT_UDP_LOSS_MS,
      interval: DEFAULT_PING_INTERVAL_MS,
    })
    .join("\n");
}

/** Turns argv (without the program name) into what to do; throws UsageError for bad input. */
export function parseClientArgs(argv: string[]): ClientCommand {
  // --version stands alone, whatever else is typed: the one thing a bug report must name.
  if (argv.includes("--version")) return { kind: "help", text: versionLine("socklab-client") };
  // `check` has flags of its own (--only, --lang, --json, --factor...): its own reader.
  if (argv[0] === "check") return parseCheckArgs(argv.slice(1));
  let parsed: ParsedArgv<typeof OPTIONS>;
  try {
    parsed = parseArgv(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    throw usage("flagsOf", error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    const lang = typeof values.lang === "string" && isLang(values.lang) ? values.lang : undefined;
    return { kind: "help", text: clientHelp(messages(lang ?? langFromEnv(process.env))) };
  }
  const waitMs = values.wait === undefined ? DEFAULT_WAIT_MS : milliseconds(values.wait, "wait");
  const timeoutMs =
    values.timeout === undefined
      ? CONNECT_TIMEOUT_MS
      : Math.max(1, milliseconds(values.timeout, "timeout"));
  const crlf = values.crlf === true;
  const udp = values.udp === true;
  const lossMs =
    values.timeout === undefined
      ? DEFAULT_UDP_LOSS_MS
      : Math.max(1, milliseconds(values.timeout, "timeout"));
  const lang = values.lang === undefined ? langFromEnv(process.env) : values.lang;
  if (!isLang(lang)) throw usage("badLang", lang);
  const [first, ...rest] = positionals;
  if (udp && first !== "send") {
    throw usage("udpWithSend");
  }
  if ((values.count !== undefined || values.interval !== undefined) && first !== "udp") {
    throw usage("countWithUdp");
  }
  if (values.interval !== undefined && values.count === undefined) {
    throw usage("intervalNeedsCount");
  }

  if (first === "send" || first === "connect") {
    const target = rest[0];
    if (target === undefined) throw usage("needsTarget", first);
    const address = parseAddress(target);
    if (first === "connect") {
      if (rest.length > 1) throw usage("unexpected", rest[1] as string);
      return { kind: "connect", lang, address, waitMs, timeoutMs, crlf };
    }
    if (rest.length < 2) throw usage("sendNeedsText");
    if (rest.length > 2) {
      throw usage("sendOneText", target, rest.slice(1).join(" "));
    }
    return {
      kind: "send",
      lang,
      address,
      text: rest[1] as string,
      waitMs,
      timeoutMs,
      crlf,
      ...(udp && { udp }),
    };
  }

  if (first !== undefined && !isClientMode(first)) {
    throw usage("unknownModeOrCommand", first, CLIENT_MODES.join(", "));
  }
  if (rest.length > 0) throw usage("unexpected", rest[0] as string);
  const answers: SessionAnswers = { mode: first };
  if (values.host !== undefined) answers.host = parseHost(values.host);
  if (values.port !== undefined) answers.port = parsePort(values.port);
  if (values.name !== undefined) {
    const problem = nameProblem(values.name);
    if (problem) throw usage("badName", values.name);
    answers.name = values.name;
  }
  if (values.method !== undefined) {
    const method = values.method.toUpperCase();
    if (!/^[A-Z]+$/.test(method)) throw usage("badMethod", values.method);
    answers.method = method;
  }
  if (values.path !== undefined) {
    if (!values.path.startsWith("/") || /\s/.test(values.path)) {
      throw usage("badPath", values.path);
    }
    answers.path = values.path;
  }
  if (values.count !== undefined) {
    const count = Number(values.count);
    if (!/^\d+$/.test(values.count) || count < 1 || count > MAX_PING_COUNT) {
      throw usage("badCount", MAX_PING_COUNT, values.count);
    }
    const intervalMs =
      values.interval === undefined
        ? DEFAULT_PING_INTERVAL_MS
        : Math.max(1, milliseconds(values.interval, "interval"));
    return {
      kind: "ping",
      lang,
      address: {
        host: answers.host ?? "127.0.0.1",
        port: answers.port ?? (defaultPort("udp") as number),
      },
      count,
      intervalMs,
      lossMs,
    };
  }
  return {
    kind: "session",
    lang,
    crlf,
    answers,
    reconnect: values["no-reconnect"] !== true,
    timeoutMs,
    waitMs,
    ...(first === "udp" && { lossMs }),
  };
}
