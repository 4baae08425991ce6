// Sentences of socklab-client's screens (chat, game, the shared session lifecycle, first-words
// diagnosis, reconnecting), in English and French.

/** How a socklab mode is named in a diagnosis ("a socklab chat server"). */
const tryMode = (mode: string) => `try \`socklab-client ${mode}\``;
const essayez = (mode: string) => `essayez \`socklab-client ${mode}\``;

const en = {
  clientLeaving: "Leaving…",
  clientLost: (why: string) => `Connection lost: ${why}`,
  clientServerClosed: "The server closed the connection.",
  // First words: what a session expected and what came instead.
  clientLooksLike: (expected: string, received: string, mode: string) =>
    `This is not a socklab ${expected} server: it said “${received}”. It looks like a socklab ${mode} server: ${tryMode(mode)}.`,
  clientUnknownServer: (expected: string, received: string) =>
    `This is not a socklab ${expected} server: it said “${received}”. To talk to any server, ${tryMode("raw")}.`,
  clientSilent: (expected: string, seconds: number) =>
    `Nothing from the server in ${seconds} s, and a socklab ${expected} server greets at once. It may be a socklab inspect server (it answers nothing) or a server waiting for you to speak first: ${tryMode("raw")}.`,
  clientRefused: (text: string) => `The server said: ${text}`,
  // Chat.
  chatHint: "Enter sends; Tab completes nicknames; /help lists commands; Ctrl-C leaves.",
  chatJoining: "joining… › ",
  chatNickPrompt: "nickname › ",
  chatNotConnected: "Not connected (reconnecting): the line was not sent.",
  chatNotJoined: "Not in the room yet: wait a moment.",
  chatYou: "(you)",
  chatYouWord: "you",
  chatPrivate: "[private]",
  chatYouJoined: (nick: string, online: number) => `You joined as ${nick} (${online} online)`,
  chatOtherJoined: (nick: string, online: number) => `${nick} joined (${online} online)`,
  chatOtherLeft: (nick: string, reason: string, online: number) =>
    `${nick} left (${reason}, ${online} online)`,
  chatYouAreNow: (nick: string) => `You are now ${nick}`,
  chatOtherIsNow: (from: string, to: string) => `${from} is now ${to}`,
  chatOnline: (count: number, names: string) => `online (${count}): ${names}`,
  chatAnotherNick: "Type another nickname and press Enter.",
  /** The one status line while reconnecting, rewritten at each attempt. */
  chatRetryStatus: (time: string, attempt: number, why: string, seconds: number) =>
    `${time} ${why} · attempt ${attempt}, next in ${seconds} s › `,
  /** A failed attempt in a few words, for the status line (the whole sentence is shown once). */
  clientShortWhy: {
    refused: "connection refused",
    unknown_host: "unknown host",
    timeout: "no answer",
    unreachable: "unreachable",
    other: "cannot connect",
    closed: "closed by the server",
  },
  chatRetrying: (time: string, attempt: number) => `${time} attempt ${attempt}: connecting… › `,
  chatConnectionLostDot: "Connection lost.",
};
export type ClientMessages = typeof en;

const fr: ClientMessages = {
  clientLeaving: "Départ…",
  clientLost: (why) => `Connexion perdue : ${why}`,
  clientServerClosed: "Le serveur a fermé la connexion.",
  clientLooksLike: (expected, received, mode) =>
    `Ce n'est pas un serveur socklab ${expected} : il a dit « ${received} ». On dirait un serveur socklab ${mode} : ${essayez(mode)}.`,
  clientUnknownServer: (expected, received) =>
    `Ce n'est pas un serveur socklab ${expected} : il a dit « ${received} ». Pour parler à n'importe quel serveur, ${essayez("raw")}.`,
  clientSilent: (expected, seconds) =>
    `Rien reçu du serveur en ${seconds} s, alors qu'un serveur socklab ${expected} salue aussitôt. C'est peut-être un serveur socklab inspect (il ne répond rien) ou un serveur qui attend que vous parliez d'abord : ${essayez("raw")}.`,
  clientRefused: (text) => `Le serveur a dit : ${text}`,
  chatHint:
    "Entrée envoie ; Tab complète les pseudos ; /help liste les commandes ; Ctrl-C pour partir.",
  chatJoining: "connexion… › ",
  chatNickPrompt: "pseudo › ",
  chatNotConnected: "Pas connecté (reconnexion en cours) : la ligne n'a pas été envoyée.",
  chatNotJoined: "Pas encore dans le salon : un instant.",
  chatYou: "(vous)",
  chatYouWord: "vous",
  chatPrivate: "[privé]",
  chatYouJoined: (nick, online) => `Vous êtes entré sous le nom ${nick} (${online} en ligne)`,
  chatOtherJoined: (nick, online) => `${nick} est arrivé (${online} en ligne)`,
  chatOtherLeft: (nick, reason, online) => `${nick} est parti (${reason}, ${online} en ligne)`,
  chatYouAreNow: (nick) => `Vous êtes maintenant ${nick}`,
  chatOtherIsNow: (from, to) => `${from} s'appelle maintenant ${to}`,
  chatOnline: (count, names) => `en ligne (${count}) : ${names}`,
  chatAnotherNick: "Tapez un autre pseudo et appuyez sur Entrée.",
  chatRetryStatus: (time, attempt, why, seconds) =>
    `${time} ${why} · essai ${attempt}, prochain dans ${String(seconds).replace(".", ",")} s › `,
  clientShortWhy: {
    refused: "connexion refusée",
    unknown_host: "hôte inconnu",
    timeout: "pas de réponse",
    unreachable: "injoignable",
    other: "connexion impossible",
    closed: "fermée par le serveur",
  },
  chatRetrying: (time, attempt) => `${time} essai ${attempt} : connexion… › `,
  chatConnectionLostDot: "Connexion perdue.",
};

export const client = { en, fr };
