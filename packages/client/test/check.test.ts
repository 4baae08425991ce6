// The check plans, runner and rendering, in-process: a fake link plays the server (correct or
// broken the way students' servers are), so every verdict and hint is tested without a socket.

import { describe, expect, test } from "bun:test";
import { messages } from "../src/catalog/index.ts";
import { ConnState } from "../src/check/conn.ts";
import { bytesChecks } from "../src/check/plans/bytes.ts";
import { echoChecks, payload } from "../src/check/plans/echo.ts";
import { classify, gameChecks, guessBudget, rangeOf } from "../src/check/plans/game.ts";
import { checkNames, planFor } from "../src/check/plans/index.ts";
import { lengthChecks } from "../src/check/plans/length.ts";
import { buildReport, renderResultText, renderSummary } from "../src/check/render.ts";
import { type CheckResult, exitCode, runChecks } from "../src/check/runner.ts";
import { type Check, DEFAULT_CHECK_OPTIONS, DialError, type Dialer } from "../src/check/types.ts";
import { parseClientArgs } from "../src/cli.ts";
import { UsageError } from "../src/errors.ts";

/** The server side of one fake connection. */
interface FakePeer {
  send(data: string | Uint8Array): void;
  /** Our FIN. */
  end(): void;
  /** Bytes from the checker; `fin` once the checker half-closed or closed. */
  onData?: (bytes: Uint8Array) => void;
  onEnd?: () => void;
}

const encoder = new TextEncoder();

/** A dialer whose connections are served by `serve`, in memory; `refuse` makes dials fail. */
function fakeDialer(serve: (peer: FakePeer, index: number) => void, refuse = () => false): Dialer {
  let index = 0;
  return {
    async dial() {
      if (refuse()) throw new DialError("Connection refused (fake)");
      const peer: FakePeer = {
        send: (data) => {
          const bytes = typeof data === "string" ? encoder.encode(data) : data.slice();
          queueMicrotask(() => conn.push(bytes));
        },
        end: () => queueMicrotask(() => conn.serverEnded()),
      };
      // Like a kernel: a FIN from the checker is answered with ours unless the server says
      // otherwise (broken servers set their own onEnd).
      peer.onEnd = () => peer.end();
      const conn = new ConnState({
        write: (data) => {
          const bytes = typeof data === "string" ? encoder.encode(data) : data.slice();
          queueMicrotask(() => peer.onData?.(bytes));
        },
        flushed: (done) => queueMicrotask(done),
        shutdown: () => queueMicrotask(() => peer.onEnd?.()),
        abort: () => queueMicrotask(() => peer.onEnd?.()),
        close: () => {},
      });
      serve(peer, index++);
      return conn;
    },
  };
}

/** A correct echo: everything back, the close answered with a close. */
function echo(peer: FakePeer): void {
  peer.onData = (bytes) => peer.send(bytes);
  peer.onEnd = () => peer.end();
}

const options = { ...DEFAULT_CHECK_OPTIONS, timeoutMs: 200 };

async function verdicts(checks: Check[], dialer: Dialer, opts = options) {
  const outcome = await runChecks(checks, dialer, opts);
  if (!outcome.reachable) throw new Error(`unreachable: ${outcome.detail}`);
  return Object.fromEntries(outcome.results.map((r) => [r.name, r]));
}

