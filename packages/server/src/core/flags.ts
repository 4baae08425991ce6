// Reading flag values (text from the command line, or numbers from tests) into checked numbers,
// sizes and durations, with a one-line UsageError naming the flag when a value is wrong.

import { usage } from "../usage.ts";
import type { FlagValues } from "./mode.ts";

function raw(flags: FlagValues, name: string): string {
  const value = flags[name];
  if (value === undefined || typeof value === "boolean") throw usage("needsValue", name);
  return value;
}

/** An integer flag within [min, max]. */
export function intFlag(flags: FlagValues, name: string, min: number, max: number): number {
  const text = raw(flags, name).trim();
  const value = Number(text);
  if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw usage("notWhole", name, text);
  }
  if (value < min || value > max) throw usage("outOfRange", name, min, max, value);
  return value;
}

/** A non-negative number flag (seconds, rates), fractions allowed. */
export function numberFlag(flags: FlagValues, name: string, min: number, max: number): number {
  const text = raw(flags, name).trim();
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) throw usage("notNumber", name, text);
  if (value < min || value > max) throw usage("outOfRange", name, min, max, value);
  return value;
}

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
};

/** A byte size: `2048`, `64KiB`, `1MiB` (K and M are powers of 1024). */
export function sizeFlag(flags: FlagValues, name: string, min: number, max: number): number {
  const text = raw(flags, name).trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = match ? UNITS[(match[2] ?? "").toLowerCase()] : undefined;
  if (!match || unit === undefined) throw usage("notSize", name, text);
  const value = Math.round(Number(match[1]) * unit);
  if (value < min || value > max) throw usage("sizeOutOfRange", name, min, max, value);
  return value;
}

export function boolFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true || flags[name] === "true";
}

/** A count from 1 to `max`, or `auto` for `auto` (--workers auto: the machine's cores, never
 * past `max`); undefined when the text is neither, for the caller's own sentence. */
export function countOrAuto(text: string, max: number, auto: number): number | undefined {
  if (text === "auto") return Math.max(1, Math.min(max, auto));
  const value = Number(text);
  return /^\d+$/.test(text) && value >= 1 && value <= max ? value : undefined;
}
