// socklab-server's entry point: parse the command line, start the mode, print where to connect,
// stop cleanly on Ctrl-C / SIGTERM. Errors are one line on stderr: exit 2 for usage, 1 otherwise.

import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { messages } from "./catalog/index.ts";
import { parseServerArgs } from "./cli.ts";
import { consoleColorWanted } from "./core/console-color.ts";
import { UsageError } from "./core/errors.ts";
import { createLogger } from "./core/logger.ts";
import { startServer } from "./core/server.ts";
import { describeUsage, usageLang } from "./usage.ts";
import { WORKER_ENV, workerPlace } from "./workers/wire.ts";

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
  // `socklab-server record FILE`: the class record read back (./record/export.ts).
  if (process.argv[2] === "record") {
    const { recordCommand } = await import("./record/export.ts");
    return recordCommand(process.argv.slice(3), (text) => process.stdout.write(text));
  }
  const command = parseServerArgs(process.argv.slice(2), process.env);
  if (command.kind === "help") {
    console.log(command.text);
    return 0;
  }
  const { options } = command;
  const msg = messages(options.lang ?? "en");
  // One of --workers' processes (./workers/child.ts): its parent prints, stops and restarts it.
  const place = process.env[WORKER_ENV] === undefined ? undefined : workerPlace(process.env);
  if (place && process.send) {
    await (await import("./workers/child.ts")).runWorker(options, place);
    return -1;
  }
  let stopping = false;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const shutdown = async () => {
    if (stopping) process.exit(0); // a second Ctrl-C: do not wait
    stopping = true;
    await server?.stop();
    terminal?.stop();
    process.exit(0);
  };
  // The teacher's console, when a person sits at a terminal (not under a service or nohup),
  // and the server is that terminal's foreground job: one started with `&` must not read the
  // terminal (the kernel would stop it with SIGTTIN, freezing every student's session).
  // (Not with --workers: the clients are in N processes, the console works on one.)
  const terminal =
    process.stdin.isTTY && process.stdout.isTTY && inForeground() && !options.workers
      ? (await import("./console/terminal.ts")).startTerminalConsole({
          input: process.stdin,
          output: process.stdout,
          msg,
          prompt: `${options.mode.name}> `,
          quit: () => void shutdown(),
        })
      : undefined;
  const print = terminal ? terminal.print : (text: string) => console.log(text);
  const color = consoleColorWanted(process.env, Boolean(process.stdout.isTTY));
  try {
    const workers = options.workers;
    server = workers
      ? await (await import("./workers/supervisor.ts")).startWorkers({
          options: { ...options, workers, color },
          argv: process.argv.slice(2),
          fatal: (code) => process.exit(code),
        })
      : await startServer(
          terminal
            ? {
                ...options,
                color,
                log: createLogger({
                  quiet: options.quiet,
                  write: print,
                  lang: options.lang,
                  color,
                }),
              }
            : { ...options, color },
        );
  } catch (error) {
    terminal?.stop();
    throw error;
  }
  terminal?.attach(server);
  // An IPv6 address takes brackets, or its last group would read as the port ([::1]:4444).
  const where = reachableAddresses(server.host).map((address) =>
    address.includes(":") ? `  [${address}]:${server.port}` : `  ${address}:${server.port}`,
  );
  const heading = options.udp
    ? msg.udpListening(server.mode, options.tcp === true)
    : msg.listening(server.mode);
  const view =
    server.viewPort === undefined
      ? []
      : [
          msg.viewListening(
            `http://${options.view?.host ?? reachableAddresses(server.host)[0]}:${server.viewPort}/`,
          ),
        ];
  const shared = options.workers ? [msg.workersShare(options.workers)] : [];
  print(
    [
      heading,
      ...where,
      ...shared,
      ...view,
      msg.stopHint,
      ...(terminal ? [msg.consoleHint] : []),
    ].join("\n"),
  );
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return -1; // keep running
}

/** True unless we can tell the process is a background job of its terminal (Linux: its process
 * group is not the terminal's foreground group, fields 5 and 8 of /proc/self/stat). */
function inForeground(): boolean {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // The command name (field 2) may hold spaces: count from the ")" that closes it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = fields[2];
    const foreground = fields[5];
    return pgrp === foreground;
  } catch {
    return true; // no /proc (macOS, Windows): stdin being a terminal is all we know
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    // In the language of --lang (else LANG / LC_ALL), as --help: the person who typed it reads it.
    const lang = usageLang(process.argv.slice(2), process.env);
    process.stderr.write(
      `socklab-server: ${usage ? describeUsage(error, lang) : String((error as Error)?.message ?? error)}\n`,
    );
    process.exit(usage ? 2 : 1);
  },
);
