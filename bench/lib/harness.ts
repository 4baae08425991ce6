// What every benchmark shares: start the contenders (skipping, with a note, those whose tool is
// missing), run them alternately A B A B … in equal time slices, stop them all, and say whether
// the load generator could have been the limit.

import type { Started } from "./proc.ts";
import { fmt, type Row, SOCKLAB, type Table } from "./report.ts";

export interface Settings {
  /** Length of one timed slice of one contender. */
  sliceSeconds: number;
  /** Slices per contender; they alternate, so a burst of load elsewhere on the machine hits
   * every contender alike instead of one. */
  rounds: number;
  /** One untimed run per contender first (JIT, page cache, socket buffers). */
  warmupSeconds: number;
  /** Length of one open-loop flood slice (the chat's flood: the 10 s). */
  floodSeconds: number;
}

export interface ContenderSpec {
  name: string;
  /** Set when a tool is missing: the contender is skipped with this note. */
  missing?: string;
  start(): Promise<Started>;
}

export interface Running {
  name: string;
  server: Started;
}

/** Starts every contender that can run; the others become "skipped" rows. */
export async function startAll(
  specs: ContenderSpec[],
): Promise<{ running: Running[]; skipped: Row[] }> {
  const running: Running[] = [];
  const skipped: Row[] = [];
  for (const spec of specs) {
    if (spec.missing) {
      skipped.push({ contender: spec.name, skipped: spec.missing });
      continue;
    }
    try {
      running.push({ name: spec.name, server: await spec.start() });
    } catch (error) {
      const first = String((error as Error).message).split("\n")[0] ?? "";
      skipped.push({ contender: spec.name, skipped: `did not start: ${first}` });
    }
  }
  return { running, skipped };
}

export async function stopAll(running: Running[]): Promise<void> {
  await Promise.all(running.map((r) => r.server.stop()));
}

/**
 * Runs `slice` for each contender: once untimed to warm up, then `rounds` times in turn,
 * every other round in reverse order.
 * Returns each contender's timed results in order.
 */
export async function alternate<T>(
  running: Running[],
  settings: Settings,
  slice: (contender: Running, seconds: number) => Promise<T>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(running.map((r) => [r.name, []]));
  if (settings.warmupSeconds > 0) {
    for (const contender of running) await slice(contender, settings.warmupSeconds);
  }
  // Every other round runs in reverse (A B C, C B A, A B C …): a machine that slows down or
  // speeds up over the run then costs every contender alike, where a fixed order would hand the
  // first one the same end of every round.
  const reversed = [...running].reverse();
  for (let round = 0; round < settings.rounds; round++) {
    for (const contender of round % 2 === 0 ? running : reversed) {
      results.get(contender.name)?.push(await slice(contender, settings.sliceSeconds));
      process.stdout.write(".");
    }
  }
  process.stdout.write("\n");
  return results;
}

/**
 * The evidence that the load generator was not what limited socklab's figure: the same
 * generator drove another contender faster. When socklab is the fastest, it cannot be shown
 * that way, and the note says so with the generator's own CPU use.
 */
export function generatorVerdict(table: Table, generator: string, cpuShare?: number): string {
  const mine = table.rows.find((row) => row.contender === SOCKLAB)?.value;
  const others = table.rows.filter((row) => row.contender !== SOCKLAB && row.value !== undefined);
  if (mine === undefined || others.length === 0) return `${generator}: nothing to compare`;
  const best = others.reduce((a, b) => ((b.value ?? 0) > (a.value ?? 0) ? b : a));
  const bestValue = best.value ?? 0;
  const cpu = cpuShare === undefined ? "" : ` (it used ${Math.round(cpuShare * 100)}% of a core)`;
  if (bestValue > mine) {
    return `${generator} drove ${best.contender} at ${fmt(bestValue)} ${table.unit}, ${(bestValue / mine).toFixed(2)}× socklab's rate: it was not the bottleneck for socklab${cpu}`;
  }
  return `socklab was the fastest contender; ${generator} drove nothing faster, so it may be the limit${cpu}`;
}