describe.concurrent("echo plan", () => {
  test("a correct echo passes every check", async () => {
    const results = await verdicts(echoChecks, fakeDialer(echo));
    expect(Object.values(results).map((r) => [r.name, r.status])).toEqual(
      echoChecks.map((c) => [c.name, "pass"]),
    );
  });

  test("one recv(1024) then close: the long checks fail with the recv hint and the cut shown", async () => {
    const dialer = fakeDialer((peer) => {
      let done = false;
      peer.onData = (bytes) => {
        if (done) return;
        done = true;
        peer.send(bytes.subarray(0, 1024));
        peer.end();
      };
    });
    const results = await verdicts(planFor("echo", ["line", "64k-one", "1m-small"]), dialer);
    expect(results["echo.line"]?.status).toBe("pass");
    const cut = results["echo.64k-one"] as CheckResult;
    expect(cut.status).toBe("fail");
    expect(cut.hint).toBe("recvLoop");
    expect(cut.evidence?.received).toMatchObject({
      kind: "bytes",
      at: 992,
      total: 1024,
      ending: "closed",
    });
    expect(results["echo.1m-small"]?.hint).toBe("recvLoop");
  });

  test("a server that waits for a line end fails one-byte with that hint", async () => {
    const dialer = fakeDialer((peer) => {
      let held = "";
      peer.onData = (bytes) => {
        held += new TextDecoder().decode(bytes);
        const end = held.lastIndexOf("\n");
        if (end >= 0) {
          peer.send(held.slice(0, end + 1));
          held = held.slice(end + 1);
        }
      };
      peer.onEnd = () => peer.end(); // the bug: what is held is dropped
    });
    const results = await verdicts(planFor("echo", ["one-byte", "half-close"]), dialer);
    expect(results["echo.one-byte"]).toMatchObject({ status: "fail", hint: "waitsForLine" });
    expect(results["echo.one-byte"]?.evidence?.received).toEqual({ kind: "nothing", ms: 200 });
    expect(results["echo.half-close"]).toMatchObject({ status: "fail", hint: "halfClose" });
  });

  test("bytes lost in the middle point at send, and a 0 byte cut at C strings", () => {
    const want = payload(4096);
    expect(new Set(want).size).toBe(256);
    // The pattern never repeats on a 1024-byte period: a lost chunk shows where it was lost.
    expect(want.subarray(1024, 2048)).not.toEqual(want.subarray(0, 1024));
  });

  test("a server serving one client at a time fails ten-clients with the multi-client hint", async () => {
    let busy = false;
    const dialer = fakeDialer((peer) => {
      const mine = !busy;
      busy = true;
      peer.onData = (bytes) => {
        if (mine) peer.send(bytes);
      };
    });
    const results = await verdicts(planFor("echo", ["ten-clients"]), dialer);
    expect(results["echo.ten-clients"]).toMatchObject({ status: "fail", hint: "multiClient" });
  });

  test("a server gone after its first client: again fails with the accept hint", async () => {
    let dials = 0;
    const dialer = fakeDialer(echo, () => ++dials > 1);
    const results = await verdicts(planFor("echo", ["line", "again", "one-byte"]), dialer);
    expect(results["echo.again"]).toMatchObject({ status: "fail", hint: "acceptLoop" });
    expect(results["echo.one-byte"]).toMatchObject({ status: "fail", hint: "unreachable" });
  });
});

describe.concurrent("bytes and length plans", () => {
  const multiply = (factor: number) => (peer: FakePeer) => {
    peer.onData = (bytes) => peer.send(bytes.map((b) => (b * factor) & 0xff));
  };

  test("the factor: 12 passes, 3 fails with the expected byte shown", async () => {
    expect(
      Object.values(await verdicts(bytesChecks, fakeDialer(multiply(12)))).map((r) => r.status),
    ).toEqual(["pass", "pass"]);
    const wrong = await verdicts(bytesChecks, fakeDialer(multiply(3)));
    expect(wrong["bytes.each-value"]).toMatchObject({ status: "fail", hint: "factor" });
    // 0 × anything is 0: the first byte that tells them apart is 1.
    expect(wrong["bytes.each-value"]?.evidence?.sent).toEqual({
      kind: "bytes",
      text: "\\x01",
      total: 1,
    });
    expect(wrong["bytes.each-value"]?.evidence?.expected).toEqual({
      kind: "bytes",
      text: "\\x0c",
      total: 1,
    });
    const three = await verdicts(bytesChecks, fakeDialer(multiply(3)), { ...options, factor: 3 });
    expect(three["bytes.each-value"]?.status).toBe("pass");
  });

  function lengthServer(count: (line: string) => number) {
    let next = 0;
    return fakeDialer((peer) => {
      peer.send(`Bienvenue, client n°${++next}\n`);
      let held = "";
      peer.onData = (bytes) => {
        held += new TextDecoder().decode(bytes);
        for (let i = held.indexOf("\n"); i >= 0; i = held.indexOf("\n")) {
          peer.send(`${count(held.slice(0, i))}\n`);
          held = held.slice(i + 1);
        }
      };
    });
  }

  test("counting characters passes; counting bytes is a warning with the UTF-8 hint", async () => {
    const chars = await verdicts(
      lengthChecks,
      lengthServer((l) => [...l].length),
    );
    expect(Object.values(chars).every((r) => r.status === "pass")).toBe(true);
    const bytes = await verdicts(
      lengthChecks,
      lengthServer((l) => encoder.encode(l).length),
    );
    expect(bytes["length.accent"]).toMatchObject({ status: "warn", hint: "charsNotBytes" });
    expect(bytes["length.ascii"]?.status).toBe("pass");
    // A warning is not a failure: exit code 0.
    expect(exitCode({ reachable: true, results: Object.values(bytes), ms: 0 })).toBe(0);
  });

  test("counting the line end fails ascii with the length hint", async () => {
    const results = await verdicts(
      lengthChecks,
      lengthServer((l) => l.length + 1),
    );
    expect(results["length.ascii"]).toMatchObject({ status: "fail", hint: "lengthCount" });
  });
});

