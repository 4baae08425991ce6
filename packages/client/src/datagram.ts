// The client's UDP socket: one Bun.udpSocket connected to the server (so only its datagrams
// come in, and a closed port can be reported), with failures turned into one sentence.

import type { udp } from "bun";
import { type Address, formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { ConnectError } from "./errors.ts";

export interface DatagramHandlers {
  /** One whole datagram from the server. Valid during the call only (Bun reuses the buffer). */
  data(bytes: Uint8Array): void;
  /** The server's machine answered "port unreachable" (ICMP): nothing listens on that UDP port.
   * Only a machine that says so triggers it; on a real network silence is just as likely. */
  unreachable?(): void;
}

export interface DatagramLink {
  readonly address: Address;
  /** Sends one datagram; false if the kernel refused it (its send buffer full): it is lost. */
  send(data: string | Uint8Array): boolean;
  /** Starts delivering datagrams to `handlers` (none are kept before: UDP has no greeting). */
  listen(handlers: DatagramHandlers): void;
  close(): void;
}

/** The sentence for an address the UDP socket cannot reach. */
function describeUdpError(
  error: NodeJS.ErrnoException,
  address: Address,
  msg: Messages,
): ConnectError {
  const where = formatAddress(address);
  switch (error.code) {
    case "ENOTFOUND":
    case "EAI_NONAME":
    case "EAI_AGAIN":
      return new ConnectError("unknown_host", msg.clientUnknownHost(address.host));
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return new ConnectError("unreachable", msg.clientUnreachable(address.host, error.code));
    default:
      return new ConnectError("other", msg.udpCannotSend(where, error.message));
  }
}

/**
 * Opens a UDP socket for one server. Nothing is sent: UDP has no handshake, so this succeeds
 * whether or not a server is there (only a reply, or an ICMP "unreachable", tells).
 *
 * @example
 * const link = await openDatagramLink({ host: "127.0.0.1", port: 7007 });
 * link.listen({ data: (d) => console.log(d.length, "bytes") });
 * link.send("hello");
 */
export async function openDatagramLink(
  address: Address,
  msg: Messages = messages("en"),
): Promise<DatagramLink> {
  let handlers: DatagramHandlers | undefined;
  let socket: udp.ConnectedSocket<"uint8array">;
  try {
    socket = await Bun.udpSocket({
      // An IPv6 server needs an IPv6 socket; the default one is IPv4 only.
      hostname: address.host.includes(":") ? "::" : "0.0.0.0",
      binaryType: "uint8array",
      connect: { hostname: address.host, port: address.port },
      socket: {
        data(_socket, bytes) {
          handlers?.data(bytes);
        },
        // Bun calls this, without an error object, when the kernel got ICMP "port unreachable"
        // for one of our datagrams (a connected socket receives ECONNREFUSED).
        error() {
          handlers?.unreachable?.();
        },
      },
    });
  } catch (error) {
    throw describeUdpError(error as NodeJS.ErrnoException, address, msg);
  }
  return {
    address,
    send(data) {
      if (socket.closed) return false;
      return socket.send(data);
    },
    listen(next) {
      handlers = next;
    },
    close() {
      if (!socket.closed) socket.close();
    },
  };
}
