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
  /** `socklab-client --help`, one line per element. */
  clientHelp: (d: {
    modes: string;
    wait: number;
    timeout: number;
    loss: number;
    interval: number;
  }): string[] => [
    "socklab-client: the socklab client (an interactive form in a terminal)",
    "",
    "Usage:",
    "  socklab-client                           the connect form: mode, host, port, name",
    "  socklab-client <mode> [flags]            straight into a mode; flags answer the form",
    '  socklab-client send HOST:PORT "text"     send one line, print the reply, exit',
    '  socklab-client send --udp HOST:PORT "t"  send one datagram, print each datagram back',
    "  socklab-client udp --count N             ping over UDP: loss and round-trip times",
    "  socklab-client connect HOST:PORT         like nc: stdin to the server, the server to stdout",
    "  socklab-client check MODE HOST:PORT      test your own server (socklab-client check --help)",
    "",
    `Modes (default port): ${d.modes}`,
    "Outside a terminal (or with CI set) a mode behaves like `connect` to its address.",
    "",
    "Flags:",
    "  --host H           server address (default 127.0.0.1)",
    "  --port P           server port (default: the mode's)",
    "  --name N           chat nickname, game player name",
    "  --method M         http: request method (GET, HEAD, POST, ...)",
    "  --path P           http: request path (/)",
    "  --no-reconnect     chat: do not reconnect when the connection is lost",
    `  --wait MS          send, connect, a mode outside a terminal: stop after MS of silence (default ${d.wait})`,
    "  --crlf             send, connect, raw, inspect: end lines with CRLF (telnet, HTTP servers)",
    `  --timeout MS       give up connecting after MS (default ${d.timeout}); udp: a datagram`,
    `                     unanswered after MS is lost (default ${d.loss})`,
    "  --udp              send: one UDP datagram (the text, no newline) instead of TCP",
    "  --count N          udp: ping mode, send N datagrams, then loss and RTT statistics",
    `  --interval MS      udp --count: one datagram every MS (default ${d.interval})`,
    "  --lang en|fr       the screens' language (default: French when LANG or LC_ALL says fr)",
    "  --no-color         no colours (the NO_COLOR variable works too)",
    "  --version          the version (for a bug report)",
    "  -h, --help         this help",
    "",
    "Examples:",
    "  socklab-client chat --host 192.168.1.10 --name alice",
    '  socklab-client send 127.0.0.1:7010 "hello"',
    "  socklab-client udp --host 192.168.1.10 --count 10 --interval 200",
    "  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | socklab-client connect 127.0.0.1:8080",
  ],
  // The form.
  formWhichMode: "Connect to which kind of server?",
  formModeHint: {
    udp: "datagrams to echo/bytes --udp: size, round-trip time, losses",
    raw: "any server: lines in, bytes shown",
    inspect: "any server: each chunk received in hex + text",
  },
  formCheckLabel: "check a server",
  formCheckEntryHint: "test your own server against the lab",
  formWhichExercise: "Which exercise does the server do?",
  formCheckHint: {
    echo: "the C echo server",
    bytes: "the Java byte exchange (× 12)",
    length: "the numbered multi-client server",
    game: "guess the number",
    chat: "the chat on port 4444",
    http: "the Hello World page",
  },
  formHost: "Host",
  formPort: "Port",
  formPortPlaceholder: "the port your server listens on",
  formNickname: "Your nickname",
  formPlayerName: "Your player name (Enter: the server picks one)",
  formPlayerPlaceholder: "player N",
  formNickPlaceholder: (max: number) => `letters and digits, up to ${max}`,
  addressNoHost: "Type a host: an address like 127.0.0.1 or a name like localhost.",
  addressNotIpv4: (host: string) => `"${host}" is not an IPv4 address (four numbers 0-255).`,
  addressTooLong: "That host name is too long.",
  addressNotHostName: (host: string) =>
    `"${host}" is not a host name (letters, digits, dots and hyphens).`,
  addressPortNumber: "The port is a whole number from 1 to 65535.",
  addressPortRange: (port: string) => `Port ${port} is out of range: use 1 to 65535.`,
  nameEmpty: "Type a name (at least one character).",
  nameTooLong: (max: number) => `At most ${max} characters.`,
  nameBadCharacters: "Letters, digits, _ - and . only: no spaces.",
  // Around the screens.
  clientConnecting: (where: string) => `Connecting to ${where}`,
  clientConnected: (where: string) => `Connected to ${where}`,
  clientWhatNow: "What now?",
  clientTryAgain: "Try again",
  clientChangeAddress: "Change the address",
  clientQuit: "Quit",
  /** Every cancel (Ctrl-C or Esc at a question) says this, and only a cancel does. */
  clientCancelled: "Cancelled: nothing more was sent.",
  clientBye: "Bye.",
  // Connecting.
  clientConnRefused: (where: string) =>
    `Connection refused by ${where}: no server is listening on that port (is it started? is the port right?)`,
  clientUnknownHost: (host: string) => `Unknown host "${host}": check the name.`,
  clientUnreachable: (host: string, code: string) =>
    `${host} is unreachable from this machine (${code}): check the address and the network.`,
  clientTimedOut: (where: string) =>
    `No answer from ${where}: the connection timed out. In a lab, the usual cause is a firewall on the server's machine dropping the port: open it there (or check the address).`,
  clientNoAnswer: (where: string, seconds: number) =>
    `No answer from ${where} after ${seconds} s: is the machine on and the address right? In a lab, the usual cause is a firewall on the server's machine (the teacher's) dropping the port: open it there.`,
  clientCannotConnect: (where: string, text: string) => `Cannot connect to ${where}: ${text}`,
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
  chatIdle: (time: string) => `(idle ${time})`,
  chatEarlier: "Earlier messages, before you joined:",
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
  // The http screen.
  httpMethod: "Method",
  httpPath: "Path",
  httpBadPath: "A path starts with / and has no spaces (%20 for one).",
  httpBody: "Body (one line, may be empty)",
  httpAnother: "Another request?",
  httpYes: "Yes",
  httpNoQuit: "No, quit",
  httpMoreLines: (n: number) => `… ${n} more ${n === 1 ? "line" : "lines"}`,
  httpEmptyBody: "(empty body)",
  httpBodySize: (n: number) => `${n} ${n === 1 ? "byte" : "bytes"} of body`,
  httpNotKept: (n: number) => `, ${n} more ${n === 1 ? "byte" : "bytes"} not kept`,
  httpIncomplete: (seconds: number) => `The response was not complete after ${seconds} s.`,
  httpNoResponse: (seconds: number) => `No response after ${seconds} s.`,
  httpClosedSilent: "The server closed the connection without answering.",
  /** A decimal number as this language writes it ("0.35" / "0,35"). */
  clientDecimal: (text: string) => `${text}`,
  // echo, length, bytes.
  roundTripHint: "Type a line and press Enter. Ctrl-C leaves.",
  roundTripWait: "The server has not answered the last lines: wait for it.",
  bytesHint:
    "Type numbers from 0 to 255 separated by spaces; each comes back multiplied. Ctrl-C leaves.",
  bytesTypeNumbers: "Type numbers from 0 to 255, separated by spaces.",
  bytesNotAByte: (word: string) =>
    `"${word}" is not a byte: type numbers from 0 to 255 (or 0x00 to 0xff).`,
  // udp.
  udpScreenHint: (where: string, lossMs: number) =>
    `Each line goes to ${where} as one datagram (no newline added). Lost after ${lossMs} ms without a reply. Ctrl-C leaves.`,
  udpScreenLost: (seq: number, lossMs: number) =>
    `✗ #${seq} lost: no reply within ${lossMs} ms (UDP does not retransmit)`,
  udpScreenTooMany: "Too many datagrams wait for a reply: wait for them to come back or be lost.",
  udpScreenLate: (time: string) => `${time}, after it was counted lost`,
  udpScreenUnasked: "(unasked)",
  udpScreenUnreachable: (where: string) =>
    `${where} answered "port unreachable": no UDP server listens there (started with --udp?)`,
  // udp without a screen: ping, send --udp.
  pingStart: (where: string, count: number, intervalMs: number, lossMs: number) =>
    `UDP PING ${where}: ${count} ${count === 1 ? "datagram" : "datagrams"}, one every ${intervalMs} ms, lost after ${lossMs} ms without a reply`,
  pingReply: (size: number, where: string, seq: number, ms: string) =>
    `${size} bytes from ${where}: seq=${seq} time=${ms} ms`,
  pingLate: (size: number, where: string, seq: number, ms: string) =>
    `${size} bytes from ${where}: seq=${seq} time=${ms} ms, too late (already counted lost)`,
  pingStray: (size: number, where: string) =>
    `${size} bytes from ${where}: not a reply to any of ours`,
  pingLost: (seq: number, lossMs: number) =>
    `no reply for seq=${seq} within ${lossMs} ms: lost (UDP does not retransmit)`,
  pingNotSent: (seq: number) => `seq=${seq}: not sent, the kernel's send buffer is full`,
  pingStatsTitle: (where: string) => `--- ${where} UDP ping statistics ---`,
  pingStats: (sent: number, received: number, lost: number) =>
    `${sent} datagrams sent, ${received} received, ${lost}% lost`,
  udpCannotSend: (where: string, text: string) => `Cannot send to ${where} over UDP: ${text}`,
  udpPipeUnreachable: (where: string) =>
    `${where} answered "port unreachable": no UDP server listens on that port (is it started with --udp? is the port right?)`,
  udpLineTooBig: (size: number, max: number) =>
    `a line of ${size} bytes does not fit in one datagram (at most ${max}): not sent`,
  udpNothingBack: (where: string, waitMs: number) =>
    `no datagram came back from ${where} within ${waitMs} ms (UDP does not say why: lost, or no server there)`,
  clientNoTerminal:
    "no terminal here, so no form: give a mode and address (socklab-client echo --port 7007) or use: socklab-client connect HOST:PORT",
  // Game.
  clientGuessRange: (min: number, max: number) => `Type a whole number from ${min} to ${max}.`,
  // Inspect.
  inspectSent: (size: number) => `${size} B sent`,
  inspectChunk: (n: number, size: number) => `chunk ${n}: ${size} ${size === 1 ? "byte" : "bytes"}`,
  inspectHint: (ending: string) =>
    `Each line you type is sent with ${ending} (\\c: none; \\x00: any byte); each chunk received is shown in hex and text, as read: one send may arrive in two chunks, two in one. Ctrl-C leaves.`,
  // Raw.
  rawHint: (ending: string) =>
    `Each line you type is sent with ${ending} (end it with \\c for none; \\x00 types any byte); each chunk received is shown as it arrived. Ctrl-C leaves.`,
  // The input line.
  clientInputCut: (max: number, dropped: number) =>
    `The input line holds at most ${max} characters: the last ${dropped} pasted were left out.`,
  clientInputCutBytes: (max: number, dropped: number) =>
    dropped === 1
      ? `The server takes lines of at most ${max} bytes: the last character typed was left out.`
      : `The server takes lines of at most ${max} bytes: the last ${dropped} characters pasted were left out.`,
  // The game screen (sessions/game.ts): it draws the game's events in the client's language.
  gameScreenHint: "Type a number and press Enter. /scores shows the scores; Ctrl-C leaves.",
  gameScreenPromptGuess: "guess › ",
  gameScreenRound: (round: number) => `round ${round}`,
  gameScreenWaiting: "waiting for the next round",
  gameScreenWelcomeName: (name: string) => `Welcome, ${name}!`,
  gameScreenWelcome: "Welcome!",
  gameScreenRules: (round: number, min: number, max: number) =>
    `Round ${round}: guess a whole number from ${min} to ${max}.`,
  gameScreenTooSmall: (guess: number) => `${guess}  ↑ too small: it is higher`,
  gameScreenTooBig: (guess: number) => `${guess}  ↓ too big: it is lower`,
  gameScreenAttempt: (n: number) => `(attempt ${n})`,
  gameScreenYouWon: (secret: number, attempts: number) =>
    `★ You found it! The number was ${secret}, in ${attempts} attempt${attempts === 1 ? "" : "s"}. ★`,
  gameScreenOtherWon: (winner: string, secret: number, attempts: number, round: number) =>
    `${winner} found ${secret} in ${attempts} attempt${attempts === 1 ? "" : "s"} (round ${round}).`,
  gameScreenPause: (round: number, seconds: number) => `Round ${round} starts in ${seconds} s.`,
  gameScreenRoundTitle: (round: number) => `Round ${round}`,
  gameScreenNewNumber: (min: number, max: number) => `: a new number from ${min} to ${max}. Go!`,
  gameScreenScores: "Scores",
  gameScreenNobodyWon: "nobody has won yet",
  gameScreenScoreRow: (wins: number, best: string) =>
    `${String(wins).padStart(4)} win${wins === 1 ? " " : "s"}  best ${best}`,
  gameScreenJoined: (nick: string, online: number) => `${nick} joined (${online} playing)`,
  gameScreenLeft: (nick: string, online: number) => `${nick} left (${online} playing)`,
  gameScreenYouAreNow: (nick: string) => `You are now ${nick}.`,
  gameScreenIsNow: (from: string, to: string) => `${from} is now ${to}`,
  // What the raw, udp and round-trip screens leave out or could not send.
  rawMoreNotShown: (count: number) => `… ${count} more ${count === 1 ? "byte" : "bytes"} not shown`,
  udpMoreBytes: (count: number) => `(${count} more ${count === 1 ? "byte" : "bytes"})`,
  udpNotSent: (seq: number) => `#${seq} not sent: the send buffer is full`,
  roundTripUnasked: "(unasked)",
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
  clientHelp: (d) => [
    "socklab-client : le client socklab (un formulaire interactif dans un terminal)",
    "",
    "Utilisation :",
    "  socklab-client                           le formulaire : mode, hôte, port, nom",
    "  socklab-client <mode> [options]          directement dans un mode ; les options répondent au formulaire",
    '  socklab-client send HÔTE:PORT "texte"    envoie une ligne, affiche la réponse, s\'arrête',
    '  socklab-client send --udp HÔTE:PORT "t"  envoie un datagramme, affiche chaque datagramme reçu',
    "  socklab-client udp --count N             ping en UDP : pertes et temps aller-retour",
    "  socklab-client connect HÔTE:PORT         comme nc : l'entrée vers le serveur, le serveur vers la sortie",
    "  socklab-client check MODE HÔTE:PORT      tester votre propre serveur (socklab-client check --help)",
    "",
    `Modes (port par défaut) : ${d.modes}`,
    "Hors d'un terminal (ou avec CI défini), un mode se comporte comme `connect` vers son adresse.",
    "",
    "Options :",
    "  --host H           adresse du serveur (par défaut 127.0.0.1)",
    "  --port P           port du serveur (par défaut : celui du mode)",
    "  --name N           pseudo du chat, nom de joueur du jeu",
    "  --method M         http : méthode de la requête (GET, HEAD, POST, ...)",
    "  --path P           http : chemin de la requête (/)",
    "  --no-reconnect     chat : ne pas se reconnecter quand la connexion est perdue",
    `  --wait MS          send, connect, un mode hors terminal : s'arrêter après MS de silence (par défaut ${d.wait})`,
    "  --crlf             send, connect, raw, inspect : finir les lignes par CRLF (telnet, serveurs HTTP)",
    `  --timeout MS       abandonner la connexion après MS (par défaut ${d.timeout}) ; udp : un datagramme`,
    `                     sans réponse après MS est perdu (par défaut ${d.loss})`,
    "  --udp              send : un datagramme UDP (le texte, sans fin de ligne) au lieu de TCP",
    "  --count N          udp : mode ping, envoie N datagrammes, puis pertes et statistiques d'aller-retour",
    `  --interval MS      udp --count : un datagramme toutes les MS (par défaut ${d.interval})`,
    "  --lang en|fr       la langue des écrans (par défaut : français quand LANG ou LC_ALL le dit)",
    "  --no-color         sans couleurs (la variable NO_COLOR aussi)",
    "  --version          la version (pour un rapport de bogue)",
    "  -h, --help         cette aide",
    "",
    "Exemples :",
    "  socklab-client chat --host 192.168.1.10 --name alice",
    '  socklab-client send 127.0.0.1:7010 "bonjour"',
    "  socklab-client udp --host 192.168.1.10 --count 10 --interval 200",
    "  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | socklab-client connect 127.0.0.1:8080",
  ],
  formWhichMode: "Se connecter à quel genre de serveur ?",
  formModeHint: {
    udp: "des datagrammes vers echo/bytes --udp : taille, aller-retour, pertes",
    raw: "n'importe quel serveur : des lignes envoyées, les octets montrés",
    inspect: "n'importe quel serveur : chaque bloc reçu en hexadécimal + texte",
  },
  formCheckLabel: "vérifier un serveur",
  formCheckEntryHint: "tester votre propre serveur selon le TP",
  formWhichExercise: "Quel exercice fait ce serveur ?",
  formCheckHint: {
    echo: "le serveur echo en C",
    bytes: "l'échange d'octets en Java (× 12)",
    length: "le serveur multi-clients numéroté",
    game: "le nombre mystère",
    chat: "le chat sur le port 4444",
    http: "la page Hello World",
  },
  formHost: "Hôte",
  formPort: "Port",
  formPortPlaceholder: "le port où écoute votre serveur",
  formNickname: "Votre pseudo",
  formPlayerName: "Votre nom de joueur (Entrée : le serveur en choisit un)",
  formPlayerPlaceholder: "joueur N",
  formNickPlaceholder: (max) => `lettres et chiffres, jusqu'à ${max}`,
  addressNoHost: "Tapez un hôte : une adresse comme 127.0.0.1 ou un nom comme localhost.",
  addressNotIpv4: (host) => `« ${host} » n'est pas une adresse IPv4 (quatre nombres de 0 à 255).`,
  addressTooLong: "Ce nom d'hôte est trop long.",
  addressNotHostName: (host) =>
    `« ${host} » n'est pas un nom d'hôte (lettres, chiffres, points et tirets).`,
  addressPortNumber: "Le port est un nombre entier de 1 à 65535.",
  addressPortRange: (port) => `Le port ${port} est hors limites : de 1 à 65535.`,
  nameEmpty: "Tapez un nom (au moins un caractère).",
  nameTooLong: (max) => `Au plus ${max} caractères.`,
  nameBadCharacters: "Lettres, chiffres, _ - et . seulement : pas d'espace.",
  clientConnecting: (where) => `Connexion à ${where}`,
  clientConnected: (where) => `Connecté à ${where}`,
  clientWhatNow: "Et maintenant ?",
  clientTryAgain: "Réessayer",
  clientChangeAddress: "Changer l'adresse",
  clientQuit: "Quitter",
  clientCancelled: "Annulé : rien de plus n'a été envoyé.",
  clientBye: "Au revoir.",
  clientConnRefused: (where) =>
    `Connexion refusée par ${where} : aucun serveur n'écoute sur ce port (est-il lancé ? le port est-il le bon ?)`,
  clientUnknownHost: (host) => `Hôte inconnu « ${host} » : vérifiez le nom.`,
  clientUnreachable: (host, code) =>
    `${host} est injoignable depuis cette machine (${code}) : vérifiez l'adresse et le réseau.`,
  clientTimedOut: (where) =>
    `Pas de réponse de ${where} : la connexion a expiré. En TP, la cause habituelle est un pare-feu sur la machine du serveur qui bloque le port : ouvrez-le là-bas (ou vérifiez l'adresse).`,
  clientNoAnswer: (where, seconds) =>
    `Pas de réponse de ${where} après ${String(seconds).replace(".", ",")} s : la machine est-elle allumée, l'adresse juste ? En TP, la cause habituelle est un pare-feu sur la machine du serveur (celle de l'enseignant) qui bloque le port : ouvrez-le là-bas.`,
  clientCannotConnect: (where, text) => `Connexion impossible à ${where} : ${text}`,
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
  chatIdle: (time) => `(inactif depuis ${time})`,
  chatEarlier: "Messages précédents, avant votre arrivée :",
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
  httpMethod: "Méthode",
  httpPath: "Chemin",
  httpBadPath: "Un chemin commence par / et n'a pas d'espace (%20 pour en mettre un).",
  httpBody: "Corps (une ligne, peut être vide)",
  httpAnother: "Une autre requête ?",
  httpYes: "Oui",
  httpNoQuit: "Non, quitter",
  httpMoreLines: (n) => `… ${n} ${n <= 1 ? "ligne de plus" : "lignes de plus"}`,
  httpEmptyBody: "(corps vide)",
  httpBodySize: (n) => `${n} ${n <= 1 ? "octet" : "octets"} de corps`,
  httpNotKept: (n) => `, ${n} ${n <= 1 ? "octet de plus non gardé" : "octets de plus non gardés"}`,
  httpIncomplete: (seconds) => `La réponse n'était pas complète après ${seconds} s.`,
  httpNoResponse: (seconds) => `Pas de réponse après ${seconds} s.`,
  httpClosedSilent: "Le serveur a fermé la connexion sans répondre.",
  clientDecimal: (text) => text.replace(".", ","),
  roundTripHint: "Tapez une ligne et appuyez sur Entrée. Ctrl-C pour partir.",
  roundTripWait: "Le serveur n'a pas répondu aux dernières lignes : attendez-le.",
  bytesHint:
    "Tapez des nombres de 0 à 255 séparés par des espaces ; chacun revient multiplié. Ctrl-C pour partir.",
  bytesTypeNumbers: "Tapez des nombres de 0 à 255, séparés par des espaces.",
  bytesNotAByte: (word) =>
    `« ${word} » n'est pas un octet : tapez des nombres de 0 à 255 (ou de 0x00 à 0xff).`,
  udpScreenHint: (where, lossMs) =>
    `Chaque ligne part vers ${where} en un datagramme (sans fin de ligne ajoutée). Perdu après ${lossMs} ms sans réponse. Ctrl-C pour partir.`,
  udpScreenLost: (seq, lossMs) =>
    `✗ n°${seq} perdu : pas de réponse en ${lossMs} ms (UDP ne retransmet pas)`,
  udpScreenTooMany:
    "Trop de datagrammes attendent une réponse : attendez qu'ils reviennent ou soient perdus.",
  udpScreenLate: (time) => `${time}, après avoir été compté perdu`,
  udpScreenUnasked: "(non demandé)",
  udpScreenUnreachable: (where) =>
    `${where} a répondu « port injoignable » : aucun serveur UDP n'y écoute (lancé avec --udp ?)`,
  pingStart: (where, count, intervalMs, lossMs) =>
    `PING UDP ${where} : ${count} ${count <= 1 ? "datagramme" : "datagrammes"}, un toutes les ${intervalMs} ms, perdu après ${lossMs} ms sans réponse`,
  pingReply: (size, where, seq, ms) =>
    `${size} octets de ${where} : seq=${seq} temps=${ms.replace(".", ",")} ms`,
  pingLate: (size, where, seq, ms) =>
    `${size} octets de ${where} : seq=${seq} temps=${ms.replace(".", ",")} ms, trop tard (déjà compté perdu)`,
  pingStray: (size, where) => `${size} octets de ${where} : réponse à aucun des nôtres`,
  pingLost: (seq, lossMs) =>
    `pas de réponse pour seq=${seq} en ${lossMs} ms : perdu (UDP ne retransmet pas)`,
  pingNotSent: (seq) => `seq=${seq} : non envoyé, le tampon d'envoi du noyau est plein`,
  pingStatsTitle: (where) => `--- statistiques du ping UDP ${where} ---`,
  pingStats: (sent, received, lost) =>
    `${sent} datagrammes envoyés, ${received} reçus, ${lost} % perdus`,
  udpCannotSend: (where, text) => `Impossible d'envoyer à ${where} en UDP : ${text}`,
  udpPipeUnreachable: (where) =>
    `${where} a répondu « port injoignable » : aucun serveur UDP n'écoute sur ce port (lancé avec --udp ? le port est-il le bon ?)`,
  udpLineTooBig: (size, max) =>
    `une ligne de ${size} octets ne tient pas dans un datagramme (au plus ${max}) : non envoyée`,
  udpNothingBack: (where, waitMs) =>
    `aucun datagramme n'est revenu de ${where} en ${waitMs} ms (UDP ne dit pas pourquoi : perdu, ou pas de serveur)`,
  clientNoTerminal:
    "pas de terminal ici, donc pas de formulaire : donnez un mode et une adresse (socklab-client echo --port 7007) ou utilisez : socklab-client connect HÔTE:PORT",
  clientGuessRange: (min, max) => `Tapez un nombre entier de ${min} à ${max}.`,
  inspectSent: (size) => `${size} o envoyés`,
  inspectChunk: (n, size) => `bloc ${n} : ${size} ${size <= 1 ? "octet" : "octets"}`,
  inspectHint: (ending) =>
    `Chaque ligne tapée est envoyée avec ${ending} (\\c : rien ; \\x00 : n'importe quel octet) ; chaque bloc reçu s'affiche en hexadécimal et en texte, tel que lu : un envoi peut arriver en deux blocs, deux en un seul. Ctrl-C pour partir.`,
  rawHint: (ending) =>
    `Chaque ligne tapée est envoyée avec ${ending} (finissez-la par \\c pour rien ; \\x00 tape n'importe quel octet) ; chaque bloc reçu s'affiche tel qu'il est arrivé. Ctrl-C pour partir.`,
  clientInputCut: (max, dropped) =>
    `La ligne de saisie contient au plus ${max} caractères : les ${dropped} derniers collés ont été laissés de côté.`,
  clientInputCutBytes: (max, dropped) =>
    dropped === 1
      ? `Le serveur prend des lignes d'au plus ${max} octets : le dernier caractère tapé a été laissé de côté.`
      : `Le serveur prend des lignes d'au plus ${max} octets : les ${dropped} derniers caractères collés ont été laissés de côté.`,
  gameScreenHint: "Tapez un nombre puis Entrée. /scores montre les scores ; Ctrl-C pour partir.",
  gameScreenPromptGuess: "nombre › ",
  gameScreenRound: (round) => `manche ${round}`,
  gameScreenWaiting: "en attente de la manche suivante",
  gameScreenWelcomeName: (name) => `Bienvenue, ${name} !`,
  gameScreenWelcome: "Bienvenue !",
  gameScreenRules: (round, min, max) =>
    `Manche ${round} : devinez un nombre entier de ${min} à ${max}.`,
  gameScreenTooSmall: (guess) => `${guess}  ↑ trop petit : c'est plus`,
  gameScreenTooBig: (guess) => `${guess}  ↓ trop grand : c'est moins`,
  gameScreenAttempt: (n) => `(essai ${n})`,
  gameScreenYouWon: (secret, attempts) =>
    `★ Trouvé ! Le nombre était ${secret}, en ${attempts} essai${attempts === 1 ? "" : "s"}. ★`,
  gameScreenOtherWon: (winner, secret, attempts, round) =>
    `${winner} a trouvé ${secret} en ${attempts} essai${attempts === 1 ? "" : "s"} (manche ${round}).`,
  gameScreenPause: (round, seconds) => `La manche ${round} commence dans ${seconds} s.`,
  gameScreenRoundTitle: (round) => `Manche ${round}`,
  gameScreenNewNumber: (min, max) => ` : un nouveau nombre de ${min} à ${max}. À vous !`,
  gameScreenScores: "Les scores",
  gameScreenNobodyWon: "personne n'a encore gagné",
  gameScreenScoreRow: (wins, best) =>
    `${String(wins).padStart(4)} victoire${wins <= 1 ? " " : "s"}  meilleur ${best}`,
  gameScreenJoined: (nick, online) => `${nick} est arrivé (${online} en jeu)`,
  gameScreenLeft: (nick, online) => `${nick} est parti (${online} en jeu)`,
  gameScreenYouAreNow: (nick) => `Vous êtes maintenant ${nick}.`,
  gameScreenIsNow: (from, to) => `${from} s'appelle maintenant ${to}`,
  rawMoreNotShown: (count) =>
    `… ${count} ${count <= 1 ? "octet de plus non affiché" : "octets de plus non affichés"}`,
  udpMoreBytes: (count) => `(${count} ${count <= 1 ? "octet" : "octets"} de plus)`,
  udpNotSent: (seq) => `n°${seq} non envoyé : le tampon d'envoi est plein`,
  roundTripUnasked: "(non demandé)",
};

export const client = { en, fr };
