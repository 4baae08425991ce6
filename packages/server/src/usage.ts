// What the server's command line says to a person, in English and French: `--help` (its frame,
// each flag and example note; the modes' summaries are the table's, protocol/src/modes.ts) and
// every usage error. An error is thrown as a typed reason (`usage("badLang", "de")`) and put
// into words at the edge (main.ts), in the language of --lang, else LANG / LC_ALL, so a French
// teacher reads a French mistake.

import {
  type ArgvError,
  argvLang,
  argvSentence,
  type Lang,
  type Reason,
  sentence,
} from "@socklab/protocol";
import { UsageError } from "./core/errors.ts";

const en = {
  whichMode: "which mode? (socklab-server --help lists them)",
  unknownMode: (mode: string, modes: string) => `unknown mode "${mode}" (modes: ${modes})`,
  flagsOf: (problem: ArgvError, mode: string) =>
    `${argvSentence(problem, "en")} (socklab-server ${mode} --help lists the flags)`,
  unexpected: (arg: string) => `unexpected argument "${arg}"`,
  badLang: (lang: string) => `--lang takes en or fr, not "${lang}"`,
  noUdp: (mode: string, modes: string) => `${mode} has no UDP side: --udp works with ${modes}`,
  udpRateAlone: "--udp-rate goes with --udp",
  viewHostAlone: "--view-host goes with --view",
  recordPrivateAlone: "--record-private goes with --record FILE",
  recordNoUdp: "--record keeps TCP clients' sessions, and UDP has none: add --tcp",
  maxClientsNoUdp: "--max-clients counts TCP connections, and UDP has none: add --tcp",
  notIpv4: (host: string) => `--host "${host}" is not an IPv4 address (four numbers 0-255)`,
  badPort: (flag: string, text: string) =>
    `--${flag} takes a number from 0 to 65535, not "${text}"`,
  badLineWait: (max: number, text: string) =>
    `--line-wait takes milliseconds from 0 to ${max} (0: off), not "${text}"`,
  badEol: (text: string) => `--eol takes auto, crlf or lf, not "${text}"`,
  badWhole: (flag: string, min: number, text: string) =>
    `--${flag} takes a whole number from ${min} to 1000000, not "${text}"`,
  badSeconds: (flag: string, text: string) =>
    `--${flag} takes seconds from 0 to 86400, not "${text}"`,
  // core/flags.ts: a mode's own flags.
  needsValue: (flag: string) => `--${flag} needs a value`,
  notWhole: (flag: string, text: string) => `--${flag} takes a whole number, not "${text}"`,
  notNumber: (flag: string, text: string) => `--${flag} takes a number, not "${text}"`,
  outOfRange: (flag: string, min: number, max: number, value: number) =>
    `--${flag} must be between ${min} and ${max}, not ${value}`,
  notSize: (flag: string, text: string) =>
    `--${flag} takes a size like 2048, 64KiB or 1MiB, not "${text}"`,
  sizeOutOfRange: (flag: string, min: number, max: number, value: number) =>
    `--${flag} must be between ${min} and ${max} bytes, not ${value}`,

  // Listening (core/server.ts, view/view.ts): what the teacher changes to start the server.
  portInUse: (port: number, host: string) =>
    `port ${port} is already in use on ${host} (another server running? try --port 0)`,
  listenDenied: (where: string) =>
    `permission denied to listen on ${where} (ports below 1024 need root)`,
  noSuchAddress: (where: string) => `cannot listen on ${where}: no such address on this machine`,
  unknownHost: (where: string, host: string) =>
    `cannot listen on ${where}: unknown host "${host}" (try --host 0.0.0.0)`,
  cannotListen: (where: string, why: string) => `cannot listen on ${where}: ${why}`,
  unknownFlag: (name: string) => `unknown flag --${name}`,
  minNotBelowMax: (min: number, max: number) => `--min (${min}) must be less than --max (${max})`,
  bodyTooLarge: (path: string, mib: number) => `--body: "${path}" is larger than ${mib} MiB`,
  bodyUnreadable: (path: string, why: string) => `--body: cannot read "${path}": ${why}`,
  needsCluster: (flag: string) => `--${flag} needs --cluster nats://HOST:PORT`,
  clusterUrl: (url: string) => `--cluster takes nats://HOST:PORT (got "${url}")`,
  viewPortInUse: (port: number, host: string) =>
    `--view: port ${port} is already in use on ${host}`,
  viewCannotListen: (where: string, why: string) => `--view: cannot listen on ${where}: ${why}`,
  udpPortInUse: (port: number, host: string) =>
    `UDP port ${port} is already in use on ${host} (another server running? try --port 0)`,
  udpDenied: (where: string) =>
    `permission denied to bind UDP ${where} (ports below 1024 need root)`,
  udpNoSuchAddress: (where: string) => `cannot bind UDP ${where}: no such address on this machine`,
  udpUnknownHost: (where: string, host: string) =>
    `cannot bind UDP ${where}: unknown host "${host}" (try --host 0.0.0.0)`,
  udpCannotBind: (where: string, why: string) => `cannot bind UDP ${where}: ${why}`,

  // `socklab-server record FILE` (record/export.ts, record/store.ts).
  recordFlagsOf: (problem: ArgvError) =>
    `${argvSentence(problem, "en")} (socklab-server record --help)`,
  recordWhichFile: "which file? socklab-server record FILE",
  recordBadFormat: (format: string) => `--format takes txt, csv or json, not "${format}"`,
  recordBadSince: (text: string) =>
    `--since takes a date (2026-12-02 14:00) or a span (90m, 3h, 2d), not "${text}"`,
  recordNone: (file: string) => `no record at ${file}`,
  recordNotFile: (file: string) => `${file} is not a file`,
  recordReadOnly: (file: string) =>
    `${file} is read-only: not recording into it (use another file)`,
  recordFolderReadOnly: (file: string) => `cannot create ${file}: the folder is not writable`,
  recordNewer: (file: string, version: number, known: number) =>
    `${file} was written by a newer socklab (record version ${version}, this one knows up to ${known}): not touching it`,
  recordNotOurs: (file: string) =>
    `${file} is an SQLite database but not a socklab record: not touching it`,
  recordDamaged: (file: string) =>
    `${file} is a damaged socklab record (tables missing): not touching it`,
  recordLocked: (file: string) =>
    `${file} is locked by another program (another server recording?)`,
  recordCorrupt: (file: string) =>
    `${file} is not a readable socklab record (corrupt?): not touching it`,
  recordFileReadOnly: (file: string) => `${file} is read-only`,
  recordCannotUse: (file: string, why: string) => `cannot use ${file} as a record: ${why}`,
  recordHelp: [
    "socklab-server record FILE [--format txt|csv|json] [--since WHEN]",
    "",
    "Prints the class record kept with --record FILE: the transcript (connections, chat messages,",
    "game rounds) and, per student, the messages sent, rounds won and time connected.",
    "  --format txt|csv|json   txt (default): for reading; csv: two tables (transcript, then the",
    "                          summary) for a spreadsheet; json: one object",
    '  --since WHEN            only what happened since then: 2026-12-02, "2026-12-02 14:00",',
    "                          or a span back from now: 90m, 3h, 2d",
  ],

  // --help's frame.
  helpTitle: "socklab-server: TCP (and UDP) servers for network-programming labs",
  helpUsage: "Usage: socklab-server <mode> [flags]",
  helpRecord:
    "       socklab-server record FILE [--format txt|csv|json] [--since WHEN]   (the class record)",
  helpConsole: "On a terminal the server reads the teacher's commands (/help lists them).",
  helpModes: "Modes:",
  helpPort: (port: number) => `port ${port}`,
  helpEveryMode: "Flags for every mode:",
  helpExamples: "Examples:",
  helpExampleLines: [
    "  socklab-server chat                 the class chat on port 4444",
    "  socklab-server echo --port 0        echo on a free port (printed at start)",
    "  socklab-server chat --help          the chat's own flags",
    "  socklab-server echo --tcp --udp     echo over TCP and UDP, both on port 7007",
  ],
  helpModeUsage: (mode: string, port: number) =>
    `Usage: socklab-server ${mode} [flags]   (default port ${port})`,
  helpFlagsFor: (mode: string) => `Flags for ${mode}:`,
  helpDefault: (value: string) => `(default ${value})`,
};

