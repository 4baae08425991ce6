// nameSkeletons, looksAlike and Lookalikes: which names pass for one another (TR39 skeletons).

import { describe, expect, test } from "bun:test";
import { Lookalikes, looksAlike, nameSkeletons } from "../src/lookalike.ts";

describe("looksAlike", () => {
  // Every look-alike of issue 20, and a few classics.
  test.each([
    ["Cyrillic а", "\u0430lice", "alice"],
    ["Greek ο", "b\u03bfb", "bob"],
    ["dotless ı", "al\u0131ce", "alice"],
    ["fullwidth", "ａｌｉｃｅ", "alice"],
    ["mathematical bold", "𝐚lice", "alice"],
    ["small capital", "ᴀlice", "alice"],
    ["small capitals all through", "ᴀʟɪᴄᴇ", "alice"],
    ["+ U+034F", "alice\u034f", "alice"],
    ["+ U+FE0F", "alice\ufe0f", "alice"],
    ["zero-width space inside", "ali\u200bce", "alice"],
    ["capital I for l", "AIice", "Alice"],
    ["capital I for l, against the lower-case name", "AIice", "alice"],
    ["all-Cyrillic capitals", "ВОВ", "bob"],
    ["rn for m", "rnorgan", "morgan"],
    ["digit 0 for O", "T0T0", "toto"],
    ["case alone", "ALICE", "alice"],
  ])("%s: %j passes for %j", (_what, a, b) => {
    expect(looksAlike(a, b)).toBe(true);
    expect(looksAlike(b, a)).toBe(true);
  });

  test("ordinary names of one class stay distinct from one another", () => {
    const names = [
      "alice",
      "bob",
      "Zoé",
      "Zoe",
      "Chloé",
      "Anaïs",
      "Jean-Luc",
      "léa_2",
      "lea",
      "Дмитрий",
      "山田",
      "alicia",
      "Eli",
    ];
    for (const a of names) {
      for (const b of names) {
        if (a !== b) expect({ a, b, alike: looksAlike(a, b) }).toEqual({ a, b, alike: false });
      }
    }
  });

  test("a skeleton is computed, not stored: the same name always gives the same forms", () => {
    expect(nameSkeletons("Bob")).toEqual(["Bob", "bob", "BOB"]);
    expect(nameSkeletons("ａｌｉｃｅ")).toEqual(nameSkeletons("alice"));
  });
});

describe("Lookalikes", () => {
  test("finds a holder by any look-alike of its name, never the asker itself", () => {
    const names = new Map<number, string>([[1, "alice"]]);
    const index = new Lookalikes<number>((id) => names.get(id));
    index.add(1, "alice");
    expect(index.find("𝐚lice")).toBe(1);
    expect(index.find("AIice", 2)).toBe(1);
    expect(index.find("aIice", 1)).toBeUndefined(); // alice may rename to a form of her own name
    expect(index.find("bob")).toBeUndefined();
  });

  test("a holder that left or renamed holds nothing: its old entries are stale", () => {
    const names = new Map<number, string>([[1, "alice"]]);
    const index = new Lookalikes<number>((id) => names.get(id));
    index.add(1, "alice");
    index.add(1, "bob");
    names.set(1, "bob");
    expect(index.find("alice")).toBeUndefined();
    expect(index.find("b\u03bfb")).toBe(1);
    names.delete(1);
    expect(index.find("bob")).toBeUndefined();
  });

  test("memory stays bounded through many join and leave cycles", () => {
    const names = new Map<number, string>();
    const index = new Lookalikes<number>((id) => names.get(id));
    for (let id = 0; id < 50_000; id++) {
      index.add(id, `user${id}`);
      names.set(id, `user${id}`);
      if (id >= 30) names.delete(id - 30); // thirty present at any time
    }
    // Within about twice 4 × 30 entries plus the sweep floor (1024), not 50,000 × 4.
    expect(index.size).toBeLessThan(2 * 1024 + 4 * 30);
    expect(index.find("user49999")).toBe(49_999);
  });
});
