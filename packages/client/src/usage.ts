// What the client's command line says when a flag or an argument is wrong, in English and
// French. An error is thrown as a typed reason (`usage("badLang", "de")`) and put into words at
// the edge (main.ts), in the language of --lang, else LANG / LC_ALL.

import {
  type ArgvError,
  argvLang,
  argvSentence,
  type Lang,
  type Reason,
  sentence,
} from "@socklab/protocol";
import { hostProblem, portProblem } from "./address.ts";
import { messages } from "./catalog/index.ts";
// cli.ts imports this file too: nameProblem is only called when a sentence is made, by then
// both modules are loaded.
import { nameProblem } from "./cli.ts";
import { UsageError } from "./errors.ts";

const en = {
  flagsOf: (problem: ArgvError) =>
    `${argvSentence(problem, "en")} (socklab-client --help lists the flags)`,
  checkFlagsOf: (problem: ArgvError) =>
    `check: ${argvSentence(problem, "en")} (socklab-client check --help lists the flags)`,
  badMs: (flag: string, max: number, text: string) =>
    `--${flag} takes milliseconds from 0 to ${max}, not "${text}"`,
  badLang: (lang: string) => `--lang takes en or fr, not "${lang}"`,
  udpWithSend:
    '--udp goes with send (send --udp HOST:PORT "text"); for a UDP screen, use the udp mode',
  countWithUdp: "--count and --interval go with the udp mode (socklab-client udp --count 4)",
  intervalNeedsCount: "--interval paces the ping mode: give --count too",
  needsTarget: (command: string) => `${command} needs HOST:PORT`,
  unexpected: (arg: string) => `unexpected argument "${arg}"`,
  sendNeedsText: 'send needs the text to send: send HOST:PORT "text"',
  sendOneText: (target: string, words: string) =>
    `send takes one text; quote it: send ${target} "${words}"`,
  unknownModeOrCommand: (word: string, modes: string) =>
    `unknown mode or command "${word}" (modes: ${modes}; commands: send, connect)`,
  badName: (name: string) => `--name "${name}": ${nameProblem(name, messages("en"))}`,
  badMethod: (method: string) => `--method takes a word like GET, not "${method}"`,
  badPath: (path: string) => `--path starts with / and has no spaces, not "${path}"`,
  badCount: (max: number, text: string) =>
    `--count takes a whole number from 1 to ${max}, not "${text}"`,
  needsPort: (mode: string) => `${mode} needs --port (and --host)`,
  badHost: (host: string) => `${hostProblem(host, messages("en"))}`,
  badPort: (flag: string, text: string) => `${flag}: ${portProblem(text, messages("en"))}`,
  notAddress: (text: string) => `"${text}" is not HOST:PORT (for example 127.0.0.1:7007)`,
  // check's own flags
  checkNeedsMode: (modes: string, given: string) =>
    `check needs a mode first: one of ${modes}${given === "" ? "" : `, not "${given}"`}`,
  checkNeedsTarget: (mode: string) => `check ${mode} needs HOST:PORT`,
  badWhole: (flag: string, min: number, max: number, text: string) =>
    `--${flag} takes a whole number from ${min} to ${max}, not "${text}"`,
  minMaxTogether: "--min and --max go together",
  minBelowMax: (min: number, max: number) => `--min (${min}) must be less than --max (${max})`,
  unknownCheck: (mode: string, names: string, known: string) =>
    `--only: no ${mode} check called "${names}" (checks: ${known})`,
  /** `socklab-client check --help`. */
  checkHelp: (modes: string, timeoutMs: number, factor: number) => [
    "socklab-client check: test a server (yours, a student's) against the lab's exercises",
    "",
    "Usage: socklab-client check MODE HOST:PORT [flags]",
    `Modes: ${modes}`,
    "",
    "Flags:",
    "  --only A,B       run only these checks (names as listed in the checklist)",
    "  --lang fr        sentences in French (default: en)",
    "  --json           one JSON document (checks, verdicts, evidence, timings)",
    `  --timeout MS     how long to wait for each expected answer (default ${timeoutMs})`,
    `  --factor N       bytes: the multiplier (default ${factor})`,
    "  --min N --max N  game: the range, when the welcome does not say it",
    "  --echo-ok        chat: the sender's own line may come back to it",
    "  --no-color       no colours",
    "",
    "Exit: 0 every check passed, 1 one failed, 2 nothing reachable or bad arguments.",
    "",
    "Examples:",
    "  socklab-client check echo 127.0.0.1:7007",
    "  socklab-client check http 192.168.1.23:8080 --lang fr",
    "  socklab-client check chat 127.0.0.1:4444 --only join,broadcast --json",
  ],
};

type Text = typeof en;

