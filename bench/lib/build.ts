// Builds what the benchmarks run: the C programs under bench/c (with the machine's gcc, at bench
// time, into the git-ignored bench/.build) and a fresh compiled socklab-server.

import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compile, SERVER_ENTRY } from "../../scripts/compile.ts";
import { runCommand } from "./proc.ts";

export const BENCH_DIR = join(import.meta.dir, "..");
export const ROOT = join(BENCH_DIR, "..");
export const BUILD_DIR = join(BENCH_DIR, ".build");
const C_DIR = join(BENCH_DIR, "c");

/** gcc gets this long per program; they are a few hundred lines each. */
const COMPILE_TIMEOUT_MS = 60_000;

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The path of bench/c/<name>.c compiled, or a note saying why it is not available. */
export async function compileC(name: string): Promise<{ path: string } | { missing: string }> {
  const gcc = Bun.which("gcc") ?? Bun.which("cc");
  const out = join(BUILD_DIR, name);
  const source = join(C_DIR, `${name}.c`);
  const header = join(C_DIR, "common.h");
  if (mtime(out) > Math.max(mtime(source), mtime(header))) return { path: out };
  if (!gcc) return { missing: "gcc not installed (apt-get install gcc)" };
  mkdirSync(BUILD_DIR, { recursive: true });
  const result = await runCommand(
    [gcc, "-O2", "-march=native", "-Wall", "-Wextra", "-o", out, source],
    COMPILE_TIMEOUT_MS,
  );
  if (result.code !== 0) return { missing: `gcc failed on ${name}.c: ${result.stderr.trim()}` };
  return { path: out };
}

/**
 * Compiles socklab-server into bench/.build with the recipe `bun run build` uses
 * (scripts/compile.ts), so the benchmark measures the current sources without rewriting dist/
 * under tests that may be running it. Falls back to running the sources with Bun if it fails.
 */
export async function buildServer(): Promise<{ command: string[]; note?: string }> {
  const outfile = join(BUILD_DIR, "socklab-server");
  mkdirSync(BUILD_DIR, { recursive: true });
  const errors = await compile(SERVER_ENTRY, outfile);
  if (errors.length === 0) return { command: [outfile] };
  return {
    command: [process.execPath, join(ROOT, SERVER_ENTRY)],
    note: `compiling socklab-server failed (${errors.join("; ")}); ran the sources with bun instead`,
  };
}

/** Where a tool is installed, or undefined; a missing tool skips its contender with a note. */
export function tool(name: string): string | undefined {
  return Bun.which(name) ?? undefined;
}

/** socklab's --max-clients in the benchmarks. The default (100, the class size) is a policy, not
 * a speed limit: wrk's 100 connections plus the previous run's, still closing, would be refused
 * as "server full", and the memory benchmark holds 10,000 clients. */
const BENCH_MAX_CLIENTS = 20_000;

/** socklab's command line for `mode` on a free loopback port, quiet, without the class limit. */
export function socklabArgs(mode: string, flags: string[] = []): string[] {
  return [
    mode,
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--quiet",
    "--max-clients",
    String(BENCH_MAX_CLIENTS),
    ...flags,
  ];
}
