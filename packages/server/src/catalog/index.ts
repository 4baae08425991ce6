// Everything socklab-server says, in English and French: the shared sentences of
// @socklab/protocol (greetings the client recognises), then the server's own, one file per
// feature (the core, each mode, the door, UDP, the class view, the teacher's console,
// --workers, --cluster).

import { type Lang, messages as shared } from "@socklab/protocol";
import { chat } from "./chat.ts";
import { cluster } from "./cluster.ts";
import { teacherConsole } from "./console.ts";
import { core } from "./core.ts";
import { door } from "./door.ts";
import { game } from "./game.ts";
import { http } from "./http.ts";
import { udp } from "./udp.ts";
import { view } from "./view.ts";
import { workers } from "./workers.ts";

/** The server's features, by name: the catalog test checks each one. */
export const FEATURES = {
  core,
  chat,
  game,
  http,
  door,
  udp,
  view,
  teacherConsole,
  workers,
  cluster,
};

const merged = (lang: Lang) => ({
  ...shared(lang),
  ...core[lang],
  ...chat[lang],
  ...game[lang],
  ...http[lang],
  ...door[lang],
  ...udp[lang],
  ...view[lang],
  ...teacherConsole[lang],
  ...workers[lang],
  ...cluster[lang],
});
const catalogs = { en: merged("en"), fr: merged("fr") };
export type Messages = typeof catalogs.en;

/**
 * The server's sentences in one language.
 *
 * @example
 * messages("fr").lengthWelcome(3) // "Bienvenue, vous êtes le client n°3"
 */
export function messages(lang: Lang): Messages {
  return catalogs[lang];
}