type Text = typeof en;

const fr: Text = {
  whichMode: "quel mode ? (socklab-server --help les liste)",
  unknownMode: (mode, modes) => `mode inconnu « ${mode} » (modes : ${modes})`,
  flagsOf: (problem, mode) =>
    `${argvSentence(problem, "fr")} (socklab-server ${mode} --help liste les options)`,
  unexpected: (arg) => `argument inattendu « ${arg} »`,
  badLang: (lang) => `--lang prend en ou fr, pas « ${lang} »`,
  noUdp: (mode, modes) => `${mode} n'a pas de côté UDP : --udp marche avec ${modes}`,
  udpRateAlone: "--udp-rate va avec --udp",
  viewHostAlone: "--view-host va avec --view",
  recordPrivateAlone: "--record-private va avec --record FICHIER",
  recordNoUdp: "--record garde les sessions des clients TCP, et UDP n'en a pas : ajoutez --tcp",
  maxClientsNoUdp: "--max-clients compte les connexions TCP, et UDP n'en a pas : ajoutez --tcp",
  notIpv4: (host) => `--host « ${host} » n'est pas une adresse IPv4 (quatre nombres de 0 à 255)`,
  badPort: (flag, text) => `--${flag} prend un nombre de 0 à 65535, pas « ${text} »`,
  badLineWait: (max, text) =>
    `--line-wait prend des millisecondes de 0 à ${max} (0 : désactivé), pas « ${text} »`,
  badEol: (text) => `--eol prend auto, crlf ou lf, pas « ${text} »`,
  badWhole: (flag, min, text) =>
    `--${flag} prend un nombre entier de ${min} à 1000000, pas « ${text} »`,
  badSeconds: (flag, text) => `--${flag} prend des secondes de 0 à 86400, pas « ${text} »`,
  needsValue: (flag) => `--${flag} demande une valeur`,
  notWhole: (flag, text) => `--${flag} prend un nombre entier, pas « ${text} »`,
  notNumber: (flag, text) => `--${flag} prend un nombre, pas « ${text} »`,
  outOfRange: (flag, min, max, value) => `--${flag} doit être entre ${min} et ${max}, pas ${value}`,
  notSize: (flag, text) => `--${flag} prend une taille comme 2048, 64KiB ou 1MiB, pas « ${text} »`,
  sizeOutOfRange: (flag, min, max, value) =>
    `--${flag} doit être entre ${min} et ${max} octets, pas ${value}`,

  portInUse: (port, host) =>
    `le port ${port} est déjà pris sur ${host} (un autre serveur tourne ? essayez --port 0)`,
  listenDenied: (where) =>
    `permission refusée pour écouter sur ${where} (les ports sous 1024 demandent root)`,
  noSuchAddress: (where) =>
    `impossible d'écouter sur ${where} : cette machine n'a pas cette adresse`,
  unknownHost: (where, host) =>
    `impossible d'écouter sur ${where} : hôte inconnu « ${host} » (essayez --host 0.0.0.0)`,
  cannotListen: (where, why) => `impossible d'écouter sur ${where} : ${why}`,
  unknownFlag: (name) => `option inconnue --${name}`,
  minNotBelowMax: (min, max) => `--min (${min}) doit être inférieur à --max (${max})`,
  bodyTooLarge: (path, mib) => `--body : « ${path} » dépasse ${mib} Mio`,
  bodyUnreadable: (path, why) => `--body : impossible de lire « ${path} » : ${why}`,
  needsCluster: (flag) => `--${flag} demande --cluster nats://HÔTE:PORT`,
  clusterUrl: (url) => `--cluster attend nats://HÔTE:PORT (reçu « ${url} »)`,
  viewPortInUse: (port, host) => `--view : le port ${port} est déjà pris sur ${host}`,
  viewCannotListen: (where, why) => `--view : impossible d'écouter sur ${where} : ${why}`,
  udpPortInUse: (port, host) =>
    `le port UDP ${port} est déjà pris sur ${host} (un autre serveur tourne ? essayez --port 0)`,
  udpDenied: (where) =>
    `permission refusée pour ouvrir UDP ${where} (les ports sous 1024 demandent root)`,
  udpNoSuchAddress: (where) =>
    `impossible d'ouvrir UDP ${where} : cette machine n'a pas cette adresse`,
  udpUnknownHost: (where, host) =>
    `impossible d'ouvrir UDP ${where} : hôte inconnu « ${host} » (essayez --host 0.0.0.0)`,
  udpCannotBind: (where, why) => `impossible d'ouvrir UDP ${where} : ${why}`,

  recordFlagsOf: (problem) => `${argvSentence(problem, "fr")} (socklab-server record --help)`,
  recordWhichFile: "quel fichier ? socklab-server record FICHIER",
  recordBadFormat: (format) => `--format prend txt, csv ou json, pas « ${format} »`,
  recordBadSince: (text) =>
    `--since prend une date (2026-12-02 14:00) ou une durée (90m, 3h, 2d), pas « ${text} »`,
  recordNone: (file) => `pas de journal à ${file}`,
  recordNotFile: (file) => `${file} n'est pas un fichier`,
  recordReadOnly: (file) =>
    `${file} est en lecture seule : pas d'enregistrement dedans (prenez un autre fichier)`,
  recordFolderReadOnly: (file) =>
    `impossible de créer ${file} : on ne peut pas écrire dans le dossier`,
  recordNewer: (file, version, known) =>
    `${file} vient d'un socklab plus récent (version ${version} du journal, celui-ci connaît jusqu'à ${known}) : on n'y touche pas`,
  recordNotOurs: (file) =>
    `${file} est une base SQLite mais pas un journal socklab : on n'y touche pas`,
  recordDamaged: (file) =>
    `${file} est un journal socklab abîmé (tables manquantes) : on n'y touche pas`,
  recordLocked: (file) =>
    `${file} est verrouillé par un autre programme (un autre serveur y enregistre ?)`,
  recordCorrupt: (file) =>
    `${file} n'est pas un journal socklab lisible (corrompu ?) : on n'y touche pas`,
  recordFileReadOnly: (file) => `${file} est en lecture seule`,
  recordCannotUse: (file, why) => `impossible d'utiliser ${file} comme journal : ${why}`,
  recordHelp: [
    "socklab-server record FICHIER [--format txt|csv|json] [--since QUAND]",
    "",
    "Affiche le journal de la séance gardé avec --record FICHIER : la transcription (connexions,",
    "messages du chat, manches du jeu) et, par étudiant, les messages envoyés, les manches gagnées",
    "et le temps de connexion.",
    "  --format txt|csv|json   txt (par défaut) : à lire ; csv : deux tables (transcription, puis",
    "                          le résumé) pour un tableur ; json : un objet",
    '  --since QUAND           seulement ce qui s\'est passé depuis : 2026-12-02, "2026-12-02 14:00",',
    "                          ou une durée en arrière depuis maintenant : 90m, 3h, 2d",
  ],

  helpTitle: "socklab-server : serveurs TCP (et UDP) pour les TP de programmation réseau",
  helpUsage: "Usage : socklab-server <mode> [options]",
  helpRecord:
    "        socklab-server record FICHIER [--format txt|csv|json] [--since QUAND]   (le journal de la séance)",
  helpConsole: "Dans un terminal, le serveur lit les commandes de l'enseignant (/help les liste).",
  helpModes: "Modes :",
  helpPort: (port) => `port ${port}`,
  helpEveryMode: "Options de tous les modes :",
  helpExamples: "Exemples :",
  helpExampleLines: [
    "  socklab-server chat                 le chat de la classe, port 4444",
    "  socklab-server echo --port 0        echo sur un port libre (affiché au démarrage)",
    "  socklab-server chat --help          les options propres au chat",
    "  socklab-server echo --tcp --udp     echo en TCP et en UDP, tous deux sur le port 7007",
  ],
  helpModeUsage: (mode, port) =>
    `Usage : socklab-server ${mode} [options]   (port par défaut ${port})`,
  helpFlagsFor: (mode) => `Options de ${mode} :`,
  helpDefault: (value) => `(par défaut ${value})`,
};

