// Errors the client's command line turns into one line on stderr and exit code 2: the user must
// change something (a flag, an address, a server that is not running) and run again.

/** A bad flag or argument. */
export class UsageError extends Error {
  override name = "UsageError";
  /** What went wrong as a typed value (usage.ts), for main.ts to say in the person's language;
   * unset: `message` is all there is. */
  reason?: readonly unknown[];
}

/** Why a connection could not be opened; `message` is the sentence shown to the user. */
export type ConnectProblem = "refused" | "unknown_host" | "timeout" | "unreachable" | "other";

/** The server could not be reached: refused, unknown host, unreachable, no answer in time. */
export class ConnectError extends Error {
  override name = "ConnectError";
  readonly problem: ConnectProblem;
  constructor(problem: ConnectProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}
