// `socklab-client check MODE HOST:PORT`: runs the plan over real sockets and prints the
// checklist as it goes (a spinner per check in a terminal, plain lines otherwise), a summary, or
// one JSON document. Resolves to the exit code: 0 all passed, 1 one failed, 2 unreachable.

import { spinner } from "@clack/prompts";
import type { Lang } from "@socklab/protocol";
import { type Address, formatAddress } from "../address.ts";
import { messages } from "../catalog/index.ts";
import { makeTheme } from "../theme.ts";
import { planFor } from "./plans/index.ts";
import { buildReport, renderDetails, renderSummary, renderTitle } from "./render.ts";
import { type CheckEvent, exitCode, runChecks } from "./runner.ts";
import { socketDialer } from "./socket.ts";
import type { CheckMode, CheckOptions } from "./types.ts";

export interface CheckRequest {
  mode: CheckMode;
  address: Address;
  only?: string[];
  lang: Lang;
  json: boolean;
  options: CheckOptions;
}

export interface CheckOutput {
  write(text: string): unknown;
}

/** How long a connection attempt may take: a machine on the LAN answers in milliseconds. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * Runs the check and prints it; `terminal` turns on the spinners and colours.
 *
 * @example
 * process.exit(await runCheck(request, process.stdout, process.stderr, { terminal: true, color: true }));
 */
export async function runCheck(
  request: CheckRequest,
  out: CheckOutput & NodeJS.WritableStream,
  err: CheckOutput,
  display: { terminal: boolean; color: boolean },
): Promise<number> {
  const m = messages(request.lang);
  const theme = makeTheme(display.color);
  const where = formatAddress(request.address);
  const checks = planFor(request.mode, request.only);
  const dialer = socketDialer(request.address, CONNECT_TIMEOUT_MS);
  const timeoutMs = request.options.timeoutMs;
  let spin: ReturnType<typeof spinner> | undefined;
  let headed = false;
  const onEvent = (event: CheckEvent) => {
    if (request.json) return;
    // The header waits for the first result: an unreachable server gets one line, on stderr.
    if (!headed && event.type === "result") {
      headed = true;
      if (spin) spin.clear();
      out.write(`${theme.bold(m.checkHeader(request.mode, where))}\n`);
      if (spin) spin = undefined;
    }
    if (event.type === "start") {
      if (display.terminal) {
        spin = spinner({ output: out as never });
        spin.start(renderTitle(m, event));
      }
      return;
    }
    const { result } = event;
    const title = `${renderTitle(m, result)}${result.optional && result.status !== "pass" ? ` ${m.checkOptionalFailed}` : ""} ${theme.dim(`(${result.ms} ms)`)}`;
    const details = result.status === "pass" ? [] : renderDetails(m, result, timeoutMs);
    if (spin) {
      if (result.status === "pass") spin.stop(title);
      else if (result.status === "warn") spin.stop(theme.yellow(title));
      else spin.error(theme.red(title));
      spin = undefined;
    } else {
      const mark = { pass: theme.green("✔"), fail: theme.red("✘"), warn: theme.yellow("!") }[
        result.status
      ];
      out.write(`${mark} ${title}\n`);
    }
    for (const line of details) out.write(`${line}\n`);
  };
  const options = { ...request.options, hostHeader: where };
  const outcome = await runChecks(checks, dialer, options, onEvent);
  if (request.json) {
    out.write(
      `${JSON.stringify(buildReport(request.mode, where, request.lang, outcome), null, 2)}\n`,
    );
  } else if (outcome.reachable) {
    out.write("\n");
    for (const line of renderSummary(request.lang, outcome.results)) out.write(`${line}\n`);
  }
  if (!outcome.reachable) {
    spin?.clear();
    err.write(`socklab-client: ${m.checkUnreachable(outcome.detail)}\n`);
  }
  return exitCode(outcome);
}
