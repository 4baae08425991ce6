// parseArgv: the shared command-line reader, against node:util parseArgs on what both accept,
// and its one-line messages on what it refuses.

import { describe, expect, test } from "bun:test";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { type ArgSpec, ArgvError, parseArgv } from "../src/argv.ts";

const SPECS: Record<string, ArgSpec> = {
  port: { type: "string" },
  host: { type: "string" },
  quiet: { type: "boolean" },
  "max-clients": { type: "string" },
  help: { type: "boolean", short: "h" },
};

const refused = (argv: string[], message: string) => {
  expect(() => parseArgv(argv, SPECS)).toThrow(ArgvError);
  expect(() => parseArgv(argv, SPECS)).toThrow(message);
};

describe("parseArgv", () => {
  test("values, =values, switches, -h and positionals anywhere", () => {
    expect(
      parseArgv(["--port", "80", "chat", "--host=0.0.0.0", "--quiet", "-h", "x"], SPECS),
    ).toEqual({
      values: { port: "80", host: "0.0.0.0", quiet: true, help: true },
      positionals: ["chat", "x"],
    });
  });

  test("-- ends the flags; a lone - is a positional; =values may be empty or start with -", () => {
    expect(parseArgv(["-", "--port=-1", "--host=", "--", "--quiet"], SPECS)).toEqual({
      values: { port: "-1", host: "" },
      positionals: ["-", "--quiet"],
    });
  });

  test("each mistake is one line naming the flag", () => {
    refused(["--bogus"], "unknown flag --bogus");
    refused(["-x"], "unknown flag -x");
    refused(["--port"], "--port needs a value");
    refused(["--port", "-1"], '--port needs a value (write --port=-N for one starting with "-")');
    refused(["--port", "--quiet"], "--port needs a value");
    refused(["--quiet=yes"], "--quiet takes no value");
    refused(["--toString"], "unknown flag --toString"); // not a spec because objects have it
  });

  test("loose: unknown flags are switches, nothing throws, known values are still taken", () => {
    expect(
      parseArgv(["--factor", "3", "bytes", "--host", "game", "--x=1", "--port"], SPECS, {
        strict: false,
      }),
    ).toEqual({ values: { factor: true, host: "game", x: "1" }, positionals: ["3", "bytes"] });
  });

  test("reads what node:util parseArgs reads, the same way (property)", () => {
    const value = fc.stringMatching(/^[a-z0-9.:]{0,8}$/);
    const token = fc.oneof(
      value.map((v) => ["--port", v]),
      value.map((v) => [`--host=${v}`]),
      fc.constant(["--quiet"]),
      fc.constant(["-h"]),
      fc.stringMatching(/^[a-z0-9][a-z0-9.]{0,6}$/).map((p) => [p]),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (tokens) => {
        const argv = tokens.flat();
        const theirs = parseArgs({
          args: argv,
          options: SPECS,
          strict: true,
          allowPositionals: true,
        });
        const ours = parseArgv(argv, SPECS);
        expect(ours.positionals).toEqual(theirs.positionals);
        expect(ours.values).toEqual({ ...theirs.values } as typeof ours.values);
      }),
      { numRuns: 500 },
    );
  });
});
