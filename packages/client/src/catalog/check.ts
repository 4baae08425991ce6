// Sentences of `socklab-client check`, in English and French: what each check tests, the hint
// that names a student's likely mistake, what was expected, and the checklist's own words.

/** What each check tests, by `mode.name`. */
const titlesEn = {
  "echo.line": "a short line comes back identical",
  "echo.again": "a second client is served after the first left",
  "echo.one-byte": "1 byte comes back",
  "echo.64k-one": "64 KiB of all 256 byte values, sent in one write, come back identical",
  "echo.64k-small": "64 KiB of all 256 byte values, sent in many small writes, come back identical",
  "echo.1m-one": "1 MiB of all 256 byte values, sent in one write, comes back identical",
  "echo.1m-small": "1 MiB of all 256 byte values, sent in many small writes, comes back identical",
  "echo.split": "a message split in two writes 100 ms apart comes back whole",
  "echo.ten-clients": "10 clients at once each get their own bytes only",
  "echo.half-close": "after the client's half-close the server returns everything, then closes",
  "echo.reset": "the server survives a client that resets mid-message",
  "bytes.each-value": "every byte value 0-255 is answered with (b × factor) mod 256",
  "bytes.one-write": "several bytes in one write are each answered",
  "length.greeting": "a greeting carries a client number",
  "length.numbers-differ": "two clients at once get different numbers",
  "length.numbers-grow": "a later client gets a bigger number",
  "length.ascii": "each ASCII line is answered with its length",
  "length.accent": "a line with é is counted in characters",
  "game.welcome": "a welcome on connect",
  "game.answers": "a guess gets an answer a binary search can follow",
  "game.not-a-number": "a non-number does not kill the connection or the server",
  "game.win": "a win is recognised within ⌈log₂(range)⌉ + 2 guesses",
  "game.others-told": "with two players, the other is told who won",
  "chat.nickname": "the first line is the nickname, shown with each message",
  "chat.join": "the others are told of a join (the name appears)",
  "chat.broadcast": "a line reaches every other client, and not the sender",
  "chat.coucou": "coucou is answered with Bonjour to everyone (seed 002)",
  "chat.exit": "exit is announced to the others",
  "chat.close": "a closed connection is announced to the others",
  "chat.twenty": "20 clients at once all get a line",
  "chat.killed": "one client killed abruptly does not break the others",
  "http.status-line": "a browser's request gets a valid status line",
  "http.body": 'the body contains "Hello World", delimited by Content-Length, chunked or close',
  "http.content-type": "Content-Type is text/html",
  "http.head": "HEAD gets no body",
  "http.keep-alive":
    "a second request on the connection is answered, or the connection closes cleanly",
  "http.accepting": "5 successive connections are answered",
  "http.ten-clients": "10 clients at once are answered while one of them is idle",
};
export type CheckTitles = typeof titlesEn;
export type CheckName = keyof CheckTitles;

