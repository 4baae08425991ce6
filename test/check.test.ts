// `socklab-client check` over real sockets: every check passes against socklab's own servers,
// and each deliberately broken student-style server (C compiled here, Python, Java) is caught
// by the named check with the named hint, every other check giving its honest verdict.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modes } from "@socklab/server";
import { planFor } from "../packages/client/src/check/plans/index.ts";
import { runChecks } from "../packages/client/src/check/runner.ts";
import { socketDialer } from "../packages/client/src/check/socket.ts";
import { type CheckMode, DEFAULT_CHECK_OPTIONS } from "../packages/client/src/check/types.ts";
import { startServer } from "../packages/server/src/index.ts";
import { CLIENT_SOURCE } from "./support/cli.ts";

const FIXTURES = join(import.meta.dir, "fixtures", "servers");
const C_FIXTURES = [
  "echo_recv1024",
  "echo_halfclose",
  "length_bytes",
  "chat_dies_on_reset",
  "http_lf",
];
const hasJavac = Bun.which("javac") !== null && Bun.which("java") !== null;
let bin = "";

beforeAll(async () => {
  bin = mkdtempSync(join(tmpdir(), "socklab-check-"));
  const builds = C_FIXTURES.map(
    (name) =>
      Bun.spawn(["gcc", "-O1", "-pthread", "-o", join(bin, name), join(FIXTURES, `${name}.c`)], {
        stderr: "inherit",
      }).exited,
  );
  if (hasJavac) {
    builds.push(
      Bun.spawn(["javac", "-d", bin, join(FIXTURES, "BytesServer.java")], { stderr: "inherit" })
        .exited,
    );
  }
  expect(await Promise.all(builds)).toEqual(builds.map(() => 0));
}, 60_000);

/** Every fixture started, so that one a timed-out test left running is stopped at the end. */
const spawned = new Set<Bun.Subprocess>();

afterAll(() => {
  for (const proc of spawned) proc.kill();
  rmSync(bin, { recursive: true, force: true });
});

/** Starts a fixture server on port 0 and resolves once it printed its port. */
async function spawnFixture(command: string[]): Promise<{ port: number; proc: Bun.Subprocess }> {
  const proc = Bun.spawn(command, { stdout: "pipe", stderr: "ignore", stdin: "ignore" });
  spawned.add(proc);
  const reader = proc.stdout.getReader();
  let output = "";
  for (;;) {
    const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
    if (match) {
      reader.releaseLock();
      return { port: Number(match[1]), proc };
    }
    const { value, done } = await reader.read();
    if (done) throw new Error(`${command.join(" ")} exited: ${output}`);
    output += new TextDecoder().decode(value);
  }
}

/** Runs every check of `mode` against the port; the non-passing ones as name → [status, hint]. */
/** The broken servers are run with a shorter wait than the default 2 s: each expected failure
 * waits it out once, and the answers that do come take milliseconds on loopback. */
async function verdicts(mode: CheckMode, port: number, timeoutMs = 700) {
  const address = { host: "127.0.0.1", port };
  const options = { ...DEFAULT_CHECK_OPTIONS, timeoutMs, hostHeader: `127.0.0.1:${port}` };
  const outcome = await runChecks(planFor(mode), socketDialer(address, 3000), options);
  if (!outcome.reachable) throw new Error(outcome.detail);
  const notPassed = Object.fromEntries(
    outcome.results.filter((r) => r.status !== "pass").map((r) => [r.name, [r.status, r.hint]]),
  );
  return { notPassed, results: outcome.results };
}

describe.concurrent("socklab is the reference: every check passes", () => {
  for (const mode of ["echo", "bytes", "length", "game", "chat", "http"] as const) {
    test(mode, async () => {
      const server = await startServer({ mode: modes[mode], port: 0, quiet: true });
      try {
        const { notPassed, results } = await verdicts(mode, server.port, 2000);
        expect(notPassed).toEqual({});
        expect(results.length).toBe(planFor(mode).length);
      } finally {
        await server.stop();
      }
    }, 30_000);
  }
});

const python = (file: string, ...args: string[]) => ["python3", join(FIXTURES, file), ...args];
const native = (name: string) => () => [join(bin, name)];

