// One worker of `--workers N`: the mode's server on the port the parent checked, in the port's
// SO_REUSEPORT group, numbering its clients in its own residue class, taking --max-clients'
// places from the memory the workers share, its console lines sent to the parent, stopped when
// the parent says (or is gone).

import { createLogger } from "../core/logger.ts";
import {
  DEFAULT_MAX_CLIENTS,
  type ServerOptions,
  type Siblings,
  startServer,
} from "../core/server.ts";
import { SharedPlaces } from "./policy.ts";
import { type FromWorker, mapPlaces, type ToWorker, type WorkerPlace } from "./wire.ts";

/** Serves until the parent says stop (or its channel closes); then exits 0. Throws as
 * startServer does (the CLI's one line on stderr, which the parent relays). */
export async function runWorker(options: ServerOptions, place: WorkerPlace): Promise<void> {
  const send = (message: FromWorker) => {
    if (process.connected) process.send?.(message);
  };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server?.stop();
    // Its last lines ("stopping", the goodbyes) are still in the channel: exit once they left.
    if (!process.connected) process.exit(0);
    process.send?.({ t: "bye" } satisfies FromWorker, undefined, undefined, () => process.exit(0));
  };
  process.on("message", (message: ToWorker) => {
    if (message.t === "stop") void stop();
  });
  // The parent gone (killed, or a second Ctrl-C made it leave at once): no one to serve for.
  process.on("disconnect", () => void stop());
  // A Ctrl-C at the terminal reaches every process of the group, and so does a service
  // manager's SIGTERM (systemd's default signals the whole group): the parent's "stop" is the
  // one that counts, so that one signal makes one orderly stop, without the parent taking the
  // worker's exit for a death to replace. (SIGKILL still ends a worker; the parent replaces it.)
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});

  const places = new SharedPlaces(
    mapPlaces(place.places),
    place.count,
    options.maxClients ?? DEFAULT_MAX_CLIENTS,
  );
  const siblings: Siblings = {
    take: (id) => places.take(place.index, id),
    give: () => places.give(place.index),
    get online() {
      return places.total;
    },
  };
  const log = createLogger({
    quiet: options.quiet,
    lang: options.lang,
    write: (text) => send({ t: "log", text }),
  });
  server = await startServer({
    ...options,
    workers: undefined,
    port: place.port,
    reusePort: true,
    numbering: { first: place.first, step: place.count },
    siblings,
    log,
  });
  send({ t: "listening" });
}