/** Each flag's --help line in French, by flag name (English: the flag's own `description`).
 * A flag with the same name means the same thing in every mode (--rate, --burst…). */
const FLAG_FR: Record<string, (defaults: FlagDefaults) => string> = {
  host: () => "adresse d'écoute (par défaut 0.0.0.0 : toutes les interfaces)",
  port: () => "port d'écoute (par défaut : celui du mode ; 0 en choisit un libre)",
  "max-clients": (d) =>
    `clients connectés à la fois ; au-delà, un nouveau lit « serveur plein » (par défaut ${d.maxClients})`,
  "stall-timeout": (d) =>
    `secondes qu'un client qui a des réponses en attente peut passer sans rien lire avant d'être coupé (« file d'envoi dépassée » ; 0 : jamais ; par défaut ${d.stallSeconds})`,
  "max-per-address": () =>
    "connexions qu'une machine peut tenir à la fois ; au-delà, un nouveau est refusé comme par un serveur plein (par défaut : pas de limite)",
  "join-timeout": (d) =>
    `chat, game, length : secondes pour choisir un pseudo ou envoyer une première ligne, puis prévenu et fermé (0 : aucun ; par défaut ${d.joinSeconds})`,
  workers: () =>
    `echo, bytes, length, http : N processus se partagent le port, un par cœur (auto : les ${navigator.hardwareConcurrency} de la machine ; par défaut 1 ; --max-clients les compte tous)`,
  cluster: () =>
    "une seule salle avec les serveurs de chat reliés par ce serveur NATS (nats-server -js)",
  room: () =>
    "avec --cluster : le nom de la salle ; les serveurs qui donnent le même la partagent (par défaut class)",
  "server-name": () =>
    "avec --cluster : le nom de ce serveur dans /who (par défaut : le nom de la machine)",
  "line-wait": (d) =>
    `modes ligne : une ligne envoyée sans son retour à la ligne est prise après ce silence (par défaut ${d.lineWaitMs} ; 0 : attendre le retour à la ligne)`,
  eol: () =>
    "modes ligne : fins de ligne renvoyées (par défaut auto : CRLF aux clients qui envoient CR ou parlent telnet, LF aux autres)",
  lang: () => "langue de ce que dit le serveur (par défaut en)",
  quiet: () => "ne pas journaliser les connexions et les requêtes",
  udp: (d) => `servir des datagrammes UDP (${d.udpModes}) ; seul, sauf avec --tcp`,
  tcp: () => "avec --udp : TCP aussi, sur le même numéro de port",
  "udp-rate": (d) =>
    `avec --udp : datagrammes par seconde traités par expéditeur ; au-delà ils sont jetés et comptés (par défaut ${d.udpRate} ; 0 : pas de limite)`,
  view: () =>
    "servir la vue de la classe sur le port P : une page web en direct, en lecture seule, pour le projecteur (par défaut : désactivée)",
  "view-host": () => "avec --view : adresse d'écoute de la page (par défaut : celle de --host)",
  record: () =>
    "garder le journal de la séance dans ce fichier SQLite (connexions, chat, manches du jeu) ; `socklab-server record FICHIER` l'affiche",
  "record-private": () =>
    "avec --record : garder aussi les messages privés du chat (par défaut : les publics seulement)",
  help: () => "afficher cette aide",
  version: () => "la version (pour un rapport de bogue)",
  factor: () => "multiplicateur appliqué à chaque octet (0-255)",
  min: () => "plus petit nombre secret",
  max: () => "plus grand nombre secret",
  pause: () => "secondes entre une victoire et la manche suivante (0 la lance tout de suite)",
  seed: () => "rend les nombres secrets reproductibles (0-4294967295 ; par défaut : imprévisibles)",
  rate: () => "lignes par seconde par client, sur la durée (0 : pas de contrôle de flux)",
  burst: () => "lignes qu'un client peut envoyer d'un coup après un moment calme",
  "send-queue": () =>
    "octets en attente pour un lecteur qui a cessé de lire ; au-delà il est coupé (« file d'envoi dépassée »). Un lecteur qui lit n'est jamais coupé : ce sont les expéditeurs qui sont ralentis",
  "max-line": () =>
    "plus longue ligne acceptée ; les plus longues sont jetées avec une erreur à l'expéditeur",
  history: () => "messages publics rejoués à un nouveau venu (0 : aucun)",
  "echo-self": () => "les clients texte relisent aussi leurs propres lignes publiques",
  "log-messages": () =>
    "afficher le contenu des messages sur la console du serveur (sinon : arrivées, départs, comptes seulement)",
  body: () => "servir ce fichier (en text/html) au lieu de la page Hello World ; lu une fois",
  "first-byte-timeout": () =>
    "secondes qu'une nouvelle connexion peut attendre avant d'envoyer son premier octet",
  "header-timeout": () =>
    "secondes qu'a un client pour envoyer une requête entière, depuis son premier octet",
  "idle-timeout": () =>
    "secondes qu'une connexion keep-alive peut rester inactive entre deux requêtes",
};