const fr: Text = {
  flagsOf: (problem) => `${argvSentence(problem, "fr")} (socklab-client --help liste les options)`,
  checkFlagsOf: (problem) =>
    `check : ${argvSentence(problem, "fr")} (socklab-client check --help liste les options)`,
  badMs: (flag, max, text) => `--${flag} prend des millisecondes de 0 à ${max}, pas « ${text} »`,
  badLang: (lang) => `--lang prend en ou fr, pas « ${lang} »`,
  udpWithSend:
    "--udp va avec send (send --udp HÔTE:PORT « texte ») ; pour un écran UDP, prenez le mode udp",
  countWithUdp: "--count et --interval vont avec le mode udp (socklab-client udp --count 4)",
  intervalNeedsCount: "--interval règle le rythme du mode ping : donnez aussi --count",
  needsTarget: (command) => `${command} demande HÔTE:PORT`,
  unexpected: (arg) => `argument inattendu « ${arg} »`,
  sendNeedsText: "send demande le texte à envoyer : send HÔTE:PORT « texte »",
  sendOneText: (target, words) =>
    `send prend un seul texte ; mettez-le entre guillemets : send ${target} "${words}"`,
  unknownModeOrCommand: (word, modes) =>
    `mode ou commande inconnu « ${word} » (modes : ${modes} ; commandes : send, connect)`,
  badName: (name) => `--name « ${name} » : ${nameProblem(name, messages("fr"))}`,
  badMethod: (method) => `--method prend un mot comme GET, pas « ${method} »`,
  badPath: (path) => `--path commence par / et n'a pas d'espace, pas « ${path} »`,
  badCount: (max, text) => `--count prend un nombre entier de 1 à ${max}, pas « ${text} »`,
  needsPort: (mode) => `${mode} demande --port (et --host)`,
  badHost: (host) => `${hostProblem(host, messages("fr"))}`,
  badPort: (flag, text) => `${flag} : ${portProblem(text, messages("fr"))}`,
  notAddress: (text) => `« ${text} » n'est pas HÔTE:PORT (par exemple 127.0.0.1:7007)`,
  checkNeedsMode: (modes, given) =>
    `check demande d'abord un mode : l'un de ${modes}${given === "" ? "" : `, pas « ${given} »`}`,
  checkNeedsTarget: (mode) => `check ${mode} demande HÔTE:PORT`,
  badWhole: (flag, min, max, text) =>
    `--${flag} prend un nombre entier de ${min} à ${max}, pas « ${text} »`,
  minMaxTogether: "--min et --max vont ensemble",
  minBelowMax: (min, max) => `--min (${min}) doit être plus petit que --max (${max})`,
  unknownCheck: (mode, names, known) =>
    `--only : aucune vérification ${mode} ne s'appelle « ${names} » (vérifications : ${known})`,
  checkHelp: (modes, timeoutMs, factor) => [
    "socklab-client check : tester un serveur (le vôtre, celui d'un étudiant) avec les exercices du TP",
    "",
    "Usage : socklab-client check MODE HÔTE:PORT [options]",
    `Modes : ${modes}`,
    "",
    "Options :",
    "  --only A,B       ne lancer que ces vérifications (noms comme dans la liste)",
    "  --lang fr        les phrases en français (par défaut : en)",
    "  --json           un seul document JSON (vérifications, verdicts, preuves, durées)",
    `  --timeout MS     combien attendre chaque réponse attendue (par défaut ${timeoutMs})`,
    `  --factor N       bytes : le multiplicateur (par défaut ${factor})`,
    "  --min N --max N  game : l'intervalle, quand l'accueil ne le dit pas",
    "  --echo-ok        chat : la ligne de l'expéditeur peut lui revenir",
    "  --no-color       pas de couleurs",
    "",
    "Sortie : 0 toutes les vérifications réussies, 1 une a échoué, 2 rien de joignable ou mauvais arguments.",
    "",
    "Exemples :",
    "  socklab-client check echo 127.0.0.1:7007",
    "  socklab-client check http 192.168.1.23:8080 --lang fr",
    "  socklab-client check chat 127.0.0.1:4444 --only join,broadcast --json",
  ],
};

const TEXT = { en, fr };

/** The command line's sentences in `lang` (help texts). */
export function usageText(lang: Lang): Text {
  return TEXT[lang];
}

/** Both tables, for the catalog test. */
export const USAGE_CATALOG = { en, fr };

/**
 * A usage error as a typed reason: its message is English (what scripts and logs read), and
 * `describeUsage` says it in the person's language.
 *
 * @example
 * throw usage("badLang", "de"); // --lang takes en or fr, not "de"
 */
export function usage(...reason: Reason<Text>): UsageError {
  const error = new UsageError(sentence(en, reason));
  error.reason = reason;
  return error;
}

/** A usage error's sentence in `lang` (a reason given to `usage`), else its own message. */
export function describeUsage(error: UsageError, lang: Lang): string {
  const reason = error.reason as Reason<Text> | undefined;
  return reason === undefined ? error.message : sentence(TEXT[lang], reason);
}

/** The language of the command line's words (--lang, else LANG / LC_ALL). */
export const usageLang = argvLang;
