// What a benchmark produces (tables of contenders with socklab's ratio to each), how it is
// printed, and the machine it was measured on.

import { cpus, release, totalmem } from "node:os";

/** One contender's figures in one table. Absent figures print as "-". */
export interface Row {
  contender: string;
  /** Throughput (higher is better) or time/memory (lower is better), in the table's unit. */
  value?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Failed connections, wrong bytes, non-2xx answers. */
  errors?: number;
  /** Messages, lines or bytes sent and never received. */
  lost?: number;
  /** Why this contender did not run (a missing tool, a failed start). */
  skipped?: string;
  /** Anything else worth a column (load generator CPU, per-connection bytes). */
  note?: string;
}

export interface Target {
  /** Contender socklab is compared with, or "absolute" for a bound on socklab's own value. */
  vs: string;
  /** Minimum socklab ratio (see {@link ratio}), or the bound on socklab's value. */
  min?: number;
  max?: number;
}

export interface Table {
  id: string;
  title: string;
  unit: string;
  better: "higher" | "lower";
  rows: Row[];
  targets: Target[];
  notes: string[];
}

export const SOCKLAB = "socklab";

/** socklab's advantage over `other`: above 1 means socklab did better, whatever the unit. */
export function ratio(table: Table, other: Row): number | undefined {
  const mine = table.rows.find((row) => row.contender === SOCKLAB)?.value;
  if (mine === undefined || other.value === undefined || mine === 0 || other.value === 0) {
    return undefined;
  }
  return table.better === "higher" ? mine / other.value : other.value / mine;
}

/** Each target with what was measured and whether it was met. */
export function checkTargets(
  table: Table,
): { text: string; met: boolean | undefined; ratio?: number }[] {
  const mine = table.rows.find((row) => row.contender === SOCKLAB);
  return table.targets.map((target) => {
    if (target.vs === "absolute") {
      const bound = target.max ?? 0;
      const met = mine?.value === undefined ? undefined : mine.value <= bound;
      return {
        text: `socklab ≤ ${fmt(bound)} ${table.unit}: ${mine?.value === undefined ? "not measured" : fmt(mine.value)}`,
        met,
      };
    }
    const row = table.rows.find((r) => r.contender === target.vs);
    const r = row ? ratio(table, row) : undefined;
    const min = target.min ?? 1;
    return {
      text: `≥ ${min}× ${target.vs}: ${r === undefined ? "not measured" : `${r.toFixed(2)}×`}`,
      met: r === undefined ? undefined : r >= min,
      ratio: r,
    };
  });
}

/** Numbers for people: 3 significant digits, thousands separated. */
export function fmt(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const HEADERS = ["contender", "value", "p50 ms", "p99 ms", "errors", "lost", "socklab ×", "note"];

function cells(table: Table, row: Row): string[] {
  if (row.skipped) return [row.contender, "skipped", "", "", "", "", "", row.skipped];
  const r = row.contender === SOCKLAB ? undefined : ratio(table, row);
  return [
    row.contender,
    `${fmt(row.value)} ${table.unit}`,
    fmt(row.p50Ms),
    fmt(row.p99Ms),
    row.errors === undefined ? "-" : String(row.errors),
    row.lost === undefined ? "-" : String(row.lost),
    r === undefined ? "" : `${r.toFixed(2)}×`,
    row.note ?? "",
  ];
}

/** The table as aligned text for the terminal. */
export function renderText(table: Table): string {
  const grid = [HEADERS, ...table.rows.map((row) => cells(table, row))];
  const widths = HEADERS.map((_, col) => Math.max(...grid.map((line) => line[col]?.length ?? 0)));
  const lines = grid.map((line) =>
    line
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const out = [`\n## ${table.title}`, ...lines];
  for (const check of checkTargets(table)) {
    const mark = check.met === undefined ? "?" : check.met ? "met" : "MISSED";
    out.push(`target ${check.text} (${mark})`);
  }
  for (const note of table.notes) out.push(`note: ${note}`);
  return out.join("\n");
}

/** The table as Markdown, for the README. */
export function renderMarkdown(table: Table): string {
  const head = `| ${HEADERS.join(" | ")} |`;
  const rule = `| ${HEADERS.map(() => "---").join(" | ")} |`;
  const body = table.rows.map((row) => `| ${cells(table, row).join(" | ")} |`);
  const checks = checkTargets(table).map(
    (c) => `target ${c.text} (${c.met === undefined ? "?" : c.met ? "met" : "missed"})`,
  );
  const tail = [...checks, ...table.notes].map((line) => `- ${line}`);
  return [`**${table.title}**`, "", head, rule, ...body, "", ...tail].join("\n");
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  bun: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  loadAtStart: number;
}

export async function machine(): Promise<Machine> {
  const list = cpus();
  let os = `Linux ${release()}`;
  try {
    const text = await Bun.file("/etc/os-release").text();
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1];
    if (pretty) os = `${pretty}, kernel ${release()}`;
  } catch {
    // Not Linux, or no os-release: the kernel release will do.
  }
  const load = Number(
    (
      await Bun.file("/proc/loadavg")
        .text()
        .catch(() => "0")
    ).split(" ")[0],
  );
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os,
    bun: Bun.version,
    loadAtStart: load,
  };
}
