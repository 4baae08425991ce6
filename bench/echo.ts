// `bun run bench echo`: socklab echo against a C epoll echo server (the physical limit here),
// the minimal correct Bun.listen echo (the runtime's floor), a node:net echo server and socat,
// driven by bench/c/echoload.c, which verifies every byte.

import { join } from "node:path";
import { BENCH_DIR, compileC, socklabArgs, tool } from "./lib/build.ts";
import {
  alternate,
  type ContenderSpec,
  generatorVerdict,
  type Settings,
  startAll,
  stopAll,
} from "./lib/harness.ts";
import { freePort, runCommand, startServerProcess } from "./lib/proc.ts";
import { type Row, SOCKLAB, type Table } from "./lib/report.ts";
import { type Histogram, mergeHistogram, percentileMs } from "./lib/stats.ts";

/** Both loads from the issue: many small round trips (the syscall and event-loop cost per
 * message), and a few connections each keeping 64 KiB in flight (the copying cost). */
const LOADS = [
  {
    id: "echo-pingpong",
    title: "echo ping-pong: 50 connections, 64-byte messages, one in flight each",
    unit: "msg/s",
    size: 64,
    depth: 1,
    targets: [
      { vs: "C epoll", min: 0.95 },
      { vs: "node:net", min: 1.4 },
    ],
  },
  {
    id: "echo-stream",
    title: "echo streaming: 50 connections, 16 KiB messages, 4 in flight each",
    unit: "MB/s",
    size: 16 * 1024,
    depth: 4,
    targets: [{ vs: "C epoll", min: 0.9 }],
  },
];
const CONNECTIONS = 50;
/** Untimed start of every generator run: connections settle before the clock starts. */
const RUN_WARMUP_SECONDS = 0.3;
/** After the timed window, how long in-flight messages may take to come back before they
 * count as lost. */
const DRAIN_SECONDS = 2;

export interface LoadResult {
  seconds: number;
  msgs: number;
  bytes: number;
  errors: number;
  lost: number;
  cpu: number;
  wall: number;
  hist: [number, number][];
}

/** One contender's runs added up into its row: the rate (per message, or MB/s of `bytes`), the
 * latency percentiles, errors and losses, and the load generator's share of a core. */
export function rowOf(
  name: string,
  runs: LoadResult[],
  unit: "msg/s" | "MB/s",
): { row: Row; cpu: number } {
  const hist: Histogram = new Map();
  const sum = { seconds: 0, msgs: 0, bytes: 0, errors: 0, lost: 0, cpu: 0, wall: 0 };
  for (const run of runs) {
    mergeHistogram(hist, run.hist);
    sum.seconds += run.seconds;
    sum.msgs += run.msgs;
    sum.bytes += run.bytes ?? 0;
    sum.errors += run.errors;
    sum.lost += run.lost;
    sum.cpu += run.cpu;
    sum.wall += run.wall;
  }
  const share = sum.wall > 0 ? sum.cpu / sum.wall : 0;
  return {
    cpu: share,
    row: {
      contender: name,
      value: unit === "msg/s" ? sum.msgs / sum.seconds : sum.bytes / sum.seconds / 1e6,
      p50Ms: percentileMs(hist, 0.5),
      p99Ms: percentileMs(hist, 0.99),
      errors: sum.errors,
      lost: sum.lost,
      note: `load generator CPU ${Math.round(share * 100)}%`,
    },
  };
}

