// The connect form (clack): mode, host, port, and the nickname or player name. Each answer
// given as a flag skips its question. Cancel (Ctrl-C, Esc) is a value, returned as is.

import { type CommonOptions, isCancel, select, text } from "@clack/prompts";
import { MAX_NAME_LENGTH } from "@socklab/protocol";
import { hostProblem, portProblem } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { CHECK_MODES, type CheckMode } from "./check/types.ts";
import {
  CLIENT_MODES,
  type ClientMode,
  defaultPort,
  isClientOnly,
  nameProblem,
  type SessionAnswers,
} from "./cli.ts";

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

/** A mode's hint in the form: its summary in the table, or the client's own screen's. */
function modeHint(mode: ClientMode, msg: Messages): string {
  return isClientOnly(mode) ? msg.formModeHint[mode] : msg.modeSummaries[mode];
}

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

/** Asks which exercise the server is, then where it listens. */
export async function askCheck(
  io: PromptIO,
  msg: Messages = messages("en"),
): Promise<CheckChoice | symbol> {
  const mode = await select<CheckMode>({
    ...io,
    message: msg.formWhichExercise,
    options: CHECK_MODES.map((value) => ({ value, label: value, hint: msg.formCheckHint[value] })),
  });
  if (isCancel(mode)) return mode;
  const address = await askAddress(mode, {}, io, undefined, msg);
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
  msg: Messages = messages("en"),
): Promise<{ host: string; port: number } | symbol> {
  let host = known.host;
  if (host === undefined) {
    const answer = await text({
      ...io,
      message: msg.formHost,
      placeholder: DEFAULT_HOST,
      defaultValue: DEFAULT_HOST,
      initialValue: typed?.host,
      validate: (value) => (value ? hostProblem(value, msg) : undefined),
    });
    if (isCancel(answer)) return answer;
    host = answer.trim();
  }
  let port = known.port;
  if (port === undefined) {
    const fallback = defaultPort(mode);
    const answer = await text({
      ...io,
      message: msg.formPort,
      placeholder: fallback === undefined ? msg.formPortPlaceholder : String(fallback),
      defaultValue: fallback === undefined ? undefined : String(fallback),
      initialValue: typed === undefined ? undefined : String(typed.port),
      validate: (value) =>
        value || fallback === undefined ? portProblem(value ?? "", msg) : undefined,
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
  msg: Messages = messages("en"),
): Promise<FormResult | CheckChoice | symbol> {
  let mode = given.mode;
  if (mode === undefined) {
    const answer = await select<ClientMode | "check">({
      ...io,
      message: msg.formWhichMode,
      options: [
        // The form's list, in the table's order: the entries' places are what a person learns.
        ...CLIENT_MODES.map((value) => ({
          value,
          label: value,
          hint: `${modeHint(value, msg)}${defaultPort(value) ? ` · port ${defaultPort(value)}` : ""}`,
        })),
        // Last, so the entries above keep their places.
        { value: "check", label: msg.formCheckLabel, hint: msg.formCheckEntryHint },
      ],
    });
    if (isCancel(answer)) return answer;
    if (answer === "check") return askCheck(io, msg);
    mode = answer;
  }
  const address = await askAddress(mode, given, io, undefined, msg);
  if (isCancel(address)) return address;
  const result: FormResult = { mode, ...(address as { host: string; port: number }) };
  if (mode === "chat" || mode === "game") {
    let name = given.name;
    if (name === undefined) {
      const optional = mode === "game";
      const answer = await text({
        ...io,
        message: mode === "chat" ? msg.formNickname : msg.formPlayerName,
        placeholder: optional
          ? msg.formPlayerPlaceholder
          : msg.formNickPlaceholder(MAX_NAME_LENGTH),
        validate: (value) => (optional && !value ? undefined : nameProblem(value ?? "", msg)),
      });
      if (isCancel(answer)) return answer;
      name = answer.trim() === "" ? undefined : answer.trim();
    }
    if (name !== undefined) result.name = name;
  }
  return result;
}
