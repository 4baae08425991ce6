// `bun run bench memory`: the server's resident memory with 10,000 idle chat clients connected
// (joined, with a nickname, in socklab's case), against the naive Bun.listen broadcast server.
// Needs a descriptor limit above 10,000 for the load generator and the server: checked here.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runChatLoad } from "./chat.ts";
import { BENCH_DIR, compileC, socklabArgs } from "./lib/build.ts";
import { type Started, startServerProcess } from "./lib/proc.ts";
import { fmt, type Row, SOCKLAB, type Table } from "./lib/report.ts";

/** The figure: a whole school's worth of idle clients. */
const CLIENTS = 10_000;
/** 10,000 joins are announced to everyone already in (50 M lines): allow for a slow machine. */
const SETTLE_MAX_SECONDS = 120;
/** Idle time after the joins before the reading: RSS peaks (~170 MB for socklab) while the
 * join announcements are written, and the collector hands it back over the next ~5 s; the
 * figure wanted is the idle steady state. */
const HOLD_SECONDS = 10;
const TARGET_MB = 60;

/** The soft and hard "Max open files" of a process (Linux /proc), or undefined. */
function fdLimits(pid: number | "self"): { soft: number; hard: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/limits`, "utf8");
    const match = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(text);
    if (!match) return undefined;
    const value = (s: string | undefined) => (s === "unlimited" ? Infinity : Number(s));
    return { soft: value(match[1]), hard: value(match[2]) };
  } catch {
    return undefined;
  }
}

export async function benchMemory(socklab: string[]): Promise<Table[]> {
  const title = `memory: server RSS with ${CLIENTS.toLocaleString("en-US")} idle chat clients`;
  const table: Table = {
    id: "memory",
    title,
    unit: "MB",
    better: "lower",
    rows: [],
    targets: [{ vs: "absolute", max: TARGET_MB }],
    notes: [],
  };
  const load = await compileC("chatload");
  if ("missing" in load) {
    table.notes.push(`skipped: the load generator needs ${load.missing}`);
    return [table];
  }
  const own = fdLimits("self");
  if (own) {
    table.notes.push(
      `ulimit -n here: soft ${own.soft}, hard ${own.hard}; the load generator raises its soft limit to the hard one`,
    );
    if (own.hard < CLIENTS + 100) {
      table.notes.push(`skipped: ${CLIENTS} clients need ulimit -n above ${CLIENTS + 100} (hard)`);
      return [table];
    }
  }
  const contenders = [
    {
      name: SOCKLAB,
      start: () =>
        startServerProcess([...socklab, ...socklabArgs("chat", ["--rate", "0"])], {
          port: /127\.0\.0\.1:(\d+)/,
        }),
      flags: ["--nick", "--greeting"],
      what: "joined with a nickname",
    },
    {
      name: "naive Bun.listen",
      start: () =>
        startServerProcess([process.execPath, join(BENCH_DIR, "peers/naive-chat.ts")], {
          port: /port (\d+)/,
        }),
      flags: [],
      what: "connected",
    },
  ];
  process.stdout.write(`${title} `);
  for (const contender of contenders) {
    let server: Started | undefined;
    try {
      server = await contender.start();
      const serverLimit = fdLimits(server.pid);
      const result = await runChatLoad(
        load.path,
        server.port,
        [
          "--clients",
          String(CLIENTS),
          "--idle",
          "--server-pid",
          String(server.pid),
          "--settle-max",
          String(SETTLE_MAX_SECONDS),
          "--hold",
          String(HOLD_SECONDS),
          ...contender.flags,
        ],
        SETTLE_MAX_SECONDS + HOLD_SECONDS + 30,
      );
      const rss = (result.rss_after_kb * 1024) / 1e6;
      const perConnection =
        result.open > 0 ? ((result.rss_after_kb - result.rss_before_kb) * 1024) / result.open : 0;
      const row: Row = {
        contender: contender.name,
        value: result.rss_after_kb > 0 ? rss : undefined,
        errors: result.connect_failures + result.closed_by_server,
        note: `${result.open} ${contender.what} in ${result.settle_seconds.toFixed(1)} s; ${fmt((result.rss_before_kb * 1024) / 1e6)} MB before, ${fmt(perConnection)} B per connection; of the RSS ${fmt((result.rss_anon_kb * 1024) / 1e6)} MB anonymous, ${fmt((result.rss_file_kb * 1024) / 1e6)} MB file-backed (code); server ulimit -n ${serverLimit?.soft ?? "?"}`,
      };
      table.rows.push(row);
    } catch (error) {
      const first = String((error as Error).message).split("\n")[0] ?? "";
      table.rows.push({ contender: contender.name, skipped: first });
    } finally {
      await server?.stop();
    }
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  table.notes.push(
    `RSS read from /proc ${HOLD_SECONDS} s after the last join (it peaks during the 50 M join announcements, then settles within seconds); errors = refused or dropped connections`,
  );
  return [table];
}
