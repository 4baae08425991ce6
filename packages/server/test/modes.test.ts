// The registry against the protocol's table of modes: one definition per row, under the row's
// name, with a UDP side exactly where the row lists udp among its transports.

import { expect, test } from "bun:test";
import { MODES } from "@socklab/protocol";
import { modes } from "../src/modes/index.ts";

test("every row has its definition, named as the row, and no definition lacks a row", () => {
  expect(Object.keys(modes).sort()).toEqual(MODES.map((row) => row.name).sort());
  for (const row of MODES) expect(modes[row.name].name).toBe(row.name);
});

test("a definition has a datagram side exactly when its row lists udp", () => {
  for (const row of MODES) {
    const udp = (row.transports as readonly string[]).includes("udp");
    expect({ mode: row.name, datagram: modes[row.name].datagram !== undefined }).toEqual({
      mode: row.name,
      datagram: udp,
    });
  }
});
