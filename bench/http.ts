// `bun run bench http`: wrk (1 thread, 100 keep-alive connections; then 16-deep pipelining)
// against socklab http, a Bun.serve and a node:http hello world, and nginx (one worker, a
// generated config under a temp folder). Every contender serves socklab's own page.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR, socklabArgs, tool } from "./lib/build.ts";
import {
  alternate,
  type ContenderSpec,
  generatorVerdict,
  type Running,
  type Settings,
  startAll,
  stopAll,
} from "./lib/harness.ts";
import { freePort, runCommand, type Started, startServerProcess } from "./lib/proc.ts";
import { type Row, SOCKLAB, type Table } from "./lib/report.ts";
import { median } from "./lib/stats.ts";

/** The load: one wrk thread (the machine has two cores: one for the server), 100
 * keep-alive connections. */
const CONNECTIONS = 100;
const LOADS = [
  {
    id: "http-keepalive",
    title: "http: wrk, 1 thread, 100 keep-alive connections",
    script: undefined,
  },
  {
    id: "http-pipelined",
    title: "http pipelined: wrk, 1 thread, 100 connections, 16 requests per write",
    script: join(BENCH_DIR, "peers/pipeline.lua"),
  },
];
const TARGETS = [
  { vs: "Bun.serve", min: 1.1 },
  { vs: "nginx", min: 1.0 },
];
/** The page when socklab's cannot be fetched (its mode not built): every peer still serves the
 * same bytes as the others. */
const FALLBACK_BODY =
  '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Hello</title></head><body><h1>Hello World</h1></body></html>\n';

interface WrkResult {
  requests: number;
  seconds: number;
  p50Ms?: number;
  p99Ms?: number;
  errors: number;
  cpu: number;
  wall: number;
}

/** wrk prints durations as 1.23us / 4.56ms / 7.89s. With pipelining it sometimes prints a
 * 99th percentile of 0.00us (its histogram misses the batch): no figure rather than a false one. */
function durationMs(text: string | undefined): number | undefined {
  const match = /([\d.]+)(us|ms|s|m)/.exec(text ?? "");
  if (!match) return undefined;
  const value = Number(match[1]);
  if (value === 0) return undefined;
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return value * (scale[match[2] ?? "ms"] ?? 1);
}

export function parseWrk(out: string): Omit<WrkResult, "cpu" | "wall"> {
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(out)?.[1] ?? 0);
  const seconds = (durationMs(/\d+ requests in ([\d.]+\w+)/.exec(out)?.[1]) ?? 0) / 1000;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return {
    requests,
    seconds,
    p50Ms: durationMs(/^\s*50%\s+(\S+)/m.exec(out)?.[1]),
    p99Ms: durationMs(/^\s*99%\s+(\S+)/m.exec(out)?.[1]),
    errors: socketErrors + non2xx,
  };
}

