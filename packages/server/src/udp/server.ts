// The UDP side of echo, bytes and inspect (`--udp`): one Bun.udpSocket per server, a rate limit
// per source, the console's counts, and starting it beside the TCP listener on the same number.

import { type Lang, UDP_MODES } from "@socklab/protocol";
import type { udp } from "bun";
import { messages } from "../catalog/index.ts";
import type { UsageError } from "../core/errors.ts";
import { createLogger, type Logger } from "../core/logger.ts";
import type { Datagram, DatagramContext, ModeDefinition } from "../core/mode.ts";
import {
  defaultPort,
  type RunningServer,
  type ServerOptions,
  withDefaults,
} from "../core/server.ts";
import { usage } from "../usage.ts";
import type { View } from "../view/view.ts";
import { Replies } from "./replies.ts";
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
  /** --workers: join the port's SO_REUSEPORT group (the kernel keeps each sender on one). */
  reusePort?: boolean;
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
  reusePort,
}: UdpStart): Promise<UdpSide> {
  const { log, msg } = ctx;
  const factory = definition.datagram;
  if (factory === undefined) throw usage("noUdp", definition.name, UDP_MODES.join(", "));
  const handler = factory(ctx);
  // One second's worth at once: a burst of `rate` datagrams passes, then `rate` per second.
  const senders = new Senders({ rate, burst: rate });
  /** Made once the socket is bound (the datagram handler runs only after that). */
  let replies: Replies | undefined;
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
    _socket: udp.Socket<"buffer">,
    bytes: Buffer,
    fromPort: number,
    address: string,
    flags: udp.ReceiveFlags,
  ) => {
    replies?.arrived();
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
    // Safe to hold until the batch goes out: Bun hands each datagram a buffer of its own (the
    // burst test in test/udp.test.ts checks every reply is its own datagram).
    replies?.add(reply, fromPort, address);
  };

  let socket: udp.Socket<"buffer">;
  try {
    socket = await Bun.udpSocket({
      hostname: host,
      port,
      // Bun.udpSocket has no reusePort option yet; node:dgram's reusePort passes this flag
      // (LISTEN_REUSE_PORT) to it, and so do we.
      ...(reusePort && ({ flags: 4 } as object)),
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
  const sent = new Replies(socket);
  replies = sent;

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
    if (sent.refused > 0) log.info(msg.udpSendRefused(sent.refused));
    sent.refused = 0;
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
      sent.flush();
      socket.close();
    },
  };
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
  if (definition.datagram === undefined)
    throw usage("noUdp", definition.name, UDP_MODES.join(", "));
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
      side = await startUdp({
        definition,
        ctx,
        host,
        port: tcp?.port ?? wanted,
        rate,
        view,
        reusePort: options.reusePort,
      });
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
      return usage("udpPortInUse", port, host);
    case "EACCES":
      return usage("udpDenied", where);
    case "EADDRNOTAVAIL":
      return usage("udpNoSuchAddress", where);
    case "ENOENT":
      return usage("udpUnknownHost", where, host);
    default:
      return usage("udpCannotBind", where, error.message);
  }
}
