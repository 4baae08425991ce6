// socklab's version, one number for both programs (`--version`), read from this package's
// manifest so that a release changes it in one place; bundled into the compiled binaries.

import manifest from "../package.json" with { type: "json" };

/** The socklab release, as `socklab-server --version` and `socklab-client --version` print it. */
export const VERSION: string = manifest.version;

/**
 * The `--version` line of a program: its name, the release, the runtime.
 *
 * @example
 * versionLine("socklab-client") // "socklab-client 0.1.0 (Bun 1.4.5)"
 */
export function versionLine(program: string): string {
  return `${program} ${VERSION} (Bun ${Bun.version})`;
}