/** The note after an example command (two spaces or more, then words), in French. */
const EXAMPLE_NOTE_FR: Record<string, string> = {
  "(UDP too: each datagram back whole, as one datagram)":
    "(UDP aussi : chaque datagramme renvoyé entier, en un seul datagramme)",
  "(datagrams: each answered by one of the same size)":
    "(datagrammes : chacun reçoit une réponse de la même taille)",
  "# the same secrets every time (demos, tests)":
    "# les mêmes nombres à chaque fois (démos, tests)",
  "(load tests: no flood control)": "(tests de charge : pas de contrôle de flux)",
};

/** The numbers the flags' help quotes (from the modules that own them). */
export interface FlagDefaults {
  maxClients: number;
  stallSeconds: number;
  joinSeconds: number;
  lineWaitMs: number;
  udpRate: number;
  udpModes: string;
}

const TEXT = { en, fr };

/** The command line's sentences in `lang`. */
export function usageText(lang: Lang): Text {
  return TEXT[lang];
}

/** Every table, for the catalog test: the same keys in both languages, nothing left English. */
export const USAGE_CATALOG = { en, fr, FLAG_FR, EXAMPLE_NOTE_FR };

/**
 * A usage error as a typed reason: its message is English (what logs and tests read), and
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

/** A flag's --help description in `lang`. */
export function flagDescription(
  name: string,
  english: string,
  lang: Lang,
  defaults: FlagDefaults,
): string {
  const french = FLAG_FR[name];
  return lang === "fr" && french ? french(defaults) : english;
}

/** An example line with its note in `lang` (the command is code, the same in every language). */
export function exampleLine(line: string, lang: Lang): string {
  if (lang === "en") return line;
  const match = /^(.*?\S)(\s{2,})(\S.*)$/.exec(line);
  if (!match) return line;
  const note = EXAMPLE_NOTE_FR[match[3] as string];
  return note ? `${match[1]}${match[2]}${note}` : line;
}

/** The language of the command line's words (--lang, else LANG / LC_ALL). */
export const usageLang = argvLang;
