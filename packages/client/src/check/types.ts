// The vocabulary of `socklab-client check`: a plan is a list of checks, a check runs against a
// dialer (real sockets or a test's fake) and returns a verdict with typed evidence.

import type { CheckName, CheckNotes, HintKey } from "../catalog/index.ts";
import type { Conn } from "./conn.ts";

export const CHECK_MODES = ["echo", "bytes", "length", "game", "chat", "http"] as const;
export type CheckMode = (typeof CHECK_MODES)[number];

export function isCheckMode(text: string): text is CheckMode {
  return (CHECK_MODES as readonly string[]).includes(text);
}

/** A described value, rendered by the catalog in the chosen language. */
export type Note = {
  [K in keyof CheckNotes]: {
    key: K;
    args: CheckNotes[K] extends (...args: infer A) => string ? A : [];
  };
}[keyof CheckNotes];

/** What was sent, expected or received, typed; render.ts turns it into a sentence. */
export type Shown =
  /** Bytes, escaped; `text` holds at most SHOWN_BYTES of them, from byte `at` on. */
  | { kind: "bytes"; text: string; total: number; at?: number; ending?: "closed" | "reset" }
  | { kind: "nothing"; ms: number }
  | { kind: "closed" }
  | { kind: "reset" }
  | { kind: "refused"; detail: string }
  | { kind: "note"; note: Note };

export interface Evidence {
  sent: Shown;
  expected: Shown;
  received: Shown;
}

/** pass; fail; warn (reported, not failed: the README says which rules are lenient). */
export type Status = "pass" | "fail" | "warn";

export interface Verdict {
  status: Status;
  evidence?: Evidence;
  hint?: HintKey;
}

/** Options every plan may read. */
export interface CheckOptions {
  /** How long to wait for an expected answer ("nothing in 2 s"). */
  timeoutMs: number;
  /** bytes: the multiplier. */
  factor: number;
  /** game: the range when the welcome does not say it. */
  min?: number;
  max?: number;
  /** chat: the sender's own line may come back. */
  echoOk: boolean;
  /** Overrides each check's deadline (the runner's default is derived from timeoutMs). */
  deadlineMs?: number;
  /** http: the Host header a browser would send (the address as typed). */
  hostHeader?: string;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = {
  timeoutMs: 2000,
  factor: 12,
  echoOk: false,
};

/** Opens connections for one check; the runner closes whatever a check left open. */
export interface Dialer {
  /** Rejects with a DialError when nothing accepts the connection. */
  dial(): Promise<Conn>;
}

/** A connection attempt failed: `detail` is the sentence (ConnectError's message). */
export class DialError extends Error {
  override name = "DialError";
}

export interface CheckContext {
  dialer: Dialer;
  options: CheckOptions;
}

export interface Check {
  name: CheckName;
  /** An optional check that fails is reported as a warning (chat's coucou). */
  optional?: boolean;
  run(ctx: CheckContext): Promise<Verdict>;
}

export const pass: Verdict = { status: "pass" };
