// The sentences both programs say or read, in English and French (the labs socklab comes from
// are French): a mode's summary, and what a server says first, which the client recognises.
// Each program adds its own (packages/server/src/catalog/, packages/client/src/catalog/), so
// neither loads the other's.

import { greetings } from "./greetings.ts";
import { modes } from "./modes.ts";

export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];

const catalogs = {
  en: { ...modes.en, ...greetings.en },
  fr: { ...modes.fr, ...greetings.fr },
};
export type Messages = typeof catalogs.en;

/** The features of this catalog, by name: the catalog test checks each one. */
export const SHARED_FEATURES = { modes, greetings };

/**
 * The shared sentences of one language.
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
