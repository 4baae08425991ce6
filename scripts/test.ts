// `bun run test`: the whole check a fresh machine needs, in one command. Installs the Debian
// tools the end-to-end tests drive (when missing and when we may), builds the binaries,
// typechecks, lints, runs `bun test`, and ends with the line CI reads: "N passed, N failed".

import { existsSync } from "node:fs";
import process from "node:process";

const APT_TOOLS: Record<string, string> = {
  // command → Debian package
  chromium: "chromium",
  ncat: "ncat",
  nc: "netcat-openbsd",
  wrk: "wrk",
  tmux: "tmux",
  curl: "curl",
  socat: "socat",
  nginx: "nginx-light",
  gcc: "gcc",
  // test/client.test.ts: a listener that never accepts (Bun and Node accept at once)
  python3: "python3",
  // test/telnet.test.ts: the real telnet in a pseudo-terminal
  telnet: "telnet",
  // test/student-clients.test.ts: the Java clients students write
  javac: "default-jdk-headless",
  // test/fd-limit.test.ts: a server at ulimit -n 256
  prlimit: "util-linux",
  // test/cross-build.test.ts: the linux-arm64 binaries run under qemu-aarch64, which needs the
  // aarch64 loader and libc (a path, not a command); `file` names the Windows / macOS formats
  "qemu-aarch64": "qemu-user",
  "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1": "libc6-arm64-cross",
  file: "file",
  // test/cluster.test.ts: the NATS server that links chat servers (--cluster), in /usr/sbin
  "nats-server": "nats-server",
};

function has(command: string): boolean {
  if (command.startsWith("/")) return existsSync(command);
  return Bun.which(command) !== null || Bun.which(command, { PATH: "/usr/sbin:/sbin" }) !== null;
}

async function step(name: string, command: string[]): Promise<number> {
  console.log(`\n== ${name}: ${command.join(" ")}`);
  const proc = Bun.spawn(command, { stdout: "inherit", stderr: "inherit", stdin: "ignore" });
  return proc.exited;
}

const missing = Object.entries(APT_TOOLS)
  .filter(([command]) => !has(command))
  .map(([, pkg]) => pkg);
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has("apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    console.log(`== installing ${missing.join(" ")} (apt-get)`);
    await Bun.spawn(["apt-get", "update", "-qq"], { env, stdout: "ignore", stderr: "inherit" })
      .exited;
    await Bun.spawn(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing], {
      env,
      stdout: "ignore",
      stderr: "inherit",
    }).exited;
  } else {
    console.log(
      `== missing ${missing.join(" ")}: install them (apt-get install ${missing.join(" ")})`,
    );
  }
}

let failedSteps = 0;
// --all: every student PC's binaries too (test/cross-build.test.ts); targets already built from
// the same sources are kept, so this costs about a second when nothing changed.
if ((await step("build", ["bun", "run", "build", "--all"])) !== 0) failedSteps++;
if ((await step("typecheck", ["bun", "run", "typecheck"])) !== 0) failedSteps++;
if ((await step("lint", ["bun", "run", "lint"])) !== 0) failedSteps++;

console.log("\n== bun test");
// bunfig.toml has no test timeout setting: end-to-end tests that spawn Chromium or 200 bots on a
// loaded 2-core CI machine get 60 s each instead of the 5 s default.
const tests = Bun.spawn(["bun", "test", "--timeout", "60000", ...process.argv.slice(2)], {
  stdout: "pipe",
  stderr: "pipe",
  stdin: "ignore",
});
let summary = "";
async function tee(stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const text = decoder.decode(chunk, { stream: true });
    summary = (summary + text).slice(-4000);
    out.write(text);
  }
}
await Promise.all([
  tee(tests.stdout, process.stdout),
  tee(tests.stderr, process.stderr),
  tests.exited,
]);
const passed = Number(/^\s*(\d+) pass/m.exec(summary)?.[1] ?? 0);
const failed = Number(/^\s*(\d+) fail/m.exec(summary)?.[1] ?? 0) + failedSteps;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && tests.exitCode === 0 && passed > 0 ? 0 : 1);
