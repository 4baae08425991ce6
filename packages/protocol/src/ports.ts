// Default port of each server mode (TCP, and UDP for the modes that have it), in one place: the
// server's CLI and the client's connect form both read them, so a student who types only a mode
// name reaches the right server.

/** The server modes socklab ships. */
export const MODE_NAMES = ["echo", "bytes", "length", "inspect", "game", "chat", "http"] as const;
export type ModeName = (typeof MODE_NAMES)[number];

/**
 * Chat keeps the seed lab's 4444 and http the usual 8080; the rest sit together above 7000,
 * out of the privileged range (below 1024 needs root) and away from common services.
 *
 * @example
 * DEFAULT_PORTS.chat // 4444
 */
export const DEFAULT_PORTS: Readonly<Record<ModeName, number>> = {
  echo: 7007,
  bytes: 7012,
  length: 7010,
  inspect: 7011,
  game: 7013,
  chat: 4444,
  http: 8080,
};

/** The modes that also answer UDP datagrams (`--udp`), on the same port number as their TCP
 * side: the labs that contrast a byte stream with datagrams. The others are about lines and
 * connections (length's client number, the chat, HTTP) and have no datagram form. */
export const UDP_MODES = ["echo", "bytes", "inspect"] as const satisfies readonly ModeName[];
export type UdpModeName = (typeof UDP_MODES)[number];

export function isUdpMode(name: string): name is UdpModeName {
  return (UDP_MODES as readonly string[]).includes(name);
}

/**
 * The largest UDP payload IPv4 can carry: 65,535 (the IP length field) − 20 (IP header) − 8
 * (UDP header). Larger is impossible to send over IPv4; anything up to it is sent and echoed whole.
 *
 * @example
 * new Uint8Array(MAX_UDP_PAYLOAD) // the biggest datagram the echo lab sends back whole
 */
export const MAX_UDP_PAYLOAD = 65_507;

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}
