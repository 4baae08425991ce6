// @socklab/client as a library: the pieces the CLI is made of, each taking its streams and
// socket as arguments, so tests and other tools can drive them.

export * from "./address.ts";
export * from "./cli.ts";
export * from "./datagram.ts";
export * from "./datagramPipe.ts";
export * from "./errors.ts";
export * from "./form.ts";
export * from "./link.ts";
export * from "./ping.ts";
export * from "./pipe.ts";
export { chat } from "./sessions/chat.ts";
export { game } from "./sessions/game.ts";
export { http } from "./sessions/http.ts";
export { raw } from "./sessions/raw.ts";
export { roundTrip } from "./sessions/roundTrip.ts";
export { udp } from "./sessions/udp.ts";
export * from "./theme.ts";
export * from "./udpTracker.ts";
