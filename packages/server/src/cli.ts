// The server's command line: `socklab-server <mode> [flags]`, read with the protocol's parseArgv,
// with help text built from the modes' table and definitions so a new flag documents itself.
// The one place a mode's name becomes its definition (the core takes definitions).

import {
  type ArgSpec,
  ArgvError,
  DEFAULT_PORTS,
  isLang,
  isModeName,
  type Lang,
  MODE_NAMES,
  type ModeName,
  modeRow,
  parseArgv,
  UDP_MODES,
  versionLine,
} from "@socklab/protocol";
import { messages } from "./catalog/index.ts";
import { DEFAULT_JOIN_TIMEOUT_S } from "./core/door.ts";
import { UsageError } from "./core/errors.ts";
import { countOrAuto } from "./core/flags.ts";
import { DEFAULT_STALL_TIMEOUT_MS } from "./core/flow.ts";
import { EOL_POLICIES, type EolPolicy } from "./core/line-connection.ts";
import type { FlagSpec } from "./core/mode.ts";
import { DEFAULT_LINE_WAIT_MS, DEFAULT_MAX_CLIENTS, type ServerOptions } from "./core/server.ts";
import { modes } from "./modes/index.ts";
import { DEFAULT_UDP_RATE } from "./udp/server.ts";
import {
  exampleLine,
  type FlagDefaults,
  flagDescription,
  usage,
  usageLang,
  usageText,
} from "./usage.ts";
import { MAX_WORKERS, WORKER_MODES } from "./workers/policy.ts";

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  host: {
    type: "string",
    valueName: "H",
    description: "address to listen on (default 0.0.0.0: every interface)",
  },
  port: {
    type: "string",
    valueName: "P",
    description: "port to listen on (default: the mode's; 0 picks a free one)",
  },
  "max-clients": {
    type: "string",
    valueName: "N",
    description: `clients connected at once; past it a newcomer is told "server full" (default ${DEFAULT_MAX_CLIENTS})`,
  },
  "stall-timeout": {
    type: "string",
    valueName: "S",
    description: `seconds a client with replies waiting may read nothing before it is cut off ("send queue exceeded"; 0: never; default ${DEFAULT_STALL_TIMEOUT_MS / 1000})`,
  },
  "max-per-address": {
    type: "string",
    valueName: "N",
    description:
      "connections one machine may hold at once; past it a newcomer is refused as by a full server (default: no cap)",
  },
  "join-timeout": {
    type: "string",
    valueName: "S",
    description: `chat, game, length: seconds to choose a nickname or send a first line, then told and closed (0: none; default ${DEFAULT_JOIN_TIMEOUT_S})`,
  },
  "line-wait": {
    type: "string",
    valueName: "MS",
    description: `line modes: a line a program sent without its newline is taken after this much silence (default ${DEFAULT_LINE_WAIT_MS}; 0: wait for the newline)`,
  },
  eol: {
    type: "string",
    valueName: "auto|crlf|lf",
    description:
      "line modes: line ends sent back (default auto: CRLF to clients that send CR or speak telnet, LF to the others)",
  },
  lang: {
    type: "string",
    valueName: "en|fr",
    description: "language of what the server says (default en)",
  },
  quiet: { type: "boolean", description: "do not log connections and requests" },
  udp: {
    type: "boolean",
    description: `serve UDP datagrams (${UDP_MODES.join(", ")}); alone unless --tcp too`,
  },
  tcp: { type: "boolean", description: "with --udp: TCP as well, on the same port number" },
  "udp-rate": {
    type: "string",
    valueName: "N",
    description: `with --udp: datagrams per second answered per sender; past it they are dropped and counted (default ${DEFAULT_UDP_RATE}; 0: no limit)`,
  },
  view: {
    type: "string",
    valueName: "P",
    description:
      "serve the class view on port P: a read-only live web page for the projector (default: off)",
  },
  "view-host": {
    type: "string",
    valueName: "H",
    description: "with --view: address the page listens on (default: --host's)",
  },
  record: {
    type: "string",
    valueName: "FILE",
    description:
      "keep the class record in this SQLite file (connections, chat, game rounds); `socklab-server record FILE` prints it",
  },
  "record-private": {
    type: "boolean",
    description: "with --record: keep private chat messages too (default: public ones only)",
  },
  workers: {
    type: "string",
    valueName: "N|auto",
    description: `echo, bytes, length, http: N processes share the port, one per core (auto: the machine's ${navigator.hardwareConcurrency}; default 1; --max-clients counts them all)`,
  },
  help: { type: "boolean", description: "show this help" },
  version: { type: "boolean", description: "the version (for a bug report)" },
};

export type ParsedCommand =
  | { kind: "help"; text: string }
  | { kind: "run"; options: ServerOptions };

