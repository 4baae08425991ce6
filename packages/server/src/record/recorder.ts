// The class record while a server runs (--record FILE): what happened (connections, chat
// messages, game rounds and guesses) queued as it happens and committed in one transaction per
// turn of the event loop, always before that turn's output reaches any client.

import type { Database, Statement } from "bun:sqlite";
import { beforeOutboxFlush } from "@socklab/protocol";
import { openStore } from "./store.ts";

/** What the record needs of a connection (a core Connection has it all). */
export interface RecordedConnection {
  readonly id: number;
  readonly peer: string;
  readonly openedAt: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** A public message as the chat's history replays it after a restart. */
export interface RecordedMessage {
  at: number;
  nick: string;
  text: string;
  action: boolean;
}

/** Rows waiting for the end of the turn. A busy chat turn is a few hundred lines at most (the
 * senders' flood control bounds it); they are all committed before the turn's output leaves. */
type Pending = [Statement, (string | number | null)[]];

/**
 * One server's record.
 *
 * @example
 * const record = Recorder.open("class.db", { mode: "chat", flags: {} });
 * record.message(conn.id, "alice", "hello", Date.now());
 * record.close();
 */
export class Recorder {
  readonly recordPrivate: boolean;
  private readonly db: Database;
  private readonly session: number;
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly off: () => void;
  private readonly insert: {
    connection: Statement;
    named: Statement;
    gone: Statement;
    message: Statement;
    round: Statement;
    roundEnd: Statement;
    guess: Statement;
  };

  private constructor(db: Database, mode: string, flags: unknown, recordPrivate: boolean) {
    this.db = db;
    this.recordPrivate = recordPrivate;
    const row = db
      .query("INSERT INTO sessions (mode, flags, started_at) VALUES (?, ?, ?) RETURNING id")
      .get(mode, JSON.stringify(flags), Date.now()) as { id: number };
    this.session = row.id;
    this.insert = {
      connection: db.prepare(
        "INSERT INTO connections (session, client, address, connected_at) VALUES (?, ?, ?, ?)",
      ),
      named: db.prepare("UPDATE connections SET name = ? WHERE session = ? AND client = ?"),
      gone: db.prepare(
        "UPDATE connections SET disconnected_at = ?, reason = ?, bytes_in = ?, bytes_out = ? WHERE session = ? AND client = ?",
      ),
      message: db.prepare(
        "INSERT INTO messages (session, at, client, nick, text, action, private_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      round: db.prepare(
        "INSERT OR REPLACE INTO rounds (session, round, secret, min, max, started_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      roundEnd: db.prepare(
        "UPDATE rounds SET ended_at = ?, winner = ?, winner_client = ?, attempts = ? WHERE session = ? AND round = ?",
      ),
      guess: db.prepare(
        "INSERT INTO guesses (session, round, client, name, guess, at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
    };
    this.off = beforeOutboxFlush(this.commit);
  }

  /** Opens `file` (see openStore: a file it cannot use throws UsageError) and starts a session. */
  static open(
    file: string,
    session: { mode: string; flags: unknown; recordPrivate?: boolean },
  ): Recorder {
    return new Recorder(
      openStore(file),
      session.mode,
      session.flags,
      session.recordPrivate === true,
    );
  }

  connected(conn: RecordedConnection): void {
    this.queue(this.insert.connection, [this.session, conn.id, conn.peer, conn.openedAt]);
  }

  named(client: number, name: string): void {
    this.queue(this.insert.named, [name, this.session, client]);
  }

  disconnected(conn: RecordedConnection, reason: string): void {
    this.queue(this.insert.gone, [
      Date.now(),
      reason,
      conn.bytesIn,
      conn.bytesOut,
      this.session,
      conn.id,
    ]);
  }

  /** A chat line; `to` (the addressees) makes it private, kept only with --record-private. */
  message(client: number, nick: string, text: string, at: number, action = false, to?: string[]) {
    if (to !== undefined && !this.recordPrivate) return;
    this.queue(this.insert.message, [
      this.session,
      at,
      client,
      nick,
      text,
      action ? 1 : 0,
      to === undefined ? null : to.join(","),
    ]);
  }

  roundStarted(round: number, secret: number, min: number, max: number): void {
    this.queue(this.insert.round, [this.session, round, secret, min, max, Date.now()]);
  }

  guess(round: number, client: number, name: string, guess: number): void {
    this.queue(this.insert.guess, [this.session, round, client, name, guess, Date.now()]);
  }

  /** The round is over: won (winner, attempts) or ended by the teacher (no winner). */
  roundEnded(round: number, winner?: { name: string; client: number; attempts: number }): void {
    this.queue(this.insert.roundEnd, [
      Date.now(),
      winner?.name ?? null,
      winner?.client ?? null,
      winner?.attempts ?? null,
      this.session,
      round,
    ]);
  }

  /** The last `count` public chat messages, any session, oldest first (the history a restarted
   * chat replays). */
  lastMessages(count: number): RecordedMessage[] {
    if (count <= 0) return [];
    const rows = this.db
      .query(
        "SELECT at, nick, text, action FROM messages WHERE private_to IS NULL ORDER BY id DESC LIMIT ?",
      )
      .all(count) as { at: number; nick: string; text: string; action: number }[];
    return rows.reverse().map((row) => ({ ...row, action: row.action === 1 }));
  }

  /** Writes what is queued, in one transaction. Runs before each end-of-turn flush of the
   * outboxes (so nothing a client reads is missing from the file) and on its own turn when
   * nothing was sent. A failed write is reported once per turn, never thrown at the server. */
  readonly commit = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => {
        for (const [statement, params] of rows) statement.run(...params);
      })();
    } catch (error) {
      process.stderr.write(`socklab-server: record: ${(error as Error).message}\n`);
    }
  };

  /** The server stops: the session's end, everything committed, the file closed (the WAL
   * folded back into it). */
  close(): void {
    this.commit();
    this.off();
    try {
      this.db.run("UPDATE sessions SET stopped_at = ? WHERE id = ?", [Date.now(), this.session]);
      this.db.close();
    } catch (error) {
      process.stderr.write(`socklab-server: record: ${(error as Error).message}\n`);
    }
  }

  private queue(statement: Statement, params: (string | number | null)[]): void {
    this.pending.push([statement, params]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.commit);
    }
  }
}
