// The table of server modes, read by the server (its CLI, --help) and the client (its modes, the
// connect form, default ports) alike: adding a mode is its server file(s) plus one row here.

/** The client's screen for a mode (socklab-client's sessions/): round trips of lines with their
 * times (echo, bytes, length), the chat, the game, an HTTP request and its response. */
export type ClientScreen = "roundTrip" | "chat" | "game" | "http";
export type Transport = "tcp" | "udp";

/** One server mode, as both programs see it. */
export interface ModeRow {
  /** The mode's name: its file's and its definition's name in packages/server/src/modes/. */
  readonly name: string;
  /** Its port when none is given (`--port`). */
  readonly port: number;
  /** tcp always; udp too for the modes that answer datagrams (`--udp`, on the same number). */
  readonly transports: readonly Transport[];
  /** One line for `socklab-server --help` and the client's form, in each language. */
  readonly summary: { readonly en: string; readonly fr: string };
  /** The screen `socklab-client <name>` opens; none: talk to it with raw, nc or your own. */
  readonly screen?: ClientScreen;
}

/**
 * Every mode socklab ships, in the order the client's form and the server's --help list them
 * (the form's places are what a person learns). Chat keeps the seed lab's 4444 and http the
 * usual 8080; the rest sit together above 7000, out of the privileged range (below 1024 needs
 * root) and away from common services.
 *
 * @example
 * MODES.find((row) => row.name === "chat")?.port // 4444
 */
export const MODES = [
  {
    name: "chat",
    port: 4444,
    transports: ["tcp"],
    summary: {
      en: "the class chat: nicknames, private messages, /who, history",
      fr: "le chat de la classe : pseudos, messages privés, /who, historique",
    },
    screen: "chat",
  },
  {
    name: "game",
    port: 7013,
    transports: ["tcp"],
    summary: {
      en: "guess-the-number for the whole class, round after round",
      fr: "le nombre mystère pour toute la classe, manche après manche",
    },
    screen: "game",
  },
  {
    name: "echo",
    port: 7007,
    transports: ["tcp", "udp"],
    summary: {
      en: "returns every byte exactly as received (binary-safe)",
      fr: "renvoie chaque octet tel qu'il est reçu (binaire compris)",
    },
    screen: "roundTrip",
  },
  {
    name: "bytes",
    port: 7012,
    transports: ["tcp", "udp"],
    summary: {
      en: "answers each byte b with (b × 12) mod 256",
      fr: "répond à chaque octet b par (b × 12) mod 256",
    },
    screen: "roundTrip",
  },
  {
    name: "length",
    port: 7010,
    transports: ["tcp"],
    summary: {
      en: 'greets "client #N", then answers each line with its length in characters',
      fr: "accueille « client n°N », puis répond à chaque ligne par sa longueur en caractères",
    },
    screen: "roundTrip",
  },
  {
    name: "inspect",
    port: 7011,
    transports: ["tcp", "udp"],
    summary: {
      en: "prints each received chunk as a hex + text dump; replies nothing",
      fr: "affiche chaque bloc reçu en hexadécimal + texte ; ne répond rien",
    },
  },
  {
    name: "http",
    port: 8080,
    transports: ["tcp"],
    summary: {
      en: 'a raw HTTP/1.1 "Hello World" responder that browsers display',
      fr: "un serveur HTTP/1.1 brut qui répond « Hello World », affiché par les navigateurs",
    },
    screen: "http",
  },
] as const satisfies readonly ModeRow[];

export type ModeName = (typeof MODES)[number]["name"];

/** The server modes socklab ships. */
export const MODE_NAMES: readonly ModeName[] = MODES.map((row) => row.name);

/** The default port of each mode. */
export const DEFAULT_PORTS = Object.fromEntries(MODES.map((row) => [row.name, row.port])) as {
  readonly [name in ModeName]: number;
};

/** The modes that also answer UDP datagrams (`--udp`), on the same port number as their TCP
 * side: the labs that contrast a byte stream with datagrams. The others are about lines and
 * connections (length's client number, the chat, HTTP) and have no datagram form. */
export const UDP_MODES: readonly ModeName[] = MODES.filter((row) =>
  (row.transports as readonly Transport[]).includes("udp"),
).map((row) => row.name);

/** The row of a mode, or undefined for a name not in the table (a test's or an embedder's own
 * mode, given to startServer as a definition). */
export function modeRow(name: string): ModeRow | undefined {
  return MODES.find((row) => row.name === name);
}

export function isModeName(name: string): name is ModeName {
  return modeRow(name) !== undefined;
}

/**
 * The largest UDP payload IPv4 can carry: 65,535 (the IP length field) − 20 (IP header) − 8
 * (UDP header). Larger is impossible to send over IPv4; anything up to it is sent and echoed whole.
 *
 * @example
 * new Uint8Array(MAX_UDP_PAYLOAD) // the biggest datagram the echo lab sends back whole
 */
export const MAX_UDP_PAYLOAD = 65_507;