function toArgSpecs(flags: Record<string, FlagSpec>): Record<string, ArgSpec> {
  const out: Record<string, ArgSpec> = {};
  for (const [name, spec] of Object.entries(flags)) out[name] = { type: spec.type };
  out.help = { type: "boolean", short: "h" };
  return out;
}

/** A --host of dotted numbers must be an IPv4 address (each number 0-255): otherwise Bun would
 * say only "Failed to listen at 999.1.1.1". Names and IPv6 are left to the bind's own errors. */
function checkHost(host: string): string {
  if (/^[\d.]+$/.test(host)) {
    const parts = host.split(".");
    const ok = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
    if (!ok) throw usage("notIpv4", host);
  }
  return host;
}

/** Turns argv (without the program name) into what to do; throws UsageError for bad input.
 * `env` picks --help's language when --lang does not (LANG / LC_ALL). */
export function parseServerArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): ParsedCommand {
  const helpLang = usageLang(argv, env);
  // First pass, loose, with the global flags only: the mode is the first positional that names
  // one (a mode's own flag may come before it: `--factor 3 bytes`), else the first positional.
  // --version stands alone, whatever else is typed: the one thing a bug report must name.
  if (argv.includes("--version")) return { kind: "help", text: versionLine("socklab-server") };
  const loose = parseArgv(argv, toArgSpecs(GLOBAL_FLAGS), { strict: false });
  const modeName = loose.positionals.find(isModeName) ?? loose.positionals[0];
  if (modeName === undefined) {
    if (loose.values.help) return { kind: "help", text: globalHelp(helpLang) };
    throw usage("whichMode");
  }
  if (!isModeName(modeName)) throw usage("unknownMode", modeName, MODE_NAMES.join(", "));
  const definition = modes[modeName];

  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv, toArgSpecs({ ...GLOBAL_FLAGS, ...definition.flags }));
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    throw usage("flagsOf", error, modeName);
  }
  const { values } = parsed;
  if (values.help) return { kind: "help", text: modeHelp(modeName, helpLang) };
  // The mode's own flags are known now: what the loose pass took for the mode may be a value.
  const at = parsed.positionals.indexOf(modeName);
  if (at < 0) throw usage("whichMode");
  const extra = parsed.positionals.find((_, index) => index !== at);
  if (extra !== undefined) throw usage("unexpected", extra);

  const lang = values.lang === undefined ? "en" : String(values.lang);
  if (!isLang(lang)) throw usage("badLang", lang);
  const flags: Record<string, string | boolean | undefined> = {};
  for (const name of Object.keys(definition.flags)) flags[name] = values[name];
  const udp = values.udp === true;
  if (udp && definition.datagram === undefined) {
    throw usage("noUdp", modeName, UDP_MODES.join(", "));
  }
  if (!udp && values["udp-rate"] !== undefined) throw usage("udpRateAlone");
  if (values.view === undefined && values["view-host"] !== undefined) throw usage("viewHostAlone");
  if (values["record-private"] === true && values.record === undefined)
    throw usage("recordPrivateAlone");
  if (udp && values.tcp !== true && values.record !== undefined) throw usage("recordNoUdp");
  if (udp && values.tcp !== true && values["max-clients"] !== undefined) {
    throw usage("maxClientsNoUdp");
  }
  const workers = workerCount(values.workers, modeName, lang, values);
  return {
    kind: "run",
    options: {
      mode: definition,
      host: values.host === undefined ? undefined : checkHost(String(values.host)),
      port: values.port === undefined ? undefined : portNumber(String(values.port)),
      maxClients:
        values["max-clients"] === undefined
          ? undefined
          : positiveInt(String(values["max-clients"]), "max-clients"),
      stallTimeout:
        values["stall-timeout"] === undefined
          ? undefined
          : Math.round(seconds(String(values["stall-timeout"]), "stall-timeout") * 1000),
      maxPerAddress:
        values["max-per-address"] === undefined
          ? undefined
          : positiveInt(String(values["max-per-address"]), "max-per-address"),
      joinTimeout:
        values["join-timeout"] === undefined
          ? undefined
          : seconds(String(values["join-timeout"]), "join-timeout"),
      lang: lang as Lang,
      lineWait:
        values["line-wait"] === undefined ? undefined : lineWait(String(values["line-wait"])),
      eol: values.eol === undefined ? undefined : eolPolicy(String(values.eol)),
      quiet: values.quiet === true,
      ...(values.record !== undefined && { record: String(values.record) }),
      ...(values["record-private"] === true && { recordPrivate: true }),
      ...(workers > 1 && { workers }),
      flags,
      ...(values.view !== undefined && {
        view: {
          port: portNumber(String(values.view), "view"),
          host: values["view-host"] === undefined ? undefined : String(values["view-host"]),
        },
      }),
      ...(udp && {
        udp,
        tcp: values.tcp === true,
        udpRate:
          values["udp-rate"] === undefined
            ? undefined
            : wholeNumber(String(values["udp-rate"]), "udp-rate", 0),
      }),
    },
  };
}

