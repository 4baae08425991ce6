// `bun run build`: compiles dist/socklab-server and dist/socklab-client, single-file executables
// a teacher can copy onto any Linux lab machine of the same architecture (no Bun needed there).
// `bun run build --all` also cross-compiles both for every student PC into dist/<target>/, each
// folder with its SHA256SUMS, all in dist/SHA256SUMS (`cd dist && sha256sum -c SHA256SUMS`).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  CROSS_TARGETS,
  compile,
  executableName,
  hashFile,
  PROGRAMS,
  ROOT,
  sourceHash,
} from "./compile.ts";
import { adhocSign, signatureProblem } from "./macho.ts";

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== "--all");
if (unknown.length > 0) {
  console.error(`unknown argument ${unknown[0]} (usage: bun run build [--all])`);
  process.exit(2);
}
const dist = join(ROOT, "dist");

let failed = false;
for (const { name, entry } of PROGRAMS) {
  const errors = await compile(entry, join(dist, name));
  if (errors.length > 0) {
    failed = true;
    for (const line of errors) console.error(line);
  } else {
    console.log(`built dist/${name}`);
  }
}

if (args.includes("--all")) {
  const hash = sourceHash();
  const sums: string[] = [];
  for (const target of CROSS_TARGETS) {
    const dir = join(dist, target);
    const files = PROGRAMS.map(({ name }) => join(dir, executableName(name, target)));
    // Ten binaries of ~100 MB take a while: a target built from these very sources is kept.
    const current =
      existsSync(hashFile(target)) &&
      readFileSync(hashFile(target), "utf8").trim() === hash &&
      existsSync(join(dir, "SHA256SUMS")) &&
      files.every((file) => existsSync(file));
    if (current) {
      console.log(`dist/${target}/ is up to date`);
    } else {
      mkdirSync(dir, { recursive: true });
      // No hash until both binaries are built: a half-built target is never taken for current.
      rmSync(hashFile(target), { force: true });
      let ok = true;
      for (const [i, { name, entry }] of PROGRAMS.entries()) {
        const file = files[i] as string;
        const errors = await compile(entry, file, target);
        if (errors.length > 0) {
          ok = false;
          for (const line of errors) console.error(`${target}: ${line}`);
        } else if (target.startsWith("darwin-")) {
          // macOS kills a process whose code does not match its signature: Bun's darwin-x64
          // output keeps the runtime's stale one, so it is redone ad hoc (scripts/macho.ts).
          const bytes = readFileSync(file);
          const problem = signatureProblem(bytes);
          if (problem) {
            writeFileSync(file, adhocSign(bytes, name));
            console.log(`signed dist/${target}/${name} ad hoc (it had: ${problem})`);
          }
        }
      }
      if (!ok) {
        failed = true;
        continue;
      }
      const lines: string[] = [];
      for (const file of files) {
        const hasher = new Bun.CryptoHasher("sha256");
        for await (const chunk of Bun.file(file).stream()) hasher.update(chunk);
        // The format `sha256sum -c` reads: hash, two spaces, the file's name.
        lines.push(`${hasher.digest("hex")}  ${basename(file)}`);
      }
      writeFileSync(join(dir, "SHA256SUMS"), `${lines.join("\n")}\n`);
      writeFileSync(hashFile(target), `${hash}\n`);
      console.log(`built dist/${target}/`);
    }
    // dist/SHA256SUMS gathers the folders' own (a folder copied alone still has its sums).
    for (const line of readFileSync(join(dir, "SHA256SUMS"), "utf8").trimEnd().split("\n")) {
      sums.push(line.replace("  ", `  ${target}/`));
    }
  }
  writeFileSync(join(dist, "SHA256SUMS"), `${sums.join("\n")}\n`);
  console.log("wrote dist/SHA256SUMS");
}
process.exit(failed ? 1 : 0);
