// game mode under a class-and-a-half of programs: 200 binary-search bots over real sockets guess
// at once for 10 rounds; each round has exactly one winner and every bot is told who.

import { afterAll, expect, test } from "bun:test";
import { decodeEvent, type GameEvent } from "@socklab/protocol";
import { modes } from "@socklab/server";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { randomInt, seededRandom } from "../packages/server/src/game/random.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

/** Twice a big class; bounded so the test stays modest on a shared machine. */
const BOTS = 200;
const ROUNDS = 10;
const SEED = 99;
/** Generous: on a loaded machine one event may wait behind thousands of others. */
const EVENT_WAIT_MS = 20_000;

let server: RunningServer;
const peers: Peer[] = [];
afterAll(async () => {
  for (const peer of peers) peer.close();
  await server?.stop();
});

interface Seen {
  round: number;
  winner: string;
  secret: number;
  attempts: number;
  self: boolean;
}

async function nextEvent(peer: Peer): Promise<GameEvent> {
  const line = await peer.line(EVENT_WAIT_MS);
  const event = decodeEvent(line) as GameEvent | undefined;
  if (!event) throw new Error(`not a JSON event: ${line}`);
  return event;
}

/** One bot: JSON events, one guess in flight at a time, binary search within what it was told.
 * A hint always concerns the current secret: the server sends the round event before it judges
 * any guess of the new round, and one connection's events arrive in order. */
async function bot(index: number, ready: () => void, go: Promise<void>): Promise<Seen[]> {
  const peer = await connectPeer(server.port);
  peers.push(peer);
  peer.sendLine("/proto json");
  // Text comes first (the welcome, others' joins), until the server takes our /proto json.
  const first = (await peer.until((line) => line.startsWith("{"), EVENT_WAIT_MS)).at(-1);
  const welcome = decodeEvent(first ?? "") as GameEvent | undefined;
  if (welcome?.type !== "welcome") throw new Error(`bot ${index}: expected welcome, got ${first}`);
  const { min, max } = welcome;
  const name = `bot${index}`;
  peer.sendLine(`/name ${name}`);
  for (;;) {
    const event = await nextEvent(peer);
    if (event.type === "nick" && event.self) break;
  }
  ready();
  await go;

  let lo = min;
  let hi = max;
  let inFlight = false;
  const guess = () => {
    inFlight = true;
    peer.sendLine(String(Math.floor((lo + hi) / 2)));
  };
  const seen: Seen[] = [];
  guess();
  while (seen.length < ROUNDS) {
    const event = await nextEvent(peer);
    switch (event.type) {
      case "hint":
        inFlight = false;
        if (event.result === "small") lo = event.guess + 1;
        else hi = event.guess - 1;
        if (lo > hi) throw new Error(`bot ${index}: inconsistent hints (${lo} > ${hi})`);
        guess();
        break;
      case "error":
        if (event.code !== "round_over")
          throw new Error(`bot ${index}: ${event.code} ${event.text}`);
        inFlight = false; // wait for the round event
        break;
      case "win":
        seen.push({
          round: event.round,
          winner: event.winner,
          secret: event.secret,
          attempts: event.attempts,
          self: event.self,
        });
        if (event.self) {
          if (event.winner !== name) throw new Error(`bot ${index} won as ${event.winner}`);
          inFlight = false;
        }
        break;
      case "round":
        lo = event.min;
        hi = event.max;
        if (!inFlight) guess();
        break;
      default:
        break; // join, leave, pause, nick: news, not moves
    }
  }
  return seen;
}

test(`${BOTS} binary-search bots, ${ROUNDS} rounds: one winner per round, every bot told who`, async () => {
  server = await startServer({
    mode: modes.game,
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    maxClients: BOTS + 10,
    // A 10 ms pause: bots still meet the pause (round_over, then the round event) every round,
    // and ten rounds do not wait long for it.
    // --rate 0: each bot guesses as fast as it reads its answers (scripts, not people).
    flags: { seed: SEED, pause: 0.01, rate: 0 },
  });
  let readyCount = 0;
  let start!: () => void;
  const go = new Promise<void>((resolve) => {
    start = resolve;
  });
  const ready = () => {
    if (++readyCount === BOTS) start();
  };
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: BOTS }, (_, i) => bot(i + 1, ready, go)));
  const elapsed = performance.now() - started;

  const random = seededRandom(SEED);
  const expectedSecrets = Array.from({ length: ROUNDS }, () => randomInt(random, 0, 1000));
  for (let r = 0; r < ROUNDS; r++) {
    const reference = results[0]?.[r] as Seen;
    expect(reference.round).toBe(r + 1);
    expect(reference.secret).toBe(expectedSecrets[r] as number);
    // Every bot heard of this round's win, with the same winner, secret and attempt count…
    const views = results.map((seen) => {
      const s = seen[r] as Seen;
      return { round: s.round, winner: s.winner, secret: s.secret, attempts: s.attempts };
    });
    expect(new Set(views.map((v) => JSON.stringify(v))).size).toBe(1);
    // …and exactly one bot was told it won: the one named as the winner.
    const selves = results.flatMap((seen, i) => ((seen[r] as Seen).self ? [`bot${i + 1}`] : []));
    expect(selves).toEqual([reference.winner]);
  }
  console.log(
    `game load: ${BOTS} bots, ${ROUNDS} rounds in ${Math.round(elapsed)} ms (connect, name, play)`,
  );
}, 120_000);