/** nginx with one worker in the foreground, as the current user, everything under `dir`. */
function nginxConfig(dir: string, port: number, body: string): string {
  // nginx's string syntax: backslash and double quote escaped; "$" would start a variable.
  const text = body.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$/g, "");
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # nginx closes a keep-alive connection after 1,000 requests by default; socklab, Bun and
  # node do not, so reconnects would be measured instead of requests.
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:${port};
    location / {
      default_type "text/html; charset=utf-8";
      return 200 "${text}";
    }
  }
}
`;
}

/** The page socklab serves, or the fallback with a note. */
async function fetchPage(port: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    return response.status === 200 ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

export async function benchHttp(settings: Settings, socklab: string[]): Promise<Table[]> {
  const wrk = tool("wrk");
  const skippedAll = (why: string): Table[] =>
    LOADS.map((load) => ({
      id: load.id,
      title: load.title,
      unit: "req/s",
      better: "higher",
      rows: [],
      targets: TARGETS,
      notes: [`skipped: ${why}`],
    }));
  if (!wrk) return skippedAll("wrk not installed (apt-get install wrk)");

  const dir = mkdtempSync(join(tmpdir(), "socklab-bench-http-"));
  const notes: string[] = [];
  const running: Running[] = [];
  const skipped: Row[] = [];
  try {
    // socklab first: its page becomes everyone's body.
    let body = FALLBACK_BODY;
    let mine: Started | undefined;
    try {
      mine = await startServerProcess([...socklab, ...socklabArgs("http")], {
        port: /127\.0\.0\.1:(\d+)/,
      });
      const page = await fetchPage(mine.port);
      if (page === undefined) throw new Error("GET / did not answer 200");
      body = page;
      running.push({ name: SOCKLAB, server: mine });
    } catch (error) {
      await mine?.stop();
      const first = String((error as Error).message).split("\n")[0];
      skipped.push({ contender: SOCKLAB, skipped: `did not start: ${first}` });
    }
    const bodyFile = join(dir, "page.html");
    writeFileSync(bodyFile, body);
    notes.push(`every contender serves the same ${Buffer.byteLength(body)}-byte page`);

    const node = tool("node");
    const nginx = tool("nginx");
    const specs: ContenderSpec[] = [
      {
        name: "Bun.serve",
        start: () =>
          startServerProcess([process.execPath, join(BENCH_DIR, "peers/bun-serve.ts"), bodyFile], {
            port: /port (\d+)/,
          }),
      },
      {
        name: "node:http",
        missing: node ? undefined : "node not installed",
        start: () =>
          startServerProcess([node ?? "node", join(BENCH_DIR, "peers/node-http.mjs"), bodyFile], {
            port: /port (\d+)/,
          }),
      },
      {
        name: "nginx",
        missing: nginx ? undefined : "nginx not installed (apt-get install nginx)",
        start: () => {
          const port = freePort();
          const conf = join(dir, "nginx.conf");
          writeFileSync(conf, nginxConfig(dir, port, body));
          return startServerProcess(
            [nginx ?? "nginx", "-c", conf, "-p", dir, "-e", join(dir, "error.log")],
            { port },
          );
        },
      },
    ];
    const peers = await startAll(specs);
    running.push(...peers.running);
    skipped.push(...peers.skipped);
    // A contender that answers wrongly would win by doing less: check each once.
    for (const contender of [...running]) {
      const page = await fetchPage(contender.server.port);
      if (page !== body) {
        await contender.server.stop();
        running.splice(running.indexOf(contender), 1);
        skipped.push({ contender: contender.name, skipped: "GET / did not return the page" });
      }
    }

    const tables: Table[] = [];
    for (const load of LOADS) {
      process.stdout.write(`${load.title} `);
      const results = await alternate(running, settings, async (contender, seconds) => {
        // wrk takes whole seconds.
        const duration = Math.max(1, Math.round(seconds));
        const cmd = [
          wrk,
          "-t1",
          `-c${CONNECTIONS}`,
          `-d${duration}s`,
          "--latency",
          ...(load.script ? ["-s", load.script] : []),
          `http://127.0.0.1:${contender.server.port}/`,
        ];
        const result = await runCommand(cmd, (duration + 15) * 1000);
        if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr.trim()}`);
        return { ...parseWrk(result.stdout), cpu: result.cpuSeconds, wall: result.wallSeconds };
      });
      const rows: Row[] = [];
      let socklabCpu: number | undefined;
      for (const contender of running) {
        const runs = results.get(contender.name) ?? [];
        const requests = runs.reduce((sum, r) => sum + r.requests, 0);
        const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
        const cpu = runs.reduce((sum, r) => sum + r.cpu, 0);
        const wall = runs.reduce((sum, r) => sum + r.wall, 0);
        const share = wall > 0 ? cpu / wall : 0;
        if (contender.name === SOCKLAB) socklabCpu = share;
        rows.push({
          contender: contender.name,
          value: seconds > 0 ? requests / seconds : undefined,
          p50Ms: median(runs.flatMap((r) => (r.p50Ms === undefined ? [] : [r.p50Ms]))),
          p99Ms: median(runs.flatMap((r) => (r.p99Ms === undefined ? [] : [r.p99Ms]))),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          note: `wrk CPU ${Math.round(share * 100)}%`,
        });
      }
      const table: Table = {
        id: load.id,
        title: load.title,
        unit: "req/s",
        better: "higher",
        rows: [...rows, ...skipped],
        targets: TARGETS,
        notes: [
          ...notes,
          "latencies: median over the slices of wrk's percentiles; errors = socket errors + non-2xx",
        ],
      };
      table.notes.push(generatorVerdict(table, "wrk (1 thread)", socklabCpu));
      tables.push(table);
    }
    return tables;
  } finally {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  }
}