const titlesFr: CheckTitles = {
  "echo.line": "une ligne courte revient identique",
  "echo.again": "un deuxième client est servi après le départ du premier",
  "echo.one-byte": "1 octet revient",
  "echo.64k-one": "64 Kio des 256 valeurs d'octet, envoyés en une écriture, reviennent identiques",
  "echo.64k-small":
    "64 Kio des 256 valeurs d'octet, envoyés en petites écritures, reviennent identiques",
  "echo.1m-one": "1 Mio des 256 valeurs d'octet, envoyé en une écriture, revient identique",
  "echo.1m-small": "1 Mio des 256 valeurs d'octet, envoyé en petites écritures, revient identique",
  "echo.split": "un message coupé en deux écritures à 100 ms d'écart revient entier",
  "echo.ten-clients": "10 clients à la fois reçoivent chacun leurs propres octets",
  "echo.half-close": "après la demi-fermeture du client, le serveur renvoie tout puis ferme",
  "echo.reset": "le serveur survit à un client qui coupe brutalement en plein message",
  "bytes.each-value": "chaque valeur d'octet 0-255 reçoit (b × facteur) mod 256",
  "bytes.one-write": "plusieurs octets en une écriture reçoivent chacun leur réponse",
  "length.greeting": "un message d'accueil porte un numéro de client",
  "length.numbers-differ": "deux clients simultanés reçoivent des numéros différents",
  "length.numbers-grow": "un client suivant reçoit un numéro plus grand",
  "length.ascii": "chaque ligne ASCII reçoit sa longueur",
  "length.accent": "une ligne avec é est comptée en caractères",
  "game.welcome": "un message d'accueil à la connexion",
  "game.answers": "une proposition reçoit une réponse qu'une dichotomie peut suivre",
  "game.not-a-number": "une saisie non numérique ne tue ni la connexion ni le serveur",
  "game.win": "une victoire est reconnue en ⌈log₂(intervalle)⌉ + 2 essais au plus",
  "game.others-told": "à deux joueurs, l'autre apprend qui a gagné",
  "chat.nickname": "la première ligne est le pseudo, affiché avec chaque message",
  "chat.join": "les autres sont prévenus d'une arrivée (le nom apparaît)",
  "chat.broadcast": "une ligne arrive à tous les autres clients, et pas à l'expéditeur",
  "chat.coucou": "coucou reçoit Bonjour pour tout le monde (seed 002)",
  "chat.exit": "exit est annoncé aux autres",
  "chat.close": "une connexion fermée est annoncée aux autres",
  "chat.twenty": "20 clients à la fois reçoivent tous une ligne",
  "chat.killed": "un client tué brutalement ne casse pas les autres",
  "http.status-line": "la requête d'un navigateur reçoit une ligne de statut valide",
  "http.body":
    "le corps contient « Hello World », délimité par Content-Length, chunked ou la fermeture",
  "http.content-type": "Content-Type vaut text/html",
  "http.head": "HEAD ne reçoit pas de corps",
  "http.keep-alive":
    "une deuxième requête sur la connexion reçoit une réponse, ou la connexion se ferme proprement",
  "http.accepting": "5 connexions successives reçoivent une réponse",
  "http.ten-clients": "10 clients à la fois reçoivent une réponse pendant que l'un d'eux se tait",
};

/** The likely mistake behind a failure, in the words of the lab. */
const hintsEn = {
  recvLoop: "one `recv` of 1024 bytes does not read a whole message: loop until you have it",
  sendLoop: "`send` returns how much it sent: loop until everything is sent",
  acceptLoop: "the server stops after its first client: `accept` must be in a loop",
  multiClient:
    "one client at a time: the others wait. Serve each client in its own thread (or fork, or poll/select)",
  halfClose:
    "`recv` returning 0 means the client stopped sending, not that it left: send back everything you read, then close",
  resetSurvive:
    "the server died when a client vanished: treat a `recv`/`send` error as the end of that client only, and ignore SIGPIPE (MSG_NOSIGNAL)",
  bytesChanged:
    "the bytes changed on the way: treat data as bytes (a 0 byte ends a C string; text decoding changes bytes ≥ 0x80)",
  waitsForLine: "the server waits for a line end: an echo sends back bytes as they come",
  factor:
    "each byte b comes back as (b × factor) mod 256: compute on unsigned bytes (& 0xff), one reply byte per byte",
  greetingNumber:
    "the first line carries the client's number: a counter incremented at each accept",
  counterShared:
    "the number must grow with each client: one counter shared by all clients, not a variable of the client's thread",
  lengthCount: "answer each line with its length, not counting the line end (\\n or \\r\\n)",
  charsNotBytes:
    "é is 2 bytes in UTF-8 but 1 character: decode the line as UTF-8 before counting (accepted, but the exercise counts characters)",
  gameWords:
    'say "too small" / "too big" (or "trop petit" / "trop grand", "plus" / "moins") so a player can follow',
  gameRange:
    'say the range in the welcome ("between 1 and 100"), or give it to the check with --min and --max',
  gameWin:
    "the right guess was not recognised as a win: compare numbers (parse the line, without its \\n), and say so",
  gameBroadcastWin: "tell every other player who won: send it to every client in the list",
  gameNotANumber:
    "a line that is not a number gets an answer (catch the parse error); it must not close the connection",
  chatNick: 'the first line is the nickname: show it with each message ("alice: hello")',
  chatJoin: "tell the others when someone joins, with the name",
  chatBroadcast: "send each line to every other client in the list",
  senderEcho:
    "the sender's own line came back to it: skip the sender when broadcasting (or run with --echo-ok)",
  coucou: "seed 002: answer `coucou` with `Bonjour`, sent to everyone",
  chatLeave:
    'when a client types exit or its `recv` returns 0, tell the others ("alice left") and remove it from the list',
  chatMany: "20 clients at once: the list of clients must hold them all, each served at once",
  httpCrlf: 'each line of the head ends with \\r\\n, not \\n alone: "HTTP/1.1 200 OK\\r\\n"',
  httpStatus: 'the first line is the status line: "HTTP/1.1 200 OK"',
  httpHeadEnd: "the head ends with an empty line: \\r\\n\\r\\n",
  httpLength: "no `Content-Length` and the connection was not closed: a browser waits forever",
  httpBody: 'the page (the body) should contain "Hello World"',
  httpType: "send `Content-Type: text/html` so the browser shows a page",
  httpHead: "HEAD gets the headers of GET and no body",
  httpKeepAlive:
    "after a response, read the next request on the connection, or say `Connection: close` and close it",
  unreachable: "nothing answers there any more: did the server stop or crash?",
};
export type CheckHints = typeof hintsEn;
export type HintKey = keyof CheckHints;