/** Each broken server: the mode, how to start it, and every check that does not pass. */
const BROKEN: [string, CheckMode, () => string[], Record<string, [string, string]>][] = [
  [
    "an echo doing one recv(1024) and one send (C)",
    "echo",
    native("echo_recv1024"),
    {
      "echo.64k-one": ["fail", "recvLoop"],
      "echo.64k-small": ["fail", "recvLoop"],
      "echo.1m-one": ["fail", "recvLoop"],
      "echo.1m-small": ["fail", "recvLoop"],
      "echo.split": ["fail", "recvLoop"],
    },
  ],
  [
    "an echo that drops what it buffered at the half-close (C, fgets/fputs)",
    "echo",
    native("echo_halfclose"),
    {
      "echo.one-byte": ["fail", "waitsForLine"],
      // fputs stops at the payload's 0 bytes: C strings, named as such.
      "echo.64k-one": ["fail", "bytesChanged"],
      "echo.64k-small": ["fail", "bytesChanged"],
      "echo.1m-one": ["fail", "bytesChanged"],
      "echo.1m-small": ["fail", "bytesChanged"],
      "echo.half-close": ["fail", "halfClose"],
    },
  ],
  [
    "an echo that serves one client then exits (Python, seed 001)",
    "echo",
    () => python("echo_once.py"),
    {
      "echo.again": ["fail", "acceptLoop"],
      ...Object.fromEntries(
        ["one-byte", "64k-one", "64k-small", "1m-one", "1m-small", "split", "ten-clients"]
          .concat(["half-close", "reset"])
          .map((name) => [`echo.${name}`, ["fail", "unreachable"]]),
      ),
    },
  ],
  [
    "a length server counting bytes (C, strlen)",
    "length",
    native("length_bytes"),
    { "length.accent": ["warn", "charsNotBytes"] },
  ],
  [
    "a chat that sends the sender's line back to it (Python)",
    "chat",
    () => python("chat_py.py", "echo-back"),
    { "chat.broadcast": ["fail", "senderEcho"] },
  ],
  [
    "a chat that never announces a leave (Python)",
    "chat",
    () => python("chat_py.py", "no-leave"),
    { "chat.exit": ["fail", "chatLeave"], "chat.close": ["fail", "chatLeave"] },
  ],
  [
    "a chat that exits when a client resets (C, seed 002)",
    "chat",
    native("chat_dies_on_reset"),
    { "chat.killed": ["fail", "resetSurvive"] },
  ],
  [
    "an HTTP server with no Content-Length that keeps the connection (Python)",
    "http",
    () => python("http_no_length.py"),
    {
      "http.body": ["fail", "httpLength"],
      "http.head": ["fail", "httpHead"],
      "http.keep-alive": ["fail", "httpLength"],
    },
  ],
  [
    "an HTTP server with \\n instead of \\r\\n, one client at a time (C)",
    "http",
    native("http_lf"),
    {
      "http.status-line": ["fail", "httpCrlf"],
      "http.body": ["fail", "httpCrlf"],
      "http.content-type": ["fail", "httpCrlf"],
      "http.head": ["fail", "httpCrlf"],
      "http.keep-alive": ["fail", "httpCrlf"],
      "http.ten-clients": ["fail", "multiClient"],
    },
  ],
  [
    "a game that tells only the winner (Python)",
    "game",
    () => python("game_no_tell.py"),
    { "game.others-told": ["fail", "gameBroadcastWin"] },
  ],
];

describe.concurrent("broken student servers are caught by the named check", () => {
  for (const [title, mode, command, expected] of BROKEN) {
    test(title, async () => {
      const { port, proc } = await spawnFixture(command());
      try {
        const { notPassed, results } = await verdicts(mode, port);
        expect(notPassed as Record<string, unknown>).toEqual(expected);
        // Every failure carries its evidence: what was sent, expected, and what came back.
        for (const result of results.filter((r) => r.status !== "pass")) {
          expect(result.evidence).toBeDefined();
        }
      } finally {
        proc.kill();
        await proc.exited;
      }
    }, 30_000);
  }

  test.if(hasJavac)(
    "a correct Java bytes server (the seed's way) passes",
    async () => {
      const { port, proc } = await spawnFixture(["java", "-cp", bin, "BytesServer"]);
      try {
        expect((await verdicts("bytes", port)).notPassed).toEqual({});
      } finally {
        proc.kill();
        await proc.exited;
      }
    },
    30_000,
  );
});

