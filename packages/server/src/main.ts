// socklab-server's entry point: parse the command line, start the mode, print where to connect,
// stop cleanly on Ctrl-C / SIGTERM. Errors are one line on stderr: exit 2 for usage, 1 otherwise.

import { networkInterfaces } from "node:os";
import { messages } from "@socklab/protocol";
import { parseServerArgs } from "./cli.ts";
import { consoleColorWanted } from "./core/console-color.ts";
import { UsageError } from "./core/errors.ts";
import { startServer } from "./core/server.ts";

/** Where students can reach a server bound to `host`: loopback and each LAN IPv4 address. */
function reachableAddresses(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [host];
  const out = ["127.0.0.1"];
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      if (entry.family === "IPv4" && !entry.internal) out.push(entry.address);
    }
  }
  return out;
}

async function main(): Promise<number> {
  const command = parseServerArgs(process.argv.slice(2));
  if (command.kind === "help") {
    console.log(command.text);
    return 0;
  }
  const { options } = command;
  const color = consoleColorWanted(process.env, Boolean(process.stdout.isTTY));
  const server = await startServer({ ...options, color });
  const msg = messages(options.lang ?? "en");
  // An IPv6 address takes brackets, or its last group would read as the port ([::1]:4444).
  const where = reachableAddresses(server.host).map((address) =>
    address.includes(":") ? `  [${address}]:${server.port}` : `  ${address}:${server.port}`,
  );
  const heading = options.udp
    ? msg.udpListening(server.mode, options.tcp === true)
    : msg.listening(server.mode);
  console.log([heading, ...where, msg.stopHint].join("\n"));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) process.exit(0); // a second Ctrl-C: do not wait
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return -1; // keep running
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(
      `socklab-server: ${usage ? error.message : String((error as Error)?.message ?? error)}\n`,
    );
    process.exit(usage ? 2 : 1);
  },
);
