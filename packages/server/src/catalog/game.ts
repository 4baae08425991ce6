// Sentences of the game mode, in English and French.

const attemptsEn = (n: number) => `${n} ${n === 1 ? "attempt" : "attempts"}`;
const winsEn = (n: number) => `${n} ${n === 1 ? "win" : "wins"}`;
const playersEn = (n: number) => `${n} ${n === 1 ? "player" : "players"}`;

const en = {
  /** How a player without a name is shown. */
  gameHelp: (min: number, max: number, maxName: number) =>
    [
      `Guess the whole number between ${min} and ${max}; the first to find it wins the round.`,
      "  42            guess 42: the answer is too small, too big, or a win",
      `  /name alice   choose your name (1-${maxName} letters, digits, _ - .)`,
      "  /scores       wins and best attempt counts of the players here",
      "  /proto json   switch to JSON events (for programs)",
      "  /help         this help",
      "  /quit         leave",
    ].join("\n"),
  gameTooSmall: (guess: number, attempts: number) =>
    `Your number is too small (${guess}, attempt ${attempts}).`,
  gameTooBig: (guess: number, attempts: number) =>
    `Your number is too big (${guess}, attempt ${attempts}).`,
  gameOutOfRange: (min: number, max: number) =>
    `Out of range: the number is between ${min} and ${max}.`,
  gameNotANumber: (min: number, max: number) =>
    `Not a whole number: type a number between ${min} and ${max}, or /help.`,
  gameYouWon: (round: number, attempts: number, secret: number) =>
    `You won in ${attemptsEn(attempts)}! The number was ${secret} (round ${round}).`,
  gameWon: (name: string, round: number, attempts: number, secret: number) =>
    `${name} won round ${round} in ${attemptsEn(attempts)} — the number was ${secret}`,
  gameNextRound: (round: number, seconds: number) => `Round ${round} starts in ${seconds} s.`,
  gameRoundOver: (seconds: number) => `This round is over: next round starts in ${seconds} s.`,
  gameRoundStarts: (round: number, min: number, max: number) =>
    `Round ${round}: a new number between ${min} and ${max}. Guess!`,
  gameJoined: (name: string, online: number) => `${name} joined (${playersEn(online)})`,
  gameLeft: (name: string, online: number) => `${name} left (${playersEn(online)})`,
  gameRenamed: (from: string, to: string) => `${from} is now ${to}`,
  gameNameSet: (name: string) => `You are now ${name}.`,
  gameNameUsage: "Usage: /name NAME (for example /name alice)",
  gameNameTooLong: (max: number) => `Name refused: at most ${max} characters.`,
  gameNameBadCharacters:
    "Name refused: only letters, digits and _ - . (no spaces or other symbols).",
  gameNameTaken: (name: string) => `Name refused: "${name}" is taken (names ignore case).`,
  gameNameLooksLike: (name: string) => `Name refused: it looks too much like ${name}.`,
  gameNameRule: (problem: "invisible" | "bad_start" | "stacked_marks" | "mixed_scripts") =>
    ({
      invisible: "Name refused: no invisible characters.",
      bad_start: "Name refused: it starts with a letter or a digit.",
      stacked_marks: "Name refused: at most 4 accents on a letter, never the same one twice.",
      mixed_scripts: "Name refused: one alphabet only (no Latin mixed with Cyrillic or Greek).",
    })[problem],
  gameProtoUsage: "Usage: /proto json",
  gameUnknownCommand: "Unknown command: type /help for the list.",
  gameScoresTitle: (round: number) => `Scores (round ${round}):`,
  gameScoreLine: (rank: number, name: string, wins: number, best: number | undefined) =>
    `${rank}. ${name}: ${winsEn(wins)}${best === undefined ? "" : `, best ${attemptsEn(best)}`}`,
  gameScoresMore: (count: number) => `… and ${playersEn(count)} more`,
  gameGoodbye: "Goodbye!",
  /** Server console. */
  gameLogName: (id: number, name: string, players: number) =>
    `client #${id} is ${name} (${playersEn(players)})`,
  gameLogLeave: (name: string, id: number, reason: string) =>
    `${name} (client #${id}) left: ${reason}`,
  gameLogWin: (round: number, name: string, attempts: number, secret: number) =>
    `round ${round}: ${name} won in ${attemptsEn(attempts)} (the number was ${secret})`,
};
export type GameMessages = typeof en;

