// Sentences of the teacher's console (socklab-server's stdin when it is a terminal): the answers
// to its commands, and what students read when the teacher acts (kick, mute, say).

import { TEACHER_NAMES } from "@socklab/protocol";

const en = {
  teacherName: TEACHER_NAMES.en as string,
  consoleHint: "Type /help for the console's commands.",
  consoleHelp: [
    "/clients                   who is connected: number, address, name, since, bytes, idle",
    "/kick #N|NAME [reason]     close a client; the others read the reason",
    "/say TEXT                  a line to every client, marked as the teacher's",
    "/quit                      stop the server (as Ctrl-C)",
  ],
  consoleHelpChat: [
    "TEXT                       (no slash) said in the room as the teacher",
    "/mute NAME [minutes]       what NAME says goes nowhere (until /unmute, or for minutes)",
    "/unmute NAME",
  ],
  consoleHelpGame: [
    "/round                     end the round, reveal the number, start the next",
    "/range MIN MAX             the secret's range from the next round on",
    "/scores                    the scores",
  ],
  consoleUnknown: (name: string) => `unknown command /${name} (type /help)`,
  consoleUsage: (synopsis: string) => `usage: ${synopsis}`,
  consolePlainOnlyChat: "commands start with / (to speak to everyone: /say TEXT; /help lists them)",
  consoleNoClients: "no client connected",
  consoleClients: (count: number) => (count === 1 ? "1 client:" : `${count} clients:`),
  consoleClientLine: (
    id: number,
    peer: string,
    name: string,
    since: string,
    bytesIn: number,
    bytesOut: number,
    idle: number,
  ) =>
    `#${id}  ${peer}  ${name}  since ${since}  in ${bytesIn} B  out ${bytesOut} B  idle ${idle} s`,
  consoleNoSuchClient: (target: string) => `no client ${target} (/clients lists them)`,
  consoleKicked: (id: number, name: string) => `client #${id} (${name}) kicked`,
  consoleSaid: (count: number) => `said to ${count} client(s)`,
  consoleNoLineClients: (mode: string) =>
    `${mode} clients read raw bytes: a line would corrupt their data, nothing was sent`,
  consoleMuted: (nick: string, minutes: number | undefined) =>
    minutes === undefined ? `${nick} muted` : `${nick} muted for ${minutes} min`,
  consoleUnmuted: (nick: string) => `${nick} can speak again`,
  consoleNotMuted: (nick: string) => `${nick} was not muted`,
  consoleRoundEnded: (round: number, secret: number) =>
    `round ${round} ended, the number was ${secret}`,
  consoleRange: (min: number, max: number) => `the next rounds draw from ${min} to ${max}`,
  consoleNoScores: "nobody plays yet",
  /** What a kicked student reads before the close; the others read kickedReason in the leave. */
  kickedYou: (reason: string) =>
    reason === ""
      ? "The teacher closed your connection."
      : `The teacher closed your connection: ${reason}`,
  kickedReason: (reason: string) =>
    reason === "" ? "kicked by the teacher" : `kicked by the teacher: ${reason}`,
  kickedOther: (name: string, reason: string) =>
    reason === ""
      ? `${name} was removed by the teacher`
      : `${name} was removed by the teacher: ${reason}`,
  mutedYou: (minutes: number | undefined) =>
    minutes === undefined
      ? "The teacher muted you: what you say reaches nobody until you are unmuted."
      : `The teacher muted you for ${minutes} min: what you say reaches nobody until then.`,
  stillMuted: "You are muted: nobody reads what you say.",
  unmutedYou: "The teacher unmuted you: you can speak again.",
  nickReserved: (nick: string) => `${nick} is the teacher's name: choose another one.`,
  roundStopped: (round: number, secret: number) =>
    `The teacher ended round ${round}: the number was ${secret}.`,
};

const fr: typeof en = {
  teacherName: TEACHER_NAMES.fr,
  consoleHint: "Tapez /help pour les commandes de la console.",
  consoleHelp: [
    "/clients                   qui est connecté : numéro, adresse, nom, depuis, octets, inactivité",
    "/kick #N|NOM [raison]      fermer un client ; les autres lisent la raison",
    "/say TEXTE                 une ligne à chaque client, marquée comme celle du prof",
    "/quit                      arrêter le serveur (comme Ctrl-C)",
  ],
  consoleHelpChat: [
    "TEXTE                      (sans barre) dit dans le salon par le prof",
    "/mute NOM [minutes]        ce que dit NOM ne va nulle part (jusqu'à /unmute, ou pour minutes)",
    "/unmute NOM",
  ],
  consoleHelpGame: [
    "/round                     finir la manche, révéler le nombre, lancer la suivante",
    "/range MIN MAX             l'intervalle du secret à partir de la manche suivante",
    "/scores                    les scores",
  ],
  consoleUnknown: (name) => `commande /${name} inconnue (tapez /help)`,
  consoleUsage: (synopsis) => `usage : ${synopsis}`,
  consolePlainOnlyChat:
    "les commandes commencent par / (pour parler à tous : /say TEXTE ; /help les liste)",
  consoleNoClients: "aucun client connecté",
  consoleClients: (count) => (count === 1 ? "1 client :" : `${count} clients :`),
  consoleClientLine: (id, peer, name, since, bytesIn, bytesOut, idle) =>
    `n°${id}  ${peer}  ${name}  depuis ${since}  reçu ${bytesIn} o  envoyé ${bytesOut} o  inactif ${idle} s`,
  consoleNoSuchClient: (target) => `pas de client ${target} (/clients les liste)`,
  consoleKicked: (id, name) => `client n°${id} (${name}) exclu`,
  consoleSaid: (count) => `dit à ${count} client(s)`,
  consoleNoLineClients: (mode) =>
    `les clients ${mode} lisent des octets bruts : une ligne corromprait leurs données, rien n'a été envoyé`,
  consoleMuted: (nick, minutes) =>
    minutes === undefined ? `${nick} est muet` : `${nick} est muet pour ${minutes} min`,
  consoleUnmuted: (nick) => `${nick} peut de nouveau parler`,
  consoleNotMuted: (nick) => `${nick} n'était pas muet`,
  consoleRoundEnded: (round, secret) => `manche ${round} finie, le nombre était ${secret}`,
  consoleRange: (min, max) => `les prochaines manches tirent de ${min} à ${max}`,
  consoleNoScores: "personne ne joue encore",
  kickedYou: (reason) =>
    reason === ""
      ? "Le prof a fermé votre connexion."
      : `Le prof a fermé votre connexion : ${reason}`,
  kickedReason: (reason) => (reason === "" ? "exclu par le prof" : `exclu par le prof : ${reason}`),
  kickedOther: (name, reason) =>
    reason === ""
      ? `${name} a été exclu par le prof`
      : `${name} a été exclu par le prof : ${reason}`,
  mutedYou: (minutes) =>
    minutes === undefined
      ? "Le prof vous a rendu muet : ce que vous dites n'atteint personne jusqu'à nouvel ordre."
      : `Le prof vous a rendu muet pour ${minutes} min : ce que vous dites n'atteint personne d'ici là.`,
  stillMuted: "Vous êtes muet : personne ne lit ce que vous dites.",
  unmutedYou: "Le prof vous a rendu la parole.",
  nickReserved: (nick) => `${nick} est le nom du prof : choisissez-en un autre.`,
  roundStopped: (round, secret) => `Le prof a fini la manche ${round} : le nombre était ${secret}.`,
};

export const teacherConsole = { en, fr };
