// The class view's state, without sockets: what the lab server told it (clients, chunks, the
// chat's public lines, the game, HTTP requests), bounded, and the batch of changes not yet sent.
// view.ts serves it; unit tests drive it directly.

import type { ChatEvent } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";

/** Chunks (or datagrams) kept per client for the timeline: a screen's width of blocks; older
 * ones fall off, so a client that sends for an hour costs the same as one that sent 40 times. */
export const CHUNKS_KEPT = 40;
/** Bytes of each chunk kept for its hex + text: enough to read a line or a header on hover;
 * the block's width still shows the whole size. */
export const CHUNK_PREVIEW = 64;
/** Public chat lines kept (and replayed to a page that opens): a projector shows fewer. */
export const CHAT_KEPT = 50;
/** A chat line longer than this is cut for the page (the room already caps lines at --max-line). */
const CHAT_TEXT_MAX = 300;
/** HTTP requests listed, and rounds of the game kept in its history. */
export const HTTP_KEPT = 20;
export const ROUNDS_KEPT = 10;
/** Scoreboard rows sent: a class fits; a load test's 200 bots do not fill the page. */
const SCORES_SHOWN = 20;
/** Changes held between two flushes. Past it the batch is dropped and every page gets a fresh
 * snapshot instead (which is bounded): a burst never grows the view's memory. */
export const MAX_PENDING = 500;
/** A path longer than this is cut on the page. */
const PATH_MAX = 80;
/** Connected clients sent in a snapshot and tracked: far above --max-clients' default; past it
 * newcomers are counted but not listed, so the view's memory has a ceiling whatever the flags. */
export const ROWS_MAX = 2000;

export interface ChunkView {
  size: number;
  hex: string;
  text: string;
  label: string;
  /** A UDP datagram (whole by definition), not a TCP read. */
  dgram?: true;
}

interface Row {
  id: number;
  peer: string;
  since: number;
  name: string | undefined;
  bytesIn: number;
  /** What the kernel took from the server for this client (TCP; UDP rows stay at 0). */
  bytesOut: number;
  chunks: ChunkView[];
}

export interface ChatLine {
  at: number;
  /** A message's sender; absent for joins, leaves and renames (their text says it all). */
  from?: string;
  text: string;
  action?: true;
}

interface Player {
  name: string;
  /** Best "too small" guess so far, and best "too big": the interval still open. */
  lo: number | undefined;
  hi: number | undefined;
}

export interface GameScore {
  name: string;
  wins: number;
  best: number | null;
}

export interface HttpLine {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** One change sent to the pages, built once and encoded once for all of them. */
export type ViewEvent =
  | { k: "open"; id: number; peer: string; since: number }
  | { k: "close"; id: number }
  | { k: "name"; id: number; name: string }
  | { k: "chunk"; id: number; chunk: ChunkView };

/** Hex of the bytes, spaced; dots for what is not printable ASCII. */
function preview(bytes: Uint8Array): { hex: string; text: string } {
  const head = bytes.subarray(0, CHUNK_PREVIEW);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, "0")).join(" ");
  const text = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "."));
  const more = bytes.length > head.length ? " …" : "";
  return { hex: hex + more, text: text.join("") + more };
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The view of one lab server.
 *
 * @example
 * const state = new ViewState("inspect", messages("en"));
 * state.opened(1, "127.0.0.1:5000", Date.now());
 * state.read(1, new TextEncoder().encode("hello"));
 * state.take(); // '{"t":"batch",...}' for every page, or undefined when nothing changed
 */
export class ViewState {
  readonly mode: string;
  /** A page is open: changes are kept for the next batch. Without one only the state itself is
   * kept (a page that opens gets a snapshot), so an unwatched view holds no pending changes. */
  watching = true;
  private readonly msg: Messages;
  private readonly rows = new Map<number, Row>();
  private readonly chat: ChatLine[] = [];
  /** UDP senders by address:port (they stay listed: UDP never says a sender is gone; ROWS_MAX
   * bounds them). */
  private readonly senders = new Map<string, Row>();
  private nextSender = -1;
  private pending: ViewEvent[] = [];
  /** Chat lines since the last flush, the last CHAT_KEPT only: at full rate a page would scroll
   * the older ones away at once, so a batch stays a few KiB however fast the room talks. */
  private pendingChat: ChatLine[] = [];
  /** Clients whose byte count changed since the last flush. */
  private readonly traffic = new Set<Row>();
  /** The pending batch overflowed: the next flush is a snapshot. */
  private resync = false;
  private gameDirty = false;
  private httpDirty = false;
  private banner: { hosts: string[]; port: number; commands: string[] } = {
    hosts: [],
    port: 0,
    commands: [],
  };
  // ── game ──
  private round = 0;
  private min = 0;
  private max = 0;
  private guesses = 0;
  private readonly players = new Map<number, Player>();
  private scores: GameScore[] = [];
  private readonly rounds: string[] = [];
  // ── http ──
  private readonly requests: HttpLine[] = [];
  private readonly statuses = new Map<number, number>();
  /** Requests counted per flush interval over the last second (a ring): requests per second. */
  private readonly perTick: number[] = [];
  private thisTick = 0;