export async function benchEcho(settings: Settings, socklab: string[]): Promise<Table[]> {
  const load = await compileC("echoload");
  const cServer = await compileC("echoserver");
  if ("missing" in load) {
    return LOADS.map((l) => ({
      id: l.id,
      title: l.title,
      unit: l.unit,
      better: "higher",
      rows: [],
      targets: l.targets,
      notes: [`skipped: the load generator needs ${load.missing}`],
    }));
  }
  const node = tool("node");
  const socat = tool("socat");
  const specs: ContenderSpec[] = [
    {
      name: SOCKLAB,
      start: () =>
        startServerProcess([...socklab, ...socklabArgs("echo")], {
          port: /127\.0\.0\.1:(\d+)/,
        }),
    },
    {
      name: "C epoll",
      missing: "missing" in cServer ? cServer.missing : undefined,
      start: () =>
        startServerProcess(["path" in cServer ? cServer.path : ""], { port: /port (\d+)/ }),
    },
    {
      name: "Bun.listen (minimal)",
      start: () =>
        startServerProcess([process.execPath, join(BENCH_DIR, "peers/bun-echo.ts")], {
          port: /port (\d+)/,
        }),
    },
    {
      name: "node:net",
      missing: node ? undefined : "node not installed",
      start: () =>
        startServerProcess([node ?? "node", join(BENCH_DIR, "peers/node-echo.mjs")], {
          port: /port (\d+)/,
        }),
    },
    {
      name: "socat",
      missing: socat ? undefined : "socat not installed (apt-get install socat)",
      start: () => {
        const port = freePort();
        // PIPE echoes what it reads; fork gives each connection its own socat process. socat's
        // listen backlog is 5 by default: 50 connections at once would see resets.
        return startServerProcess(
          [
            socat ?? "socat",
            `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,backlog=128`,
            "PIPE",
          ],
          { port },
        );
      },
    },
  ];

  const tables: Table[] = [];
  const { running, skipped } = await startAll(specs);
  try {
    for (const spec of LOADS) {
      process.stdout.write(`${spec.title} `);
      const results = await alternate(running, settings, async (contender, seconds) => {
        const result = await runCommand(
          [
            load.path,
            "--port",
            String(contender.server.port),
            "--conns",
            String(CONNECTIONS),
            "--size",
            String(spec.size),
            "--depth",
            String(spec.depth),
            "--seconds",
            String(seconds),
            "--warmup",
            String(RUN_WARMUP_SECONDS),
            "--drain",
            String(DRAIN_SECONDS),
          ],
          (seconds + RUN_WARMUP_SECONDS + DRAIN_SECONDS + 10) * 1000,
        );
        const line = result.stdout.trim().split("\n").pop() ?? "";
        if (result.code !== 0 || !line.startsWith("{")) {
          throw new Error(`echoload failed against ${contender.name}: ${result.stderr.trim()}`);
        }
        return JSON.parse(line) as LoadResult;
      });
      const rows: Row[] = [];
      let socklabCpu: number | undefined;
      for (const contender of running) {
        const { row, cpu } = rowOf(
          contender.name,
          results.get(contender.name) ?? [],
          spec.unit as "msg/s" | "MB/s",
        );
        if (contender.name === SOCKLAB) socklabCpu = cpu;
        rows.push(row);
      }
      const table: Table = {
        id: spec.id,
        title: spec.title,
        unit: spec.unit,
        better: "higher",
        rows: [...rows, ...skipped],
        targets: spec.targets,
        notes: ["every byte verified; lost = messages not back within 2 s after the window"],
      };
      table.notes.push(generatorVerdict(table, "echoload (C, epoll, 1 thread)", socklabCpu));
      tables.push(table);
    }
  } finally {
    await stopAll(running);
  }
  tables.push(await benchUdpEcho(settings, socklab));
  return tables;
}

const UDP_LOAD = {
  id: "echo-udp-pingpong",
  title: "echo UDP ping-pong: 50 sockets, 64-byte datagrams, one in flight each",
  unit: "msg/s",
  targets: [{ vs: "C recvfrom/sendto", min: 0.9 }],
};

/** socklab `echo --udp` (rate limit off: 50 sockets at full speed are the point here) against the
 * recvfrom/sendto loop in C, driven by bench/c/udpload.c, which checks every datagram. */
async function benchUdpEcho(settings: Settings, socklab: string[]): Promise<Table> {
  const load = await compileC("udpload");
  const cServer = await compileC("udpechoserver");
  const table: Table = { ...UDP_LOAD, better: "higher", rows: [], notes: [] };
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return table;
  }
  const specs: ContenderSpec[] = [
    {
      name: SOCKLAB,
      // --tcp too: the shared flags include --max-clients, which only TCP has.
      start: () =>
        startServerProcess(
          [...socklab, ...socklabArgs("echo", ["--tcp", "--udp", "--udp-rate", "0"])],
          { port: /127\.0\.0\.1:(\d+)/ },
        ),
    },
    {
      name: "C recvfrom/sendto",
      missing: "missing" in cServer ? cServer.missing : undefined,
      start: () =>
        startServerProcess(["path" in cServer ? cServer.path : ""], { port: /port (\d+)/ }),
    },
  ];
  const { running, skipped } = await startAll(specs);
  try {
    process.stdout.write(`${UDP_LOAD.title} `);
    const results = await alternate(running, settings, async (contender, seconds) => {
      const result = await runCommand(
        [
          load.path,
          "--port",
          String(contender.server.port),
          "--conns",
          String(CONNECTIONS),
          "--size",
          "64",
          "--seconds",
          String(seconds),
          "--warmup",
          String(RUN_WARMUP_SECONDS),
        ],
        (seconds + RUN_WARMUP_SECONDS + 10) * 1000,
      );
      const line = result.stdout.trim().split("\n").pop() ?? "";
      if (result.code !== 0 || !line.startsWith("{")) {
        throw new Error(`udpload failed against ${contender.name}: ${result.stderr.trim()}`);
      }
      return JSON.parse(line) as LoadResult;
    });
    let socklabCpu: number | undefined;
    for (const contender of running) {
      const { row, cpu } = rowOf(contender.name, results.get(contender.name) ?? [], "msg/s");
      if (contender.name === SOCKLAB) socklabCpu = cpu;
      table.rows.push(row);
    }
    table.rows.push(...skipped);
    table.notes.push(
      "every datagram verified; lost = not back within 200 ms (the socket then sends the next)",
    );
    table.notes.push(generatorVerdict(table, "udpload (C, epoll, 1 thread)", socklabCpu));
  } finally {
    await stopAll(running);
  }
  return table;
}
