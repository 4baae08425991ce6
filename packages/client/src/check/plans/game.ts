import type { Check } from "../types.ts";
export function gameChecks(): Check[] {
  return [];
}
