// `bun run bench chat`: 1,000 clients of which 100 send, one write per line, against
// `ncat --chat` and a naive Bun.listen broadcast server; bench/c/chatload.c counts deliveries,
// their latency, and every line lost, garbled or out of order.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** The issue's target load: a large class, a tenth of it talking at once. */
const CLIENTS = 1000;
const SENDERS = 100;
/** Lines a sender may have on their way to the observer: one keeps 100 lines in flight (99,900
 * deliveries), enough to keep any server busy without burying it under a growing queue. */
const WINDOW = 1;
/** Joins and their announcements must be over before the clock starts. */
const SETTLE_MAX_SECONDS = 60;
const RUN_WARMUP_SECONDS = 0.5;
/** socklab writing the class record (--record): it must keep 90 % of socklab's speed. */
const RECORDING = "socklab --record";
const RECORD_MIN_RATIO = 0.9;

/** What chatload prints (the fields used here). */
export interface ChatLoadResult {
  connected: number;
  open: number;
  seconds: number;
  settle_seconds: number;
  sent: number;
  deliveries: number;
  lost: number;
  garbled: number;
  order_errors: number;
  closed_by_server: number;
  connect_failures: number;
  stalls: number;
  rss_before_kb: number;
  rss_after_kb: number;
  rss_anon_kb: number;
  rss_file_kb: number;
  fd_limit: number;
  cpu: number;
  wall: number;
  hist: [number, number][];
}

/** How each contender's clients behave: socklab wants a nickname first; socklab and ncat greet
 * each newcomer, which proves the server accepted it; ncat's listen backlog is 10. */
const CLIENT_FLAGS: Record<string, string[]> = {
  [SOCKLAB]: ["--nick", "--greeting"],
  [RECORDING]: ["--nick", "--greeting"],
  "ncat --chat": ["--greeting", "--connect-batch", "8"],
  "naive Bun.listen": [],
};

export async function runChatLoad(
  path: string,
  port: number,
  flags: string[],
  timeoutSeconds: number,
): Promise<ChatLoadResult> {
  const result = await runCommand([path, "--port", String(port), ...flags], timeoutSeconds * 1000);
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`chatload failed: ${result.stderr.trim()}`);
  return JSON.parse(line) as ChatLoadResult;
}

export async function benchChat(settings: Settings, socklab: string[]): Promise<Table[]> {
  const title = `chat: ${CLIENTS.toLocaleString("en-US")} clients, ${SENDERS} senders, one write per line`;
  const table: Table = {
    id: "chat",
    title,
    unit: "deliveries/s",
    better: "higher",
    rows: [],
    targets: [{ vs: "ncat --chat", min: 2 }],
    notes: [],
  };
  const load = await compileC("chatload");
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return [table];
  }
  const ncat = tool("ncat");
  const recordDir = mkdtempSync(join(tmpdir(), "socklab-bench-"));
  const specs: ContenderSpec[] = [
    {
      name: SOCKLAB,
      // No flood control: the benchmark floods on purpose.
      start: () =>
        startServerProcess([...socklab, ...socklabArgs("chat", ["--rate", "0"])], {
          port: /127\.0\.0\.1:(\d+)/,
        }),
    },
    {
      name: RECORDING,
      // Every public line goes to SQLite, committed once per turn (packages/server/src/record/).
      start: () =>
        startServerProcess(
          [
            ...socklab,
            ...socklabArgs("chat", ["--rate", "0", "--record", join(recordDir, "bench.db")]),
          ],
          { port: /127\.0\.0\.1:(\d+)/ },
        ),
    },
    {
      name: "ncat --chat",
      missing: ncat ? undefined : "ncat not installed (apt-get install ncat)",
      start: () => {
        const port = freePort();
        return startServerProcess(
          [ncat ?? "ncat", "--chat", "--listen", "127.0.0.1", String(port), "--max-conns", "2000"],
          { port },
        );
      },
    },
    {
      name: "naive Bun.listen",
      start: () =>
        startServerProcess([process.execPath, join(BENCH_DIR, "peers/naive-chat.ts")], {
          port: /port (\d+)/,
        }),
    },
  ];
  const { running, skipped } = await startAll(specs);
  try {
    process.stdout.write(`${title} `);
    const results = await alternate(running, settings, (contender, seconds) =>
      runChatLoad(
        load.path,
        contender.server.port,
        [
          "--clients",
          String(CLIENTS),
          "--senders",
          String(SENDERS),
          "--window",
          String(WINDOW),
          "--seconds",
          String(seconds),
          "--warmup",
          String(RUN_WARMUP_SECONDS),
          "--settle-max",
          String(SETTLE_MAX_SECONDS),
          ...(CLIENT_FLAGS[contender.name] ?? []),
        ],
        SETTLE_MAX_SECONDS + seconds + 30,
      ),
    );
    let socklabCpu: number | undefined;
    for (const contender of running) {
      const runs = results.get(contender.name) ?? [];
      const hist: Histogram = new Map();
      const sum = (pick: (r: ChatLoadResult) => number) =>
        runs.reduce((total, r) => total + pick(r), 0);
      for (const run of runs) mergeHistogram(hist, run.hist);
      const seconds = sum((r) => r.seconds);
      const wall = sum((r) => r.wall);
      const share = wall > 0 ? sum((r) => r.cpu) / wall : 0;
      if (contender.name === SOCKLAB) socklabCpu = share;
      const settle = Math.max(...runs.map((r) => r.settle_seconds));
      const stalls = sum((r) => r.stalls);
      const row: Row = {
        contender: contender.name,
        value: seconds > 0 ? sum((r) => r.deliveries) / seconds : undefined,
        p50Ms: percentileMs(hist, 0.5),
        p99Ms: percentileMs(hist, 0.99),
        errors: sum((r) => r.garbled + r.order_errors + r.closed_by_server + r.connect_failures),
        lost: sum((r) => r.lost),
        note: `joins settled in ≤ ${settle.toFixed(1)} s; load generator CPU ${Math.round(share * 100)}%${stalls > 0 ? `; ${stalls} sender stalls (a line not seen for 1 s)` : ""}`,
      };
      table.rows.push(row);
    }
    table.rows.push(...skipped);
    table.notes.push(
      `each sender keeps ${WINDOW} line in flight (until the last client has it); lost = lines some client never received, errors = garbled, duplicated or reordered lines and dropped connections`,
    );
    table.notes.push(generatorVerdict(table, "chatload (C, epoll, 1 thread)", socklabCpu));
    const lossless = table.rows.find((r) => r.contender === SOCKLAB)?.lost === 0;
    table.notes.push(`target zero loss: ${lossless ? "met" : "MISSED"}`);
    const plain = table.rows.find((r) => r.contender === SOCKLAB)?.value;
    const recording = table.rows.find((r) => r.contender === RECORDING)?.value;
    if (plain !== undefined && recording !== undefined) {
      const kept = recording / plain;
      table.notes.push(
        `--record keeps ${(kept * 100).toFixed(0)} % of socklab's deliveries/s (target ≥ ${RECORD_MIN_RATIO * 100} %: ${kept >= RECORD_MIN_RATIO ? "met" : "MISSED"})`,
      );
    }
  } finally {
    await stopAll(running);
    rmSync(recordDir, { recursive: true, force: true });
  }
  return [table];
}
