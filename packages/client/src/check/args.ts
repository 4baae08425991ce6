// The command line of `socklab-client check MODE HOST:PORT [flags]`, read with the protocol's
// parseArgv; every mistake is a UsageError (one line, exit 2).

import {
  type ArgSpec,
  ArgvError,
  isLang,
  type Lang,
  type ParsedArgv,
  parseArgv,
} from "@socklab/protocol";
import { parseAddress } from "../address.ts";
import type { ClientCommand } from "../cli.ts";
import { usage, usageLang, usageText } from "../usage.ts";
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

/** `check --help`, in `lang` (--lang, else LANG / LC_ALL). */
export function checkHelp(lang: Lang = "en"): string {
  const { timeoutMs, factor } = DEFAULT_CHECK_OPTIONS;
  return usageText(lang).checkHelp(CHECK_MODES.join(", "), timeoutMs, factor).join("\n");
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
  if (values.help) return { kind: "help", text: checkHelp(usageLang(argv, process.env)) };
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
