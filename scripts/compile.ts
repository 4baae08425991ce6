// The one recipe for socklab's single-file executables: the programs, the targets students' PCs
// need, and the Bun.build options every build shares (scripts/build.ts, bench/lib/build.ts).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dir, "..");

export const SERVER_ENTRY = "packages/server/src/main.ts";
export const CLIENT_ENTRY = "packages/client/src/start.ts";

/** The two programs a class needs, by the name their executable gets. */
export const PROGRAMS = [
  { name: "socklab-server", entry: SERVER_ENTRY },
  { name: "socklab-client", entry: CLIENT_ENTRY },
] as const;
export type ProgramName = (typeof PROGRAMS)[number]["name"];

/**
 * The machines a lab mixes (`bun run build --all`). Bun fetches each target's runtime once from
 * the npm registry (`@oven/bun-<os>-<arch>` packages) into its install cache, at build time only.
 */
export const CROSS_TARGETS = [
  "linux-x64",
  "linux-arm64",
  "windows-x64",
  "darwin-x64",
  "darwin-arm64",
] as const;
export type CrossTarget = (typeof CROSS_TARGETS)[number];

/** The file name a program gets on `target` (Windows runs only names ending in .exe). */
export function executableName(name: ProgramName, target?: CrossTarget): string {
  return target?.startsWith("windows-") ? `${name}.exe` : name;
}

/**
 * Compiles one program into `outfile`, for the host or for `target`; resolves to the build
 * errors as lines (empty when it worked).
 *
 * @example
 * const errors = await compile("packages/server/src/main.ts", "dist/socklab-server");
 */
export async function compile(entry: string, outfile: string, target?: CrossTarget) {
  const result = await Bun.build({
    entrypoints: [join(ROOT, entry)],
    minify: true,
    // Parsing moves to build time: the server accepts its first connection sooner after exec.
    // The bytecode matches the embedded runtime, which is this Bun's version for every target.
    bytecode: true,
    compile: {
      outfile,
      ...(target ? { target: `bun-${target}` as const } : {}),
      // A lab machine's working folder may hold anyone's .env or bunfig.toml: ignore them, so
      // the binary behaves the same wherever it is started.
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
  });
  return result.success ? [] : result.logs.map(String);
}

/** Every file whose content goes into a binary: the sources, the manifests, the lockfile. */
function inputFiles(): string[] {
  const files = [join(ROOT, "package.json"), join(ROOT, "bun.lock")];
  // The recipe itself: this file, the build script and the macOS signer.
  files.push(import.meta.path, join(ROOT, "scripts/build.ts"), join(ROOT, "scripts/macho.ts"));
  for (const pkg of readdirSync(join(ROOT, "packages"))) {
    const dir = join(ROOT, "packages", pkg);
    files.push(join(dir, "package.json"));
    for (const name of readdirSync(join(dir, "src"), { recursive: true }) as string[]) {
      const path = join(dir, "src", name);
      if (statSync(path).isFile()) files.push(path);
    }
  }
  return files.sort();
}

/**
 * A SHA-256 of everything a cross-compiled binary depends on (Bun's version, this recipe, the
 * sources, the lockfile): `build --all` skips a target whose binaries carry the same hash, and
 * the cross-build test knows whether dist/<target>/ is current without comparing timestamps.
 */
export function sourceHash(): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(`bun ${Bun.version}\n`);
  for (const file of inputFiles()) {
    hasher.update(`${relative(ROOT, file)}\n`);
    hasher.update(readFileSync(file));
  }
  return hasher.digest("hex");
}

/** Where `build --all` records the source hash a target's binaries were built from. */
export function hashFile(target: CrossTarget): string {
  return join(ROOT, "dist", target, ".source-sha256");
}