describe("game rules", () => {
  test("answers in English and French, the two-word French forms first", () => {
    expect(classify("Your number is too small (50, attempt 1).")).toBe("small");
    expect(classify("Trop grand !")).toBe("big");
    expect(classify("C'est plus !")).toBe("small");
    expect(classify("C'est moins")).toBe("big");
    expect(classify("Le nombre est plus grand")).toBe("small");
    expect(classify("Le nombre est plus petit")).toBe("big");
    expect(classify("Go higher")).toBe("small");
    expect(classify("Bravo, vous avez trouvé en 7 coups")).toBe("win");
    expect(classify("player #2 joined (2 players)")).toBeUndefined();
  });

  test("the range from the welcome, and the guess budget", () => {
    expect(rangeOf("I picked a whole number between 0 and 1000")).toEqual({ min: 0, max: 1000 });
    expect(rangeOf("You are player #1; round 1 is on. between 0 and 1000")).toEqual({
      min: 0,
      max: 1000,
    });
    expect(rangeOf("Devinez le nombre entre 1 et 100.")).toEqual({ min: 1, max: 100 });
    expect(rangeOf("Bienvenue !")).toBeUndefined();
    expect(guessBudget(0, 1000)).toBe(12);
    expect(guessBudget(1, 100)).toBe(9);
  });

  test("a shared game that tells only the winner fails others-told", async () => {
    const secret = 37;
    const players: FakePeer[] = [];
    const dialer = fakeDialer((peer) => {
      players.push(peer);
      peer.send("Devinez le nombre entre 1 et 100\n");
      let held = "";
      peer.onData = (bytes) => {
        held += new TextDecoder().decode(bytes);
        for (let i = held.indexOf("\n"); i >= 0; i = held.indexOf("\n")) {
          const n = Number(held.slice(0, i));
          held = held.slice(i + 1);
          if (Number.isNaN(n)) peer.send("Pas un nombre\n");
          else peer.send(n < secret ? "Trop petit\n" : n > secret ? "Trop grand\n" : "Gagné !\n");
        }
      };
    });
    const results = await verdicts(gameChecks(), dialer);
    expect(Object.fromEntries(Object.values(results).map((r) => [r.name, r.status]))).toEqual({
      "game.welcome": "pass",
      "game.answers": "pass",
      "game.not-a-number": "pass",
      "game.win": "pass",
      "game.others-told": "fail",
    });
    expect(results["game.others-told"]?.hint).toBe("gameBroadcastWin");
  });
});

describe("runner", () => {
  test("nothing accepts the first connection: unreachable, exit 2", async () => {
    const outcome = await runChecks(
      echoChecks,
      fakeDialer(echo, () => true),
      options,
    );
    expect(outcome).toEqual({ reachable: false, detail: "Connection refused (fake)" });
    expect(exitCode(outcome)).toBe(2);
  });

  test("a check past its deadline is stopped and failed; an optional failure is a warning", async () => {
    const stuck: Check = { name: "echo.line", run: () => new Promise(() => {}) };
    const optional: Check = {
      name: "chat.coucou",
      optional: true,
      run: async () => ({ status: "fail", hint: "coucou" }),
    };
    const outcome = await runChecks([stuck, optional], fakeDialer(echo), {
      ...options,
      deadlineMs: 50,
    });
    if (!outcome.reachable) throw new Error("unreachable");
    expect(outcome.results.map((r) => [r.name, r.status, r.timedOut === true])).toEqual([
      ["echo.line", "fail", true],
      ["chat.coucou", "warn", false],
    ]);
    expect(exitCode(outcome)).toBe(1);
  });

  test("the connections a check left open are closed after it", async () => {
    let ended = 0;
    const leaky: Check = {
      name: "echo.line",
      async run(ctx) {
        await ctx.dialer.dial();
        await ctx.dialer.dial();
        return { status: "pass" };
      },
    };
    await runChecks(
      [leaky],
      fakeDialer((peer) => {
        peer.onEnd = () => {
          ended++;
          peer.end();
        };
      }),
      options,
    );
    expect(ended).toBe(2);
  });
});

