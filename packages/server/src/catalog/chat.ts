// Sentences of the chat mode, in English and French: what people read in the room, the replies
// to commands, the reasons someone left, and the server console's lines.

import type { NameProblem } from "@socklab/protocol";

const en = {
  chatNickAgain: "Nickname?",
  chatBadNick: (problem: NameProblem): string =>
    ({
      empty: "A nickname needs at least one character.",
      too_long: "A nickname has at most 20 characters.",
      bad_characters: "A nickname uses only letters, digits, _ - and . (no spaces).",
      invisible: "A nickname cannot hold invisible characters.",
      bad_start: "A nickname starts with a letter or a digit.",
      stacked_marks: "A nickname has at most 4 accents on a letter, never the same one twice.",
      mixed_scripts:
        "A nickname is written in one alphabet (no Latin letters mixed with Cyrillic or Greek ones).",
    })[problem],
  chatNickTaken: (nick: string) => `Someone here is already called ${nick}.`,
  chatNickLooksLike: (nick: string) =>
    `This nickname looks too much like ${nick}: choose another one.`,
  chatJoinedSelf: (nick: string, online: number) =>
    `You are ${nick} (${online} online). Type /help for the commands.`,
  chatJoined: (nick: string, online: number) => `${nick} joined (${online} online)`,
  chatLeft: (nick: string, reason: string) => `${nick} left (${reason})`,
  chatNickChanged: (from: string, to: string) => `${from} is now known as ${to}`,
  chatNickSelf: (nick: string) => `You are now known as ${nick}.`,
  chatNickSame: (nick: string) => `You are already called ${nick}.`,
  chatBonjour: "Bonjour",
  chatHistory: (count: number) =>
    count === 1 ? "The last message:" : `The last ${count} messages:`,
  chatWho: (online: number) => `${online} online:`,
  chatWhoEntry: (nick: string, idle: string) => `${nick} (idle ${idle})`,
  chatHelp: [
    "Type a line and press Enter to send it to everyone.",
    "/msg NICK text    private message (also NICK=>text, or a,b=>text for several)",
    "/me action        says '* you action'",
    "/nick NAME        change your nickname",
    "/who              who is online, and how long each has been quiet",
    "/quit [reason]    leave (typing exit works too)",
    "//text            sends a line that starts with /",
  ],
  chatGoodbye: "Goodbye!",
  chatNoNick: "Choose a nickname first (type it, or /nick NAME).",
  chatUnknownCommand: (name: string) => `Unknown command /${name}: type /help for the list.`,
  chatUnknownUser: (nicks: string) => `No one here is called ${nicks}; nothing was sent.`,
  chatUsage: (usage: string) => `Usage: ${usage}`,
  /** What follows "Usage:" for each command that takes arguments. */
  chatSynopsis: {
    msg: "/msg NICK text   (or NICK=>text, a,b=>text)",
    nick: "/nick NAME",
    me: "/me action",
    proto: "/proto json",
  },
  chatSlowDown: (rate: number) =>
    `Slow down: at most ${rate} lines per second; your last lines were dropped.`,
  chatKickedFlood: (seconds: number) =>
    `Disconnected: you kept sending too fast for ${seconds} seconds.`,
  chatReasonQuit: (reason: string) => (reason === "" ? "quit" : `quit: ${reason}`),
  chatReasonClosed: "connection closed",
  chatReasonLost: "connection lost",
  chatReasonFlood: "flooding",
  chatReasonSendQueue: "send queue exceeded",
  chatLogJoin: (nick: string, id: number, online: number) =>
    `client #${id} is ${nick} (${online} in the room)`,
  chatLogLeave: (nick: string, id: number, reason: string) =>
    `${nick} (client #${id}) left: ${reason}`,
  chatLogNick: (from: string, to: string) => `${from} is now ${to}`,
  chatLogKick: (nick: string, id: number, reason: string) =>
    `kicked ${nick} (client #${id}): ${reason}`,
  chatLogCount: (online: number, lines: number, seconds: number) =>
    `chat: ${online} in the room, ${lines} ${lines === 1 ? "message" : "messages"} in the last ${seconds} s`,
};
export type ChatMessages = typeof en;

