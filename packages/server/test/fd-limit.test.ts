// The reading of the process's open-files limit (core/fd-limit.ts).

import { expect, test } from "bun:test";
import { connectionBudget, FD_RESERVE, parseOpenFilesLimit } from "../src/core/fd-limit.ts";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63704                63704                processes
Max open files            256                  4096                 files
Max locked memory         8388608              8388608              bytes`;

test("the soft limit of Max open files", () => {
  expect(parseOpenFilesLimit(LIMITS)).toBe(256);
});

test("unlimited or absent: no limit", () => {
  expect(parseOpenFilesLimit(LIMITS.replace(/256 /, "unlimited "))).toBeUndefined();
  expect(parseOpenFilesLimit("Max processes  10  10  processes")).toBeUndefined();
});

test("this process: the limit minus what is open minus the reserve", () => {
  const { limit, budget } = connectionBudget();
  if (process.platform !== "linux") return;
  expect(budget).toBeLessThanOrEqual(limit - FD_RESERVE - 3); // stdin, stdout, stderr at least
  expect(budget).toBeGreaterThan(0);
});
