// Reading flag values: checked numbers and sizes, and a one-line UsageError naming the flag.

import { describe, expect, test } from "bun:test";
import { UsageError } from "../src/core/errors.ts";
import { boolFlag, intFlag, numberFlag, sizeFlag } from "../src/core/flags.ts";

const bad = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(UsageError);
  expect(fn).toThrow(message);
};

describe("flags", () => {
  test("intFlag", () => {
    expect(intFlag({ n: "12" }, "n", 0, 255)).toBe(12);
    expect(intFlag({ n: " 7 " }, "n", 0, 255)).toBe(7);
    bad(() => intFlag({ n: "1.5" }, "n", 0, 255), /--n takes a whole number, not "1.5"/);
    bad(() => intFlag({ n: "" }, "n", 0, 255), /--n takes a whole number/);
    bad(() => intFlag({ n: "256" }, "n", 0, 255), /--n must be between 0 and 255, not 256/);
    bad(() => intFlag({ n: "9".repeat(30) }, "n", 0, 255), /whole number/);
    bad(() => intFlag({}, "n", 0, 255), /--n needs a value/);
    bad(() => intFlag({ n: true }, "n", 0, 255), /--n needs a value/);
  });

  test("numberFlag", () => {
    expect(numberFlag({ s: "0.5" }, "s", 0, 10)).toBe(0.5);
    bad(() => numberFlag({ s: "NaN" }, "s", 0, 10), /--s takes a number/);
    bad(() => numberFlag({ s: "Infinity" }, "s", 0, 10), /--s takes a number/);
    bad(() => numberFlag({ s: "11" }, "s", 0, 10), /between 0 and 10/);
  });

  test("sizeFlag", () => {
    expect(sizeFlag({ z: "2048" }, "z", 1, 1 << 30)).toBe(2048);
    expect(sizeFlag({ z: "64KiB" }, "z", 1, 1 << 30)).toBe(65536);
    expect(sizeFlag({ z: "1mb" }, "z", 1, 1 << 30)).toBe(1 << 20);
    expect(sizeFlag({ z: "1.5k" }, "z", 1, 1 << 30)).toBe(1536);
    bad(() => sizeFlag({ z: "12 parsecs" }, "z", 1, 1 << 30), /--z takes a size like 2048/);
    bad(() => sizeFlag({ z: "0" }, "z", 1, 1 << 30), /between 1 and/);
  });

  test("boolFlag", () => {
    expect(boolFlag({ b: true }, "b")).toBe(true);
    expect(boolFlag({ b: "true" }, "b")).toBe(true);
    expect(boolFlag({}, "b")).toBe(false);
  });
});
