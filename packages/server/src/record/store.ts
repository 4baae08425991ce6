// The class record's database file (bun:sqlite): opening it safely, its schema and the
// migrations from one version to the next. A file we cannot trust (locked, corrupt, not ours,
// from a newer socklab, read-only) is refused with one line before anything is written to it.

import { Database } from "bun:sqlite";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "../core/errors.ts";
import { usage } from "../usage.ts";

/** The schema this code writes. Each version's migration brings the one before it up to date;
 * `PRAGMA user_version` holds the file's version. */
export const SCHEMA_VERSION = 1;

/** migrations[n] turns a version-n file into version n+1 (index 0 makes a fresh file). */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id INTEGER PRIMARY KEY,
     mode TEXT NOT NULL,
     flags TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     stopped_at INTEGER
   );
   CREATE TABLE connections (
     session INTEGER NOT NULL REFERENCES sessions(id),
     client INTEGER NOT NULL,
     address TEXT NOT NULL,
     name TEXT,
     connected_at INTEGER NOT NULL,
     disconnected_at INTEGER,
     reason TEXT,
     bytes_in INTEGER NOT NULL DEFAULT 0,
     bytes_out INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (session, client)
   );
   CREATE TABLE messages (
     id INTEGER PRIMARY KEY,
     session INTEGER NOT NULL REFERENCES sessions(id),
     at INTEGER NOT NULL,
     client INTEGER NOT NULL,
     nick TEXT NOT NULL,
     text TEXT NOT NULL,
     action INTEGER NOT NULL DEFAULT 0,
     private_to TEXT
   );
   CREATE TABLE rounds (
     session INTEGER NOT NULL REFERENCES sessions(id),
     round INTEGER NOT NULL,
     secret INTEGER NOT NULL,
     min INTEGER NOT NULL,
     max INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     winner TEXT,
     winner_client INTEGER,
     attempts INTEGER,
     PRIMARY KEY (session, round)
   );
   CREATE TABLE guesses (
     session INTEGER NOT NULL,
     round INTEGER NOT NULL,
     client INTEGER NOT NULL,
     name TEXT NOT NULL,
     guess INTEGER NOT NULL,
     at INTEGER NOT NULL
   );`,
];

/** How long opening waits for another process's write lock before calling the file locked: a
 * moment is enough for a reader (an export) to finish; another server keeps it for good. */
const LOCK_WAIT_MS = 200;

/** The tables a socklab record has: a file with other tables and no version is someone else's. */
const OUR_TABLES = ["connections", "guesses", "messages", "rounds", "sessions"];

/**
 * Opens (or creates) a record for writing, migrated to {@link SCHEMA_VERSION}, in WAL mode.
 * Throws UsageError (one line, exit 2) without writing anything for a file it cannot use.
 *
 * @example
 * const db = openStore("class.db");
 */
export function openStore(file: string, options: { readonly?: boolean } = {}): Database {
  const exists = existsSync(file);
  if (!exists && options.readonly) throw usage("recordNone", file);
  if (exists) {
    const stat = statSync(file);
    if (!stat.isFile()) throw usage("recordNotFile", file);
    // Root may write anywhere: a file with no write bit is still one the teacher protected.
    if (!options.readonly && ((stat.mode & 0o222) === 0 || !writable(file)))
      throw usage("recordReadOnly", file);
  } else if (!writable(dirname(file) || ".")) {
    throw usage("recordFolderReadOnly", file);
  }
  let db: Database;
  try {
    db = new Database(file, options.readonly ? { readonly: true } : { create: true });
  } catch (error) {
    throw refusal(file, error);
  }
  try {
    db.run(`PRAGMA busy_timeout = ${LOCK_WAIT_MS}`);
    const version = (db.query("PRAGMA user_version").get() as { user_version: number })
      .user_version;
    const tables = (
      db.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((row) => row.name);
    if (version > SCHEMA_VERSION) throw usage("recordNewer", file, version, SCHEMA_VERSION);
    if (version === 0 && tables.length > 0) throw usage("recordNotOurs", file);
    if (version > 0 && !OUR_TABLES.every((name) => tables.includes(name)))
      throw usage("recordDamaged", file);
    if (options.readonly) return db;
    // Takes the write lock at once: a file another server records into is refused here.
    db.run("BEGIN IMMEDIATE");
    for (let from = version; from < SCHEMA_VERSION; from++) {
      db.run(MIGRATIONS[from] as string);
      db.run(`PRAGMA user_version = ${from + 1}`);
    }
    db.run("COMMIT");
    // WAL: readers (an export during the class) never block the server, and a commit is one
    // append. synchronous=NORMAL: a commit survives the process being killed (the OS has it);
    // only a power cut can lose the last ones.
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    return db;
  } catch (error) {
    db.close();
    throw refusal(file, error);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** SQLite's failures in the words a teacher can act on; our own refusals pass through. */
function refusal(file: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const text = String((error as Error)?.message ?? error);
  if (/locked|busy/i.test(text)) return usage("recordLocked", file);
  if (/not a database|malformed|corrupt/i.test(text)) return usage("recordCorrupt", file);
  if (/readonly|read-only/i.test(text)) return usage("recordFileReadOnly", file);
  return usage("recordCannotUse", file, text);
}
