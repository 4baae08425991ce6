// The rules of --workers without processes: the restart budget, the client ledger the parent
// keeps for --max-clients, the numbering, and the splitting of a worker's output into lines.

import { describe, expect, test } from "bun:test";
import { LineSplitter, MAX_RELAYED_LINE } from "../src/workers/lines.ts";
import { ClientLedger, firstNumber, RestartBudget } from "../src/workers/policy.ts";

describe("RestartBudget", () => {
  test("allows the budget within the window, then refuses, then allows again once it slid", () => {
    const budget = new RestartBudget(3, 1000);
    expect([0, 10, 20].map((t) => budget.allow(t))).toEqual([true, true, true]);
    expect(budget.allow(500)).toBe(false);
    expect(budget.allow(1000)).toBe(true); // the one at 0 left the window
    expect(budget.allow(1001)).toBe(false);
  });
});

describe("ClientLedger", () => {
  test("others(k) is everyone's count but k's; a worker gone takes its clients", () => {
    const ledger = new ClientLedger();
    ledger.report(1, 3, 7);
    ledger.report(2, 2, 4);
    expect(ledger.total).toBe(5);
    expect(ledger.others(1)).toBe(2);
    expect(ledger.others(2)).toBe(3);
    expect(ledger.others(3)).toBe(5);
    ledger.gone(1);
    expect(ledger.total).toBe(2);
    expect(ledger.lastGiven(1)).toBe(7); // its numbers stay taken
  });

  test("a close reported after a later open does not take the highest number back", () => {
    const ledger = new ClientLedger();
    ledger.report(1, 1, 9);
    ledger.report(1, 0, 5);
    expect(ledger.lastGiven(1)).toBe(9);
    expect(ledger.lastGiven(2)).toBeUndefined();
  });
});

describe("firstNumber", () => {
  test("worker k of N takes k, k+N…; its replacement goes on after its last", () => {
    expect(firstNumber(1, 2, undefined)).toBe(1);
    expect(firstNumber(2, 2, undefined)).toBe(2);
    expect(firstNumber(2, 4, 10)).toBe(14);
    // Residues never meet: the first hundred numbers of 3 workers are all distinct.
    const seen = new Set<number>();
    for (let k = 1; k <= 3; k++) {
      for (let i = 0; i < 100; i++) seen.add(firstNumber(k, 3, undefined) + 3 * i);
    }
    expect(seen.size).toBe(300);
  });
});

describe("LineSplitter", () => {
  test("whole lines out, however the text was cut; the rest at the end", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push("one\ntw");
    splitter.push("o\r\nthr");
    expect(lines).toEqual(["one", "two"]);
    splitter.end();
    expect(lines).toEqual(["one", "two", "thr"]);
  });

  test("a line past the cap is cut into pieces instead of held", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push("x".repeat(MAX_RELAYED_LINE * 2 + 5));
    expect(lines.map((l) => l.length)).toEqual([MAX_RELAYED_LINE, MAX_RELAYED_LINE]);
    splitter.end();
    expect(lines.at(-1)).toBe("xxxxx");
  });
});