const hintsFr: CheckHints = {
  recvLoop:
    "un seul `recv` de 1024 octets ne lit pas un message entier : bouclez jusqu'à l'avoir en entier",
  sendLoop: "`send` renvoie ce qu'il a envoyé : bouclez jusqu'à tout envoyer",
  acceptLoop: "le serveur s'arrête après son premier client : `accept` doit être dans une boucle",
  multiClient:
    "un client à la fois : les autres attendent. Servez chaque client dans son propre thread (ou fork, ou poll/select)",
  halfClose:
    "`recv` qui renvoie 0 veut dire que le client n'envoie plus, pas qu'il est parti : renvoyez tout ce que vous avez lu, puis fermez",
  resetSurvive:
    "le serveur est mort quand un client a disparu : traitez une erreur de `recv`/`send` comme la fin de ce client seulement, et ignorez SIGPIPE (MSG_NOSIGNAL)",
  bytesChanged:
    "les octets ont changé en route : traitez les données comme des octets (un octet 0 termine une chaîne C ; un décodage en texte change les octets ≥ 0x80)",
  waitsForLine:
    "le serveur attend une fin de ligne : un écho renvoie les octets au fur et à mesure",
  factor:
    "chaque octet b revient en (b × facteur) mod 256 : calculez sur des octets non signés (& 0xff), un octet de réponse par octet",
  greetingNumber:
    "la première ligne porte le numéro du client : un compteur incrémenté à chaque accept",
  counterShared:
    "le numéro doit augmenter à chaque client : un seul compteur partagé par tous, pas une variable du thread du client",
  lengthCount:
    "répondez à chaque ligne par sa longueur, sans compter la fin de ligne (\\n ou \\r\\n)",
  charsNotBytes:
    "é fait 2 octets en UTF-8 mais 1 caractère : décodez la ligne en UTF-8 avant de compter (accepté, mais l'exercice compte des caractères)",
  gameWords:
    'dites « trop petit » / « trop grand » (ou « plus » / « moins », "too small" / "too big") pour qu\'un joueur puisse suivre',
  gameRange:
    "donnez l'intervalle dans l'accueil (« entre 1 et 100 »), ou passez-le à la vérification avec --min et --max",
  gameWin:
    "la bonne réponse n'a pas été reconnue comme gagnante : comparez des nombres (la ligne convertie, sans son \\n), et dites-le",
  gameBroadcastWin:
    "dites à tous les autres joueurs qui a gagné : envoyez-le à chaque client de la liste",
  gameNotANumber:
    "une ligne qui n'est pas un nombre reçoit une réponse (attrapez l'erreur de conversion) ; elle ne doit pas fermer la connexion",
  chatNick:
    "la première ligne est le pseudo : affichez-le avec chaque message (« alice: bonjour »)",
  chatJoin: "prévenez les autres quand quelqu'un arrive, avec son nom",
  chatBroadcast: "envoyez chaque ligne à tous les autres clients de la liste",
  senderEcho:
    "la ligne de l'expéditeur lui est revenue : sautez l'expéditeur lors de la diffusion (ou lancez avec --echo-ok)",
  coucou: "seed 002 : répondez à `coucou` par `Bonjour`, envoyé à tout le monde",
  chatLeave:
    "quand un client tape exit ou que son `recv` renvoie 0, prévenez les autres (« alice est partie ») et retirez-le de la liste",
  chatMany:
    "20 clients à la fois : la liste des clients doit tous les contenir, chacun servi tout de suite",
  httpCrlf:
    "chaque ligne de l'en-tête finit par \\r\\n, pas par \\n seul : « HTTP/1.1 200 OK\\r\\n »",
  httpStatus: "la première ligne est la ligne de statut : « HTTP/1.1 200 OK »",
  httpHeadEnd: "l'en-tête finit par une ligne vide : \\r\\n\\r\\n",
  httpLength:
    "pas de `Content-Length` et la connexion n'a pas été fermée : un navigateur attend pour toujours",
  httpBody: "la page (le corps) devrait contenir « Hello World »",
  httpType: "envoyez `Content-Type: text/html` pour que le navigateur affiche une page",
  httpHead: "HEAD reçoit les en-têtes de GET et pas de corps",
  httpKeepAlive:
    "après une réponse, lisez la requête suivante sur la connexion, ou dites `Connection: close` et fermez-la",
  unreachable: "plus rien ne répond à cette adresse : le serveur s'est-il arrêté ou planté ?",
};

