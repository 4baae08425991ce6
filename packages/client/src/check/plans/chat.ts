import type { Check } from "../types.ts";
export const chatChecks: Check[] = [];
