// The system Chromium for the browser tests (never a downloaded one): where it is, the flags a
// root, offline lab machine needs, and a one-shot `--dump-dom` of a page.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./cli.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Throws a one-line reason when the system Chromium is missing (the test script installs it). */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM))
    throw new Error("chromium is not installed (apt-get install chromium)");
  return CHROMIUM;
}

/** Headless as root, with nothing reaching for the network (this machine has none) and a fresh
 * profile in `profile`. */
export function chromiumFlags(profile: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
  ];
}

/** Loads `url` in a fresh headless Chromium and returns the DOM it rendered. */
export async function dumpDom(url: string): Promise<{ stdout: string; stderr: string }> {
  const chromium = requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "socklab-chromium-"));
  try {
    // --single-process: one process instead of a browser, a renderer and helpers; it starts in
    // half the time.
    const { stdout, stderr } = await run(
      [chromium, ...chromiumFlags(profile), "--single-process", "--dump-dom", url],
      { timeoutMs: 60_000 },
    );
    return { stdout, stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
