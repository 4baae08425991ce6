// Why a connection ended, in words: the one place a typed CloseReason becomes text, for the
// console (and the record) and for the people in a room (the chat's and the game's leave lines).

import type { CloseKind, CloseReason, LeaveEvent } from "@socklab/protocol";
import type { Messages } from "../catalog/index.ts";

/**
 * The console's words for a close (the "client #3 … disconnected: …" line, the record's column).
 *
 * @example
 * closeText(messages("en"), { kind: "lost", detail: "ECONNRESET" }) // "connection lost (ECONNRESET)"
 */
export function closeText(msg: Messages, reason: CloseReason): string {
  switch (reason.kind) {
    case "closed":
      return msg.reasonClientClosed;
    case "lost":
      return msg.reasonLost(reason.detail);
    case "error":
      return msg.reasonError(reason.detail);
    case "quit":
      return msg.reasonQuit;
    case "kicked":
      return msg.kickedReason(reason.detail);
    case "flood":
      return msg.chatReasonFlood;
    case "overflow":
      return msg.reasonSendQueue;
    case "shutdown":
      return msg.reasonShuttingDown;
    case "full":
      return msg.reasonServerFull;
    case "per_address":
      return msg.reasonPerAddress;
    case "join_timeout":
      return msg.joinTimeoutReason;
    case "wrong_protocol":
      return msg.wrongProtocolReason;
    case "internal":
      return msg.reasonInternal;
    case "timeout":
      return reason.detail === "first_byte"
        ? msg.httpFirstByteTimeout
        : reason.detail === "idle"
          ? msg.httpIdleTimeout
          : msg.httpHeaderTimeout;
    case "http_close":
      return msg.httpClientAskedClose;
    case "refused":
      return msg.httpRefusedReason(reason.status, reason.detail);
  }
}

/**
 * What the others in a room read when someone leaves (the chat's leave line, the JSON `leave`
 * event's `reason`): a person's words, not the console's. A broken socket reads as lost, any
 * other end the room did not cause as closed.
 *
 * @example
 * leaveText(messages("en"), { kind: "quit", detail: "lunch" }) // "quit: lunch"
 */
export function leaveText(msg: Messages, reason: CloseReason): string {
  switch (reason.kind) {
    case "quit":
      return msg.chatReasonQuit(reason.detail);
    case "kicked":
      return msg.kickedReason(reason.detail);
    case "flood":
      return msg.chatReasonFlood;
    case "overflow":
      return msg.chatReasonSendQueue;
    case "lost":
    case "error":
      return msg.chatReasonLost;
    default:
      return msg.chatReasonClosed;
  }
}

/**
 * A `leave` event's reason fields (chat and game): the people's words, the kind for programs,
 * and what the person or the teacher typed, if anything.
 *
 * @example
 * leaveFields(messages("en"), { kind: "kicked", detail: "spam" })
 * // { reason: "kicked by the teacher: spam", code: "kicked", detail: "spam" }
 */
export function leaveFields(
  msg: Messages,
  reason: CloseReason,
): { reason: string; code: CloseKind; detail?: string } {
  const text = leaveText(msg, reason);
  const typed = (reason.kind === "quit" || reason.kind === "kicked") && reason.detail !== "";
  return typed
    ? { reason: text, code: reason.kind, detail: reason.detail }
    : { reason: text, code: reason.kind };
}

/**
 * The typed reason behind a leave that came from another server (--cluster), when its kind
 * carries all there is to say, so the reading room words it in its own language. Undefined when
 * the words cannot be rebuilt from the kind (a connection lost, a server gone, naming it): the
 * sender's words are kept.
 *
 * @example
 * remoteLeaveReason({ ...leave, code: "quit", detail: "bye" }) // { kind: "quit", detail: "bye" }
 */
export function remoteLeaveReason(event: LeaveEvent): CloseReason | undefined {
  switch (event.code) {
    case "quit":
    case "kicked":
      return { kind: event.code, detail: event.detail ?? "" };
    case "closed":
    case "flood":
    case "overflow":
      return { kind: event.code };
    default:
      return undefined;
  }
}
