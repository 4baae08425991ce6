// Default TCP port of each server mode, in one place: the server's CLI and the client's connect
// form both read them, so a student who types only a mode name reaches the right server.

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

export function isModeName(name: string): name is ModeName {
  return (MODE_NAMES as readonly string[]).includes(name);
}
