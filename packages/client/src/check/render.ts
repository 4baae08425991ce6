// The checker's results as text (one function per piece) and as one JSON document: built once
// by the runner, rendered here in the chosen language.

import type { Lang } from "@socklab/protocol";
import { type Messages, messages } from "../catalog/index.ts";
import type { CheckEvent, CheckResult, RunOutcome } from "./runner.ts";
import type { CheckMode, Note, Shown } from "./types.ts";

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export function renderNote(m: Messages, value: Note): string {
  const entry: unknown = m.checkNotes[value.key];
  if (typeof entry === "string") return entry;
  return (entry as (...args: unknown[]) => string)(...value.args);
}

/** One piece of evidence as a sentence. */
export function renderShown(m: Messages, value: Shown): string {
  switch (value.kind) {
    case "bytes": {
      const from = value.at === undefined ? "" : `${m.checkFromByte(value.at)} `;
      const more =
        value.total > 200 || value.at !== undefined ? ` ${m.checkBytesTotal(value.total)}` : "";
      const closed =
        value.ending === "closed"
          ? `, ${m.checkThenClosed}`
          : value.ending === "reset"
            ? `, ${m.checkThenReset}`
            : "";
      return `${from}"${value.text}"${more}${closed}`;
    }
    case "nothing":
      return m.checkNothing(seconds(value.ms));
    case "closed":
      return m.checkClosed;
    case "reset":
      return m.checkReset;
    case "refused":
      return m.checkRefused(value.detail);
    case "note":
      return renderNote(m, value.note);
  }
}

/** The check's one-line title: "echo.line  a short line comes back identical". */
export function renderTitle(m: Messages, result: { name: CheckResult["name"] }): string {
  return `${result.name}  ${m.checkTitles[result.name]}`;
}

/** The lines under a failed or warned check: sent, expected, received, hint. */
export function renderDetails(m: Messages, result: CheckResult, timeoutMs: number): string[] {
  const lines: string[] = [];
  const width =
    Math.max(
      m.checkSent.length,
      m.checkExpected.length,
      m.checkReceived.length,
      m.checkHint.length,
    ) + 1;
  const row = (label: string, text: string) => `    ${`${label}:`.padEnd(width + 1)}${text}`;
  if (result.timedOut) lines.push(`    ${m.checkTimedOut(seconds(timeoutMs))}`);
  if (result.evidence) {
    lines.push(row(m.checkSent, renderShown(m, result.evidence.sent)));
    lines.push(row(m.checkExpected, renderShown(m, result.evidence.expected)));
    lines.push(row(m.checkReceived, renderShown(m, result.evidence.received)));
  }
  if (result.hint) lines.push(row(m.checkHint, m.checkHints[result.hint]));
  return lines;
}

const MARKS = { pass: "✔", fail: "✘", warn: "!" } as const;

/** A result as plain lines (no terminal): "✔ echo.line  … (3 ms)" and its details. */
export function renderResultText(lang: Lang, result: CheckResult, timeoutMs: number): string[] {
  const m = messages(lang);
  const optional = result.optional && result.status !== "pass" ? ` ${m.checkOptionalFailed}` : "";
  return [
    `${MARKS[result.status]} ${renderTitle(m, result)}${optional} (${result.ms} ms)`,
    ...(result.status === "pass" ? [] : renderDetails(m, result, timeoutMs)),
  ];
}

/** The summary lines after the checklist. */
export function renderSummary(lang: Lang, results: readonly CheckResult[]): string[] {
  const m = messages(lang);
  const passed = results.filter((r) => r.status === "pass").length;
  const failed = results.filter((r) => r.status === "fail");
  const warned = results.filter((r) => r.status === "warn").length;
  const lines = [m.checkSummary(passed, failed.length, warned, results.length)];
  const first = failed[0];
  if (first === undefined) lines.push(warned > 0 ? m.checkNoneFailed : m.checkAllPassed);
  else lines.push(m.checkFirstToFix(m.checkTitles[first.name]));
  return lines;
}

export function renderEventText(lang: Lang, event: CheckEvent, timeoutMs: number): string[] {
  return event.type === "result" ? renderResultText(lang, event.result, timeoutMs) : [];
}

/** The JSON document `--json` prints (schema: README, "Checking your students' servers"). */
export interface CheckReport {
  mode: CheckMode;
  address: string;
  lang: Lang;
  reachable: boolean;
  /** Set when nothing could be reached. */
  error?: string;
  passed: number;
  failed: number;
  warned: number;
  ms: number;
  checks: {
    name: string;
    title: string;
    status: CheckResult["status"];
    optional: boolean;
    ms: number;
    timedOut: boolean;
    evidence?: { sent: string; expected: string; received: string };
    hint?: { key: string; text: string };
  }[];
}

export function buildReport(
  mode: CheckMode,
  address: string,
  lang: Lang,
  outcome: RunOutcome,
): CheckReport {
  const m = messages(lang);
  if (!outcome.reachable) {
    return {
      mode,
      address,
      lang,
      reachable: false,
      error: m.checkUnreachable(outcome.detail),
      passed: 0,
      failed: 0,
      warned: 0,
      ms: 0,
      checks: [],
    };
  }
  const { results } = outcome;
  return {
    mode,
    address,
    lang,
    reachable: true,
    passed: results.filter((r) => r.status === "pass").length,
    failed: results.filter((r) => r.status === "fail").length,
    warned: results.filter((r) => r.status === "warn").length,
    ms: outcome.ms,
    checks: results.map((r) => ({
      name: r.name,
      title: m.checkTitles[r.name],
      status: r.status,
      optional: r.optional,
      ms: r.ms,
      timedOut: r.timedOut === true,
      ...(r.evidence
        ? {
            evidence: {
              sent: renderShown(m, r.evidence.sent),
              expected: renderShown(m, r.evidence.expected),
              received: renderShown(m, r.evidence.received),
            },
          }
        : {}),
      ...(r.hint ? { hint: { key: r.hint, text: m.checkHints[r.hint] } } : {}),
    })),
  };
}
