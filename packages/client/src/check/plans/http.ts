import type { Check } from "../types.ts";
export const httpChecks: Check[] = [];
