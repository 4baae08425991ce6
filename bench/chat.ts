// `bun run bench chat`: against `ncat --chat` and a naive Bun.listen broadcast server, a closed
// loop (1,000 clients of which 100 send, one line each in flight) and an open-loop flood (200
// clients, 20 senders writing as fast as the kernel takes it); bench/c/chatload.c counts
// deliveries, their latency, every line lost, garbled or out of order, and every client cut.

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
import { fmt, type Row, SOCKLAB, type Table } from "./lib/report.ts";
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

/** The open-loop flood (issue #12): a room of 200, a tenth of it flooding. */
const FLOOD_CLIENTS = 200;
const FLOOD_SENDERS = 20;
/** Bytes of whole lines per write(): what a program that sends a file, or a loop of printf on a
 * buffered stream, hands the kernel. */
const FLOOD_BATCH = 4096;
/** The senders' SO_SNDBUF (the kernel doubles it). The flood still goes as fast as the kernel
 * accepts; this only keeps the backlog in the generator's own buffers small, so that what is
 * still queued when the senders stop (mostly in the server's receive buffers, which the
 * generator cannot bound) drains in seconds rather than minutes. */
const FLOOD_SNDBUF = 16 * 1024;
/** Every flood client's SO_RCVBUF (doubled too). Left to itself, Linux grows a busy loopback
 * reader's buffer to megabytes (tcp_rmem's maximum is 32 MiB here): the backlog then sits in
 * the generator's own buffers, out of every server's sight, and takes minutes to drain. */
const FLOOD_RCVBUF = 64 * 1024;
/** After the flood, how long the backlog may take to arrive; past it, what has not arrived is
 * reported as still queued, not as lost (it was never skipped: lines arrive in order). */
const FLOOD_DRAIN_MAX_SECONDS = 20;
/** Nothing at all arriving for this long during the drain: the rest is not coming. */
const FLOOD_QUIET_MS = 1000;

/** chatload's closed loop (the main chat table and the one across servers): CLIENTS clients,
 * SENDERS of them keeping WINDOW lines in flight, for `seconds`. */
function closedLoopArgs(seconds: number): string[] {
  return [
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
  ];
}

/** One contender's row of a closed-loop table, from its runs, and the generator's CPU share. */
function closedLoopRow(contender: string, runs: ChatLoadResult[]): { row: Row; share: number } {
  const hist = histogramOf(runs);
  const sum = (pick: (r: ChatLoadResult) => number) => total(runs, pick);
  const seconds = sum((r) => r.seconds);
  const wall = sum((r) => r.wall);
  const share = wall > 0 ? sum((r) => r.cpu) / wall : 0;
  const settle = Math.max(...runs.map((r) => r.settle_seconds));
  const stalls = sum((r) => r.stalls);
  const row: Row = {
    contender,
    value: seconds > 0 ? sum((r) => r.deliveries) / seconds : undefined,
    p50Ms: percentileMs(hist, 0.5),
    p99Ms: percentileMs(hist, 0.99),
    errors: sum((r) => r.garbled + r.order_errors + r.closed_by_server + r.connect_failures),
    lost: sum((r) => r.lost),
    note: `joins settled in ≤ ${settle.toFixed(1)} s; load generator CPU ${Math.round(share * 100)}%${stalls > 0 ? `; ${stalls} sender stalls (a line not seen for 1 s)` : ""}`,
  };
  return { row, share };
}

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
  /** Clients closed by the server that were only readers (not senders). */
  closed_readers: number;
  connect_failures: number;
  stalls: number;
  /** Lines the senders wrote inside the timed window. */
  sent_in_window: number;
  /** Lines a reader never got although it got later ones of the same sender: surely dropped. */
  gaps: number;
  /** Lines open readers still lacked, past their last one received, when the drain stopped. */
  tail_open: number;
  drain_seconds: number;
  /** How the open loop's drain ended: 0 all delivered, 1 nothing more came for --quiet-ms (the
   * tail is lost), 2 the deadline (the tail may still have been on its way). */
  drain_end: 0 | 1 | 2;
  /** Open loop: the longest the generator left one client unread during the flood. */
  max_read_gap_ms: number;
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
/** socklab writing the class record (--record): it must keep 90 % of socklab's speed. */
const RECORDING = "socklab --record";
const RECORD_MIN_RATIO = 0.9;

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

