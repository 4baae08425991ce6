// Colours and small formatting shared by every screen: picocolors switched on or off once
// (NO_COLOR, --no-color, not a terminal), a stable colour per nickname, timestamps.

import { nameKey } from "@socklab/protocol";
import { createColors } from "picocolors";

export type Colors = ReturnType<typeof createColors>;

export interface Theme extends Colors {
  readonly enabled: boolean;
  /** The nickname in its own colour: the same nick gets the same colour in every session. */
  nick(name: string): string;
  /** `HH:MM:SS` of an event's time, dimmed. */
  time(at: number): string;
}

/** Colours that read on dark and light backgrounds; red is kept for errors, so no nick has it. */
const NICK_COLORS = ["cyan", "magenta", "yellow", "blue", "green"] as const;

/** True when colour should be used: https://no-color.org (set and non-empty), `--no-color`,
 * and only on a terminal that is not "dumb". */
export function colorWanted(
  env: Record<string, string | undefined>,
  argv: readonly string[],
  isTTY: boolean,
): boolean {
  if (env.NO_COLOR) return false;
  if (argv.includes("--no-color")) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return isTTY && env.TERM !== "dumb";
}

/** FNV-1a over the nickname's compare form: cheap, and "Alice" and "alice" share a colour. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function makeTheme(enabled: boolean): Theme {
  const colors = createColors(enabled);
  return {
    ...colors,
    enabled,
    nick(name) {
      const color = NICK_COLORS[hash(nameKey(name)) % NICK_COLORS.length] ?? "cyan";
      return colors.bold(colors[color](name));
    },
    time(at) {
      const d = new Date(at);
      const two = (n: number) => String(n).padStart(2, "0");
      return colors.dim(`${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`);
    },
  };
}
