// The connect form (clack): mode, host, port, and the nickname or player name. Each answer
// given as a flag skips its question. Cancel (Ctrl-C, Esc) is a value, returned as is.

import { type CommonOptions, isCancel, select, text } from "@clack/prompts";
import { MAX_NAME_LENGTH } from "@socklab/protocol";
import { hostProblem, portProblem } from "./address.ts";
import { CHECK_MODES, type CheckMode } from "./check/types.ts";
import { type ClientMode, defaultPort, nameProblem, type SessionAnswers } from "./cli.ts";

/** Everything needed to connect and start a session. */
export interface FormResult {
  mode: ClientMode;
  host: string;
  port: number;
  /** Chat nickname (always set for chat) or game player name (optional). */
  name?: string;
}

/** Clack's streams: the real terminal, or a test's. */
export type PromptIO = Pick<CommonOptions, "input" | "output">;

const DEFAULT_HOST = "127.0.0.1";

const MODE_CHOICES: { value: ClientMode; label: string; hint: string }[] = [
  { value: "chat", label: "chat", hint: "the class chat" },
  { value: "game", label: "game", hint: "guess the number" },
  { value: "echo", label: "echo", hint: "your lines come back, with the round-trip time" },
  { value: "bytes", label: "bytes", hint: "numbers in, numbers × 12 out" },
  { value: "length", label: "length", hint: "each line's length in characters" },
  { value: "http", label: "http", hint: "send a request, see the response" },
  {
    value: "udp",
    label: "udp",
    hint: "datagrams to echo/bytes --udp: size, round-trip time, losses",
  },
  { value: "raw", label: "raw", hint: "any server: lines in, bytes shown" },
  { value: "inspect", label: "inspect", hint: "any server: each chunk received in hex + text" },
];

/** The form's last entry: not a session but `socklab-client check` on a server it asks for. */
export interface CheckChoice {
  kind: "check";
  mode: CheckMode;
  host: string;
  port: number;
}

export function isCheckChoice(value: unknown): value is CheckChoice {
  return (value as { kind?: unknown } | undefined)?.kind === "check";
}

const CHECK_HINTS: Record<CheckMode, string> = {
  echo: "the C echo server",
  bytes: "the Java byte exchange (× 12)",
  length: "the numbered multi-client server",
  game: "guess the number",
  chat: "the chat on port 4444",
  http: "the Hello World page",
};

/** Asks which exercise the server is, then where it listens. */
export async function askCheck(io: PromptIO): Promise<CheckChoice | symbol> {
  const mode = await select<CheckMode>({
    ...io,
    message: "Which exercise does the server do?",
    options: CHECK_MODES.map((value) => ({ value, label: value, hint: CHECK_HINTS[value] })),
  });
  if (isCancel(mode)) return mode;
  const address = await askAddress(mode, {}, io);
  if (isCancel(address)) return address;
  return { kind: "check", mode, ...(address as { host: string; port: number }) };
}

/** Asks for the host and/or the port (the ones not already known). */
export async function askAddress(
  mode: ClientMode,
  known: { host?: string; port?: number },
  io: PromptIO,
  /** What was typed last time ("Change the address"): shown ready to edit, not the defaults. */
  typed?: { host: string; port: number },
): Promise<{ host: string; port: number } | symbol> {
  let host = known.host;
  if (host === undefined) {
    const answer = await text({
      ...io,
      message: "Host",
      placeholder: DEFAULT_HOST,
      defaultValue: DEFAULT_HOST,
      initialValue: typed?.host,
      validate: (value) => (value ? hostProblem(value) : undefined),
    });
    if (isCancel(answer)) return answer;
    host = answer.trim();
  }
  let port = known.port;
  if (port === undefined) {
    const fallback = defaultPort(mode);
    const answer = await text({
      ...io,
      message: "Port",
      placeholder: fallback === undefined ? "the port your server listens on" : String(fallback),
      defaultValue: fallback === undefined ? undefined : String(fallback),
      initialValue: typed === undefined ? undefined : String(typed.port),
      validate: (value) => (value || fallback === undefined ? portProblem(value ?? "") : undefined),
    });
    if (isCancel(answer)) return answer;
    port = Number(answer.trim());
  }
  return { host, port };
}

/**
 * Asks what the flags did not say. Resolves to the answers, or to clack's cancel symbol.
 *
 * @example
 * const form = await askForm({ mode: "chat", host: "127.0.0.1" }, {}); // asks port, nickname
 * if (isCancel(form)) return;
 */
export async function askForm(
  given: SessionAnswers,
  io: PromptIO,
): Promise<FormResult | CheckChoice | symbol> {
  let mode = given.mode;
  if (mode === undefined) {
    const answer = await select<ClientMode | "check">({
      ...io,
      message: "Connect to which kind of server?",
      options: [
        ...MODE_CHOICES.map((choice) => ({
          ...choice,
          hint: `${choice.hint}${defaultPort(choice.value) ? ` · port ${defaultPort(choice.value)}` : ""}`,
        })),
        // Last, so the entries above keep their places.
        { value: "check", label: "check a server", hint: "test your own server against the lab" },
      ],
    });
    if (isCancel(answer)) return answer;
    if (answer === "check") return askCheck(io);
    mode = answer;
  }
  const address = await askAddress(mode, given, io);
  if (isCancel(address)) return address;
  const result: FormResult = { mode, ...(address as { host: string; port: number }) };
  if (mode === "chat" || mode === "game") {
    let name = given.name;
    if (name === undefined) {
      const optional = mode === "game";
      const answer = await text({
        ...io,
        message:
          mode === "chat" ? "Your nickname" : "Your player name (Enter: the server picks one)",
        placeholder: optional ? "player N" : `letters and digits, up to ${MAX_NAME_LENGTH}`,
        validate: (value) => (optional && !value ? undefined : nameProblem(value ?? "")),
      });
      if (isCancel(answer)) return answer;
      name = answer.trim() === "" ? undefined : answer.trim();
    }
    if (name !== undefined) result.name = name;
  }
  return result;
}
