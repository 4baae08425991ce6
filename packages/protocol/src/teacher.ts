// The teacher's reserved nicknames: no student may take one, nor a look-alike of one, in the
// chat or the game, so a line from "teacher" (or "prof") is always the teacher's.

import { looksAlike } from "./lookalike.ts";
import { nameKey } from "./names.ts";

/** The teacher's reserved nickname in each language; both are refused to students in every
 * language (see isTeacherName), so nobody can pass for the teacher. */
export const TEACHER_NAMES = { en: "teacher", fr: "prof" } as const;

const RESERVED = Object.values(TEACHER_NAMES);

/**
 * True when `name` is, or would pass for, one of the teacher's names (in any language).
 *
 * @example
 * isTeacherName("Teacher") // true
 * isTeacherName("pr\u043ef") // true (Cyrillic о)
 * isTeacherName("teach")   // false
 */
export function isTeacherName(name: string): boolean {
  const key = nameKey(name);
  return RESERVED.some((reserved) => key === reserved || looksAlike(name, reserved));
}
