// Everything socklab-client says, in English and French: the shared sentences of
// @socklab/protocol (a mode's summary, the greetings it recognises), then its own screens' and
// the checker's.

import { type Lang, messages as shared } from "@socklab/protocol";
import { check } from "./check.ts";
import { client } from "./client.ts";

export type { CheckName, CheckNotes, HintKey } from "./check.ts";

/** The client's features, by name: the catalog test checks each one. */
export const FEATURES = { client, check };

const merged = (lang: Lang) => ({ ...shared(lang), ...client[lang], ...check[lang] });
const catalogs = { en: merged("en"), fr: merged("fr") };
export type Messages = typeof catalogs.en;

/**
 * The client's sentences in one language.
 *
 * @example
 * messages("fr").clientBye // "Au revoir."
 */
export function messages(lang: Lang): Messages {
  return catalogs[lang];
}