/** The three servers, each started fresh for each table. */
function contenderSpecs(socklab: string[], recordDir?: string): ContenderSpec[] {
  const ncat = tool("ncat");
  return [
    {
      name: SOCKLAB,
      // No flood control: the benchmark floods on purpose.
      start: () =>
        startServerProcess([...socklab, ...socklabArgs("chat", ["--rate", "0"])], {
          port: /127\.0\.0\.1:(\d+)/,
        }),
    },
    ...(recordDir === undefined
      ? []
      : [
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
        ]),
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
}

/** Sums a field over a contender's runs. */
function total(runs: ChatLoadResult[], pick: (r: ChatLoadResult) => number): number {
  return runs.reduce((sum, r) => sum + pick(r), 0);
}

/** The runs' latency histograms merged. */
function histogramOf(runs: ChatLoadResult[]): Histogram {
  const hist: Histogram = new Map();
  for (const run of runs) mergeHistogram(hist, run.hist);
  return hist;
}

export async function benchChat(settings: Settings, socklab: string[]): Promise<Table[]> {
  const load = await compileC("chatload");
  const closed = await closedLoop(settings, socklab, load);
  const flood = await openLoop(settings, socklab, load);
  const cluster = await clusterLoop(settings, socklab, load);
  return [closed, flood, cluster];
}

const ONE_SERVER = "socklab, one server";
const TWO_SERVERS = "socklab, 2 servers + nats-server";

/**
 * The same closed loop (CLIENTS clients, SENDERS senders) on one socklab, then split over two
 * socklab servers linked by a nats-server (chat --cluster): odd-numbered clients on the second.
 * Every line crosses NATS once and is delivered by both servers; the latency is a delivery's,
 * whichever server delivered it. On a 2-core machine the three processes and the generator
 * share the cores: this measures the link's cost, not a scaling.
 */
async function clusterLoop(settings: Settings, socklab: string[], load: Compiled): Promise<Table> {
  const title = `chat across servers: ${CLIENTS.toLocaleString("en-US")} clients, ${SENDERS} senders, one room on one server vs split over two linked by NATS`;
  const table: Table = {
    id: "chat-cluster",
    title,
    unit: "deliveries/s",
    better: "higher",
    rows: [],
    targets: [],
    notes: [],
  };
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return table;
  }
  const natsServer = tool("nats-server") ?? Bun.which("nats-server", { PATH: "/usr/sbin" });
  const store = mkdtempSync(join(tmpdir(), "socklab-bench-nats-"));
  /** The second server's port, for the split contender. */
  const secondPort = new Map<string, number>();
  const chatServer = (extra: string[]) =>
    startServerProcess(
      [...socklab, ...socklabArgs("chat", ["--rate", "0", "--history", "0", ...extra])],
      {
        port: /^ {2}127\.0\.0\.1:(\d+)/m, // the banner, not "linked to nats://127.0.0.1:…"
      },
    );
  const specs: ContenderSpec[] = [
    { name: ONE_SERVER, start: () => chatServer([]) },
    {
      name: TWO_SERVERS,
      missing: natsServer ? undefined : "nats-server not installed (apt-get install nats-server)",
      async start() {
        const natsPort = freePort();
        const nats = await startServerProcess(
          [
            natsServer ?? "nats-server",
            "-js",
            "-a",
            "127.0.0.1",
            "-p",
            String(natsPort),
            "-sd",
            store,
          ],
          { port: natsPort },
        );
        const url = `nats://127.0.0.1:${natsPort}`;
        const [a, b] = await Promise.all([
          chatServer(["--cluster", url, "--server-name", "a"]),
          chatServer(["--cluster", url, "--server-name", "b"]),
        ]);
        secondPort.set(TWO_SERVERS, b.port);
        return {
          pid: a.pid,
          port: a.port,
          output: () => `${a.output()}\n${b.output()}\n${nats.output()}`,
          stop: async () => {
            await Promise.all([a.stop(), b.stop()]);
            await nats.stop();
          },
        };
      },
    },
  ];
  const { running, skipped } = await startAll(specs);
  try {
    process.stdout.write(`${title} `);
    const results = await alternate(running, settings, (contender, seconds) => {
      const port2 = secondPort.get(contender.name);
      return runChatLoad(
        load.path,
        contender.server.port,
        [
          ...(port2 === undefined ? [] : ["--port2", String(port2)]),
          ...closedLoopArgs(seconds),
          "--nick",
          "--greeting",
        ],
        SETTLE_MAX_SECONDS + seconds + 30,
      );
    });
    for (const contender of running) {
      table.rows.push(closedLoopRow(contender.name, results.get(contender.name) ?? []).row);
    }
    table.rows.push(...skipped);
    table.notes.push(
      `each sender keeps ${WINDOW} line in flight (until the last client, on the second server, has it); split: odd-numbered clients on the second server, so half the senders' lines cross NATS to reach the observer`,
    );
    table.notes.push(
      "one machine with 2 cores runs the generator, both socklab servers and nats-server: the split shows what the link costs, not what a second machine adds",
    );
    const lossless = table.rows.every((r) => r.skipped !== undefined || r.lost === 0);
    table.notes.push(`target zero loss: ${lossless ? "met" : "MISSED"}`);
  } finally {
    await stopAll(running);
    rmSync(store, { recursive: true, force: true });
  }
  return table;
}