describe("rendering", () => {
  const failed: CheckResult = {
    name: "echo.64k-one",
    status: "fail",
    optional: false,
    ms: 12,
    evidence: {
      sent: { kind: "note", note: { key: "pattern", args: [65536, 1] } },
      expected: { kind: "note", note: { key: "sameBytes", args: [65536] } },
      received: { kind: "nothing", ms: 2000 },
    },
    hint: "recvLoop",
  };

  test("a failure in English and in French: sent, expected, received, hint", () => {
    expect(renderResultText("en", failed, 2000)).toEqual([
      "✘ echo.64k-one  64 KiB of all 256 byte values, sent in one write, come back identical (12 ms)",
      "    sent:     65536 bytes covering all 256 values, in one write",
      "    expected: the same 65536 bytes back",
      "    received: nothing in 2 s",
      "    hint:     one `recv` of 1024 bytes does not read a whole message: loop until you have it",
    ]);
    const fr = renderResultText("fr", failed, 2000);
    expect(fr[3]).toBe("    reçu:    rien en 2 s");
    expect(fr[4]).toContain("bouclez jusqu'à l'avoir en entier");
  });

  test("the summary names the first check to fix", () => {
    const passed: CheckResult = { name: "echo.line", status: "pass", optional: false, ms: 1 };
    expect(renderSummary("en", [passed, failed])).toEqual([
      "1 of 2 checks passed, 1 failed.",
      "Fix first: 64 KiB of all 256 byte values, sent in one write, come back identical.",
    ]);
    expect(renderSummary("fr", [passed])).toEqual([
      "1 vérifications réussies sur 1.",
      "Toutes les vérifications sont réussies.",
    ]);
  });

  test("the JSON report carries rendered evidence and the hint's key", () => {
    const report = buildReport("echo", "127.0.0.1:7007", "en", {
      reachable: true,
      results: [failed],
      ms: 15,
    });
    expect(report.checks[0]).toEqual({
      name: "echo.64k-one",
      title: "64 KiB of all 256 byte values, sent in one write, come back identical",
      status: "fail",
      optional: false,
      ms: 12,
      timedOut: false,
      evidence: {
        sent: "65536 bytes covering all 256 values, in one write",
        expected: "the same 65536 bytes back",
        received: "nothing in 2 s",
      },
      hint: { key: "recvLoop", text: messages("en").checkHints.recvLoop },
    });
    expect([report.passed, report.failed, report.warned]).toEqual([0, 1, 0]);
  });

  test("every check, hint and note exists in both languages", () => {
    const [en, fr] = [messages("en"), messages("fr")];
    for (const table of ["checkTitles", "checkHints", "checkNotes"] as const) {
      expect(Object.keys(fr[table]).sort()).toEqual(Object.keys(en[table]).sort());
    }
    for (const mode of ["echo", "bytes", "length", "game", "chat", "http"] as const) {
      for (const check of planFor(mode)) expect(en.checkTitles[check.name]).toBeString();
    }
  });
});

describe("command line", () => {
  test("a full request", () => {
    const command = parseClientArgs([
      "check",
      "bytes",
      "127.0.0.1:7008",
      "--factor",
      "3",
      "--lang",
      "fr",
      "--json",
      "--timeout",
      "500",
      "--only",
      "each-value",
    ]);
    expect(command).toEqual({
      kind: "check",
      request: {
        mode: "bytes",
        address: { host: "127.0.0.1", port: 7008 },
        lang: "fr",
        json: true,
        only: ["each-value"],
        options: { ...DEFAULT_CHECK_OPTIONS, factor: 3, timeoutMs: 500 },
      },
    });
  });

  test.each([
    [["check"], /needs a mode/],
    [["check", "ftp", "h:1"], /one of echo, bytes/],
    [["check", "echo"], /needs HOST:PORT/],
    [["check", "echo", "h:1", "--lang", "de"], /--lang takes en or fr/],
    [["check", "echo", "h:1", "--only", "nope"], /no echo check called "nope"/],
    [["check", "game", "h:1", "--min", "5"], /go together/],
    [["check", "echo", "h:1", "--timeout", "5"], /--timeout takes/],
    [["check", "echo", "h:1", "--bogus"], /check: /],
  ])("%p is refused with one line", (argv, message) => {
    expect(() => parseClientArgs(argv)).toThrow(UsageError);
    expect(() => parseClientArgs(argv)).toThrow(message);
  });

  test("--only names are the short names the checklist shows", () => {
    expect(checkNames("chat")).toContain("coucou");
    expect(planFor("echo", ["echo.split", "line"]).map((c) => c.name)).toEqual([
      "echo.line",
      "echo.split",
    ]);
  });
});
