// socklab-client's entry point: parse the command line, then run `send`, `connect`, a mode in
// pipe mode (no terminal) or the interactive client. Errors are one line on stderr: exit 2 for
// usage and unreachable servers, 1 for anything else.

import { Readable } from "node:stream";
import { type Address, formatAddress } from "./address.ts";
import { type Messages, messages } from "./catalog/index.ts";
import { type ClientCommand, defaultPort, parseClientArgs } from "./cli.ts";
import { openDatagramLink } from "./datagram.ts";
import { datagramPipe } from "./datagramPipe.ts";
import { ConnectError, UsageError } from "./errors.ts";
import { openLink } from "./link.ts";
import { ping } from "./ping.ts";
import { pipe } from "./pipe.ts";
import { colorWanted } from "./theme.ts";
import { describeUsage, usage, usageLang } from "./usage.ts";

/** True when a person is at a terminal: prompts and colours make sense. */
function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
}

/** Resolves once stdout has taken everything written so far (exiting earlier could cut a pipe). */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write("", () => resolve()));
}

async function run(command: ClientCommand): Promise<number> {
  switch (command.kind) {
    case "help":
      console.log(command.text);
      return 0;
    case "check": {
      const { runCheck } = await import("./check/command.ts");
      const terminal = Boolean(process.stdout.isTTY && !process.env.CI);
      return runCheck(command.request, process.stdout, process.stderr, {
        terminal,
        color: colorWanted(process.env, process.argv, Boolean(process.stdout.isTTY)),
      });
    }
    case "send":
    case "connect": {
      const msg = messages(command.lang);
      if (command.kind === "send" && command.udp) {
        return sendDatagram(command.address, [command.text], command.waitMs, msg);
      }
      const link = await openLink(command.address, { timeoutMs: command.timeoutMs, msg });
      const input =
        command.kind === "send" ? Readable.from([Buffer.from(`${command.text}\n`)]) : process.stdin;
      await pipe({
        link,
        input,
        output: process.stdout,
        waitMs: command.waitMs,
        crlf: command.crlf,
      });
      return 0;
    }
    case "ping": {
      const msg = messages(command.lang);
      const stats = await ping({
        msg,
        link: await openDatagramLink(command.address, msg),
        count: command.count,
        intervalMs: command.intervalMs,
        lossMs: command.lossMs,
        output: process.stdout,
      });
      // As ping: 1 when nothing came back at all.
      return stats.received > 0 ? 0 : 1;
    }
    case "session": {
      const { answers } = command;
      const msg = messages(command.lang);
      if (!isInteractive() && answers.mode === "udp") {
        const address = {
          host: answers.host ?? "127.0.0.1",
          port: answers.port ?? (defaultPort("udp") as number),
        };
        return sendDatagram(address, process.stdin, command.waitMs, msg);
      }
      if (!isInteractive()) {
        if (answers.mode === undefined) {
          throw new UsageError(msg.clientNoTerminal);
        }
        const port = answers.port ?? defaultPort(answers.mode);
        if (port === undefined) throw usage("needsPort", answers.mode);
        const link = await openLink(
          { host: answers.host ?? "127.0.0.1", port },
          { timeoutMs: command.timeoutMs, msg },
        );
        // Chat's first line is the nickname (the seed's protocol); the game takes /name.
        if (answers.name !== undefined && answers.mode === "chat") link.send(`${answers.name}\n`);
        if (answers.name !== undefined && answers.mode === "game") {
          link.send(`/name ${answers.name}\n`);
        }
        await pipe({
          link,
          input: process.stdin,
          output: process.stdout,
          waitMs: command.waitMs,
          crlf: false,
        });
        return 0;
      }
      const { runInteractive } = await import("./interactive.ts");
      return runInteractive({
        input: process.stdin,
        output: process.stdout,
        answers,
        reconnect: command.reconnect,
        timeoutMs: command.timeoutMs,
        lossMs: command.lossMs,
        lang: command.lang,
        crlf: command.crlf,
        color: colorWanted(process.env, process.argv, true),
      });
    }
  }
}

/** `send --udp`, or the udp mode outside a terminal: 0 when a datagram came back, 1 when none
 * did within --wait (UDP cannot say why: lost, or no server), 2 when the machine said no server
 * listens there. */
async function sendDatagram(
  address: Address,
  input: readonly string[] | NodeJS.ReadableStream,
  waitMs: number,
  msg: Messages,
): Promise<number> {
  const link = await openDatagramLink(address, msg);
  const replies = await datagramPipe({
    link,
    input: input as readonly string[] | Readable,
    output: process.stdout,
    waitMs,
    notice: (text) => process.stderr.write(`socklab-client: ${text}\n`),
    msg,
  });
  if (replies > 0) return 0;
  process.stderr.write(`socklab-client: ${msg.udpNothingBack(formatAddress(address), waitMs)}\n`);
  return 1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // clack colours through node:util styleText, which reads NO_COLOR: make --no-color reach it.
  if (argv.includes("--no-color")) process.env.NO_COLOR = "1";
  // A reader of our stdout that went away (| head) is a normal end, not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  return run(parseClientArgs(argv));
}

main().then(
  async (code) => {
    await flushStdout();
    process.exit(code);
  },
  (error: unknown) => {
    const expected = error instanceof UsageError || error instanceof ConnectError;
    // A usage error in the language of --lang (else LANG / LC_ALL): the person who typed it.
    const text =
      error instanceof UsageError
        ? describeUsage(error, usageLang(process.argv.slice(2), process.env))
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`socklab-client: ${text}\n`);
    process.exit(expected ? 2 : 1);
  },
);
