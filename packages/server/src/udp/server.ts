// The UDP side of echo, bytes and inspect (`--udp`): one Bun.udpSocket per server, a rate limit
// per source, the console's counts, and starting it beside the TCP listener on the same number.

import type { Lang } from "@socklab/protocol";
import type { udp } from "bun";
import { messages } from "../catalog/index.ts";
import { UsageError } from "../core/errors.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import type { Datagram, DatagramContext, ModeDefinition } from "../core/mode.ts";
import {
  defaultPort,
  type RunningServer,
  type ServerOptions,
  withDefaults,
} from "../core/server.ts";
import type { View } from "../view/view.ts";
import { Senders } from "./senders.ts";

/** Datagrams per second one source may have answered. A student's loop sending as fast as it
 * can reaches hundreds of thousands; a person, or a ping, sends a few. A thousand lets any lab
 * exercise through (a burst of 1,000 at once too) and holds a runaway loop to what the class
 * never notices. Over it, datagrams are dropped and counted, as a busy network would. */
export const DEFAULT_UDP_RATE = 1000;
/** How often sources silent for a minute are forgotten, so "senders in the last minute" is
 * right to within this. */
const SWEEP_MS = 5000;
/** The console's traffic line, when there was traffic: once a minute, the window it counts. */
const REPORTS_EVERY = 12; // sweeps
/** Source ports below this are services (echo 7, chargen 19, DNS 53…), never a client's: a
 * datagram "from" one is spoofed or from a server, and answering could start two servers bouncing
 * datagrams at each other for ever. They are counted and not answered. */
const FIRST_CLIENT_PORT = 1024;
/** With `--tcp --udp --port 0`, the UDP side binds the number the kernel gave TCP; if another
 * program holds that UDP port, both sides start over on another number, up to this many times. */
const SAME_PORT_ATTEMPTS = 10;

export interface UdpSide {
  readonly port: number;
  /** Sources seen in the last minute. */
  readonly senders: number;
  stop(): void;
}

interface UdpStart {
  definition: ModeDefinition;
  ctx: DatagramContext;
  host: string;
  port: number;
  /** Datagrams per second per source; 0: no limit. */
  rate: number;
  /** The class view (--view): each datagram admitted, as a block of its sender's timeline. */
  view?: View;
}

/**
 * Binds the mode's UDP side. Each datagram that passes its source's rate goes to the mode, and
 * the mode's reply goes back to the source as one datagram, never larger than what arrived.
 *
 * @example
 * const side = await startUdp({ definition: echo, ctx, host: "127.0.0.1", port: 0, rate: 1000 });
 * side.stop();
 */
export async function startUdp({
  definition,
  ctx,
  host,
  port,
  rate,
  view,
}: UdpStart): Promise<UdpSide> {
  const { log, msg } = ctx;
  const factory = definition.datagram;
  if (factory === undefined) throw new UsageError(noUdp(definition.name));
  const handler = factory(ctx);
  // One second's worth at once: a burst of `rate` datagrams passes, then `rate` per second.
  const senders = new Senders({ rate, burst: rate });
  /** Replies the kernel refused since the last report (its send buffer was full). */
  let sendRefused = 0;
  // One object, refilled per datagram: the mode reads it during the call only (see Datagram).
  const dgram: Datagram = {
    bytes: new Uint8Array(0),
    address: "",
    port: 0,
    peer: "",
    fromSender: 0,
    truncated: false,
  };

  const onDatagram = (
    socket: udp.Socket<"buffer">,
    bytes: Buffer,
    fromPort: number,
    address: string,
    flags: udp.ReceiveFlags,
  ) => {
    const peer = address.includes(":") ? `[${address}]:${fromPort}` : `${address}:${fromPort}`;
    const verdict = senders.admit(peer, Date.now());
    if (verdict === "drop") return;
    if (verdict === "flood") {
      log.info(msg.udpFlooding(peer, rate));
      return;
    }
    const service = fromPort < FIRST_CLIENT_PORT;
    if (verdict === "new") {
      log.info(service ? msg.udpPrivileged(peer) : msg.udpNewSender(peer, senders.size));
    }
    if (flags.truncated) log.always(msg.udpTruncated(peer, bytes.length));
    dgram.bytes = bytes;
    dgram.address = address;
    dgram.port = fromPort;
    dgram.peer = peer;
    dgram.fromSender = senders.lastCount;
    dgram.truncated = flags.truncated;
    view?.state.datagram(peer, bytes, Date.now());
    let reply: Uint8Array | undefined;
    try {
      reply = handler.datagram(dgram);
    } catch (error) {
      log.always(`UDP ${peer}: ${definition.name} failed: ${(error as Error).message}`);
      return;
    }
    if (reply === undefined || service) return;
    // The reflection bound, checked here and not trusted to the modes: a forged source can make
    // us send at most what it sent, at most `rate` times a second.
    if (reply.length > bytes.length) {
      log.always(msg.udpTooBig(peer, reply.length, bytes.length));
      return;
    }
    // A full send buffer drops the reply, as UDP itself would: queueing it would make us the
    // one buffer on the path that grows with a flood.
    if (!socket.send(reply, fromPort, address)) sendRefused++;
  };

  let socket: udp.Socket<"buffer">;
  try {
    socket = await Bun.udpSocket({
      hostname: host,
      port,
      socket: {
        data: onDatagram,
        // A reply to a sender that has gone comes back as ICMP "port unreachable", which Bun
        // reports here (without an error object). Nothing to do: UDP has no one to tell.
        error() {},
      },
    });
  } catch (error) {
    handler.stop?.();
    throw bindError(error as NodeJS.ErrnoException, host, port);
  }

  let sweeps = 0;
  const sweep = setInterval(() => {
    const now = Date.now();
    if (++sweeps % REPORTS_EVERY !== 0) {
      senders.sweep(now);
      return;
    }
    const report = senders.report(now);
    if (report.datagrams + report.dropped > 0) {
      log.info(msg.udpReport(report.datagrams, report.senders, report.dropped));
    }
    if (sendRefused > 0) log.info(msg.udpSendRefused(sendRefused));
    sendRefused = 0;
  }, SWEEP_MS);
  sweep.unref();

  return {
    port: socket.port,
    get senders() {
      return senders.size;
    },
    stop() {
      clearInterval(sweep);
      handler.stop?.();
      socket.close();
    },
  };
}

