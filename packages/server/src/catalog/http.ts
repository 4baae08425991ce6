// Sentences of the http mode, in English and French: the Hello World page, the error pages a
// browser shows, and the server console's request log.

import type { HttpErrorCode } from "@socklab/protocol";
import { REASONS } from "../http/response.ts";

/** One sentence per rule a request broke, for the error page that names it. */
type Rules = Readonly<Record<HttpErrorCode, string>>;

const RULES_EN: Rules = {
  "bad-request-line":
    "A request line is a method, a space, a target, a space and a version, as in GET / HTTP/1.1.",
  "missing-version":
    "The request line ends without a version: write GET / HTTP/1.1, not GET / (HTTP/0.9 is not spoken).",
  "bad-method": "A method is a word of letters such as GET, followed by one space.",
  "bad-target":
    "The target after the method is one space, then a path such as / in visible ASCII (no space, no accent: percent-encode them).",
  "bad-version": "The version is written exactly HTTP/1.1 (or HTTP/1.0), in capitals.",
  "unsupported-version": "Only HTTP/1.0 and HTTP/1.1 are spoken on this port.",
  "bare-cr": "A CR (\\r) must be followed by LF (\\n): lines end with CRLF (or LF alone).",
  "obs-fold": "A header line may not start with a space or a tab (folded lines are forbidden).",
  "space-before-colon": "No space is allowed between a header's name and its colon.",
  "bad-header-name": "Each header line is a name, a colon, then its value, as in Host: example.",
  "bad-header-value": "A header value may not hold control characters such as NUL.",
  "missing-host": "An HTTP/1.1 request must carry a Host header, as in Host: localhost.",
  "duplicate-host": "A request carries one Host header, not several.",
  "bad-host": "The Host header holds a host name or address and an optional :port, nothing else.",
  "bad-content-length": "Content-Length is a number of bytes, written in digits only.",
  "conflicting-content-length": "Two different Content-Length values: the body's end is unknown.",
  "content-length-and-transfer-encoding":
    "A request has Content-Length or Transfer-Encoding, never both.",
  "chunked-not-final": "With Transfer-Encoding, chunked must be the last coding.",
  "bad-chunk":
    "A chunk starts with its size in hexadecimal (then ;extensions), CRLF, the data, CRLF.",
  "bad-trailer":
    "After the last chunk (0) come trailer lines (name: value) and one empty line; the empty line was missing.",
  "transfer-encoding-in-http-1.0": "Transfer-Encoding does not exist in HTTP/1.0.",
  "unknown-transfer-coding": "This server decodes only the chunked transfer coding.",
  "body-too-large": "The body is larger than this server reads (64 MiB).",
  "head-too-large": "The request line and headers together exceed 8 KiB.",
  "uri-too-long": "The request line exceeds 8 KiB: the target is too long.",
  "unsupported-expectation": "The only expectation a server understands is Expect: 100-continue.",
  "too-many-empty-lines": "Too many empty lines came before the request line.",
};

const RULES_FR: Rules = {
  "bad-request-line":
    "Une ligne de requête est une méthode, un espace, une cible, un espace et une version, comme GET / HTTP/1.1.",
  "missing-version":
    "La ligne de requête se termine sans version : écrivez GET / HTTP/1.1, pas GET / (HTTP/0.9 n'est pas parlé).",
  "bad-method": "Une méthode est un mot en lettres comme GET, suivi d'un seul espace.",
  "bad-target":
    "La cible après la méthode est un espace puis un chemin comme /, en ASCII visible (ni espace ni accent : encodez-les avec %).",
  "bad-version": "La version s'écrit exactement HTTP/1.1 (ou HTTP/1.0), en majuscules.",
  "unsupported-version": "Seuls HTTP/1.0 et HTTP/1.1 sont parlés sur ce port.",
  "bare-cr":
    "Un CR (\\r) doit être suivi d'un LF (\\n) : les lignes finissent par CRLF (ou LF seul).",
  "obs-fold":
    "Une ligne d'en-tête ne peut pas commencer par un espace ou une tabulation (repli interdit).",
  "space-before-colon": "Aucun espace n'est permis entre le nom d'un en-tête et ses deux-points.",
  "bad-header-name":
    "Chaque ligne d'en-tête est un nom, deux-points, puis sa valeur, comme Host: exemple.",
  "bad-header-value":
    "Une valeur d'en-tête ne peut pas contenir de caractère de contrôle comme NUL.",
  "missing-host": "Une requête HTTP/1.1 doit porter un en-tête Host, comme Host: localhost.",
  "duplicate-host": "Une requête porte un seul en-tête Host, pas plusieurs.",
  "bad-host":
    "L'en-tête Host contient un nom d'hôte ou une adresse et un :port facultatif, rien d'autre.",
  "bad-content-length": "Content-Length est un nombre d'octets, écrit en chiffres seulement.",
  "conflicting-content-length":
    "Deux valeurs de Content-Length différentes : la fin du corps est inconnue.",
  "content-length-and-transfer-encoding":
    "Une requête a Content-Length ou Transfer-Encoding, jamais les deux.",
  "chunked-not-final": "Avec Transfer-Encoding, chunked doit être le dernier codage.",
  "bad-chunk":
    "Un morceau commence par sa taille en hexadécimal (puis ;extensions), CRLF, les données, CRLF.",
  "bad-trailer":
    "Après le dernier morceau (0) viennent des lignes de fin (nom: valeur) et une ligne vide ; la ligne vide manquait.",
  "transfer-encoding-in-http-1.0": "Transfer-Encoding n'existe pas en HTTP/1.0.",
  "unknown-transfer-coding": "Ce serveur ne décode que le codage de transfert chunked.",
  "body-too-large": "Le corps dépasse ce que ce serveur lit (64 Mio).",
  "head-too-large": "La ligne de requête et les en-têtes dépassent 8 Kio à eux tous.",
  "uri-too-long": "La ligne de requête dépasse 8 Kio : la cible est trop longue.",
  "unsupported-expectation": "La seule attente qu'un serveur comprend est Expect: 100-continue.",
  "too-many-empty-lines": "Trop de lignes vides avant la ligne de requête.",
};