/** Descriptions of what was sent or expected, when the bytes themselves would not help. */
const notesEn = {
  pattern: (bytes: number, writes: number) =>
    `${bytes} bytes covering all 256 values, in ${writes === 1 ? "one write" : `${writes} writes`}`,
  sameBytes: (bytes: number) =>
    bytes === 1 ? "the same byte back" : `the same ${bytes} bytes back`,
  sameBytesThenClose: (bytes: number) => `the same ${bytes} bytes back, then the close`,
  ownBytes: (clients: number) => `each of the ${clients} clients gets its own line back`,
  anotherClient: "a new connection, answered",
  resetThenNew: "a client sends half a line and resets; then a new client sends a line",
  multiplied: (factor: number) => `each byte b answered with (b × ${factor}) mod 256`,
  lineWithNumber: "a line with a number",
  differentNumbers: "two different numbers",
  biggerNumber: (than: number) => `a number bigger than ${than}`,
  lengthOf: (length: number) => `a line with the number ${length}`,
  lengthAccent: (chars: number, bytes: number) =>
    `${chars} (characters), or ${bytes} (bytes: reported, not failed)`,
  anyLine: "a line",
  tooSmallOrBig: "a line saying too small / too big (or a win)",
  winWithin: (guesses: number, min: number, max: number) =>
    `a win within ${guesses} guesses, the number being between ${min} and ${max}`,
  winTold: "a line telling who won (won, wins, gagné, trouvé, bravo…)",
  answerAndAlive: "an answer, the connection still open, and a guess still answered",
  withNick: (nick: string, text: string) => `a line with ${nick} and "${text}"`,
  nameAppears: (nick: string) => `a line with ${nick}`,
  notBack: (text: string) => `"${text}" at the others, not back at the sender`,
  bonjourAll: "Bonjour at every client",
  allGet: (clients: number) => `the line at each of the ${clients} other clients`,
  missing: (count: number, of: number) => `${count} of ${of} clients did not get it`,
  statusLine: '"HTTP/1.x NNN reason\\r\\n"',
  helloBody: 'a body with "Hello World", delimited by Content-Length, chunked or close',
  htmlType: "Content-Type: text/html",
  noBody: "the headers, no body",
  secondOrClose: "a second response, or a clean close",
  answered: (count: number, of: number) => `${of} responses (${count} came)`,
  browserRequest: (method: string, path: string) => `${method} ${path} with a browser's headers`,
  guesses: (list: string) => `guesses ${list}`,
  rangeNotFound: "no range found in the welcome",
};
export type CheckNotes = typeof notesEn;

