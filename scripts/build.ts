// `bun run build`: compiles dist/socklab-server and dist/socklab-client, single-file executables
// a teacher can copy onto any Linux lab machine of the same architecture (no Bun needed there).

import { join } from "node:path";

const root = join(import.meta.dir, "..");
const targets = [
  { entry: "packages/server/src/main.ts", outfile: "dist/socklab-server" },
  { entry: "packages/client/src/main.ts", outfile: "dist/socklab-client" },
];

let failed = false;
for (const { entry, outfile } of targets) {
  const result = await Bun.build({
    entrypoints: [join(root, entry)],
    minify: true,
    // Parsing moves to build time: the server accepts its first connection sooner after exec.
    bytecode: true,
    compile: {
      outfile: join(root, outfile),
      // A lab machine's working folder may hold anyone's .env or bunfig.toml: ignore them, so
      // the binary behaves the same wherever it is started.
      autoloadDotenv: false,
      autoloadBunfig: false,
    },
  });
  if (!result.success) {
    failed = true;
    for (const log of result.logs) console.error(log);
  } else {
    console.log(`built ${outfile}`);
  }
}
process.exit(failed ? 1 : 0);
