// What a socklab server says first (a mode's greeting, a refusal, its goodbye), which the client
// recognises to tell which server it reached, and the hex dump's "more bytes" line both print.

const en = {
  serverFull: (max: number) =>
    `Server full (${max} ${max === 1 ? "client" : "clients"}): try again later.`,
  perAddressFull: (max: number) =>
    `Too many connections from your machine (at most ${max}): close one and try again.`,
  serverClosing: "Server is shutting down. Goodbye!",
  lengthWelcome: (n: number) => `Welcome, you are client #${n}`,
  chatWelcome: "Welcome to the socklab chat! Choose a nickname (1-20 letters, digits, _ - .):",
  chatWelcomeJson: "Welcome to the socklab chat! Choose a nickname with /nick NAME.",
  /** A player without a name, as the game's greeting and lines call them. */
  gamePlayer: (id: number) => `player #${id}`,
  gameWelcome: (label: string, round: number) =>
    `Welcome to guess-the-number! You are ${label}; round ${round} is on.`,
  gameRules: (min: number, max: number) =>
    `I picked a whole number between ${min} and ${max}: type your guess and press Enter. /name NAME to choose a name, /help for help.`,
  /** After a capped hex dump (inspect's console, the client's inspect screen). */
  inspectMore: (more: number) => `… ${more} more ${more === 1 ? "byte" : "bytes"}`,
};
export type GreetingMessages = typeof en;

const fr: GreetingMessages = {
  serverFull: (max) =>
    `Serveur plein (${max} ${max <= 1 ? "client" : "clients"}) : réessayez plus tard.`,
  perAddressFull: (max) =>
    `Trop de connexions depuis votre machine (${max} au plus) : fermez-en une et réessayez.`,
  serverClosing: "Le serveur s'arrête. Au revoir !",
  lengthWelcome: (n) => `Bienvenue, vous êtes le client n°${n}`,
  chatWelcome:
    "Bienvenue sur le chat socklab ! Choisissez un pseudo (1 à 20 lettres, chiffres, _ - .) :",
  chatWelcomeJson: "Bienvenue sur le chat socklab ! Choisissez un pseudo avec /nick PSEUDO.",
  gamePlayer: (id) => `joueur n°${id}`,
  gameWelcome: (label, round) =>
    `Bienvenue au jeu du nombre mystère ! Vous êtes ${label.startsWith("joueur n°") ? `le ${label}` : label} ; la manche ${round} est en cours.`,
  gameRules: (min, max) =>
    `J'ai choisi un nombre entier entre ${min} et ${max} : tapez votre proposition puis Entrée. /name NOM pour choisir un nom, /help pour l'aide.`,
  inspectMore: (more) => `… ${more} ${more <= 1 ? "octet de plus" : "octets de plus"}`,
};

export const greetings = { en, fr };
