// Errors the CLI turns into one line on stderr and exit code 2 (usage or environment problems),
// as opposed to runtime failures (exit 1).

/** A bad flag, a missing file, a port in use: the user must change something and run again. */
export class UsageError extends Error {
  override name = "UsageError";
  /** What went wrong as a typed value (../usage.ts), for the CLI to say in the person's
   * language; unset: `message` is all there is. */
  reason?: readonly unknown[];
}
