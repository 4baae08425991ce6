// `bun run bench [echo|http|chat|start|memory|workers|all]`: runs the chosen benchmarks against their
// peers on 127.0.0.1, prints a table per load, merges the results into bench/results/latest.json
// and redraws bench/results/ratios.svg from it (`--readme` also rewrites the README's section).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchChat } from "./chat.ts";
import { benchEcho } from "./echo.ts";
import { benchHttp } from "./http.ts";
import { BENCH_DIR, buildServer, ROOT } from "./lib/build.ts";
import { renderChart, targetSummary } from "./lib/chart.ts";
import type { Settings } from "./lib/harness.ts";
import { killAll } from "./lib/proc.ts";
import { type Machine, machine, renderMarkdown, renderText, type Table } from "./lib/report.ts";
import { benchMemory } from "./memory.ts";
import { benchStart } from "./start.ts";
import { benchWorkers } from "./workers.ts";

const BENCHMARKS = ["echo", "http", "chat", "start", "memory", "workers"] as const;
type BenchName = (typeof BENCHMARKS)[number];
/** The order `all` runs them in (tables keep BENCHMARKS' order): start-up is timed in
 * milliseconds, so it goes before the loads whose aftermath (thousands of sockets closing, memory
 * being reclaimed) the kernel may still be clearing up. (The one gap seen, 12.8 ms after chat and
 * 9.1 ms alone, was the machine's drift: first in order it later measured 12.2, alone 12.5.) */
const RUN_ORDER: readonly BenchName[] = ["start", "echo", "http", "workers", "chat", "memory"];

/** Nothing the suite starts may outlive this: a wedged contender ends the run, not the machine. */
const SUITE_TIMEOUT_MS = 30 * 60_000;

const RESULTS_DIR = join(BENCH_DIR, "results");
const LATEST = join(RESULTS_DIR, "latest.json");
const CHART = join(RESULTS_DIR, "ratios.svg");

interface BenchRecord {
  ranAt: string;
  machine: Machine;
  settings: Settings;
  tables: Table[];
}

interface Results {
  updated: string;
  machine: Machine;
  benchmarks: Partial<Record<BenchName, BenchRecord>>;
}

const USAGE = `Usage: bun run bench [echo|http|chat|start|memory|workers|all ...] [flags]
       bun run bench report      redraw the chart and the README section from latest.json

  --seconds S   length of one timed slice per contender (default 2)
  --rounds N    alternating slices per contender (default 5)
  --warmup S    untimed warm-up per contender (default 1)
  --flood-seconds S  length of one chat open-loop flood slice (default 10)
  --readme      also rewrite the README's bench section from the results`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      seconds: { type: "string", default: "2" },
      rounds: { type: "string", default: "5" },
      warmup: { type: "string", default: "1" },
      "flood-seconds": { type: "string", default: "10" },
      readme: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 1 && positionals[0] === "report") {
    const saved = (await Bun.file(LATEST).json()) as Results;
    await writeResults(saved);
    await writeReadme(saved);
    for (const table of allTables(saved)) console.log(renderText(table));
    return 0;
  }
  const names = positionals.length === 0 || positionals.includes("all") ? [...BENCHMARKS] : [];
  for (const name of positionals) {
    if (name === "all") continue;
    if (!(BENCHMARKS as readonly string[]).includes(name)) {
      console.error(`bench: unknown benchmark "${name}"\n${USAGE}`);
      return 2;
    }
    names.push(name as BenchName);
  }
  const settings: Settings = {
    sliceSeconds: positiveNumber(values.seconds, "seconds"),
    rounds: Math.round(positiveNumber(values.rounds, "rounds")),
    warmupSeconds: Number(values.warmup) >= 0 ? Number(values.warmup) : 1,
    floodSeconds: positiveNumber(values["flood-seconds"], "flood-seconds"),
  };

  const host = await machine();
  console.log(
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.os}, Bun ${host.bun}; load average ${host.loadAtStart} at start`,
  );
  if (host.loadAtStart > host.cores / 2) {
    console.log("note: the machine is busy; absolute figures are noisy, compare the ratios");
  }
  const server = await buildServer();
  if (server.note) console.log(`note: ${server.note}`);

  const results = await readResults(host);
  const chosen = new Set(names);
  for (const name of RUN_ORDER.filter((n) => chosen.has(n))) {
    const tables = await runOne(name, settings, server.command, server.note === undefined);
    for (const table of tables) console.log(renderText(table));
    results.benchmarks[name] = {
      ranAt: new Date().toISOString(),
      machine: host,
      settings,
      tables,
    };
  }
  results.updated = new Date().toISOString();
  results.machine = host;
  await writeResults(results);
  if (values.readme) await writeReadme(results);
  const all = allTables(results);
  const { met, missed } = targetSummary(all);
  console.log(`\n${met} targets met, ${missed} missed; results in ${LATEST} and ${CHART}`);
  return 0;
}

function positiveNumber(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number, not "${text}"`);
  return value;
}

