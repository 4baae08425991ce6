// The command-line reader both programs share: `--name value`, `--name=value`, switches, `-h`,
// positionals anywhere, `--` ends the flags. Ours rather than node:util's parseArgs: loading
// node:util cost the compiled server 1.2–1.5 ms of its 10 ms start (`bun run bench start`), and
// each mistake here is already the one short line the programs print.

/** How one flag is read: with a value (`--port 80`, `--port=80`) or as a switch (`--quiet`). */
export interface ArgSpec {
  type: "string" | "boolean";
  /** One letter for `-x` (only `-h` is used). */
  short?: string;
}

type ArgSpecs = Readonly<Record<string, ArgSpec>>;
/** Distributes over a union, so a spec typed only as ArgSpec gives `string | true`. */
type ValueOf<Type> = Type extends "boolean" ? true : string;

export interface ParsedArgv<Specs extends ArgSpecs = ArgSpecs> {
  /** Flags given, by name: the text of a value flag, `true` for a switch. */
  values: { [Name in keyof Specs]?: ValueOf<Specs[Name]["type"]> };
  positionals: string[];
}

/** What is wrong with a flag, for each program to say in the person's language. */
export type ArgvProblem = "unknown" | "takes_no_value" | "needs_value" | "needs_value_dash";

/** A flag that is unknown, lacks its value or has one it should not; the message is one line
 * (English); `problem` and `flag` let `argvSentence` say it in French. */
export class ArgvError extends Error {
  override name = "ArgvError";
  readonly problem: ArgvProblem;
  readonly flag: string;
  constructor(message: string, problem: ArgvProblem = "unknown", flag = "") {
    super(message);
    this.problem = problem;
    this.flag = flag;
  }
}

/** An ArgvError's sentence in each language. */
export const ARGV_SENTENCES = {
  en: {
    unknown: (flag: string) => `unknown flag ${flag}`,
    takes_no_value: (flag: string) => `${flag} takes no value`,
    needs_value: (flag: string) => `${flag} needs a value`,
    needs_value_dash: (flag: string) =>
      `${flag} needs a value (write ${flag}=-N for one starting with "-")`,
  },
  fr: {
    unknown: (flag: string) => `option inconnue ${flag}`,
    takes_no_value: (flag: string) => `${flag} ne prend pas de valeur`,
    needs_value: (flag: string) => `${flag} demande une valeur`,
    needs_value_dash: (flag: string) =>
      `${flag} demande une valeur (écrivez ${flag}=-N pour une qui commence par « - »)`,
  },
} satisfies Record<"en" | "fr", Record<ArgvProblem, (flag: string) => string>>;

/**
 * What an ArgvError says, in `lang`.
 *
 * @example
 * argvSentence(new ArgvError("unknown flag --x", "unknown", "--x"), "fr") // "option inconnue --x"
 */
export function argvSentence(error: ArgvError, lang: "en" | "fr"): string {
  return ARGV_SENTENCES[lang][error.problem](error.flag);
}

/**
 * Reads argv (without the program name) against `specs`. Strict (the default): an unknown flag
 * is an error. Loose: an unknown flag is read as a switch (`--x=v` keeps `v`), so a first pass
 * can find a positional before knowing every flag; nothing throws.
 *
 * @example
 * parseArgv(["echo", "--port", "0", "--quiet"], { port: { type: "string" }, quiet: { type: "boolean" } });
 * // → { values: { port: "0", quiet: true }, positionals: ["echo"] }
 */
export function parseArgv<Specs extends ArgSpecs>(
  argv: readonly string[],
  specs: Specs,
  options: { strict?: boolean } = {},
): ParsedArgv<Specs> {
  const strict = options.strict ?? true;
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const fail = (problem: ArgvProblem, flag: string) => {
    if (strict) throw new ArgvError(ARGV_SENTENCES.en[problem](flag), problem, flag);
  };
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(at + 1));
      break;
    }
    if (arg.length < 2 || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const letter = arg.slice(1);
      const long = Object.keys(specs).find((key) => specs[key]?.short === letter);
      if (long === undefined) {
        fail("unknown", arg);
        values[letter] = true;
        continue;
      }
      name = long;
    }
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    const flag = `--${name}`;
    if (spec === undefined) {
      fail("unknown", flag);
      values[name] = inline ?? true;
      continue;
    }
    if (spec.type === "boolean") {
      if (inline !== undefined) fail("takes_no_value", flag);
      values[name] = true;
      continue;
    }
    if (inline !== undefined) {
      values[name] = inline;
      continue;
    }
    const next = argv[at + 1];
    // A value that starts with "-" is more likely a forgotten value followed by the next flag.
    if (next === undefined || (next.length > 1 && next.startsWith("-"))) {
      fail(next === undefined ? "needs_value" : "needs_value_dash", flag);
      continue;
    }
    values[name] = next;
    at++;
  }
  return { values: values as ParsedArgv<Specs>["values"], positionals };
}

/** A sentence of a table, named by its key and given its blanks: what a program throws for a
 * usage error, put into words later in the reader's language (each program's usage.ts). */
export type Reason<Table> = {
  [K in keyof Table]: Table[K] extends (...args: infer A) => string ? [K, ...A] : [K];
}[keyof Table];

/**
 * The words of `reason` in `table` (a sentence with blanks is a function of them).
 *
 * @example
 * sentence({ badLang: (l: string) => `--lang takes en or fr, not "${l}"` }, ["badLang", "de"])
 */
export function sentence<Table>(table: Table, reason: Reason<Table>): string {
  const [key, ...args] = reason as unknown as [keyof Table, ...unknown[]];
  const entry = table[key] as unknown;
  return typeof entry === "function"
    ? (entry as (...a: unknown[]) => string)(...args)
    : String(entry);
}

/**
 * The language of a command line's words: --lang's when valid, else the environment's (LC_ALL
 * wins over LANG; French when it names fr: `fr_FR.UTF-8`, `fr_BE`, `fr`), else English.
 *
 * @example
 * argvLang(["echo"], { LANG: "fr_FR.UTF-8" }) // "fr"
 */
export function argvLang(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): "en" | "fr" {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg === "--lang" ? argv[i + 1] : arg.startsWith("--lang=") ? arg.slice(7) : "";
    if (value === "en" || value === "fr") return value;
  }
  const name = env.LC_ALL || env.LANG || "";
  return /^fr([_.@-]|$)/i.test(name) ? "fr" : "en";
}
