// The message catalog: every sentence a server says to people, in English and French (the labs
// socklab comes from are French). Each feature keeps its sentences in its own file here.

import { chat } from "./chat.ts";
import { check } from "./check.ts";
import { client } from "./client.ts";
import { teacherConsole } from "./console.ts";
import { core } from "./core.ts";
import { door } from "./door.ts";
import { game } from "./game.ts";
import { http } from "./http.ts";
import { modes } from "./modes.ts";
import { udp } from "./udp.ts";
import { view } from "./view.ts";

export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];

const catalogs = {
  en: {
    ...core.en,
    ...modes.en,
    ...chat.en,
    ...game.en,
    ...http.en,
    ...door.en,
    ...udp.en,
    ...check.en,
    ...view.en,
    ...teacherConsole.en,
    ...client.en,
  },
  fr: {
    ...core.fr,
    ...modes.fr,
    ...chat.fr,
    ...game.fr,
    ...http.fr,
    ...door.fr,
    ...udp.fr,
    ...check.fr,
    ...view.fr,
    ...teacherConsole.fr,
    ...client.fr,
  },
};
export type Messages = typeof catalogs.en;
export type { CheckName, CheckNotes, HintKey } from "./check.ts";
export { TEACHER_NAMES } from "./console.ts";

/**
 * The sentences of one language.
 *
 * @example
 * messages("fr").lengthWelcome(3) // "Bienvenue, vous êtes le client n°3"
 */
export function messages(lang: Lang): Messages {
  return catalogs[lang];
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