/** The --json document's schema (README, "Checking your students' servers"). */
const REPORT_SCHEMA: Schema = {
  type: "object",
  required: ["mode", "address", "lang", "reachable", "passed", "failed", "warned", "ms", "checks"],
  properties: {
    mode: { enum: ["echo", "bytes", "length", "game", "chat", "http"] },
    address: { type: "string" },
    lang: { enum: ["en", "fr"] },
    reachable: { type: "boolean" },
    error: { type: "string" },
    passed: { type: "number" },
    failed: { type: "number" },
    warned: { type: "number" },
    ms: { type: "number" },
    checks: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "title", "status", "optional", "ms", "timedOut"],
        properties: {
          name: { type: "string" },
          title: { type: "string" },
          status: { enum: ["pass", "fail", "warn"] },
          optional: { type: "boolean" },
          ms: { type: "number" },
          timedOut: { type: "boolean" },
          evidence: {
            type: "object",
            required: ["sent", "expected", "received"],
            properties: {
              sent: { type: "string" },
              expected: { type: "string" },
              received: { type: "string" },
            },
          },
          hint: {
            type: "object",
            required: ["key", "text"],
            properties: { key: { type: "string" }, text: { type: "string" } },
          },
        },
      },
    },
  },
};

/** The subset of JSON Schema the report needs; extra properties are refused (additionalProperties: false). */
interface Schema {
  type?: "object" | "array" | "string" | "number" | "boolean";
  enum?: string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

function schemaErrors(value: unknown, schema: Schema, path = "$"): string[] {
  if (schema.enum && !schema.enum.includes(value as string))
    return [`${path}: not one of the enum`];
  if (schema.type === "array") {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    return value.flatMap((item, i) => schemaErrors(item, schema.items ?? {}, `${path}[${i}]`));
  }
  if (schema.type === "object") {
    if (typeof value !== "object" || value === null) return [`${path}: not an object`];
    const record = value as Record<string, unknown>;
    const errors = (schema.required ?? [])
      .filter((key) => !(key in record))
      .map((key) => `${path}.${key}: missing`);
    for (const [key, item] of Object.entries(record)) {
      const sub = schema.properties?.[key];
      if (sub === undefined) errors.push(`${path}.${key}: not in the schema`);
      else errors.push(...schemaErrors(item, sub, `${path}.${key}`));
    }
    return errors;
  }
  if (schema.type !== undefined && typeof value !== schema.type)
    return [`${path}: not a ${schema.type}`];
  return [];
}

async function runCli(args: string[]) {
  const proc = Bun.spawn([...CLIENT_SOURCE, "check", ...args], {
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
    env: { ...process.env, CI: "1" },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

describe.concurrent("the command: exit codes and --json", () => {
  test("all passed: exit 0, a checklist and a summary; --json matches the schema", async () => {
    const server = await startServer({ mode: modes.echo, port: 0, quiet: true });
    try {
      const text = await runCli(["echo", `127.0.0.1:${server.port}`, "--only", "line,split"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("✔ echo.line  a short line comes back identical");
      expect(text.stdout).toContain("2 of 2 checks passed.");
      const json = await runCli(["echo", `127.0.0.1:${server.port}`, "--json", "--lang", "fr"]);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(schemaErrors(report, REPORT_SCHEMA)).toEqual([]);
      expect(report.passed).toBe(planFor("echo").length);
    } finally {
      await server.stop();
    }
  });

  test("one failed: exit 1; the French evidence and hint in the JSON", async () => {
    const { port, proc } = await spawnFixture([join(bin, "echo_recv1024")]);
    try {
      const run = await runCli([
        "echo",
        `127.0.0.1:${port}`,
        "--only",
        "64k-one",
        "--json",
        "--lang",
        "fr",
      ]);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(schemaErrors(report, REPORT_SCHEMA)).toEqual([]);
      expect(report.checks[0].status).toBe("fail");
      expect(report.checks[0].evidence.received).toContain("(1024 octets en tout)");
      expect(report.checks[0].hint).toEqual({
        key: "recvLoop",
        text: "un seul `recv` de 1024 octets ne lit pas un message entier : bouclez jusqu'à l'avoir en entier",
      });
      const text = await runCli(["echo", `127.0.0.1:${port}`, "--only", "64k-one"]);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(
        "hint:     one `recv` of 1024 bytes does not read a whole message",
      );
      expect(text.stdout).toContain("Fix first: 64 KiB of all 256 byte values");
    } finally {
      proc.kill();
      await proc.exited;
    }
  });

  test("nothing listening: exit 2 and one line on stderr", async () => {
    // A port that was free a moment ago: bind, note it, close.
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const run = await runCli(["http", `127.0.0.1:${port}`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(`nothing to check: Connection refused by 127.0.0.1:${port}`);
  });

  test("bad arguments: exit 2 and one line", async () => {
    const run = await runCli(["echo", "127.0.0.1:7007", "--only", "nope"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringContaining('--only: no echo check called "nope"'),
    ]);
  });
});