const en = {
  httpPageTitle: "Hello World",
  httpPageText: "This page was sent by socklab, a TCP server that speaks raw HTTP/1.1.",
  /** The heading of an error page, after its status number (the status line keeps the
   * standard English reason phrase: it is protocol, not prose). */
  // In English the heading is the standard reason phrase the status line carries too.
  httpErrorTitle: (status: number): string => REASONS[status] ?? "Error",
  /** What an error page explains, by status. */
  httpErrorText: (status: number): string =>
    ({
      400: "The request was not valid HTTP/1.1.",
      414: "The request target is too long.",
      417: "This server cannot meet the request's Expect header.",
      404: "There is nothing at this address. Try /.",
      405: "This server only answers GET and HEAD.",
      408: "The request took too long to arrive.",
      413: "The request body is too large.",
      431: "The request line and headers are too long.",
      501: "This transfer coding is not supported.",
      503: "The server has as many clients as it accepts: try again in a few seconds.",
      505: "This server speaks HTTP/1.0 and HTTP/1.1 only.",
    })[status] ?? "The request could not be answered.",
  /** The rule a refused request broke, in one sentence (its RFC section is added after it). */
  httpRule: (code: HttpErrorCode): string => RULES_EN[code],
  httpTimeoutRule: (seconds: number) =>
    `The whole request must arrive within ${seconds} s of its first byte.`,
  /** Before the request line an error page quotes. */
  httpLineReceived: "Request line received:",
  httpNothingReceived: "No request line was received.",
  httpRequestLog: (
    id: number,
    peer: string,
    method: string,
    path: string,
    status: number,
    ms: string,
  ) => `client #${id} (${peer}) ${method} ${path} → ${status} in ${ms} ms`,
  httpRefusedLog: (id: number, peer: string, status: number, code: string) =>
    `client #${id} (${peer}) bad request → ${status} (${code})`,
  httpHeaderTimeout: "request not received in time",
  httpFirstByteTimeout: "sent nothing (first-byte timeout)",
  httpIdleTimeout: "idle",
  httpClientAskedClose: "the request asked to close (Connection: close)",
  httpRefusedReason: (status: number, code: string) => `answered ${status} (${code})`,
};
export type HttpMessages = typeof en;

const fr: HttpMessages = {
  httpPageTitle: "Bonjour le monde",
  httpPageText: "Cette page a été envoyée par socklab, un serveur TCP qui parle HTTP/1.1 brut.",
  httpErrorTitle: (status) =>
    ({
      400: "Requête invalide",
      404: "Page introuvable",
      405: "Méthode non autorisée",
      408: "Délai de requête dépassé",
      413: "Contenu trop volumineux",
      414: "URI trop longue",
      417: "Attente impossible à satisfaire",
      431: "En-têtes de requête trop longs",
      501: "Non pris en charge",
      503: "Serveur plein",
      505: "Version HTTP non prise en charge",
    })[status] ?? "Erreur",
  httpErrorText: (status) =>
    ({
      400: "La requête n'est pas du HTTP/1.1 valide.",
      414: "La cible de la requête est trop longue.",
      417: "Ce serveur ne peut pas satisfaire l'en-tête Expect de la requête.",
      404: "Il n'y a rien à cette adresse. Essayez /.",
      405: "Ce serveur ne répond qu'à GET et HEAD.",
      408: "La requête a mis trop de temps à arriver.",
      413: "Le corps de la requête est trop gros.",
      431: "La ligne de requête et les en-têtes sont trop longs.",
      501: "Ce codage de transfert n'est pas pris en charge.",
      503: "Le serveur a autant de clients qu'il en accepte : réessayez dans quelques secondes.",
      505: "Ce serveur ne parle que HTTP/1.0 et HTTP/1.1.",
    })[status] ?? "La requête n'a pas pu aboutir.",
  httpRule: (code) => RULES_FR[code],
  httpTimeoutRule: (seconds) =>
    `La requête entière doit arriver dans les ${seconds} s qui suivent son premier octet.`,
  httpLineReceived: "Ligne de requête reçue :",
  httpNothingReceived: "Aucune ligne de requête n'a été reçue.",
  httpRequestLog: (id, peer, method, path, status, ms) =>
    `Client n°${id} (${peer}) ${method} ${path} → ${status} en ${ms.replace(".", ",")} ms`,
  httpRefusedLog: (id, peer, status, code) =>
    `Client n°${id} (${peer}) requête invalide → ${status} (${code})`,
  httpHeaderTimeout: "requête non reçue à temps",
  httpFirstByteTimeout: "n'a rien envoyé (délai du premier octet)",
  httpIdleTimeout: "inactif",
  httpClientAskedClose: "la requête a demandé la fermeture (Connection: close)",
  httpRefusedReason: (status, code) => `réponse ${status} (${code})`,
};

export const http = { en, fr };