async function runOne(
  name: BenchName,
  settings: Settings,
  socklab: string[],
  compiled: boolean,
): Promise<Table[]> {
  switch (name) {
    case "echo":
      return benchEcho(settings, socklab);
    case "http":
      return benchHttp(settings, socklab);
    case "chat":
      return benchChat(settings, socklab);
    case "memory":
      return benchMemory(socklab);
    case "start":
      return benchStart(socklab, compiled);
    case "workers":
      return benchWorkers(settings, socklab);
  }
}

async function readResults(host: Machine): Promise<Results> {
  try {
    return (await Bun.file(LATEST).json()) as Results;
  } catch {
    return { updated: "", machine: host, benchmarks: {} };
  }
}

function allTables(results: Results): Table[] {
  return BENCHMARKS.flatMap((name) => results.benchmarks[name]?.tables ?? []);
}

function caption(results: Results): string {
  const m = results.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.os}, Bun ${m.bun}; updated ${results.updated.slice(0, 16).replace("T", " ")} UTC`;
}

async function writeResults(results: Results): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await Bun.write(LATEST, `${JSON.stringify(results, null, 2)}\n`);
  await Bun.write(CHART, renderChart(allTables(results), caption(results)));
}

/** Replaces what is between the README's bench markers with the latest tables and the chart. */
async function writeReadme(results: Results): Promise<void> {
  const path = join(ROOT, "README.md");
  const readme = await Bun.file(path).text();
  const open = "<!-- section:bench -->";
  const close = "<!-- /section:bench -->";
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) {
    console.error("bench: README.md has no bench section markers; left it alone");
    return;
  }
  const body = [
    open,
    "## Benchmarks",
    "",
    "`bun run bench [echo|http|chat|start|memory|workers|all]` starts socklab and its peers on 127.0.0.1,",
    "runs them alternately in equal time slices (every other round in reverse order), and prints",
    "socklab's ratio to each (above 1×, socklab is ahead). It is a benchmark, not a test: nothing",
    "here is asserted in `bun test`.",
    "Missing tools (wrk, ncat, nginx, gcc, socat) skip their contender with a note.",
    "",
    "- Load generators: wrk for HTTP; for echo and chat, C programs compiled at bench time with the",
    "  machine's gcc into `bench/.build/` (`bench/c/echoload.c`, `chatload.c`: epoll, many",
    "  connections in one thread, every byte or line checked). Each table says whether the",
    "  generator drove another contender faster than socklab, i.e. was not socklab's limit.",
    "- Contenders: `bench/c/echoserver.c` (C epoll echo), `bench/peers/` (the minimal correct",
    "  Bun.listen echo, i.e. the runtime's floor, node:net, node:http, Bun.serve, the naive",
    "  Bun.listen chat, wrk's pipelining script); socat, ncat and nginx (one worker, generated",
    "  config in a temp folder) from the system.",
    "- Chat, two loads: a closed loop (each sender keeps one line in flight, so the servers run",
    "  as fast as they deliver) and an open-loop flood (senders write whenever the kernel takes",
    "  it, for `--flood-seconds`, default 10): what a server does when lines come faster than",
    "  its readers take them. The flood table counts the lines lost, the readers and senders the",
    "  server cut, the senders' achieved rate (how fast the server let them go) and the longest",
    "  the generator left a client unread (a reader cut while that stays short was still",
    "  reading).",
    "- `bench/results/latest.json` holds every figure and the machine; `bench/results/ratios.svg`",
    "  is drawn from it (`bun run bench report` redraws it and this section).",
    "",
    `Latest run: ${caption(results)}.`,
    "",
    "![socklab's ratio to each contender](bench/results/ratios.svg)",
    "",
    ...allTables(results).flatMap((table) => [renderMarkdown(table), ""]),
    close,
  ].join("\n");
  await Bun.write(path, readme.slice(0, start) + body + readme.slice(end + close.length));
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${SUITE_TIMEOUT_MS / 60_000} min; stopping`);
  killAll();
  process.exit(1);
}, SUITE_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (error: unknown) => {
    killAll();
    console.error(`bench: ${(error as Error).message ?? error}`);
    process.exit(1);
  },
);