/** The sentence for `--udp` on a mode without a UDP side. */
function noUdp(mode: string): string {
  return `${mode} has no UDP side: --udp works with echo, bytes and inspect`;
}

/**
 * startServer with `udp: true`: the UDP side alone, or (`tcp: true`) beside the TCP listener on
 * the same port number. `startTcp` is startServer itself, passed in to keep the import one-way.
 */
export async function startWithUdp(
  options: ServerOptions,
  definition: ModeDefinition,
  startTcp: (options: ServerOptions) => Promise<RunningServer>,
): Promise<RunningServer> {
  if (definition.datagram === undefined) throw new UsageError(noUdp(definition.name));
  const lang: Lang = options.lang ?? "en";
  const msg = messages(lang);
  const log: Logger = options.log ?? createLogger({ quiet: options.quiet });
  const host = options.host ?? "0.0.0.0";
  const wanted = options.port ?? defaultPort(definition.name);
  const rate = options.udpRate ?? DEFAULT_UDP_RATE;
  const flags = withDefaults(definition.flags, options.flags ?? {});
  const ctx: DatagramContext = { lang, msg, log, flags };
  const view = options.view
    ? (await import("../view/view.ts")).startView({
        ...options.view,
        host: options.view.host ?? host,
        mode: definition.name,
        lang,
        chunks: definition.name === "inspect",
      })
    : undefined;

  for (let attempt = 1; ; attempt++) {
    const tcp = options.tcp
      ? await startTcp({ ...options, udp: false, log, port: wanted, sharedView: view })
      : undefined;
    let side: UdpSide;
    try {
      side = await startUdp({ definition, ctx, host, port: tcp?.port ?? wanted, rate, view });
    } catch (error) {
      await tcp?.stop();
      const retry = tcp !== undefined && wanted === 0 && attempt < SAME_PORT_ATTEMPTS;
      if (retry && /in use/.test((error as Error).message)) continue;
      view?.stop();
      throw error;
    }
    if (definition.name === "inspect") log.always(msg.udpInspectNote);
    view?.listening(side.port, host, true);
    return {
      port: side.port,
      host,
      mode: definition.name,
      viewPort: view?.port,
      get clientCount() {
        return tcp?.clientCount ?? 0;
      },
      // UDP has no clients: the console sees the TCP side's, or none.
      desk: tcp?.desk ?? { clients: new Set(), lineMode: false, teacher: undefined },
      async stop() {
        side.stop();
        view?.stop();
        if (tcp) {
          await tcp.stop(); // logs its own "stopping" and flushes the shared console
          return;
        }
        log.info(msg.udpStopping);
        log.flush();
      },
    };
  }
}

/** Bind failures are the user's to fix, as for TCP (see listenError in ../core/server.ts). */
function bindError(error: NodeJS.ErrnoException, host: string, port: number): UsageError {
  const where = `${host}:${port}`;
  switch (error.code) {
    case "EADDRINUSE":
      return new UsageError(
        `UDP port ${port} is already in use on ${host} (another server running? try --port 0)`,
      );
    case "EACCES":
      return new UsageError(`permission denied to bind UDP ${where} (ports below 1024 need root)`);
    case "EADDRNOTAVAIL":
      return new UsageError(`cannot bind UDP ${where}: no such address on this machine`);
    case "ENOENT":
      return new UsageError(
        `cannot bind UDP ${where}: unknown host "${host}" (try --host 0.0.0.0)`,
      );
    default:
      return new UsageError(`cannot bind UDP ${where}: ${error.message}`);
  }
}