const fr: ChatMessages = {
  chatNickAgain: "Pseudo ?",
  chatBadNick: (problem) =>
    ({
      empty: "Un pseudo a au moins un caractère.",
      too_long: "Un pseudo a au plus 20 caractères.",
      bad_characters:
        "Un pseudo ne contient que des lettres, des chiffres, _ - et . (pas d'espace).",
      invisible: "Un pseudo ne contient pas de caractère invisible.",
      bad_start: "Un pseudo commence par une lettre ou un chiffre.",
      stacked_marks: "Un pseudo a au plus 4 accents sur une lettre, jamais deux fois le même.",
      mixed_scripts:
        "Un pseudo s'écrit dans un seul alphabet (pas de lettres latines mêlées à des cyrilliques ou des grecques).",
    })[problem],
  chatNickTaken: (nick) => `Quelqu'un s'appelle déjà ${nick} ici.`,
  chatNickLooksLike: (nick) => `Ce pseudo ressemble trop à ${nick} : choisissez-en un autre.`,
  chatJoinedSelf: (nick, online) =>
    `Vous êtes ${nick} (${online} en ligne). Tapez /help pour les commandes.`,
  chatJoined: (nick, online) => `${nick} est arrivé (${online} en ligne)`,
  chatLeft: (nick, reason) => `${nick} est parti (${reason})`,
  chatNickChanged: (from, to) => `${from} s'appelle maintenant ${to}`,
  chatNickSelf: (nick) => `Vous vous appelez maintenant ${nick}.`,
  chatNickSame: (nick) => `Vous vous appelez déjà ${nick}.`,
  chatBonjour: "Bonjour",
  chatHistory: (count) =>
    count === 1 ? "Le dernier message :" : `Les ${count} derniers messages :`,
  chatWho: (online) => `${online} en ligne :`,
  chatWhoEntry: (nick, idle) => `${nick} (inactif depuis ${idle})`,
  chatHelp: [
    "Tapez une ligne puis Entrée pour l'envoyer à tout le monde.",
    "/msg PSEUDO texte  message privé (aussi PSEUDO=>texte, ou a,b=>texte pour plusieurs)",
    "/me action         affiche « * vous action »",
    "/nick PSEUDO       changer de pseudo",
    "/who               qui est en ligne, et depuis quand chacun est silencieux",
    "/quit [raison]     partir (taper exit marche aussi)",
    "//texte            envoie une ligne qui commence par /",
  ],
  chatGoodbye: "Au revoir !",
  chatNoNick: "Choisissez d'abord un pseudo (tapez-le, ou /nick PSEUDO).",
  chatUnknownCommand: (name) => `Commande inconnue /${name} : tapez /help pour la liste.`,
  chatUnknownUser: (nicks) => `Personne ne s'appelle ${nicks} ici ; rien n'a été envoyé.`,
  chatUsage: (usage) => `Usage : ${usage}`,
  chatSynopsis: {
    msg: "/msg PSEUDO texte   (ou PSEUDO=>texte, a,b=>texte)",
    nick: "/nick PSEUDO",
    me: "/me action",
    proto: "/proto json",
  },
  chatSlowDown: (rate) =>
    `Moins vite : au plus ${rate} lignes par seconde ; vos dernières lignes ont été ignorées.`,
  chatKickedFlood: (seconds) =>
    `Déconnecté : vous avez envoyé trop vite pendant ${seconds} secondes.`,
  chatReasonQuit: (reason) => (reason === "" ? "départ" : `départ en disant « ${reason} »`),
  chatReasonClosed: "connexion fermée",
  chatReasonLost: "connexion perdue",
  chatReasonFlood: "flood",
  chatReasonSendQueue: "file d'envoi dépassée",
  chatLogJoin: (nick, id, online) => `Le client n°${id} est ${nick} (${online} dans le salon)`,
  chatLogLeave: (nick, id, reason) => `${nick} (client n°${id}) est parti : ${reason}`,
  chatLogNick: (from, to) => `${from} s'appelle maintenant ${to}`,
  chatLogKick: (nick, id, reason) => `${nick} (client n°${id}) expulsé : ${reason}`,
  chatLogCount: (online, lines, seconds) =>
    `Chat : ${online} dans le salon, ${lines} ${lines <= 1 ? "message" : "messages"} ces ${seconds} dernières secondes`,
};

export const chat = { en, fr };
