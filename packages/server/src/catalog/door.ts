// Sentences of the front door, in English and French: what a client that is not admitted reads
// (a browser on a line port, a newcomer past --max-per-address or --join-timeout), and the
// console's hints about what a client's first bytes were.

/** The line modes a browser may wander into, as the wrong-port page names them. */
const serviceEn: Record<string, string> = {
  chat: "the socklab chat",
  game: "the socklab guess-the-number game",
  length: "the socklab line-length server",
};
const serviceFr: Record<string, string> = {
  chat: "le chat socklab",
  game: "le jeu du nombre mystère socklab",
  length: "le serveur socklab qui compte les caractères",
};

const en = {
  /** The wrong-port page (an HTTP request line on a line port): its title and sentences. */
  doorPageTitle: (mode: string) =>
    `This is ${serviceEn[mode] ?? `the socklab ${mode} server`}, not a web server`,
  doorPageText: (port: number) =>
    `Port ${port} speaks plain lines of text over TCP, not HTTP: a browser cannot use it. Connect with one of these instead:`,
  doorPageHost: "HOST is the address you typed in the address bar.",
  /** What a connection of a line mode reads when it did not join within --join-timeout. */
  joinTimedOut: (seconds: number) =>
    `Nothing received for ${seconds} s: this connection is closed so that it does not hold a place. Reconnect when you are ready.`,
  joinTimedOutChat: (seconds: number) =>
    `No nickname after ${seconds} s: this connection is closed so that it does not hold a place. Reconnect and type your nickname first.`,
  /** A newcomer past --max-per-address (line and raw modes; http answers 503). */
  /** Server console. */
  doorLogTls: (id: number, peer: string) =>
    `client #${id} (${peer}) spoke https (TLS) to this plain TCP port: closed (use nc, telnet or http://, not https://)`,
  doorLogTlsRaw: (id: number, peer: string) =>
    `client #${id} (${peer}) spoke https (TLS) to this plain TCP port: its bytes are handled as any others, but a TLS client cannot use this port`,
  doorLogHttp: (id: number, mode: string, request: string) =>
    `client #${id} spoke HTTP to the ${mode} port (${request}): answered with a page on how to connect, then closed`,
  doorLogWriteUtf: (id: number, text: string) =>
    `client #${id} sent a Java writeUTF frame (a 2-byte length, then "${text}", no newline): this server reads lines, so use println or write "\\n" after the text`,
  doorLogNulPadded: (id: number, text: string, size: number, nuls: number) =>
    `client #${id} sent a NUL-padded buffer, as C send(name, ${size}) does: "${text}" then ${nuls} NUL bytes`,
  doorLogNulTerminated: (id: number, text: string) =>
    `client #${id} sent "${text}" with its terminating NUL, as C send(buf, strlen(buf) + 1) does`,
  joinTimedOutLog: (id: number, seconds: number) =>
    `client #${id} did not join within ${seconds} s (--join-timeout): closed`,
  refusedPerAddress: (peer: string, max: number) =>
    `refused ${peer}: already ${max} connections from this address (--max-per-address)`,
  /** Chat: a plain client's line taken as its nickname was not one; said after the rule it
   * broke, quoting what was received. */
  chatNotANick: (received: string) =>
    `You sent "${received}". Your nickname comes first, alone on its line (then press Enter); messages come after. Nickname?`,
  chatLogNotANick: (id: number, received: string) =>
    `client #${id} sent "${received}" where its nickname was expected: told what a nickname is, asked again`,
  joinTimeoutReason: "join timeout",
  wrongProtocolReason: "spoke another protocol",
};
export type DoorMessages = typeof en;

const fr: DoorMessages = {
  doorPageTitle: (mode) =>
    `Ceci est ${serviceFr[mode] ?? `le serveur socklab ${mode}`}, pas un serveur web`,
  doorPageText: (port) =>
    `Le port ${port} parle en lignes de texte sur TCP, pas en HTTP : un navigateur ne peut pas s'en servir. Connectez-vous plutôt avec l'une de ces commandes :`,
  doorPageHost: "HOST est l'adresse que vous avez tapée dans la barre d'adresse.",
  joinTimedOut: (seconds) =>
    `Rien reçu en ${seconds} s : cette connexion est fermée pour ne pas garder une place. Reconnectez-vous quand vous serez prêt.`,
  joinTimedOutChat: (seconds) =>
    `Pas de pseudo après ${seconds} s : cette connexion est fermée pour ne pas garder une place. Reconnectez-vous et tapez d'abord votre pseudo.`,
  doorLogTls: (id, peer) =>
    `Client n°${id} (${peer}) a parlé https (TLS) à ce port TCP simple : fermé (utilisez nc, telnet ou http://, pas https://)`,
  doorLogTlsRaw: (id, peer) =>
    `Client n°${id} (${peer}) a parlé https (TLS) à ce port TCP simple : ses octets sont traités comme les autres, mais un client TLS ne peut pas utiliser ce port`,
  doorLogHttp: (id, mode, request) =>
    `Client n°${id} a parlé HTTP au port ${mode} (${request}) : réponse par une page qui explique comment se connecter, puis fermeture`,
  doorLogWriteUtf: (id, text) =>
    `Client n°${id} a envoyé une trame Java writeUTF (une longueur sur 2 octets, puis « ${text} », sans fin de ligne) : ce serveur lit des lignes, utilisez println ou écrivez "\\n" après le texte`,
  doorLogNulPadded: (id, text, size, nuls) =>
    `Client n°${id} a envoyé un tampon complété par des NUL, comme le fait send(name, ${size}) en C : « ${text} » puis ${nuls} octets NUL`,
  doorLogNulTerminated: (id, text) =>
    `Client n°${id} a envoyé « ${text} » avec son NUL final, comme le fait send(buf, strlen(buf) + 1) en C`,
  joinTimedOutLog: (id, seconds) =>
    `Client n°${id} n'a pas rejoint en ${seconds} s (--join-timeout) : fermé`,
  refusedPerAddress: (peer, max) =>
    `${peer} refusé : déjà ${max} connexions depuis cette adresse (--max-per-address)`,
  chatNotANick: (received) =>
    `Vous avez envoyé « ${received} ». Le pseudo vient en premier, seul sur sa ligne (puis Entrée) ; les messages viennent après. Pseudo ?`,
  chatLogNotANick: (id, received) =>
    `Client n°${id} a envoyé « ${received} » à la place de son pseudo : on lui a dit ce qu'est un pseudo, et redemandé`,
  joinTimeoutReason: "délai d'arrivée dépassé",
  wrongProtocolReason: "a parlé un autre protocole",
};

export const door = { en, fr };