/** --workers: 1 unless asked; a usage error on a mode whose state is one process's, or with a
 * flag that needs one process (see ./workers/supervisor.ts). */
function workerCount(
  value: string | boolean | undefined,
  mode: ModeName,
  lang: Lang,
  values: Record<string, unknown>,
): number {
  if (value === undefined) return 1;
  const msg = messages(lang);
  const text = String(value);
  const count = countOrAuto(text, MAX_WORKERS, navigator.hardwareConcurrency);
  if (count === undefined) throw new UsageError(msg.workersTakes(text, MAX_WORKERS));
  if (!(WORKER_MODES as readonly string[]).includes(mode))
    throw new UsageError(msg.workersStateful(mode));
  if (count > 1 && values.view !== undefined) throw new UsageError(msg.workersWith("view"));
  if (count > 1 && values.record !== undefined) throw new UsageError(msg.workersWith("record"));
  return count;
}

function portNumber(text: string, flag = "port"): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw usage("badPort", flag, text);
  return port;
}

/** Past a minute a program's partial line would wait longer than any person does for an answer. */
const MAX_LINE_WAIT_MS = 60_000;

function lineWait(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > MAX_LINE_WAIT_MS) {
    throw usage("badLineWait", MAX_LINE_WAIT_MS, text);
  }
  return value;
}

function eolPolicy(text: string): EolPolicy {
  if (!(EOL_POLICIES as readonly string[]).includes(text)) throw usage("badEol", text);
  return text as EolPolicy;
}

function positiveInt(text: string, name: string): number {
  return wholeNumber(text, name, 1);
}

function wholeNumber(text: string, name: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 1_000_000) {
    throw usage("badWhole", name, min, text);
  }
  return value;
}

/** A duration in seconds, fractions allowed (tests use half a second), 0 for none, at most a day. */
function seconds(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 86_400) {
    throw usage("badSeconds", name, text);
  }
  return value;
}

/** The numbers the flags' help quotes, for the French lines (the English ones hold them). */
const FLAG_DEFAULTS: FlagDefaults = {
  maxClients: DEFAULT_MAX_CLIENTS,
  stallSeconds: DEFAULT_STALL_TIMEOUT_MS / 1000,
  joinSeconds: DEFAULT_JOIN_TIMEOUT_S,
  lineWaitMs: DEFAULT_LINE_WAIT_MS,
  udpRate: DEFAULT_UDP_RATE,
  udpModes: UDP_MODES.join(", "),
};

function flagLines(flags: Record<string, FlagSpec>, lang: Lang): string[] {
  const text = usageText(lang);
  return Object.entries(flags).map(([name, spec]) => {
    const left = `  --${name}${spec.valueName ? ` ${spec.valueName}` : ""}`;
    const description = flagDescription(name, spec.description, lang, FLAG_DEFAULTS);
    // A description that names its default already (in English: "default") is left whole.
    const fallback =
      typeof spec.default === "string" && !spec.description.includes("default")
        ? ` ${text.helpDefault(spec.default)}`
        : "";
    return `${left.padEnd(24)} ${description}${fallback}`;
  });
}

/** A mode's line in the table, in `lang`. */
function summary(name: ModeName, lang: Lang): string {
  return modeRow(name)?.summary[lang] ?? "";
}

export function globalHelp(lang: Lang = "en"): string {
  const text = usageText(lang);
  const modeLines = MODE_NAMES.map(
    (name) => `  ${name.padEnd(9)} ${summary(name, lang)} (${text.helpPort(DEFAULT_PORTS[name])})`,
  );
  return [
    text.helpTitle,
    "",
    text.helpUsage,
    text.helpRecord,
    "",
    text.helpConsole,
    "",
    text.helpModes,
    ...modeLines,
    "",
    text.helpEveryMode,
    ...flagLines(GLOBAL_FLAGS, lang),
    "",
    text.helpExamples,
    ...text.helpExampleLines,
  ].join("\n");
}

export function modeHelp(name: ModeName, lang: Lang = "en"): string {
  const definition = modes[name];
  const text = usageText(lang);
  const own =
    Object.keys(definition.flags).length > 0
      ? ["", text.helpFlagsFor(name), ...flagLines(definition.flags, lang)]
      : [];
  return [
    `socklab-server ${name}: ${summary(name, lang)}`,
    "",
    text.helpModeUsage(name, DEFAULT_PORTS[name]),
    ...own,
    "",
    text.helpEveryMode,
    ...flagLines(GLOBAL_FLAGS, lang),
    "",
    text.helpExamples,
    ...definition.examples.map((line) => `  ${exampleLine(line, lang)}`),
  ].join("\n");
}

/** Every flag of every mode, with its English description, for the catalog test. */
export function allFlags(): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = { ...GLOBAL_FLAGS };
  for (const name of MODE_NAMES) Object.assign(out, modes[name].flags);
  return out;
}
