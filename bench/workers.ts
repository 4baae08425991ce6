// `bun run bench workers`: socklab http and echo with `--workers 2` against `--workers 1`, in
// one run, alternating, under the http and echo benchmarks' own load generators (wrk, 1 thread,
// 100 keep-alive connections; echoload, 50 connections of 64-byte ping-pong).

import { type LoadResult, rowOf } from "./echo.ts";
import { parseWrk } from "./http.ts";
import { compileC, socklabArgs, tool } from "./lib/build.ts";
import { alternate, type Running, type Settings, startAll, stopAll } from "./lib/harness.ts";
import { runCommand, startServerProcess } from "./lib/proc.ts";
import { fmt, type Row, SOCKLAB, type Table } from "./lib/report.ts";
import { median } from "./lib/stats.ts";

/** The row the ratios are of: `--workers 2`, named socklab so that the "socklab ×" column on
 * the `--workers 1` row reads as the speed-up. */
const ONE = "socklab --workers 1";

/** Said under every table: on this machine the figure cannot be a scaling figure. */
function coresNote(cores: number): string {
  return cores <= 2
    ? `this machine has ${cores} cores, shared by the workers and the load generator: it cannot show scaling (a second worker mostly competes with the generator for the same cores); run the same command on a machine with more cores`
    : `${cores} cores: two workers and the load generator each have one`;
}

async function start(socklab: string[], mode: string, extra: string[] = []): Promise<Running[]> {
  const { running, skipped } = await startAll(
    [2, 1].map((n) => ({
      name: n === 2 ? SOCKLAB : ONE,
      start: () =>
        startServerProcess([...socklab, ...socklabArgs(mode, [...extra, "--workers", String(n)])], {
          port: /127\.0\.0\.1:(\d+)/,
        }),
    })),
  );
  if (skipped.length > 0) {
    await stopAll(running);
    throw new Error(`socklab ${mode} did not start: ${skipped[0]?.skipped}`);
  }
  return running;
}

export async function benchWorkers(settings: Settings, socklab: string[]): Promise<Table[]> {
  const cores = navigator.hardwareConcurrency;
  const tables: Table[] = [];

  const http: Table = {
    id: "workers-http",
    title: "http --workers 2 (socklab) vs --workers 1: wrk, 1 thread, 100 keep-alive connections",
    unit: "req/s",
    better: "higher",
    rows: [],
    targets: [],
    notes: [coresNote(cores)],
  };
  const wrk = tool("wrk");
  if (!wrk) http.notes.push("skipped: wrk not installed (apt-get install wrk)");
  else {
    const running = await start(socklab, "http");
    try {
      process.stdout.write(`${http.title} `);
      const results = await alternate(running, settings, async (contender, seconds) => {
        const duration = Math.max(1, Math.round(seconds));
        const url = `http://127.0.0.1:${contender.server.port}/`;
        const cmd = [wrk, "-t1", "-c100", `-d${duration}s`, "--latency", url];
        const result = await runCommand(cmd, (duration + 15) * 1000);
        if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr.trim()}`);
        return { ...parseWrk(result.stdout), cpu: result.cpuSeconds, wall: result.wallSeconds };
      });
      for (const contender of running) {
        const runs = results.get(contender.name) ?? [];
        const requests = runs.reduce((sum, r) => sum + r.requests, 0);
        const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
        const cpu = runs.reduce((sum, r) => sum + r.cpu, 0);
        const wall = runs.reduce((sum, r) => sum + r.wall, 0);
        const row: Row = {
          contender: contender.name,
          value: seconds > 0 ? requests / seconds : undefined,
          p50Ms: median(runs.flatMap((r) => (r.p50Ms === undefined ? [] : [r.p50Ms]))),
          p99Ms: median(runs.flatMap((r) => (r.p99Ms === undefined ? [] : [r.p99Ms]))),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          note: `wrk CPU ${Math.round((wall > 0 ? cpu / wall : 0) * 100)}%`,
        };
        http.rows.push(row);
      }
    } finally {
      await stopAll(running);
    }
  }
  tables.push(http);

  const echo: Table = {
    id: "workers-echo",
    title: "echo --workers 2 (socklab) vs --workers 1: 50 connections, 64-byte ping-pong",
    unit: "msg/s",
    better: "higher",
    rows: [],
    targets: [],
    notes: [coresNote(cores)],
  };
  const load = await compileC("echoload");
  if ("missing" in load) echo.notes.push(`skipped: the load generator needs ${load.missing}`);
  else {
    const running = await start(socklab, "echo");
    try {
      process.stdout.write(`${echo.title} `);
      const results = await alternate(running, settings, async (contender, seconds) => {
        const args = ["--port", String(contender.server.port), "--conns", "50", "--size", "64"];
        const timing = ["--depth", "1", "--seconds", String(seconds), "--warmup", "0.3"];
        const result = await runCommand(
          [load.path, ...args, ...timing, "--drain", "2"],
          (seconds + 15) * 1000,
        );
        const line = result.stdout.trim().split("\n").pop() ?? "";
        if (result.code !== 0 || !line.startsWith("{")) {
          throw new Error(`echoload failed against ${contender.name}: ${result.stderr.trim()}`);
        }
        return JSON.parse(line) as LoadResult;
      });
      for (const contender of running) {
        echo.rows.push(rowOf(contender.name, results.get(contender.name) ?? [], "msg/s").row);
      }
      echo.notes.push("every byte verified; lost = messages not back within 2 s after the window");
    } finally {
      await stopAll(running);
    }
  }
  tables.push(echo);

  for (const table of tables) {
    const two = table.rows.find((r) => r.contender === SOCKLAB)?.value;
    const one = table.rows.find((r) => r.contender === ONE)?.value;
    if (two !== undefined && one !== undefined) {
      table.notes.push(
        `--workers 2 served ${fmt(two)} ${table.unit}, --workers 1 ${fmt(one)}: ${(two / one).toFixed(2)}×`,
      );
    }
  }
  return tables;
}