type Compiled = Awaited<ReturnType<typeof compileC>>;

/** The closed loop: each sender keeps WINDOW lines in flight, so the servers run as fast as
 * they deliver, never buried under a queue. */
async function closedLoop(settings: Settings, socklab: string[], load: Compiled): Promise<Table> {
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
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return table;
  }
  const recordDir = mkdtempSync(join(tmpdir(), "socklab-bench-"));
  const { running, skipped } = await startAll(contenderSpecs(socklab, recordDir));
  try {
    process.stdout.write(`${title} `);
    const results = await alternate(running, settings, (contender, seconds) =>
      runChatLoad(
        load.path,
        contender.server.port,
        [...closedLoopArgs(seconds), ...(CLIENT_FLAGS[contender.name] ?? [])],
        SETTLE_MAX_SECONDS + seconds + 30,
      ),
    );
    let socklabCpu: number | undefined;
    for (const contender of running) {
      const { row, share } = closedLoopRow(contender.name, results.get(contender.name) ?? []);
      if (contender.name === SOCKLAB) socklabCpu = share;
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
  return table;
}

/**
 * The open-loop flood: FLOOD_SENDERS clients write batches of lines whenever the kernel takes
 * them, for `settings.floodSeconds`; every client reads everything. A server that slows the
 * senders (TCP's own back-pressure) loses nothing and cuts nobody who reads; one that reads
 * everything and writes what the kernel takes loses lines; one that blocks on each client in
 * turn is as fast as its slowest reader.
 */
async function openLoop(settings: Settings, socklab: string[], load: Compiled): Promise<Table> {
  const readers = FLOOD_CLIENTS - FLOOD_SENDERS;
  const title = `chat open-loop flood: ${FLOOD_CLIENTS} clients, ${FLOOD_SENDERS} senders writing as fast as the kernel accepts`;
  const table: Table = {
    id: "chat-flood",
    title,
    unit: "deliveries/s",
    better: "higher",
    rows: [],
    targets: [{ vs: "ncat --chat", min: 2 }],
    notes: [],
  };
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return table;
  }
  const { running, skipped } = await startAll(contenderSpecs(socklab));
  try {
    process.stdout.write(`${title} `);
    // Each slice floods for floodSeconds (the issue's 10 s); the warm-up stays short.
    const flood = { ...settings, sliceSeconds: settings.floodSeconds };
    const results = await alternate(running, flood, (contender, seconds) =>
      runChatLoad(
        load.path,
        contender.server.port,
        [
          "--clients",
          String(FLOOD_CLIENTS),
          "--senders",
          String(FLOOD_SENDERS),
          "--open-loop",
          "--batch",
          String(FLOOD_BATCH),
          "--sndbuf",
          String(FLOOD_SNDBUF),
          "--rcvbuf",
          String(FLOOD_RCVBUF),
          "--seconds",
          String(seconds),
          "--warmup",
          String(RUN_WARMUP_SECONDS),
          "--settle-max",
          String(SETTLE_MAX_SECONDS),
          "--drain-max",
          String(FLOOD_DRAIN_MAX_SECONDS),
          "--quiet-ms",
          String(FLOOD_QUIET_MS),
          ...(CLIENT_FLAGS[contender.name] ?? []),
        ],
        SETTLE_MAX_SECONDS + seconds + FLOOD_DRAIN_MAX_SECONDS + 30,
      ),
    );
    let socklabCpu: number | undefined;
    let socklabReadersCut: number | undefined;
    for (const contender of running) {
      const runs = results.get(contender.name) ?? [];
      const hist = histogramOf(runs);
      const sum = (pick: (r: ChatLoadResult) => number) => total(runs, pick);
      const seconds = sum((r) => r.seconds);
      const wall = sum((r) => r.wall);
      const share = wall > 0 ? sum((r) => r.cpu) / wall : 0;
      const readersCut = sum((r) => r.closed_readers);
      if (contender.name === SOCKLAB) {
        socklabCpu = share;
        socklabReadersCut = readersCut;
      }
      const sendersCut = sum((r) => r.closed_by_server - r.closed_readers);
      // A tail the server went silent on is lost; one the deadline cut short, unknown.
      const queued = sum((r) => (r.drain_end === 2 ? r.tail_open : 0));
      const drain = Math.max(...runs.map((r) => r.drain_seconds));
      const rate = seconds > 0 ? sum((r) => r.sent_in_window) / seconds : 0;
      const parts = [
        `readers cut ${readersCut} of ${readers * runs.length}`,
        `senders cut ${sendersCut} of ${FLOOD_SENDERS * runs.length}`,
        `senders' rate ${fmt(rate / FLOOD_SENDERS)} lines/s each (${fmt(rate)} in all)`,
        queued > 0
          ? `${fmt(queued)} deliveries still on their way at the drain's ${FLOOD_DRAIN_MAX_SECONDS} s deadline (not counted as lost)`
          : `backlog out in ≤ ${drain.toFixed(1)} s`,
        `load generator CPU ${Math.round(share * 100)}%, no client left unread over ${fmt(Math.max(...runs.map((r) => r.max_read_gap_ms)))} ms`,
      ];
      table.rows.push({
        contender: contender.name,
        value: seconds > 0 ? sum((r) => r.deliveries) / seconds : undefined,
        p50Ms: percentileMs(hist, 0.5),
        p99Ms: percentileMs(hist, 0.99),
        errors: sum((r) => r.garbled + r.order_errors + r.closed_by_server + r.connect_failures),
        // Lines skipped in the middle, everything a cut client missed, and a tail the server
        // went silent on; not what was still on its way when the deadline came (in the note).
        lost: sum((r) => Math.max(0, r.lost - (r.drain_end === 2 ? r.tail_open : 0))),
        note: parts.join("; "),
      });
    }
    table.rows.push(...skipped);
    table.notes.push(
      `each sender writes ${FLOOD_BATCH / 1024} KiB of whole lines per write() whenever its socket is writable (SO_SNDBUF ${FLOOD_SNDBUF / 1024} KiB, every client's SO_RCVBUF ${FLOOD_RCVBUF / 1024} KiB), for ${settings.floodSeconds} s per slice; deliveries/s and latency count the timed window; the backlog then gets up to ${FLOOD_DRAIN_MAX_SECONDS} s to arrive`,
    );
    table.notes.push(
      "lost = lines a client never received (skipped ones, and all a cut client missed); errors = garbled, duplicated or reordered lines and clients cut by the server; a sender's achieved rate is what the kernel took from it, i.e. how fast the server let it go",
    );
    table.notes.push(generatorVerdict(table, "chatload (C, epoll, 1 thread)", socklabCpu));
    const mine = table.rows.find((r) => r.contender === SOCKLAB);
    const clean = mine?.lost === 0 && socklabReadersCut === 0;
    table.notes.push(`target zero lines lost and zero readers cut: ${clean ? "met" : "MISSED"}`);
  } finally {
    await stopAll(running);
  }
  return table;
}
