// The game's number sources: the seeded generator replays, the range is respected at both ends.

import { describe, expect, test } from "bun:test";
import { randomInt, seededRandom, systemRandom } from "../src/game/random.ts";

const draw = (random: () => number, count: number, min: number, max: number) =>
  Array.from({ length: count }, () => randomInt(random, min, max));

describe("seededRandom", () => {
  test("the same seed gives the same numbers, another seed others", () => {
    const a = draw(seededRandom(42), 20, 0, 1000);
    expect(draw(seededRandom(42), 20, 0, 1000)).toEqual(a);
    expect(draw(seededRandom(43), 20, 0, 1000)).not.toEqual(a);
  });

  test("known first values, so a student's port of mulberry32 can check itself", () => {
    const random = seededRandom(1);
    expect([random(), random()].map((x) => x * 2 ** 32)).toEqual([2693262067, 11749833]);
    expect(draw(seededRandom(1), 5, 0, 1000)).toEqual([627, 2, 527, 982, 969]);
  });

  test("seeds are taken modulo 2^32", () => {
    expect(draw(seededRandom(2 ** 32 + 5), 5, 0, 1000)).toEqual(draw(seededRandom(5), 5, 0, 1000));
  });

  test("numbers stay in [0, 1) and reach both ends of a small range", () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
      seen.add(randomInt(random, -2, 2));
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
  });
});

describe("systemRandom", () => {
  test("stays in range and is not constant", () => {
    const values = draw(systemRandom(), 50, 0, 1_000_000);
    for (const v of values) expect(v >= 0 && v <= 1_000_000).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(1);
  });
});
