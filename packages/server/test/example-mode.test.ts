// The README's example mode ("Adding a mode"), taken from the README as written: its file runs
// with startServer as a definition, and its table row is a row like the others.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODES, type ModeRow } from "@socklab/protocol";
import { connectPeer } from "../../../test/support/peer.ts";
import type { ModeDefinition } from "../src/core/mode.ts";
import { startServer } from "../src/core/server.ts";

const README = join(import.meta.dir, "../../../README.md");

/** The fenced ```ts block right after `<!-- example-mode:NAME -->` in the README. */
async function block(name: string): Promise<string> {
  const text = await Bun.file(README).text();
  const at = text.indexOf(`<!-- example-mode:${name} -->`);
  if (at < 0) throw new Error(`README has no example-mode:${name} marker`);
  const match = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  if (!match?.[1]) throw new Error(`no ts block after example-mode:${name}`);
  return match[1];
}

const dir = mkdtempSync(join(tmpdir(), "socklab-example-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's example mode", () => {
  test("runs as written: its greeting flag, then each line back in capitals", async () => {
    // Its only import is a type: erased, so the file runs from anywhere.
    const source = await block("file");
    expect(source).toMatch(/^import type /m);
    expect(source).not.toMatch(/^import (?!type )/m);
    const file = join(dir, "upper.ts");
    writeFileSync(file, source);
    const { upper } = (await import(file)) as { upper: ModeDefinition };
    expect(upper.name).toBe("upper");
    const server = await startServer({
      mode: upper,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { greeting: "Hi!" },
    });
    try {
      const peer = await connectPeer(server.port);
      expect(await peer.line()).toBe("Hi!");
      peer.sendLine("hello, Élodie");
      expect(await peer.line()).toBe("HELLO, ÉLODIE");
      peer.close();
    } finally {
      await server.stop();
    }
  });

  test("its row has a row's fields, a port of its own, and a summary in both languages", async () => {
    const row = new Function(
      `return (${(await block("row")).trim().replace(/,$/, "")});`,
    )() as ModeRow;
    expect(Object.keys(row).sort()).toEqual(["name", "port", "screen", "summary", "transports"]);
    expect(row.name).toBe("upper");
    expect(MODES.map((mode) => mode.port)).not.toContain(row.port);
    expect(row.transports).toEqual(["tcp"]);
    expect(row.summary.fr).not.toBe(row.summary.en);
    // The screen is one the client has (a row's type lists them).
    expect(MODES.some((mode) => "screen" in mode && mode.screen === row.screen)).toBe(true);
  });
});
