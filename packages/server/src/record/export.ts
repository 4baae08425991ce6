// `socklab-server record FILE [--format txt|csv|json] [--since WHEN]`: the class record read
// back for the teacher: the transcript (who came, what was said, the rounds) and a summary per
// student to grade participation. Entries are built once, then rendered by one function per format.

import type { Database } from "bun:sqlite";
import { ArgvError, parseArgv } from "@socklab/protocol";
import { usage, usageLang, usageText } from "../usage.ts";
import { openStore } from "./store.ts";

export const EXPORT_FORMATS = ["txt", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One thing that happened, in time order. */
export type Entry =
  | { kind: "start"; at: number; session: number; mode: string }
  | { kind: "stop"; at: number; session: number }
  | { kind: "connect"; at: number; session: number; client: number; address: string }
  | {
      kind: "disconnect";
      at: number;
      session: number;
      client: number;
      name: string;
      reason: string;
    }
  | {
      kind: "message";
      at: number;
      session: number;
      client: number;
      nick: string;
      text: string;
      action: boolean;
      to: string[] | null;
    }
  | { kind: "round"; at: number; session: number; round: number; min: number; max: number }
  | {
      kind: "round_end";
      at: number;
      session: number;
      round: number;
      secret: number;
      winner: string | null;
      attempts: number | null;
      guesses: number;
    };

/** What one student did, summed over the sessions shown. */
export interface StudentSummary {
  name: string;
  messages: number;
  roundsWon: number;
  /** Whole seconds connected (a connection the server never saw close counts up to the end of
   * its session, or to its last recorded event when the server was killed). */
  secondsConnected: number;
  connections: number;
}

export interface Report {
  since: number | null;
  entries: Entry[];
  students: StudentSummary[];
}

/** Runs the export command; returns the exit code. Throws UsageError for bad input. */
export function recordCommand(argv: string[], write: (text: string) => void): number {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv, {
      format: { type: "string" },
      since: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    throw usage("recordFlagsOf", error);
  }
  if (parsed.values.help) {
    write(`${usageText(usageLang(argv, process.env)).recordHelp.join("\n")}\n`);
    return 0;
  }
  const [file, extra] = parsed.positionals;
  if (file === undefined) throw usage("recordWhichFile");
  if (extra !== undefined) throw usage("unexpected", extra);
  const format = String(parsed.values.format ?? "txt");
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw usage("recordBadFormat", format);
  const since =
    parsed.values.since === undefined ? null : parseSince(String(parsed.values.since), Date.now());
  const db = openStore(file, { readonly: true });
  try {
    write(render(buildReport(db, since), format as ExportFormat));
  } finally {
    db.close();
  }
  return 0;
}

/**
 * A --since value as ms since the epoch.
 *
 * @example
 * parseSince("2h", now)          // now - 7_200_000
 * parseSince("2026-12-02", now)  // local midnight that day
 */
export function parseSince(text: string, now: number): number {
  const span = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (span) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as "m" | "h" | "d"];
    return now - Number(span[1]) * unit;
  }
  // A date alone is local midnight (Date.parse would take it as UTC).
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime();
  const at = Date.parse(text.trim().replace(" ", "T"));
  if (Number.isNaN(at)) throw usage("recordBadSince", text);
  return at;
}

