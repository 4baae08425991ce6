// The bar chart of socklab's ratios (bench/results/ratios.svg), drawn from latest.json: one bar
// per contender per table, on a log scale where 1× is a tie and right of it socklab is ahead.

import { checkTargets, ratio, SOCKLAB, type Table } from "./report.ts";

const LABEL_WIDTH = 360;
const PLOT_WIDTH = 380;
const ROW_HEIGHT = 20;
const TOP = 46;
/** The scale starts at 0.5× unless a ratio is lower, down to this floor. */
const MIN_RATIO = 0.05;
const TICKS = [0.1, 0.25, 0.5, 1, 2, 4, 10, 25, 100];

interface Bar {
  label: string;
  value: number;
  /** The ratio socklab must reach, if the issue sets one. */
  target?: number;
}

/** Bars for one table: socklab against each contender, and against an absolute target
 * (bound / measured, so above 1× means within the target). */
function bars(table: Table): Bar[] {
  const out: Bar[] = [];
  for (const row of table.rows) {
    if (row.contender === SOCKLAB || row.value === undefined) continue;
    const value = ratio(table, row);
    if (value === undefined) continue;
    const target = table.targets.find((t) => t.vs === row.contender)?.min;
    out.push({ label: `${table.title.split(":")[0]} vs ${row.contender}`, value, target });
  }
  const mine = table.rows.find((row) => row.contender === SOCKLAB)?.value;
  for (const target of table.targets) {
    if (target.vs !== "absolute" || target.max === undefined || !mine) continue;
    out.push({
      label: `${table.title.split(":")[0]} vs target ${target.max} ${table.unit}`,
      value: target.max / mine,
      target: 1,
    });
  }
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The SVG document for the given tables, with a caption naming the machine. */
export function renderChart(tables: Table[], caption: string): string {
  const all = tables.flatMap(bars);
  const maxRatio = Math.max(4, ...all.map((b) => b.value));
  const minRatio = Math.max(MIN_RATIO, Math.min(0.5, ...all.map((b) => b.value * 0.8)));
  const ticks = TICKS.filter((t) => t >= minRatio && t <= maxRatio * 1.5);
  const lo = Math.log(minRatio);
  const hi = Math.log(Math.max(maxRatio * 1.3, 2));
  const x = (value: number) =>
    LABEL_WIDTH + ((Math.log(Math.max(value, minRatio)) - lo) / (hi - lo)) * PLOT_WIDTH;
  const height = TOP + all.length * ROW_HEIGHT + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + 70;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">socklab's ratio to each contender (right of 1× = socklab ahead; ticks = targets)</text>`,
    `<text x="10" y="34" fill="#555">${escapeXml(caption)}</text>`,
  ];
  for (const tick of ticks) {
    const tx = x(tick).toFixed(1);
    const strong = tick === 1;
    parts.push(
      `<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${height - 24}" stroke="${strong ? "#333" : "#ddd"}"/>`,
      `<text x="${tx}" y="${height - 10}" text-anchor="middle" fill="#555">${tick}×</text>`,
    );
  }
  all.forEach((bar, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const from = x(Math.min(1, bar.value));
    const to = x(Math.max(1, bar.value));
    const goal = bar.target ?? 1;
    const colour = bar.value >= goal ? "#2e7d32" : "#c62828";
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${from.toFixed(1)}" y="${y + 3}" width="${Math.max(1, to - from).toFixed(1)}" height="${ROW_HEIGHT - 6}" fill="${colour}"/>`,
      `<text x="${(to + 4).toFixed(1)}" y="${y + 14}">${bar.value.toFixed(2)}×</text>`,
    );
    if (bar.target !== undefined) {
      const gx = x(bar.target).toFixed(1);
      parts.push(
        `<line x1="${gx}" y1="${y + 1}" x2="${gx}" y2="${y + ROW_HEIGHT - 1}" stroke="black" stroke-width="2"/>`,
      );
    }
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** Targets met and missed, for the summary line. */
export function targetSummary(tables: Table[]): { met: number; missed: number } {
  let met = 0;
  let missed = 0;
  for (const table of tables) {
    for (const check of checkTargets(table)) {
      if (check.met === true) met++;
      if (check.met === false) missed++;
    }
  }
  return { met, missed };
}
