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
import { DEFAULT_JOIN_TIMEOUT_S } from "./core/door.ts";
import { UsageError } from "./core/errors.ts";
import { DEFAULT_STALL_TIMEOUT_MS } from "./core/flow.ts";
import { EOL_POLICIES, type EolPolicy } from "./core/line-connection.ts";
import type { FlagSpec } from "./core/mode.ts";
import { DEFAULT_LINE_WAIT_MS, DEFAULT_MAX_CLIENTS, type ServerOptions } from "./core/server.ts";
import { modes } from "./modes/index.ts";
import { DEFAULT_UDP_RATE } from "./udp/server.ts";

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
    if (!ok) throw new UsageError(`--host "${host}" is not an IPv4 address (four numbers 0-255)`);
  }
  return host;
}

/** Turns argv (without the program name) into what to do; throws UsageError for bad input. */
export function parseServerArgs(argv: string[]): ParsedCommand {
  // First pass, loose, with the global flags only: the mode is the first positional that names
  // one (a mode's own flag may come before it: `--factor 3 bytes`), else the first positional.
  // --version stands alone, whatever else is typed: the one thing a bug report must name.
  if (argv.includes("--version")) return { kind: "help", text: versionLine("socklab-server") };
  const loose = parseArgv(argv, toArgSpecs(GLOBAL_FLAGS), { strict: false });
  const modeName = loose.positionals.find(isModeName) ?? loose.positionals[0];
  if (modeName === undefined) {
    if (loose.values.help) return { kind: "help", text: globalHelp() };
    throw new UsageError("which mode? (socklab-server --help lists them)");
  }
  if (!isModeName(modeName))
    throw new UsageError(`unknown mode "${modeName}" (modes: ${MODE_NAMES.join(", ")})`);
  const definition = modes[modeName];

  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv, toArgSpecs({ ...GLOBAL_FLAGS, ...definition.flags }));
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    throw new UsageError(`${error.message} (socklab-server ${modeName} --help lists the flags)`);
  }
  const { values } = parsed;
  if (values.help) return { kind: "help", text: modeHelp(modeName) };
  // The mode's own flags are known now: what the loose pass took for the mode may be a value.
  const at = parsed.positionals.indexOf(modeName);
  if (at < 0) throw new UsageError("which mode? (socklab-server --help lists them)");
  const extra = parsed.positionals.find((_, index) => index !== at);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);

  const lang = values.lang === undefined ? "en" : String(values.lang);
  if (!isLang(lang)) throw new UsageError(`--lang takes en or fr, not "${lang}"`);
  const flags: Record<string, string | boolean | undefined> = {};
  for (const name of Object.keys(definition.flags)) flags[name] = values[name];
  const udp = values.udp === true;
  if (udp && definition.datagram === undefined) {
    throw new UsageError(`${modeName} has no UDP side: --udp works with ${UDP_MODES.join(", ")}`);
  }
  if (!udp && values["udp-rate"] !== undefined) throw new UsageError("--udp-rate goes with --udp");
  if (values.view === undefined && values["view-host"] !== undefined)
    throw new UsageError("--view-host goes with --view");
  if (values["record-private"] === true && values.record === undefined)
    throw new UsageError("--record-private goes with --record FILE");
  if (udp && values.tcp !== true && values.record !== undefined)
    throw new UsageError("--record keeps TCP clients' sessions, and UDP has none: add --tcp");
  if (udp && values.tcp !== true && values["max-clients"] !== undefined) {
    throw new UsageError("--max-clients counts TCP connections, and UDP has none: add --tcp");
  }
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

function portNumber(text: string, flag = "port"): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--${flag} takes a number from 0 to 65535, not "${text}"`);
  return port;
}

/** Past a minute a program's partial line would wait longer than any person does for an answer. */
const MAX_LINE_WAIT_MS = 60_000;

function lineWait(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > MAX_LINE_WAIT_MS) {
    throw new UsageError(
      `--line-wait takes milliseconds from 0 to ${MAX_LINE_WAIT_MS} (0: off), not "${text}"`,
    );
  }
  return value;
}

function eolPolicy(text: string): EolPolicy {
  if (!(EOL_POLICIES as readonly string[]).includes(text))
    throw new UsageError(`--eol takes auto, crlf or lf, not "${text}"`);
  return text as EolPolicy;
}

function positiveInt(text: string, name: string): number {
  return wholeNumber(text, name, 1);
}

function wholeNumber(text: string, name: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > 1_000_000) {
    throw new UsageError(`--${name} takes a whole number from ${min} to 1000000, not "${text}"`);
  }
  return value;
}

/** A duration in seconds, fractions allowed (tests use half a second), 0 for none, at most a day. */
function seconds(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 86_400) {
    throw new UsageError(`--${name} takes seconds from 0 to 86400, not "${text}"`);
  }
  return value;
}

function flagLines(flags: Record<string, FlagSpec>): string[] {
  return Object.entries(flags).map(([name, spec]) => {
    const left = `  --${name}${spec.valueName ? ` ${spec.valueName}` : ""}`;
    const fallback = typeof spec.default === "string" ? ` (default ${spec.default})` : "";
    return `${left.padEnd(24)} ${spec.description}${spec.description.includes("default") ? "" : fallback}`;
  });
}

/** A mode's line in the table (the help is in English, as the flags' descriptions). */
function summary(name: ModeName): string {
  return modeRow(name)?.summary.en ?? "";
}

export function globalHelp(): string {
  const modeLines = MODE_NAMES.map(
    (name) => `  ${name.padEnd(9)} ${summary(name)} (port ${DEFAULT_PORTS[name]})`,
  );
  return [
    "socklab-server: TCP (and UDP) servers for network-programming labs",
    "",
    "Usage: socklab-server <mode> [flags]",
    "       socklab-server record FILE [--format txt|csv|json] [--since WHEN]   (the class record)",
    "",
    "On a terminal the server reads the teacher's commands (/help lists them).",
    "",
    "Modes:",
    ...modeLines,
    "",
    "Flags for every mode:",
    ...flagLines(GLOBAL_FLAGS),
    "",
    "Examples:",
    "  socklab-server chat                 the class chat on port 4444",
    "  socklab-server echo --port 0        echo on a free port (printed at start)",
    "  socklab-server chat --help          the chat's own flags",
    "  socklab-server echo --tcp --udp     echo over TCP and UDP, both on port 7007",
  ].join("\n");
}

export function modeHelp(name: ModeName): string {
  const definition = modes[name];
  const own =
    Object.keys(definition.flags).length > 0
      ? ["", `Flags for ${name}:`, ...flagLines(definition.flags)]
      : [];
  return [
    `socklab-server ${name}: ${summary(name)}`,
    "",
    `Usage: socklab-server ${name} [flags]   (default port ${DEFAULT_PORTS[name]})`,
    ...own,
    "",
    "Flags for every mode:",
    ...flagLines(GLOBAL_FLAGS),
    "",
    "Examples:",
    ...definition.examples.map((line) => `  ${line}`),
  ].join("\n");
}