  constructor(mode: string, msg: Messages) {
    this.mode = mode;
    this.msg = msg;
  }

  setBanner(hosts: string[], port: number, commands: string[]): void {
    this.banner = { hosts, port, commands };
  }

  private push(event: ViewEvent): void {
    if (this.resync || !this.watching) return;
    if (this.pending.length >= MAX_PENDING) {
      this.pending = [];
      this.resync = true;
      return;
    }
    this.pending.push(event);
  }

  opened(id: number, peer: string, since: number): void {
    if (this.rows.size >= ROWS_MAX) return;
    this.rows.set(id, { id, peer, since, name: undefined, bytesIn: 0, bytesOut: 0, chunks: [] });
    this.push({ k: "open", id, peer, since });
  }

  closed(id: number): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    this.rows.delete(id);
    this.traffic.delete(row);
    this.push({ k: "close", id });
    if (this.players.delete(id)) this.gameDirty = true;
  }

  /** Bytes read from a client; `keep` records the chunk itself for the timeline (inspect). */
  read(id: number, bytes: Uint8Array, keep: boolean): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    row.bytesIn += bytes.length;
    if (this.watching) this.traffic.add(row);
    if (keep) this.chunk(row, bytes, false);
  }

  /** A UDP datagram: its sender gets a row of its own (UDP has no connection to list). */
  datagram(peer: string, bytes: Uint8Array, at: number): void {
    let row = this.senders.get(peer);
    if (row === undefined) {
      if (this.rows.size >= ROWS_MAX) return;
      // Senders are numbered down from -1 so they never meet a TCP client's number.
      const id = this.nextSender--;
      row = { id, peer, since: at, name: "UDP", bytesIn: 0, bytesOut: 0, chunks: [] };
      this.rows.set(id, row);
      this.senders.set(peer, row);
      this.push({ k: "open", id, peer, since: at });
      this.push({ k: "name", id, name: "UDP" });
    }
    row.bytesIn += bytes.length;
    if (this.watching) this.traffic.add(row);
    this.chunk(row, bytes, true);
  }

  private chunk(row: Row, bytes: Uint8Array, dgram: boolean): void {
    const chunk: ChunkView = {
      size: bytes.length,
      ...preview(bytes),
      label: this.msg.viewBytes(bytes.length),
      ...(dgram && { dgram: true as const }),
    };
    row.chunks.push(chunk);
    if (row.chunks.length > CHUNKS_KEPT) row.chunks.shift();
    this.push({ k: "chunk", id: row.id, chunk });
  }

  /** The total written to a client so far (view.ts reads it from the socket at each flush). */
  wrote(id: number, total: number): void {
    const row = this.rows.get(id);
    if (row === undefined || row.bytesOut === total) return;
    row.bytesOut = total;
    if (this.watching) this.traffic.add(row);
  }

  named(id: number, name: string): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    row.name = name;
    this.push({ k: "name", id, name });
  }

  /** A chat event that went to the whole room. Private messages are never given here; should one
   * be, it is refused all the same (the page is projected). */
  chatEvent(event: ChatEvent): void {
    let line: ChatLine;
    switch (event.type) {
      case "message":
        line = {
          at: event.at,
          from: event.from,
          text: cut(event.text, CHAT_TEXT_MAX),
          ...(event.action && { action: true as const }),
        };
        break;
      case "join":
        line = { at: event.at, text: this.msg.viewChatJoin(event.nick) };
        break;
      case "leave":
        line = { at: event.at, text: this.msg.viewChatLeave(event.nick, event.reason) };
        break;
      case "nick":
        line = { at: event.at, text: this.msg.viewChatNick(event.from, event.to) };
        break;
      case "system": // what the server says to the whole room (announcements, "Bonjour")
        line = { at: event.at, text: cut(event.text, CHAT_TEXT_MAX) };
        break;
      default:
        return; // private, error, who: never for the room's wall
    }
    this.chat.push(line);
    if (this.chat.length > CHAT_KEPT) this.chat.shift();
    if (!this.watching) return;
    this.pendingChat.push(line);
    if (this.pendingChat.length > CHAT_KEPT) this.pendingChat.shift();
  }

  gameRound(round: number, min: number, max: number): void {
    this.round = round;
    this.min = min;
    this.max = max;
    this.guesses = 0;
    for (const player of this.players.values()) {
      player.lo = undefined;
      player.hi = undefined;
    }
    this.gameDirty = true;
  }

  gameGuess(id: number, name: string, guess: number, result: "small" | "big"): void {
    this.guesses++;
    let player = this.players.get(id);
    if (player === undefined) {
      if (this.players.size >= ROWS_MAX) return;
      player = { name, lo: undefined, hi: undefined };
      this.players.set(id, player);
    }
    player.name = name;
    if (result === "small") player.lo = Math.max(player.lo ?? guess, guess);
    else player.hi = Math.min(player.hi ?? guess, guess);
    this.gameDirty = true;
  }

  /** The round is won: only now does the secret reach the view. */
  gameWin(round: number, winner: string, attempts: number, secret: number, scores: GameScore[]) {
    this.guesses++;
    this.scores = scores.slice(0, SCORES_SHOWN);
    this.rounds.unshift(this.msg.viewGameWon(round, winner, attempts, secret));
    if (this.rounds.length > ROUNDS_KEPT) this.rounds.pop();
    this.gameDirty = true;
  }

  httpRequest(method: string, path: string, status: number, ms: number): void {
    this.requests.unshift({ method: cut(method, 16), path: cut(path, PATH_MAX), status, ms });
    if (this.requests.length > HTTP_KEPT) this.requests.pop();
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.thisTick++;
    this.httpDirty = true;
  }

  private gameView() {
    const m = this.msg;
    return {
      round: m.viewGameRound(this.round),
      range: m.viewGameRange(this.min, this.max),
      guesses: m.viewGameGuesses(this.guesses),
      min: this.min,
      max: this.max,
      players: [...this.players.values()]
        .filter((p) => p.lo !== undefined || p.hi !== undefined)
        .slice(0, SCORES_SHOWN)
        .map((p) => ({ name: p.name, lo: p.lo ?? this.min, hi: p.hi ?? this.max })),
      scores: this.scores,
      rounds: this.rounds,
    };
  }

  private httpView() {
    return {
      rate: this.perTick.reduce((a, b) => a + b, 0),
      requests: this.requests,
      statuses: [...this.statuses].sort((a, b) => a[0] - b[0]),
    };
  }

  /** The static sentences the page shows, in the server's language. */
  private strings() {
    const m = this.msg;
    return {
      connectTo: m.viewConnectTo,
      port: m.viewPort,
      or: m.viewOr,
      clients: m.viewClients,
      noClients: m.viewNoClients,
      number: m.viewNumber,
      name: m.viewName,
      address: m.viewAddress,
      since: m.viewSince,
      bytesIn: m.viewBytesIn,
      bytesOut: m.viewBytesOut,
      traffic: m.viewTraffic,
      joined: m.viewJoined,
      left: m.viewLeft,
      reconnecting: m.viewReconnecting,
      timeline: m.viewTimeline,
      timelineNote: m.viewTimelineNote,
      chat: m.viewChat,
      intervals: m.viewGameIntervals,
      scores: m.viewGameScores,
      wins: m.viewGameWins,
      best: m.viewGameBest,
      history: m.viewGameHistory,
      httpRate: m.viewHttpRate,
      httpLast: m.viewHttpLast,
      httpStatuses: m.viewHttpStatuses,
      httpTime: m.viewHttpTime,
    };
  }

  /** Everything a page needs when it opens (or resynchronises), encoded. */
  snapshot(): string {
    return JSON.stringify({
      t: "hello",
      mode: this.mode,
      title: this.msg.viewTitle(this.mode),
      s: this.strings(),
      banner: this.banner,
      clients: [...this.rows.values()],
      chat: this.mode === "chat" ? this.chat : undefined,
      game: this.mode === "game" ? this.gameView() : undefined,
      http: this.mode === "http" ? this.httpView() : undefined,
    });
  }

  /** One flush interval passed (view.ts runs it every FLUSH_MS while pages are open): the
   * changes since the last, encoded once for every page, or undefined when nothing changed. */
  take(ticksPerSecond = 10): string | undefined {
    if (this.mode === "http") {
      this.perTick.push(this.thisTick);
      if (this.perTick.length > ticksPerSecond) {
        const gone = this.perTick.shift() ?? 0;
        if (gone !== 0 || this.thisTick !== 0) this.httpDirty = true;
      }
      this.thisTick = 0;
    }
    if (this.resync) {
      this.resync = false;
      this.pending = [];
      this.pendingChat = [];
      this.traffic.clear();
      this.gameDirty = false;
      this.httpDirty = false;
      return this.snapshot();
    }
    if (
      this.pending.length === 0 &&
      this.pendingChat.length === 0 &&
      this.traffic.size === 0 &&
      !this.gameDirty &&
      !this.httpDirty
    )
      return undefined;
    const traffic = [...this.traffic].map((row) => [row.id, row.bytesIn, row.bytesOut]);
    const out = JSON.stringify({
      t: "batch",
      ev: this.pending,
      chat: this.pendingChat.length > 0 ? this.pendingChat : undefined,
      traffic,
      game: this.gameDirty ? this.gameView() : undefined,
      http: this.httpDirty ? this.httpView() : undefined,
    });
    this.pending = [];
    this.pendingChat = [];
    this.traffic.clear();
    this.gameDirty = false;
    this.httpDirty = false;
    return out;
  }

  /** No page is open: changes need not be kept for one (a page that opens gets a snapshot). */
  forget(): void {
    this.pending = [];
    this.pendingChat = [];
    this.traffic.clear();
    this.resync = false;
  }
}
