// chat --cluster: socklab chat servers (real processes) linked through a real nats-server on a
// free loopback port, talked to by raw TCP clients: one room across servers, and its failures.

import { afterAll, describe, expect, test } from "bun:test";
import { connect } from "@nats-io/transport-node";
import { joinChat } from "./support/chat.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { freePort, killNats, started, startNats } from "./support/nats.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

afterAll(killNats);

/** A socklab chat server linked to `url`, as a real process. */
async function chatServer(url: string, name: string, extra: string[] = []) {
  const server = await spawnServer([
    "chat",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--rate",
    "0",
    "--history",
    "0",
    "--cluster",
    url,
    "--server-name",
    name,
    ...extra,
  ]);
  started.push(server.proc);
  return server;
}

/** The lines up to the first holding `text`; the error names what was awaited. */
const said = (peer: Peer, text: string) =>
  peer
    .until((line) => line.includes(text), 8000)
    .catch((error: Error) => {
      throw new Error(`waiting for "${text}": ${error.message}`);
    });

describe.concurrent("chat --cluster", () => {
  test("lines cross between servers in order, none lost, each rendered in its server's language", async () => {
    const nats = await startNats();
    const [a, b] = await Promise.all([
      chatServer(nats.url, "a"),
      chatServer(nats.url, "b", ["--lang", "fr"]),
    ]);
    const alice = await joinChat(a.port, "alice");
    const bob = await connectPeer(b.port);
    await bob.line();
    bob.sendLine("bob");
    await said(bob, "Vous êtes bob");
    await said(alice, "-- bob joined (2 online)");
    const count = 300;
    const burst = (from: Peer, tag: string) =>
      from.send(Array.from({ length: count }, (_, i) => `${tag} ${i}\n`).join(""));
    burst(alice, "a");
    burst(bob, "b");
    const readAll = async (reader: Peer, from: string, tag: string) => {
      const seen: number[] = [];
      while (seen.length < count) {
        const line = await reader.line(8000);
        const match = new RegExp(`<${from}> ${tag} (\\d+)$`).exec(line);
        if (match) seen.push(Number(match[1]));
      }
      return seen;
    };
    const all = Array.from({ length: count }, (_, i) => i);
    expect(await readAll(alice, "bob", "b")).toEqual(all);
    expect(await readAll(bob, "alice", "a")).toEqual(all);
    // A leave crosses too, in the reader's language (each server renders the event itself).
    alice.sendLine("/quit bye");
    // Worded by its kind in the French room (was the English server's own words).
    await said(bob, "alice est parti (départ en disant « bye »)");
  }, 30_000);

  test("a nickname is the room's: taken on another server, and a simultaneous claim has one winner", async () => {
    const nats = await startNats();
    const [a, b] = await Promise.all([chatServer(nats.url, "a"), chatServer(nats.url, "b")]);
    const alice = await joinChat(a.port, "alice");
    const bob = await joinChat(b.port, "bob");
    const other = await connectPeer(b.port);
    await other.line();
    other.sendLine("ALICE");
    await said(other, "-- Someone here is already called alice.");
    await said(other, "-- Nickname?");
    // Two servers, the same name at once, five times over: exactly one of each pair wins.
    for (const name of ["carol", "dan", "erin", "frank", "gina"]) {
      const [onA, onB] = await Promise.all([connectPeer(a.port), connectPeer(b.port)]);
      await Promise.all([onA.line(), onB.line()]);
      onA.sendLine(name);
      onB.sendLine(name);
      const outcome = async (peer: Peer) => {
        const lines = await peer.until(
          (line) => line.startsWith(`-- You are ${name} `) || line.includes("already called"),
          8000,
        );
        return (lines.at(-1) ?? "").startsWith("-- You are") ? "won" : "taken";
      };
      const results = await Promise.all([outcome(onA), outcome(onB)]);
      expect(results.sort()).toEqual(["taken", "won"]);
    }
    // Released when its holder leaves: the other server can have it as soon as it reads so.
    alice.sendLine("/quit");
    await said(bob, "alice left (quit)");
    other.sendLine("alice");
    await said(other, "-- You are alice ");
  }, 30_000);

  test("/msg reaches the server holding the addressee; /who lists the whole room with servers", async () => {
    const nats = await startNats();
    const [a, b] = await Promise.all([chatServer(nats.url, "a"), chatServer(nats.url, "b")]);
    const alice = await joinChat(a.port, "alice");
    const bob = await joinChat(b.port, "bob");
    const carol = await joinChat(b.port, "carol");
    await said(alice, "carol joined");
    alice.sendLine("/msg bob psst");
    await said(bob, "<alice -> bob> psst");
    await said(alice, "<alice -> bob> psst");
    carol.sendLine("after");
    // carol, on bob's server, never reads the private line: the next thing she reads from
    // alice's side is alice's public one.
    alice.sendLine("public");
    const lines = await said(carol, "<alice> public");
    expect(lines.some((line) => line.includes("psst"))).toBe(false);
    alice.sendLine("/msg nobody hi");
    await said(alice, "-- No one here is called nobody; nothing was sent.");
    alice.sendLine("/who");
    const who = await alice.until((line) => line.includes("carol (idle"), 8000);
    expect(who.slice(-4)).toEqual([
      "-- 3 online:",
      expect.stringMatching(/^-- {3}alice \(idle .*\) on a$/),
      expect.stringMatching(/^-- {3}bob \(idle .*\) on b$/),
      expect.stringMatching(/^-- {3}carol \(idle .*\) on b$/),
    ]);
  }, 30_000);

  test("a server killed with SIGKILL: the others announce its members as left", async () => {
    const nats = await startNats();
    const [a, c] = await Promise.all([chatServer(nats.url, "a"), chatServer(nats.url, "c")]);
    const alice = await joinChat(a.port, "alice");
    const dave = await joinChat(c.port, "dave");
    await said(alice, "dave joined");
    c.proc.kill("SIGKILL");
    await said(alice, "-- dave left (server c lost)");
    expect(dave.isClosed).toBe(true);
    // And the name is free again for the living.
    const again = await joinChat(a.port, "dave");
    again.sendLine("/who");
    await said(again, "-- 2 online:");
  }, 30_000);

  test("a reservation left by a server that died alone is taken over once its heartbeats are surely gone", async () => {
    const nats = await startNats();
    const a = await chatServer(nats.url, "a");
    await joinChat(a.port, "alice");
    a.proc.kill("SIGKILL");
    await a.proc.exited;
    // Nobody saw a go: its reservation of alice is still in the bucket.
    const b = await chatServer(nats.url, "b");
    const peer = await connectPeer(b.port);
    await peer.line();
    peer.sendLine("alice");
    await said(peer, "-- Someone here is already called alice.");
    // Asked again until the server is sure a is gone (no heartbeat for DEAD_AFTER_MS since it
    // linked): each answer is awaited, the last one must be the name. (Nothing on the wire
    // marks that moment, so the asking is paced: a tenth of a second between two tries.)
    let answer = "";
    while (!answer.startsWith("-- You are alice ")) {
      await Bun.sleep(100);
      peer.sendLine("alice");
      const lines = await peer.until(
        (line) => line.startsWith("-- You are alice ") || line === "-- Nickname?",
        8000,
      );
      answer = lines.at(-1) ?? "";
    }
  }, 30_000);

  test("a server stopped with SIGTERM says goodbye: its members leave at once, it exits 0", async () => {
    const nats = await startNats();
    const [a, c] = await Promise.all([chatServer(nats.url, "a"), chatServer(nats.url, "c")]);
    const alice = await joinChat(a.port, "alice");
    await joinChat(c.port, "dave");
    await said(alice, "dave joined");
    c.proc.kill("SIGTERM");
    await said(alice, "-- dave left (server c stopped)");
    expect(await c.proc.exited).toBe(0);
  }, 30_000);

  test("--cluster is the chat's: elsewhere, or unreachable, or malformed, it is a one-line usage error", async () => {
    const nats = await startNats();
    const cases = [
      ["echo", "--port", "0", "--cluster", nats.url],
      ["chat", "--port", "0", "--cluster", `nats://127.0.0.1:${freePort()}`],
      ["chat", "--port", "0", "--cluster", "http://127.0.0.1:4222"],
      ["chat", "--port", "0", "--room", "physics"],
      ["chat", "--port", "0", "--cluster", nats.url, "--room", "a.b"],
    ];
    for (const args of cases) {
      const { code, stderr } = await run([...SERVER_SOURCE, ...args]);
      expect({ args, code, lines: stderr.trim().split("\n").length }).toEqual({
        args,
        code: 2,
        lines: 1,
      });
    }
  }, 30_000);

  test("nats-server restarted mid-chat: local chat goes on, the room is told, the link comes back", async () => {
    const nats = await startNats();
    const [a, b] = await Promise.all([
      chatServer(nats.url, "a"),
      chatServer(nats.url, "b", ["--lang", "fr"]),
    ]);
    const alice = await joinChat(a.port, "alice");
    const ann = await joinChat(a.port, "ann");
    const bob = await connectPeer(b.port);
    await bob.line();
    bob.sendLine("bob");
    await said(alice, "bob joined");
    await nats.stop();
    await said(alice, "-- Link to the other rooms lost: the chat goes on here");
    await said(bob, "-- Lien avec les autres salles perdu");
    alice.sendLine("still here");
    await said(ann, "<alice> still here");
    await nats.start();
    await said(alice, "-- Link to the other rooms back.");
    await said(bob, "-- Lien avec les autres salles rétabli.");
    // Each server announces its members again once it is back: bob is in alice's room again.
    await said(alice, "bob joined");
    bob.sendLine("back");
    await said(alice, "<bob> back");
    await said(ann, "<bob> back");
  }, 30_000);

  test("whatever is published straight to NATS is checked as a client's line: malformed ones are dropped", async () => {
    const nats = await startNats();
    const a = await chatServer(nats.url, "a");
    const alice = await joinChat(a.port, "alice");
    const nc = await connect({ servers: nats.url.replace("nats://", "") });
    const subject = "socklab.chat.class.events";
    const envelope = (event: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ v: 1, server: "f00dfeedf00dfeed", name: "x", event, ...extra });
    const msg = (from: string, text: unknown) => ({ type: "message", at: 0, from, text });
    nc.publish(subject, new Uint8Array([0xff, 0xfe, 0x00]));
    nc.publish(subject, "{not json");
    nc.publish(subject, envelope(msg("mallory", "wrong version"), { v: 2 }));
    nc.publish(subject, envelope(msg("bad nick", "spaces in the name")));
    nc.publish(subject, envelope(msg("teacher", "the teacher's name")));
    nc.publish(subject, envelope({ type: "system", at: 0, text: "a system line" }));
    nc.publish(subject, envelope(msg("mallory", 42)));
    nc.publish(subject, envelope(msg("mallory", "x".repeat(3000))));
    nc.publish(subject, envelope(msg("mallory", "clear\x1b[2J screen")));
    nc.publish(subject, envelope(msg("mallory", "last")));
    await nc.flush();
    const lines = await said(alice, "<mallory> last");
    expect(lines.filter((line) => line.includes("<"))).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] <mallory> clear screen$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] <mallory> last$/),
    ]);
    expect(lines.join("\n")).not.toContain("system line");
    while (!a.output.includes("dropped 1 malformed message from the cluster")) await Bun.sleep(10);
    // The server is still there for everyone.
    alice.sendLine("/who");
    await said(alice, "-- 1 online:");
    await nc.close();
  }, 30_000);
});
