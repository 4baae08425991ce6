// End-to-end tests of the client's non-interactive side: `send`, `connect` (nc-like pipe mode), a
// mode outside a terminal, and the one-line errors, against real servers on port 0.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CLIENT_SOURCE, run, spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

type Server = Awaited<ReturnType<typeof spawnServer>>;
let length: Server;
let echo: Server;

beforeAll(async () => {
  [length, echo] = await Promise.all([
    spawnServer(["length", "--port", "0", "--quiet"]),
    spawnServer(["echo", "--port", "0", "--quiet"]),
  ]);
});
afterAll(() => {
  length.proc.kill();
  echo.proc.kill();
});

/** A port nobody listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/**
 * A port where the connect hangs, as for a machine that is off: a listener that never accepts,
 * its queue (backlog 0) already holding one connection, so Linux drops every further SYN.
 * Python because Bun and Node accept as soon as they listen.
 */
async function silentListener(): Promise<{ port: number; proc: Bun.Subprocess }> {
  const script = [
    "import socket, time",
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
    "held = socket.create_connection(s.getsockname())",
    "print(s.getsockname()[1], flush=True)",
    "time.sleep(60)",
  ].join("\n");
  const proc = Bun.spawn(["python3", "-c", script], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  const port = Number(new TextDecoder().decode(value).trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error("silent listener did not start");
  return { port, proc };
}

const client = (...args: string[]) => [...CLIENT_SOURCE, ...args];

// The tests overlap (most of their time is the client's --wait of silence): the shared length and
// echo servers keep nothing a test checks (the client number is matched as #\d+), and a test
// that needs more (chat, a silent or closing server) starts its own.

describe.concurrent("send", () => {
  test("sends the text and a newline, prints the greeting and the answer, exits 0", async () => {
    const { code, stdout, stderr } = await run(client("send", `127.0.0.1:${length.port}`, "héllo"));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Welcome, you are client #\d+$/);
    expect(lines[1]).toBe("5 characters");
    expect(lines).toHaveLength(2);
  });

  test("--crlf ends the line with CRLF: the echo server returns exactly that", async () => {
    const { code, stdout } = await run(
      client("send", `127.0.0.1:${echo.port}`, "ping", "--crlf", "--wait", "500"),
    );
    expect(code).toBe(0);
    expect(stdout).toBe("ping\r\n");
  });

  test("a refused port: one line on stderr naming the address, exit 2", async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await run(client("send", `127.0.0.1:${port}`, "hi"));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain(`Connection refused by 127.0.0.1:${port}`);
  });

  test("an unknown host: one line, exit 2", async () => {
    const { code, stderr } = await run(client("send", "no-such-host.invalid:7007", "hi"));
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain('Unknown host "no-such-host.invalid"');
  });

  test("a server that never answers: --timeout gives up with one line naming it, exit 2", async () => {
    const silent = await silentListener();
    try {
      const started = Date.now();
      const { code, stdout, stderr } = await run(
        client("send", `127.0.0.1:${silent.port}`, "hi", "--timeout", "700"),
      );
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`No answer from 127.0.0.1:${silent.port} after 0.7 s`);
      // Not a timing assertion: proof that it was the timeout that ended it, not a refusal.
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    } finally {
      silent.proc.kill();
    }
  });

  test.each([
    [["send", "127.0.0.1:70000", "x"], "out of range"],
    [["send", "127.0.0.1", "x"], "is not HOST:PORT"],
    [["send", "127.0.0.1:7007"], "needs the text"],
    [["send", "bad_host!:7007", "x"], "is not a host name"],
    [["connect"], "needs HOST:PORT"],
    [["echo", "--port", "0"], "1 to 65535"],
    [["chat", "--bogus"], "unknown flag --bogus"],
    [["telnet"], 'unknown mode or command "telnet"'],
    [["send", ":7007", "x", "--wait", "soon"], "--wait takes milliseconds"],
  ])("bad arguments %j: one line, exit 2", async (args, expected) => {
    const { code, stdout, stderr } = await run(client(...args));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain(expected);
  });
});