const notesFr: CheckNotes = {
  pattern: (bytes, writes) =>
    `${bytes} octets couvrant les 256 valeurs, en ${writes === 1 ? "une écriture" : `${writes} écritures`}`,
  sameBytes: (bytes) =>
    bytes === 1 ? "le même octet en retour" : `les mêmes ${bytes} octets en retour`,
  sameBytesThenClose: (bytes) => `les mêmes ${bytes} octets en retour, puis la fermeture`,
  ownBytes: (clients) => `chacun des ${clients} clients reçoit sa propre ligne`,
  anotherClient: "une nouvelle connexion, servie",
  resetThenNew:
    "un client envoie une demi-ligne et coupe brutalement ; puis un nouveau client envoie une ligne",
  multiplied: (factor) => `chaque octet b reçoit (b × ${factor}) mod 256`,
  lineWithNumber: "une ligne avec un numéro",
  differentNumbers: "deux numéros différents",
  biggerNumber: (than) => `un numéro plus grand que ${than}`,
  lengthOf: (length) => `une ligne avec le nombre ${length}`,
  lengthAccent: (chars, bytes) =>
    `${chars} (caractères), ou ${bytes} (octets : signalé, pas refusé)`,
  anyLine: "une ligne",
  tooSmallOrBig: "une ligne qui dit trop petit / trop grand (ou une victoire)",
  winWithin: (guesses, min, max) =>
    `une victoire en ${guesses} essais au plus, le nombre étant entre ${min} et ${max}`,
  winTold: "une ligne qui dit qui a gagné (gagné, trouvé, bravo, won…)",
  answerAndAlive: "une réponse, la connexion toujours ouverte, et une proposition toujours servie",
  withNick: (nick, text) => `une ligne avec ${nick} et « ${text} »`,
  nameAppears: (nick) => `une ligne avec ${nick}`,
  notBack: (text) => `« ${text} » chez les autres, pas renvoyé à l'expéditeur`,
  bonjourAll: "Bonjour chez chaque client",
  allGet: (clients) => `la ligne chez chacun des ${clients} autres clients`,
  missing: (count, of) => `${count} clients sur ${of} ne l'ont pas reçue`,
  statusLine: "« HTTP/1.x NNN raison\\r\\n »",
  helloBody: "un corps avec « Hello World », délimité par Content-Length, chunked ou la fermeture",
  htmlType: "Content-Type: text/html",
  noBody: "les en-têtes, sans corps",
  secondOrClose: "une deuxième réponse, ou une fermeture propre",
  answered: (count, of) => `${of} réponses (${count} reçues)`,
  browserRequest: (method, path) => `${method} ${path} avec les en-têtes d'un navigateur`,
  guesses: (list) => `propositions ${list}`,
  rangeNotFound: "pas d'intervalle trouvé dans l'accueil",
};

const en = {
  checkTitles: titlesEn,
  checkHints: hintsEn,
  checkNotes: notesEn,
  checkSent: "sent",
  checkExpected: "expected",
  checkReceived: "received",
  checkHint: "hint",
  checkNothing: (seconds: string) => `nothing in ${seconds} s`,
  checkClosed: "connection closed",
  checkThenClosed: "then the connection closed",
  checkThenReset: "then the connection was reset",
  checkReset: "connection reset",
  checkRefused: (detail: string) => `could not connect: ${detail}`,
  checkBytesTotal: (total: number) => `(${total} bytes in all)`,
  checkFromByte: (offset: number) => `from byte ${offset}:`,
  checkTimedOut: (seconds: string) => `the check did not finish in ${seconds} s`,
  checkHeader: (mode: string, where: string) => `Checking the ${mode} server at ${where}`,
  checkSummary: (passed: number, failed: number, warned: number, total: number) =>
    `${passed} of ${total} checks passed${failed > 0 ? `, ${failed} failed` : ""}${warned > 0 ? `, ${warned} with a warning` : ""}.`,
  checkAllPassed: "Every check passed.",
  checkNoneFailed: "No check failed; read the warnings.",
  checkFirstToFix: (title: string) => `Fix first: ${title}.`,
  checkOptionalFailed: "(optional)",
  checkUnreachable: (detail: string) => `nothing to check: ${detail}`,
};
export type CheckMessages = typeof en;

const fr: CheckMessages = {
  checkTitles: titlesFr,
  checkHints: hintsFr,
  checkNotes: notesFr,
  checkSent: "envoyé",
  checkExpected: "attendu",
  checkReceived: "reçu",
  checkHint: "piste",
  checkNothing: (seconds) => `rien en ${seconds} s`,
  checkClosed: "connexion fermée",
  checkThenClosed: "puis la connexion a été fermée",
  checkThenReset: "puis la connexion a été coupée (reset)",
  checkReset: "connexion coupée (reset)",
  checkRefused: (detail) => `connexion impossible : ${detail}`,
  checkBytesTotal: (total) => `(${total} octets en tout)`,
  checkFromByte: (offset) => `à partir de l'octet ${offset} :`,
  checkTimedOut: (seconds) => `la vérification n'a pas fini en ${seconds} s`,
  checkHeader: (mode, where) => `Vérification du serveur ${mode} à ${where}`,
  checkSummary: (passed, failed, warned, total) =>
    `${passed} vérifications réussies sur ${total}${failed > 0 ? `, ${failed} en échec` : ""}${warned > 0 ? `, ${warned} avec un avertissement` : ""}.`,
  checkAllPassed: "Toutes les vérifications sont réussies.",
  checkNoneFailed: "Aucune vérification en échec ; lisez les avertissements.",
  checkFirstToFix: (title) => `À corriger d'abord : ${title}.`,
  checkOptionalFailed: "(facultatif)",
  checkUnreachable: (detail) => `rien à vérifier : ${detail}`,
};

export const check = { en, fr };
