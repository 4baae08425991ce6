// The class record end to end: a real server process records a chat into SQLite, is killed with
// SIGKILL mid-traffic, and restarts on the same file; files it cannot use are refused untouched.

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modes } from "@socklab/server";
import { joinChat } from "./support/chat.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer } from "./support/peer.ts";

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), "socklab-record-")), name);

/** A sender in its own process: joins as `nick`, then sends numbered lines as fast as the
 * server takes them, until the server goes away. */
function spawnSender(port: number, nick: string) {
  const script = `
    const net = require("node:net");
    const c = net.connect(${port}, "127.0.0.1", () => {
      c.write("${nick}\\n");
      let i = 0;
      const go = () => { while (c.write("m" + i++ + " la classe parle\\n")) {} };
      c.on("drain", go);
      setTimeout(go, 200);
    });
    c.on("data", () => {});
    c.on("close", () => process.exit(0));
    c.on("error", () => process.exit(0));`;
  return Bun.spawn([process.execPath, "-e", script], { stdout: "ignore", stderr: "ignore" });
}

const RECEIVED = /^\[\d\d:\d\d:\d\d\] <(\w+)> (m\d+) la classe parle$/;

describe.concurrent("--record", () => {
  test("killed with SIGKILL mid-traffic: every line a client read is in the file; after a restart the history replays from it", async () => {
    const file = tempFile("class.db");
    const args = ["chat", "--port", "0", "--host", "127.0.0.1", "--quiet", "--rate", "0"];
    const server = await spawnServer([...args, "--record", file]);
    const reader = await connectPeer(server.port);
    await reader.line();
    reader.send("reader\n");
    await reader.until((line) => line.startsWith("-- You are reader"));
    const senders = [spawnSender(server.port, "ana"), spawnSender(server.port, "ben")];
    const lines = await reader.until(
      (line) => line.includes("m2000 ") && line.includes("<ben>"),
      20_000,
    );
    server.proc.kill("SIGKILL");
    await server.proc.exited;
    await Promise.all(senders.map((s) => s.exited));
    // What the reader got before the kill (more may still have been in flight: counted too).
    const received = [...lines, ...(await reader.closed().then(() => []))]
      .map((line) => RECEIVED.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    expect(received.length).toBeGreaterThan(2000);

    const db = new Database(file, { readonly: true });
    const stored = new Set(
      (db.query("SELECT nick, text FROM messages").all() as { nick: string; text: string }[]).map(
        (row) => `${row.nick} ${row.text.split(" ")[0]}`,
      ),
    );
    const missing = received.filter((line) => !stored.has(line));
    expect(missing).toEqual([]);
    const last = (
      db.query("SELECT nick, text FROM messages ORDER BY id DESC LIMIT 20").all() as {
        nick: string;
        text: string;
      }[]
    )
      .reverse()
      .map((row) => `<${row.nick}> ${row.text}`);
    db.close();

    // The same file after the crash: the server starts, a newcomer reads the last 20 lines.
    const again = await spawnServer([...args, "--record", file]);
    const newcomer = await connectPeer(again.port);
    await newcomer.line();
    newcomer.send("carol\n");
    const replay = await newcomer.until((line) => line.includes(last.at(-1) ?? "?"));
    expect(replay).toContain("-- The last 20 messages:");
    expect(replay.slice(-20).map((line) => line.replace(/^\[\d\d:\d\d:\d\d\] /, ""))).toEqual(last);
    newcomer.close();
    again.proc.kill("SIGTERM");
    expect(await again.proc.exited).toBe(0);
    // Two sessions, the first never stopped (killed), the second stopped cleanly.
    const after = new Database(file, { readonly: true });
    expect(
      after.query("SELECT stopped_at IS NOT NULL AS stopped FROM sessions ORDER BY id").all(),
    ).toEqual([{ stopped: 0 }, { stopped: 1 }]);
    after.close();
  }, 30_000);

  const refused = async (file: string, pattern: RegExp) => {
    const before = readFileSync(file);
    const result = await run([
      ...SERVER_SOURCE,
      "chat",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--record",
      file,
    ]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(readFileSync(file).equals(before)).toBe(true);
  };

  test("a corrupt file: exit 2, one line, not a byte changed", async () => {
    const file = tempFile("corrupt.db");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(4080, 0x5a)]),
    );
    await refused(
      file,
      /^socklab-server: .*corrupt\.db is not a readable socklab record \(corrupt\?\)/,
    );
    const text = tempFile("notes.db");
    writeFileSync(text, "these are my notes, not a database\n".repeat(50));
    await refused(text, /is not a readable socklab record/);
  });

  test("a read-only record: exit 2, one line, unchanged", async () => {
    const file = tempFile("ro.db");
    const db = new Database(file);
    db.run("CREATE TABLE sessions (id INTEGER PRIMARY KEY)");
    db.close();
    chmodSync(file, 0o444);
    await refused(file, /ro\.db is read-only/);
  });

  test("a record from a newer socklab, or another program's database: exit 2, unchanged", async () => {
    const newer = tempFile("newer.db");
    const db = new Database(newer);
    db.run("CREATE TABLE sessions (id INTEGER PRIMARY KEY); PRAGMA user_version = 99");
    db.close();
    await refused(newer, /newer socklab \(record version 99, this one knows up to 1\)/);
    const other = tempFile("other.db");
    const theirs = new Database(other);
    theirs.run("CREATE TABLE grades (student TEXT, grade REAL)");
    theirs.close();
    await refused(other, /an SQLite database but not a socklab record/);
  });

  test("a record another program holds locked: exit 2, one line", async () => {
    const file = tempFile("locked.db");
    const holder = new Database(file);
    holder.run("CREATE TABLE t (x)");
    holder.run("BEGIN EXCLUSIVE");
    holder.run("INSERT INTO t VALUES (1)");
    try {
      const result = await run([...SERVER_SOURCE, "chat", "--port", "0", "--record", file]);
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/locked\.db is locked by another program/);
    } finally {
      holder.run("ROLLBACK");
      holder.close();
    }
  });
});

