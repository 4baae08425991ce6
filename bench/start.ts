// `bun run bench start`: time from exec of the compiled server to its first accepted (and
// answered) connection, against `bun run server` from the sources and a node:net server.
// bench/c/startclock.c does the timing, so the harness's own event loop adds nothing to it.

import { join } from "node:path";
import { BENCH_DIR, compileC, ROOT, tool } from "./lib/build.ts";
import { runCommand } from "./lib/proc.ts";
import { fmt, type Row, SOCKLAB, type Table } from "./lib/report.ts";
import { median } from "./lib/stats.ts";

/** The count: enough for a stable median, few enough to take seconds. */
const RUNS = 20;
/** startclock gives up after 10 s; this bounds the whole run of one start. */
const RUN_TIMEOUT_MS = 15_000;
const TARGET_MS = 10;

interface Clock {
  printed_ms?: number;
  echo_ms?: number;
  error?: string;
}

export async function benchStart(socklab: string[], compiled: boolean): Promise<Table[]> {
  const title = "start: exec to first accepted connection (its echo back)";
  const table: Table = {
    id: "start",
    title,
    unit: "ms",
    better: "lower",
    rows: [],
    targets: [{ vs: "absolute", max: TARGET_MS }],
    notes: [
      `median of ${RUNS} runs each, alternating; p50 = until the port is printed, p99 column = slowest run`,
    ],
  };
  const clock = await compileC("startclock");
  if ("missing" in clock) {
    table.notes.push(`skipped: the timer needs ${clock.missing}`);
    return [table];
  }
  if (!compiled) table.notes.push("socklab ran from the sources: the compiled build failed");
  const node = tool("node");
  // Exactly what a teacher types (every interface, connection log on); the timer connects to
  // 127.0.0.1 only.
  const echoArgs = ["echo", "--port", "0"];
  const contenders = [
    { name: SOCKLAB, cmd: [...socklab, ...echoArgs] },
    { name: "bun run server", cmd: [process.execPath, "run", "server", ...echoArgs] },
    ...(node ? [{ name: "node:net", cmd: [node, join(BENCH_DIR, "peers/node-echo.mjs")] }] : []),
  ];
  const echo = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const printed = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const failures = new Map<string, number>();
  process.stdout.write("start: exec to first echoed byte ");
  for (let run = 0; run < RUNS; run++) {
    for (const contender of contenders) {
      const result = await runCommand([clock.path, "--", ...contender.cmd], RUN_TIMEOUT_MS, {
        cwd: ROOT,
      });
      const line = result.stdout.trim().split("\n").pop() ?? "";
      const parsed = (line.startsWith("{") ? JSON.parse(line) : { error: line }) as Clock;
      if (parsed.echo_ms === undefined || parsed.printed_ms === undefined) {
        failures.set(contender.name, (failures.get(contender.name) ?? 0) + 1);
        continue;
      }
      echo.get(contender.name)?.push(parsed.echo_ms);
      printed.get(contender.name)?.push(parsed.printed_ms);
    }
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  table.rows = contenders.map((contender): Row => {
    const list = echo.get(contender.name) ?? [];
    return {
      contender: contender.name,
      value: median(list),
      p50Ms: median(printed.get(contender.name) ?? []),
      p99Ms: list.length > 0 ? Math.max(...list) : undefined,
      errors: failures.get(contender.name) ?? 0,
      note: list.length > 0 ? `fastest ${fmt(Math.min(...list))} ms` : "",
    };
  });
  if (!node) table.rows.push({ contender: "node:net", skipped: "node not installed" });
  return [table];
}
