// `bun run build --all` (dist/<target>/, dist/SHA256SUMS): the linux-arm64 binaries serve and
// talk under qemu-aarch64, the linux-x64 ones natively; the Windows and macOS files, which cannot
// run here, are executables of the right kind and architecture (`file`), macOS ones validly signed.

import { beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CROSS_TARGETS,
  type CrossTarget,
  executableName,
  hashFile,
  PROGRAMS,
  type ProgramName,
  sourceHash,
} from "../scripts/compile.ts";
import { signatureProblem } from "../scripts/macho.ts";
import { ROOT, run, spawnServer } from "./support/cli.ts";

const DIST = join(ROOT, "dist");
/** Debian's libc6-arm64-cross: the aarch64 loader and libc the arm64 Bun runtime links to. */
const ARM64_SYSROOT = "/usr/aarch64-linux-gnu";

function binary(target: CrossTarget, name: ProgramName): string {
  return join(DIST, target, executableName(name, target));
}

/** The command that runs `name` built for `target` on this x86-64 machine. */
function command(target: "linux-x64" | "linux-arm64", name: ProgramName): string[] {
  const qemu = Bun.which("qemu-aarch64");
  if (target === "linux-x64") return [binary(target, name)];
  if (!qemu || !existsSync(join(ARM64_SYSROOT, "lib/ld-linux-aarch64.so.1"))) {
    throw new Error(
      "qemu-aarch64 (qemu-user) and libc6-arm64-cross are needed: `bun run test` installs them",
    );
  }
  return [qemu, "-L", ARM64_SYSROOT, binary(target, name)];
}

beforeAll(async () => {
  // `bun run test` builds every target first; a lone `bun test` of this file builds them when a
  // target is missing or was built from other sources (Bun fetches a missing target's runtime
  // from the npm registry then, at build time).
  const hash = sourceHash();
  const current = CROSS_TARGETS.every(
    (target) =>
      existsSync(hashFile(target)) && readFileSync(hashFile(target), "utf8").trim() === hash,
  );
  if (!current) {
    const { code, stderr } = await run(
      [process.execPath, join(ROOT, "scripts/build.ts"), "--all"],
      { timeoutMs: 600_000 },
    );
    if (code !== 0) throw new Error(`bun run build --all failed: ${stderr}`);
  }
}, 660_000);

test.concurrent("SHA256SUMS lists both programs of every target; the arm64 hashes are true", async () => {
  const lines = readFileSync(join(DIST, "SHA256SUMS"), "utf8").trimEnd().split("\n");
  const expected = CROSS_TARGETS.flatMap((target) =>
    PROGRAMS.map(({ name }) => `${target}/${executableName(name, target)}`),
  );
  expect(lines.map((line) => line.split("  ")[1])).toEqual(expected);
  // The check a teacher runs in dist/, on the two files the tests run: hashing all ten (1 GB)
  // would cost seconds of CPU for no more proof than two.
  const arm64 = lines.filter((line) => line.includes("  linux-arm64/"));
  expect(arm64).toHaveLength(2);
  const check = Bun.spawn(["sha256sum", "--check", "--strict", "-"], {
    cwd: DIST,
    stdin: new TextEncoder().encode(`${arm64.join("\n")}\n`),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, code] = await Promise.all([new Response(check.stdout).text(), check.exited]);
  expect(stdout).toBe("linux-arm64/socklab-server: OK\nlinux-arm64/socklab-client: OK\n");
  expect(code).toBe(0);
}, 30_000);

test.concurrent("the Windows files are x86-64 PE console executables named .exe", async () => {
  for (const { name } of PROGRAMS) {
    const { stdout } = await run(["file", "-b", binary("windows-x64", name)]);
    expect(stdout).toMatch(/^PE32\+ executable \(console\) x86-64, for MS Windows/);
  }
});

test.concurrent("the macOS files are Mach-O executables, x86_64 and arm64", async () => {
  for (const { name } of PROGRAMS) {
    const intel = await run(["file", "-b", binary("darwin-x64", name)]);
    expect(intel.stdout).toMatch(/^Mach-O 64-bit x86_64 executable/);
    const apple = await run(["file", "-b", binary("darwin-arm64", name)]);
    expect(apple.stdout).toMatch(/^Mach-O 64-bit arm64 executable/);
  }
});

test.concurrent("the Linux files are ELF executables, x86-64 and aarch64", async () => {
  for (const { name } of PROGRAMS) {
    const intel = await run(["file", "-b", binary("linux-x64", name)]);
    expect(intel.stdout).toMatch(/^ELF 64-bit LSB executable, x86-64/);
    const arm = await run(["file", "-b", binary("linux-arm64", name)]);
    expect(arm.stdout).toMatch(/^ELF 64-bit LSB executable, ARM aarch64/);
  }
});

test.concurrent("the macOS files carry a code signature that matches every byte of their code", () => {
  // Apple Silicon refuses unsigned code and macOS kills a process whose pages do not match
  // their hashes; the same check accepts the signature Bun writes for darwin-arm64 itself.
  for (const target of ["darwin-x64", "darwin-arm64"] as const) {
    for (const { name } of PROGRAMS) {
      expect({
        target,
        name,
        problem: signatureProblem(readFileSync(binary(target, name))),
      }).toEqual({
        target,
        name,
        problem: undefined,
      });
    }
  }
});

// Each pair crosses architectures, so both arm64 programs run under qemu-aarch64 and each
// talks to a real x86-64 peer over a real socket. Bun under qemu starts in seconds, not
// milliseconds: these tests get a minute, like the rest of `bun run test`.
for (const [serverTarget, clientTarget] of [
  ["linux-arm64", "linux-x64"],
  ["linux-x64", "linux-arm64"],
] as const) {
  test.concurrent(`a ${clientTarget} client sends to a ${serverTarget} server (length)`, async () => {
    const server = await spawnServer(
      ["length", "--port", "0", "--quiet"],
      command(serverTarget, "socklab-server"),
    );
    try {
      const { code, stdout, stderr } = await run(
        [
          ...command(clientTarget, "socklab-client"),
          "send",
          `127.0.0.1:${server.port}`,
          "hé hé",
          "--wait",
          "500",
        ],
        { timeoutMs: 30_000 },
      );
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Welcome, you are client #\d+\n5 characters\n$/);
    } finally {
      server.proc.kill();
    }
  }, 60_000);
}