describe.concurrent("socklab-server record FILE", () => {
  /** A record of one chat session and one game session, made by real servers and clients. */
  async function classRecord(): Promise<string> {
    const file = tempFile("class.db");
    const { startServer } = await import("../packages/server/src/core/server.ts");
    const chat = await startServer({
      mode: modes.chat,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      record: file,
    });
    const alice = await joinChat(chat.port, "alice");
    const bob = await joinChat(chat.port, "bob");
    alice.send("hello, everyone\n");
    alice.send('=1+1 "quoted"\n');
    bob.send("/me waves\n");
    bob.send("/msg alice not for the record\n");
    await alice.until((line) => line.includes("not for the record"));
    await bob.until((line) => line.includes("quoted"));
    await chat.stop();
    const game = await startServer({
      mode: modes.game,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      record: file,
      flags: { min: 1, max: 4, pause: 0, seed: 1 },
    });
    const player = await connectPeer(game.port);
    await player.line();
    player.send("/name alice\n");
    await player.until((line) => line.includes("alice"));
    // Guess 1, 2, 3, 4 in turn: one of them wins round 1.
    for (const n of [1, 2, 3, 4]) {
      player.send(`${n}\n`);
      const [last = ""] = (
        await player.until((line) => /Too|You|won|found|round/i.test(line))
      ).slice(-1);
      if (/won|found|You guessed/i.test(last)) break;
    }
    player.close();
    await game.stop();
    return file;
  }

  test("txt, csv and json: the transcript and the summary per student; private lines are not kept", async () => {
    const file = await classRecord();
    const txt = await run([...SERVER_SOURCE, "record", file]);
    expect(txt.code).toBe(0);
    expect(txt.stdout).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] == session 1: chat server started$/m,
    );
    expect(txt.stdout).toMatch(/\] <alice> hello, everyone$/m);
    expect(txt.stdout).toMatch(/\] \* bob waves$/m);
    expect(txt.stdout).toMatch(
      /\] -- round 1 won by alice in \d attempts: the number was \d \(\d guesses\)$/m,
    );
    expect(txt.stdout).not.toContain("not for the record");
    expect(txt.stdout).toMatch(/^ {2}alice +2 msg +1 won .+ 2x$/m);
    expect(txt.stdout).toMatch(/^ {2}bob +1 msg +0 won .+ 1x$/m);

    const csv = await run([...SERVER_SOURCE, "record", file, "--format", "csv"]);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split("\r\n");
    expect(rows[0]).toBe("time,session,kind,client,name,text");
    // A formula is never run by the spreadsheet; quotes are doubled (RFC 4180).
    expect(rows).toContainEqual(expect.stringMatching(/,message,1,alice,"'=1\+1 ""quoted"""$/));
    const summary = rows.slice(
      rows.indexOf("name,messages,rounds_won,seconds_connected,connections"),
    );
    expect(summary[1]).toMatch(/^alice,2,1,\d+,2$/);
    expect(summary[2]).toMatch(/^bob,1,0,\d+,1$/);

    const json = await run([...SERVER_SOURCE, "record", file, "--format", "json"]);
    const report = JSON.parse(json.stdout);
    expect(report.students.map((s: { name: string }) => s.name)).toEqual(["alice", "bob"]);
    expect(report.entries.filter((e: { kind: string }) => e.kind === "message")).toHaveLength(3);

    // --since: what happened after; a day ahead shows nothing.
    const ahead = await run([...SERVER_SOURCE, "record", file, "--since", "2999-01-01"]);
    expect(ahead.stdout).toContain("  nobody");
    const recent = await run([
      ...SERVER_SOURCE,
      "record",
      file,
      "--since",
      "1h",
      "--format",
      "json",
    ]);
    expect(JSON.parse(recent.stdout).entries.length).toBe(report.entries.length);
  });

  test("bad arguments and missing files: one line, exit 2", async () => {
    const file = await classRecord();
    for (const [args, pattern] of [
      [["record"], /which file/],
      [["record", file, "--format", "xml"], /--format takes txt, csv or json, not "xml"/],
      [["record", file, "--since", "yesterday"], /--since takes a date/],
      [["record", join(tmpdir(), "no-such-record.db")], /no record at/],
    ] as const) {
      const result = await run([...SERVER_SOURCE, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
    }
  });
});
