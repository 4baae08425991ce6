// Each mode's one-line summary (its row in ../modes.ts), as both programs show it: the server's
// --help, the client's connect form.

import { MODES, type ModeName } from "../modes.ts";

const summaries = (lang: "en" | "fr") =>
  Object.fromEntries(MODES.map((row) => [row.name, row.summary[lang]])) as Record<ModeName, string>;

export const modes = {
  en: { modeSummaries: summaries("en") },
  fr: { modeSummaries: summaries("fr") },
};