/** French keeps the singular for 0 and 1 ("0 victoire", "1 essai"). */
const essais = (n: number) => `${n} ${n <= 1 ? "essai" : "essais"}`;
const victoires = (n: number) => `${n} ${n <= 1 ? "victoire" : "victoires"}`;
const joueurs = (n: number) => `${n} ${n <= 1 ? "joueur" : "joueurs"}`;

const fr: GameMessages = {
  gameHelp: (min, max, maxName) =>
    [
      `Trouvez le nombre entier entre ${min} et ${max} ; le premier qui le trouve gagne la manche.`,
      "  42            propose 42 : réponse trop petit, trop grand, ou gagné",
      `  /name alice   choisir son nom (1 à ${maxName} lettres, chiffres, _ - .)`,
      "  /scores       victoires et meilleurs nombres d'essais des joueurs présents",
      "  /proto json   passer aux événements JSON (pour les programmes)",
      "  /help         cette aide",
      "  /quit         partir",
    ].join("\n"),
  gameTooSmall: (guess, attempts) => `Votre nombre est trop petit (${guess}, essai n°${attempts}).`,
  gameTooBig: (guess, attempts) => `Votre nombre est trop grand (${guess}, essai n°${attempts}).`,
  gameOutOfRange: (min, max) => `Hors limites : le nombre est entre ${min} et ${max}.`,
  gameNotANumber: (min, max) =>
    `Ce n'est pas un nombre entier : tapez un nombre entre ${min} et ${max}, ou /help.`,
  gameYouWon: (round, attempts, secret) =>
    `Vous avez gagné en ${essais(attempts)} ! Le nombre était ${secret} (manche ${round}).`,
  gameWon: (name, round, attempts, secret) =>
    `${name} a gagné la manche ${round} en ${essais(attempts)} — le nombre était ${secret}`,
  gameNextRound: (round, seconds) => `La manche ${round} commence dans ${seconds} s.`,
  gameRoundOver: (seconds) => `Cette manche est finie : la prochaine commence dans ${seconds} s.`,
  gameRoundStarts: (round, min, max) =>
    `Manche ${round} : un nouveau nombre entre ${min} et ${max}. À vous !`,
  gameJoined: (name, online) => `${name} est arrivé (${joueurs(online)})`,
  gameLeft: (name, online) => `${name} est parti (${joueurs(online)})`,
  gameRenamed: (from, to) => `${from} s'appelle maintenant ${to}`,
  gameNameSet: (name) => `Vous vous appelez maintenant ${name}.`,
  gameNameUsage: "Usage : /name NOM (par exemple /name alice)",
  gameNameTooLong: (max) => `Nom refusé : ${max} caractères au plus.`,
  gameNameBadCharacters:
    "Nom refusé : seulement des lettres, des chiffres et _ - . (ni espace ni autre symbole).",
  gameNameTaken: (name) =>
    `Nom refusé : « ${name} » est déjà pris (sans distinction de majuscules).`,
  gameNameLooksLike: (name) => `Nom refusé : il ressemble trop à ${name}.`,
  gameNameRule: (problem) =>
    ({
      invisible: "Nom refusé : pas de caractère invisible.",
      bad_start: "Nom refusé : il commence par une lettre ou un chiffre.",
      stacked_marks: "Nom refusé : au plus 4 accents sur une lettre, jamais deux fois le même.",
      mixed_scripts:
        "Nom refusé : un seul alphabet (pas de latin mêlé à du cyrillique ou du grec).",
    })[problem],
  gameProtoUsage: "Usage : /proto json",
  gameUnknownCommand: "Commande inconnue : tapez /help pour la liste.",
  gameScoresTitle: (round) => `Scores (manche ${round}) :`,
  gameScoreLine: (rank, name, wins, best) =>
    `${rank}. ${name} : ${victoires(wins)}${best === undefined ? "" : `, meilleur : ${essais(best)}`}`,
  gameScoresMore: (count) => `… et ${joueurs(count)} de plus`,
  gameGoodbye: "Au revoir !",
  gameLogName: (id, name, players) =>
    `Le client n°${id} est ${name} (${players} ${players <= 1 ? "joueur" : "joueurs"})`,
  gameLogLeave: (name, id, reason) => `${name} (client n°${id}) est parti : ${reason}`,
  gameLogWin: (round, name, attempts, secret) =>
    `Manche ${round} : ${name} a gagné en ${essais(attempts)} (le nombre était ${secret})`,
};

export const game = { en, fr };
