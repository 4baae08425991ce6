// The registry of check plans: mode → its checks, in the order they run (cheap and basic first,
// so the first failure is the one to fix first).

import type { Check, CheckMode } from "../types.ts";
import { bytesChecks } from "./bytes.ts";
import { chatChecks } from "./chat.ts";
import { echoChecks } from "./echo.ts";
import { gameChecks } from "./game.ts";
import { httpChecks } from "./http.ts";
import { lengthChecks } from "./length.ts";

/** A fresh plan per run: some plans keep state between their checks (the game's shared round). */
const plans: Record<CheckMode, () => Check[]> = {
  echo: () => echoChecks,
  bytes: () => bytesChecks,
  length: () => lengthChecks,
  game: gameChecks,
  chat: () => chatChecks,
  http: () => httpChecks,
};

/** The short names of a mode's checks ("line" for "echo.line"), for --only and its error. */
export function checkNames(mode: CheckMode): string[] {
  return plans[mode]().map((check) => check.name.slice(mode.length + 1));
}

/**
 * The checks of `mode`, only those named in `only` when given (short or full names).
 *
 * @example
 * planFor("echo", ["line", "echo.split"]).map((c) => c.name) // ["echo.line", "echo.split"]
 */
export function planFor(mode: CheckMode, only?: readonly string[]): Check[] {
  const checks = plans[mode]();
  if (only === undefined) return checks;
  const wanted = new Set(
    only.map((name) => (name.startsWith(`${mode}.`) ? name : `${mode}.${name}`)),
  );
  return checks.filter((check) => wanted.has(check.name));
}
