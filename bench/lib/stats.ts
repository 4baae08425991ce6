// Latency histograms from the C load generators ([microseconds, count] pairs), merged across
// the alternating runs before percentiles are taken, and the median for repeated timings.

export type Histogram = Map<number, number>;

/** Adds a generator's histogram (JSON pairs) into `into`. */
export function mergeHistogram(into: Histogram, pairs: [number, number][]): void {
  for (const [us, count] of pairs) into.set(us, (into.get(us) ?? 0) + count);
}

/** The latency (ms) under which `fraction` of the samples fall, or undefined with no samples. */
export function percentileMs(histogram: Histogram, fraction: number): number | undefined {
  const entries = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(total * fraction);
  let seen = 0;
  for (const [us, count] of entries) {
    seen += count;
    if (seen >= rank) return us / 1000;
  }
  return (entries[entries.length - 1]?.[0] ?? 0) / 1000;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
