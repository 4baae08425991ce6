// The command line of `socklab-client check MODE HOST:PORT [flags]`, read with the protocol's
// parseArgv; every mistake is a UsageError (one line, exit 2).

import { type ArgSpec, ArgvError, isLang, type ParsedArgv, parseArgv } from "@socklab/protocol";
import { parseAddress } from "../address.ts";
import type { ClientCommand } from "../cli.ts";
import { usage } from "../usage.ts";
import { checkNames } from "./plans/index.ts";
import { CHECK_MODES, DEFAULT_CHECK_OPTIONS, isCheckMode } from "./types.ts";

const OPTIONS = {
  only: { type: "string" },
  lang: { type: "string" },
  json: { type: "boolean" },
  timeout: { type: "string" },
  factor: { type: "string" },
  min: { type: "string" },
  max: { type: "string" },
  "echo-ok": { type: "boolean" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, ArgSpec>;

/** Longest --timeout: a minute of silence is already far more than any server on a LAN needs. */
const MAX_TIMEOUT_MS = 60_000;
/** Shortest --timeout: below it a loaded machine would fail correct servers. */
const MIN_TIMEOUT_MS = 100;
/** The game's range bounds, as the server accepts them. */
const MAX_BOUND = 1_000_000_000;

export function checkHelp(): string {
  return [
    "socklab-client check: test a server (yours, a student's) against the lab's exercises",
    "",
    "Usage: socklab-client check MODE HOST:PORT [flags]",
    `Modes: ${CHECK_MODES.join(", ")}`,
    "",
    "Flags:",
    "  --only A,B       run only these checks (names as listed in the checklist)",
    "  --lang fr        sentences in French (default: en)",
    "  --json           one JSON document (checks, verdicts, evidence, timings)",
    `  --timeout MS     how long to wait for each expected answer (default ${DEFAULT_CHECK_OPTIONS.timeoutMs})`,
    `  --factor N       bytes: the multiplier (default ${DEFAULT_CHECK_OPTIONS.factor})`,
    "  --min N --max N  game: the range, when the welcome does not say it",
    "  --echo-ok        chat: the sender's own line may come back to it",
    "  --no-color       no colours",
    "",
    "Exit: 0 every check passed, 1 one failed, 2 nothing reachable or bad arguments.",
    "",
    "Examples:",
    "  socklab-client check echo 127.0.0.1:7007",
    "  socklab-client check http 192.168.1.23:8080 --lang fr",
    "  socklab-client check chat 127.0.0.1:4444 --only join,broadcast --json",
  ].join("\n");
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw usage("badWhole", flag, min, max, text);
  }
  return value;
}

/** Reads the arguments after `check`. */
export function parseCheckArgs(argv: string[]): ClientCommand {
  let parsed: ParsedArgv<typeof OPTIONS>;
  try {
    parsed = parseArgv(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    throw usage("checkFlagsOf", error);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help", text: checkHelp() };
  const [mode, target, extra] = positionals;
  if (mode === undefined || !isCheckMode(mode)) {
    throw usage("checkNeedsMode", CHECK_MODES.join(", "), mode ?? "");
  }
  if (target === undefined) throw usage("checkNeedsTarget", mode);
  if (extra !== undefined) throw usage("unexpected", extra);
  const address = parseAddress(target);
  const lang = values.lang ?? "en";
  if (!isLang(lang)) throw usage("badLang", lang);
  const options = { ...DEFAULT_CHECK_OPTIONS };
  if (values.timeout !== undefined) {
    options.timeoutMs = integer(values.timeout, "timeout", MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
  }
  if (values.factor !== undefined) options.factor = integer(values.factor, "factor", 0, 255);
  if (values.min !== undefined) options.min = integer(values.min, "min", -MAX_BOUND, MAX_BOUND);
  if (values.max !== undefined) options.max = integer(values.max, "max", -MAX_BOUND, MAX_BOUND);
  if ((options.min === undefined) !== (options.max === undefined)) {
    throw usage("minMaxTogether");
  }
  if (options.min !== undefined && options.max !== undefined && options.min >= options.max) {
    throw usage("minBelowMax", options.min, options.max);
  }
  options.echoOk = values["echo-ok"] === true;
  let only: string[] | undefined;
  if (values.only !== undefined) {
    const known = checkNames(mode);
    only = values.only.split(",").map((name) => name.trim().replace(`${mode}.`, ""));
    const unknown = only.filter((name) => !known.includes(name));
    if (unknown.length > 0 || only.length === 0) {
      throw usage("unknownCheck", mode, unknown.join(", "), known.join(", "));
    }
  }
  return {
    kind: "check",
    request: {
      mode,
      address,
      lang,
      json: values.json === true,
      options,
      ...(only ? { only } : {}),
    },
  };
}