/** Reads the whole record (a class's worth: thousands of rows, not millions) into entries. */
export function buildReport(db: Database, since: number | null): Report {
  const from = since ?? Number.NEGATIVE_INFINITY;
  const entries: Entry[] = [];
  type SessionRow = { id: number; mode: string; started_at: number; stopped_at: number | null };
  const sessions = db
    .query("SELECT id, mode, started_at, stopped_at FROM sessions")
    .all() as SessionRow[];
  /** Where a session ended: its stop, else (killed) its last recorded event. */
  const ends = new Map<number, number>();
  for (const s of sessions) {
    const last = db
      .query(
        `SELECT max(t) AS t FROM (
           SELECT max(connected_at) AS t FROM connections WHERE session = ?1
           UNION ALL SELECT max(disconnected_at) FROM connections WHERE session = ?1
           UNION ALL SELECT max(at) FROM messages WHERE session = ?1
           UNION ALL SELECT max(at) FROM guesses WHERE session = ?1)`,
      )
      .get(s.id) as { t: number | null };
    ends.set(s.id, s.stopped_at ?? last.t ?? s.started_at);
    entries.push({ kind: "start", at: s.started_at, session: s.id, mode: s.mode });
    if (s.stopped_at !== null) entries.push({ kind: "stop", at: s.stopped_at, session: s.id });
  }
  type ConnRow = {
    session: number;
    client: number;
    address: string;
    name: string | null;
    connected_at: number;
    disconnected_at: number | null;
    reason: string | null;
  };
  const connections = db.query("SELECT * FROM connections").all() as ConnRow[];
  const students = new Map<string, StudentSummary>();
  const student = (name: string) => {
    let s = students.get(name);
    if (s === undefined) {
      s = { name, messages: 0, roundsWon: 0, secondsConnected: 0, connections: 0 };
      students.set(name, s);
    }
    return s;
  };
  for (const c of connections) {
    entries.push({
      kind: "connect",
      at: c.connected_at,
      session: c.session,
      client: c.client,
      address: c.address,
    });
    const end = c.disconnected_at ?? ends.get(c.session) ?? c.connected_at;
    if (c.disconnected_at !== null)
      entries.push({
        kind: "disconnect",
        at: c.disconnected_at,
        session: c.session,
        client: c.client,
        name: c.name ?? `#${c.client}`,
        reason: c.reason ?? "",
      });
    // Only people who chose a name are students; the rest (a browser, a port scan) are not graded.
    if (c.name === null || end < from) continue;
    const s = student(c.name);
    s.connections++;
    s.secondsConnected += Math.round((end - Math.max(c.connected_at, from)) / 1000);
  }
  type MessageRow = {
    session: number;
    at: number;
    client: number;
    nick: string;
    text: string;
    action: number;
    private_to: string | null;
  };
  for (const m of db.query("SELECT * FROM messages ORDER BY id").all() as MessageRow[]) {
    entries.push({
      kind: "message",
      at: m.at,
      session: m.session,
      client: m.client,
      nick: m.nick,
      text: m.text,
      action: m.action === 1,
      to: m.private_to === null ? null : m.private_to.split(","),
    });
    if (m.at >= from && m.client !== 0) student(m.nick).messages++;
  }
  type RoundRow = {
    session: number;
    round: number;
    secret: number;
    min: number;
    max: number;
    started_at: number;
    ended_at: number | null;
    winner: string | null;
    attempts: number | null;
    guesses: number;
  };
  const rounds = db
    .query(
      `SELECT r.*, (SELECT count(*) FROM guesses g WHERE g.session = r.session AND g.round = r.round) AS guesses
       FROM rounds r`,
    )
    .all() as RoundRow[];
  for (const r of rounds) {
    entries.push({
      kind: "round",
      at: r.started_at,
      session: r.session,
      round: r.round,
      min: r.min,
      max: r.max,
    });
    if (r.ended_at === null) continue;
    entries.push({
      kind: "round_end",
      at: r.ended_at,
      session: r.session,
      round: r.round,
      secret: r.secret,
      winner: r.winner,
      attempts: r.attempts,
      guesses: r.guesses,
    });
    if (r.winner !== null && r.ended_at >= from) student(r.winner).roundsWon++;
  }
  // Stable: the order of insertion breaks ties (a session's start before its first connection).
  const shown = entries.filter((e) => e.at >= from).sort((a, b) => a.at - b.at);
  return {
    since,
    entries: shown,
    students: [...students.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function render(report: Report, format: ExportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "csv":
      return renderCsv(report);
    case "txt":
      return renderText(report);
  }
}

/** Local date and time, as a teacher reads it: 2026-12-02 14:03:07. */
function when(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function describe(e: Entry): string {
  switch (e.kind) {
    case "start":
      return `== session ${e.session}: ${e.mode} server started`;
    case "stop":
      return `== session ${e.session}: server stopped`;
    case "connect":
      return `-- client #${e.client} connected from ${e.address}`;
    case "disconnect":
      return `-- client #${e.client} (${e.name}) left: ${e.reason}`;
    case "message":
      if (e.to !== null) return `<${e.nick} -> ${e.to.join(", ")}> ${e.text}`;
      return e.action ? `* ${e.nick} ${e.text}` : `<${e.nick}> ${e.text}`;
    case "round":
      return `-- round ${e.round} starts (${e.min}-${e.max})`;
    case "round_end":
      return e.winner === null
        ? `-- round ${e.round} ended by the teacher: the number was ${e.secret} (${e.guesses} guesses)`
        : `-- round ${e.round} won by ${e.winner} in ${e.attempts} attempts: the number was ${e.secret} (${e.guesses} guesses)`;
  }
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min ${seconds % 60} s`;
}

function renderText(report: Report): string {
  const lines = report.entries.map((e) => `[${when(e.at)}] ${describe(e)}`);
  lines.push("", "Per student (name, messages, rounds won, time connected, connections):");
  if (report.students.length === 0) lines.push("  nobody");
  const width = Math.max(4, ...report.students.map((s) => s.name.length));
  for (const s of report.students) {
    lines.push(
      `  ${s.name.padEnd(width)}  ${String(s.messages).padStart(5)} msg  ${String(s.roundsWon).padStart(3)} won  ${duration(s.secondsConnected).padStart(12)}  ${s.connections}x`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field
 * a spreadsheet would run as a formula (= + - @ first) is prefixed with a quote mark (OWASP). */
function csvField(value: string | number | boolean | null): string {
  let text = value === null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function renderCsv(report: Report): string {
  const rows: (string | number | boolean | null)[][] = [
    ["time", "session", "kind", "client", "name", "text"],
  ];
  for (const e of report.entries) {
    const client = "client" in e ? e.client : null;
    const name = e.kind === "message" ? e.nick : e.kind === "disconnect" ? e.name : null;
    // The text form's "-- " and "== " marks are for reading, not for a spreadsheet's cells.
    const text = e.kind === "message" ? e.text : describe(e).replace(/^(--|==) /, "");
    rows.push([when(e.at), e.session, e.kind, client, name, text]);
  }
  rows.push([]);
  rows.push(["name", "messages", "rounds_won", "seconds_connected", "connections"]);
  for (const s of report.students)
    rows.push([s.name, s.messages, s.roundsWon, s.secondsConnected, s.connections]);
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
