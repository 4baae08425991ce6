// Where to connect: parsing `HOST:PORT` and validating a host and a port, with a sentence that
// says what is wrong (the connect form shows it under the field, the command line on stderr).

import { isIP } from "node:net";
import { type Messages, messages } from "./catalog/index.ts";
import { usage } from "./usage.ts";

export interface Address {
  host: string;
  port: number;
}

/** RFC 1123 host names: labels of letters, digits and inner hyphens, at most 63 characters each
 * and 253 in all (RFC 1035 §2.3.4); longer input is a typo, not a host. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const MAX_HOST_LENGTH = 253;

/** Why `text` is not a usable host, or undefined when it is (an IPv4/IPv6 address or a name). */
export function hostProblem(text: string, msg: Messages = messages("en")): string | undefined {
  const host = text.trim();
  if (host === "") return msg.addressNoHost;
  if (isIP(host) !== 0) return undefined;
  if (/^[\d.]+$/.test(host)) return msg.addressNotIpv4(host);
  if (host.length > MAX_HOST_LENGTH) return msg.addressTooLong;
  const labels = host.endsWith(".") ? host.slice(0, -1).split(".") : host.split(".");
  if (!labels.every((label) => LABEL.test(label))) return msg.addressNotHostName(host);
  return undefined;
}

/** Why `text` is not a TCP port a client can connect to (1-65535), or undefined. */
export function portProblem(text: string, msg: Messages = messages("en")): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return msg.addressPortNumber;
  const port = Number(trimmed);
  if (port < 1 || port > 65535) return msg.addressPortRange(trimmed);
  return undefined;
}

/** Parses a port given on the command line; throws UsageError with the reason. */
export function parsePort(text: string, flag = "--port"): number {
  const problem = portProblem(text);
  if (problem) throw usage("badPort", flag, text);
  return Number(text.trim());
}

/** Parses a host given on the command line; throws UsageError with the reason. */
export function parseHost(text: string): string {
  if (hostProblem(text)) throw usage("badHost", text);
  return unbracket(text.trim());
}

function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` (host 127.0.0.1); throws UsageError when malformed.
 *
 * @example
 * parseAddress("127.0.0.1:7007") // { host: "127.0.0.1", port: 7007 }
 * parseAddress("[::1]:4444")     // { host: "::1", port: 4444 }
 */
export function parseAddress(text: string): Address {
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(text);
  const plain = /^([^:]*):([^:]*)$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) throw usage("notAddress", text);
  const host = match[1] === "" ? "127.0.0.1" : (match[1] as string);
  if (hostProblem(host)) throw usage("badHost", host);
  return { host, port: parsePort(match[2] as string, `"${text}"`) };
}

/** `host:port`, with brackets around an IPv6 address so the port stays readable. */
export function formatAddress({ host, port }: Address): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
