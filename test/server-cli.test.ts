// socklab-server's command line: help, where-to-connect banner, and one clear line on stderr with
// exit code 2 for every usage or environment problem (never a stack trace).

import { describe, expect, test } from "bun:test";
import { MODE_NAMES } from "@socklab/protocol";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

const server = (...args: string[]) => run([...SERVER_SOURCE, ...args]);

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
async function expectUsageError(args: string[], pattern: RegExp) {
  const { code, stdout, stderr } = await server(...args);
  expect({ args, code }).toEqual({ args, code: 2 });
  expect(stdout).toBe("");
  const lines = stderr.split("\n").filter((l) => l !== "");
  expect({ args, lines: lines.length }).toEqual({ args, lines: 1 });
  expect(stderr).toMatch(/^socklab-server: /);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+/);
}

describe("usage errors exit 2 with one line", () => {
  const cases: [string[], RegExp][] = [
    [[], /which mode/],
    [["nomode"], /unknown mode "nomode"/],
    [["echo", "--bogus"], /unknown flag --bogus/],
    [["echo", "--factor", "3"], /unknown flag --factor/], // bytes' flag, not echo's
    [["bytes", "--factor"], /--factor needs a value/],
    [["bytes", "--factor", "256"], /--factor must be between 0 and 255/],
    [["bytes", "--factor", "two"], /--factor takes a whole number/],
    [["echo", "--port", "70000"], /--port takes a number from 0 to 65535/],
    [["echo", "--port", "abc"], /--port takes a number/],
    [["echo", "--port", "-1"], /--port needs a value/],
    [["echo", "--max-clients", "0"], /--max-clients takes a whole number/],
    [["echo", "--lang", "de"], /--lang takes en or fr/],
    [["echo", "--quiet=yes"], /--quiet takes no value/],
    [["echo", "extra"], /unexpected argument "extra"/],
    [["echo", "--host", "nothere.invalid", "--port", "0"], /unknown host "nothere.invalid"/],
  ];
  for (const [args, pattern] of cases) {
    test(`socklab-server ${args.join(" ") || "(nothing)"}`, async () => {
      await expectUsageError(args, pattern);
    });
  }

  test("a port in use", async () => {
    const first = await spawnServer(["echo", "--port", "0", "--host", "127.0.0.1"]);
    try {
      await expectUsageError(
        ["length", "--port", String(first.port), "--host", "127.0.0.1"],
        new RegExp(`port ${first.port} is already in use`),
      );
    } finally {
      first.proc.kill();
      await first.proc.exited;
    }
  });
});

describe("--help", () => {
  test("global help lists every mode with its port, the flags and examples; exit 0", async () => {
    const { code, stdout, stderr } = await server("--help");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const mode of MODE_NAMES)
      expect(stdout).toMatch(new RegExp(`^  ${mode} .*\\(port \\d+\\)$`, "m"));
    for (const flag of ["--host", "--port", "--max-clients", "--lang", "--quiet"])
      expect(stdout).toContain(flag);
    expect(stdout).toContain("Examples:");
  });

  test("-h works too", async () => {
    const { code, stdout } = await server("-h");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: socklab-server <mode>");
  });

  test("per-mode help shows the mode's own flags and examples", async () => {
    const { code, stdout } = await server("bytes", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("socklab-server bytes:");
    expect(stdout).toContain("--factor N");
    expect(stdout).toContain("(default 12)");
    expect(stdout).toContain("socklab-server bytes --factor 3");
    const echo = await server("echo", "--help");
    expect(echo.code).toBe(0);
    expect(echo.stdout).toContain("default port 7007");
    expect(echo.stdout).not.toContain("--factor");
  });

  test("help wins over an otherwise bad command line", async () => {
    const { code } = await server("echo", "--port", "99999", "--help");
    expect(code).toBe(0);
  });
});

describe("starting", () => {
  test("prints where to connect, with the port picked by --port 0, and logs connections", async () => {
    const srv = await spawnServer(["length", "--port", "0"]);
    try {
      expect(srv.output).toContain("socklab length server listening; connect to:");
      expect(srv.output).toContain(`127.0.0.1:${srv.port}`);
      expect(srv.output).toContain("Ctrl-C");
      const peer = await connectPeer(srv.port);
      expect(await peer.line()).toBe("Welcome, you are client #1");
      peer.close();
      await peer.closed();
      for (let i = 0; i < 100 && !srv.output.includes("disconnected"); i++) await Bun.sleep(20);
      expect(srv.output).toMatch(
        /\[\d\d:\d\d:\d\d\] client #1 connected from 127\.0\.0\.1:\d+ \(1 online\)/,
      );
      expect(srv.output).toMatch(
        /\[\d\d:\d\d:\d\d\] client #1 \(127\.0\.0\.1:\d+\) disconnected: /,
      );
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });

  test("--quiet logs no connection", async () => {
    const srv = await spawnServer(["length", "--port", "0", "--host", "127.0.0.1", "--quiet"]);
    try {
      const peer = await connectPeer(srv.port);
      await peer.line();
      peer.close();
      await peer.closed();
      srv.proc.kill();
      await srv.proc.exited;
      expect(srv.output).not.toContain("connected");
    } finally {
      srv.proc.kill();
    }
  });

  test("--lang fr: the banner and the greeting in French", async () => {
    const srv = await spawnServer(["length", "--port", "0", "--host", "127.0.0.1", "--lang", "fr"]);
    try {
      expect(srv.output).toContain("à l'écoute");
      const peer = await connectPeer(srv.port);
      expect(await peer.line()).toBe("Bienvenue, vous êtes le client n°1");
      peer.sendLine("été");
      expect(await peer.line()).toBe("3 caractères");
      peer.close();
    } finally {
      srv.proc.kill();
      await srv.proc.exited;
    }
  });
});

describe("usage errors and --help in French (#14)", () => {
  test("--lang fr: the error in French, still one line and exit 2", async () => {
    await expectUsageError(["echo", "--port", "abc", "--lang", "fr"], /--port prend un nombre/);
    await expectUsageError(["chat", "--bogus", "--lang", "fr"], /option inconnue --bogus/);
    await expectUsageError(
      ["--host", "999.1.1.1", "echo", "--lang", "fr"],
      /n'est pas une adresse IPv4/,
    );
  });

  test("a port in use, in French", async () => {
    const first = await spawnServer(["echo", "--port", "0", "--quiet"]);
    try {
      await expectUsageError(
        ["echo", "--port", String(first.port), "--host", "127.0.0.1", "--lang", "fr"],
        new RegExp(`le port ${first.port} est déjà pris sur 127\\.0\\.0\\.1`),
      );
    } finally {
      first.proc.kill();
    }
  });

  test("--help --lang fr is French", async () => {
    const { code, stdout } = await server("chat", "--help", "--lang", "fr");
    expect(code).toBe(0);
    expect(stdout).toContain("Options de chat :");
    expect(stdout).toContain("le chat de la classe");
  });
});
