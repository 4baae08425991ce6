// @socklab/protocol: what the server and the client share. No socket code lives here.

export * from "./argv.ts";
export * from "./catalog/index.ts";
export * from "./events.ts";
export * from "./hexDump.ts";
export * from "./http/index.ts";
export * from "./lines.ts";
export * from "./lookalike.ts";
export * from "./modes.ts";
export * from "./names.ts";
export * from "./outbox.ts";
export * from "./sanitize.ts";
export * from "./scripts.ts";
export * from "./teacher.ts";
export * from "./telnet.ts";
export * from "./version.ts";