describe.concurrent("connect (pipe mode)", () => {
  test("stdin lines go to the server, its bytes come back on stdout; ends after stdin ends", async () => {
    const input = "one\ntwo\r\nthree without newline";
    const { code, stdout } = await run(client("connect", `127.0.0.1:${echo.port}`), {
      stdin: input,
    });
    expect(code).toBe(0);
    expect(stdout).toBe(input);
  });

  test("binary data survives both ways, byte for byte (1 MiB through echo)", async () => {
    const data = new Uint8Array(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    const proc = Bun.spawn(client("connect", `127.0.0.1:${echo.port}`), {
      stdin: data,
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
    expect(await proc.exited).toBe(0);
    expect(out.length).toBe(data.length);
    expect(Buffer.compare(Buffer.from(out), Buffer.from(data))).toBe(0);
  });

  test("ends when the server closes, even with stdin still open", async () => {
    // A one-shot server: greets, then closes.
    const listener = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open(socket) {
          socket.end("bye\n");
        },
        data() {},
      },
    });
    try {
      const proc = Bun.spawn(client("connect", `127.0.0.1:${listener.port}`), {
        stdin: "pipe", // never closed by us
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
      expect(code).toBe(0);
      expect(stdout).toBe("bye\n");
    } finally {
      listener.stop(true);
    }
  });

  test("a mode outside a terminal behaves like connect: `client echo --port P`", async () => {
    const { code, stdout } = await run(client("echo", "--port", String(echo.port)), {
      stdin: "hello\nworld\n",
    });
    expect(code).toBe(0);
    expect(stdout).toBe("hello\nworld\n");
  });

  test("`client length` outside a terminal gets the greeting and the answers", async () => {
    const { code, stdout } = await run(
      client("length", "--host", "127.0.0.1", "--port", String(length.port)),
      {
        stdin: "abc\n",
      },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Welcome, you are client #\d+\n3 characters\n$/);
  });

  test("`client chat --name carol` outside a terminal joins as carol, then relays lines", async () => {
    const chat = await spawnServer(["chat", "--port", "0", "--quiet"]);
    try {
      const bob = await connectPeer(chat.port);
      bob.sendLine("bob");
      await bob.until((line) => line.includes("bob"));
      const { code, stdout } = await run(
        client("chat", "--port", String(chat.port), "--name", "carol"),
        { stdin: "hello from a script\n" },
      );
      expect(code).toBe(0);
      expect(stdout).toContain("carol");
      const seen = await bob.until((line) => line.includes("hello from a script"));
      expect(seen.at(-1)).toMatch(/<carol> hello from a script$/);
      bob.close();
    } finally {
      chat.proc.kill();
    }
  });

  test("no mode and no terminal: says what to type instead, exit 2", async () => {
    const { code, stderr } = await run(client(), { stdin: "" });
    expect(code).toBe(2);
    expect(stderr).toContain("socklab-client connect HOST:PORT");
  });
});

test.concurrent("--help lists the commands and modes, exit 0", async () => {
  const { code, stdout } = await run(client("--help"));
  expect(code).toBe(0);
  for (const word of ["send HOST:PORT", "connect HOST:PORT", "chat (4444)", "raw", "--no-color"]) {
    expect(stdout).toContain(word);
  }
});

describe("flag errors in French (#14)", () => {
  test("--lang fr, or LANG=fr: the mistake in French, one line, exit 2", async () => {
    const byFlag = await run(client("echo", "--bogus", "--lang", "fr"));
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr).toBe(
      "socklab-client: option inconnue --bogus (socklab-client --help liste les options)\n",
    );
    // Its own environment: the other tests of this file run meanwhile with theirs.
    const proc = Bun.spawn(client("send", "127.0.0.1:7"), {
      env: { ...process.env, LANG: "fr_FR.UTF-8", LC_ALL: "" },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toBe(
      "socklab-client: send demande le texte à envoyer : send HÔTE:PORT « texte »\n",
    );
  });
});
