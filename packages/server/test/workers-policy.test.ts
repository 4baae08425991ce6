// The rules of --workers without processes: the restart budget, the shared places of
// --max-clients, the numbering, the splitting of a worker's output into lines, and
// what the command line accepts.

import { describe, expect, test } from "bun:test";
import { parseServerArgs } from "../src/cli.ts";
import { UsageError } from "../src/core/errors.ts";
import { countOrAuto } from "../src/core/flags.ts";
import { LineSplitter, MAX_RELAYED_LINE } from "../src/workers/lines.ts";
import { firstNumber, MAX_WORKERS, RestartBudget, SharedPlaces } from "../src/workers/policy.ts";

describe("RestartBudget", () => {
  test("allows the budget within the window, then refuses, then allows again once it slid", () => {
    const budget = new RestartBudget(3, 1000);
    expect([0, 10, 20].map((t) => budget.allow(t))).toEqual([true, true, true]);
    expect(budget.allow(500)).toBe(false);
    expect(budget.allow(1000)).toBe(true); // the one at 0 left the window
    expect(budget.allow(1001)).toBe(false);
  });
});

describe("SharedPlaces", () => {
  test("the sum of every worker's clients never passes --max-clients; a place given back is free", () => {
    const places = new SharedPlaces(new Int32Array(SharedPlaces.cells(2)), 2, 3);
    expect([places.take(1, 1), places.take(2, 2), places.take(1, 3)]).toEqual([true, true, true]);
    expect(places.take(2, 4)).toBe(false); // worker 2 holds one: only the sum refuses
    expect(places.total).toBe(3);
    places.give(1);
    expect(places.take(2, 6)).toBe(true);
    expect(places.total).toBe(3);
  });

  test("racing for the last place, the one that adds second backs off: never over the limit", () => {
    const memory = new Int32Array(SharedPlaces.cells(2));
    const places = new SharedPlaces(memory, 2, 1);
    // Worker 1's +1 lands before worker 2 reads the sum (the interleaving Atomics allow).
    Atomics.add(memory, 1, 1);
    expect(places.take(2, 2)).toBe(false);
    expect(places.total).toBe(1);
  });

  test("a worker gone frees its places; its last number stays for its replacement", () => {
    const places = new SharedPlaces(new Int32Array(SharedPlaces.cells(2)), 2, 2);
    places.take(1, 1);
    places.take(1, 3);
    expect(places.take(2, 2)).toBe(false);
    places.clear(1);
    expect(places.total).toBe(0);
    expect(places.lastGiven(1)).toBe(3);
    expect(places.lastGiven(2)).toBeUndefined();
    expect(firstNumber(1, 2, places.lastGiven(1))).toBe(5);
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

describe("--workers on the command line", () => {
  const run = (argv: string[]) => {
    const command = parseServerArgs(argv);
    if (command.kind !== "run") throw new Error("expected a run");
    return command.options;
  };

  test("absent or 1: one process, as before; N and auto: that many, auto capped", () => {
    expect(run(["echo"]).workers).toBeUndefined();
    expect(run(["echo", "--workers", "1"]).workers).toBeUndefined();
    expect(run(["http", "--workers", "3"]).workers).toBe(3);
    const auto = Math.min(MAX_WORKERS, navigator.hardwareConcurrency);
    expect(run(["length", "--workers", "auto"]).workers).toBe(auto > 1 ? auto : undefined);
    expect(countOrAuto("auto", 4, 64)).toBe(4);
    expect(countOrAuto("auto", 4, 0)).toBe(1);
  });

  test("bad counts, stateful modes and one-process flags are usage errors naming why", () => {
    expect(() => run(["echo", "--workers", "0"])).toThrow(/--workers takes a number from 1/);
    expect(() => run(["echo", "--workers", `${MAX_WORKERS + 1}`])).toThrow(UsageError);
    expect(() => run(["game", "--workers", "1"])).toThrow(/game keeps one room in one process/);
    expect(() => run(["inspect", "--workers", "2", "--lang", "fr"])).toThrow(/d'inspect est une/);
    expect(() => run(["bytes", "--workers", "2", "--record", "x.db"])).toThrow(/--record cannot/);
    expect(() => run(["echo", "--udp", "--workers", "2"])).not.toThrow();
  });
});
