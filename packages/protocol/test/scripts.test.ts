// mixesScripts: one writing system per name (TR39 "Highly Restrictive").

import { expect, test } from "bun:test";
import { mixesScripts } from "../src/scripts.ts";

test.each([
  ["alice", false],
  ["Zoé", false],
  ["Дмитрий", false],
  ["Ελένη", false],
  ["山田", false],
  ["山田さん", false], // Han with hiragana: Japanese
  ["김민준", false],
  ["Taro山田", false], // Latin with Han, as TR39 allows
  ["léa_2", false],
  ["𝐚lice", false], // mathematical letters are Common; the skeleton catches them
  ["\u0430lice", true], // Cyrillic а
  ["b\u03bfb", true], // Greek ο
  ["Сергей_x", true],
  ["Ελένηa", true],
  ["ДмитрийΑ", true],
  ["김山Д", true],
])("%j mixes scripts: %p", (name, mixed) => {
  expect(mixesScripts(name)).toBe(mixed);
});
