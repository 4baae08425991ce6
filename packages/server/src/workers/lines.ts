// Cuts what a worker writes on its stdout or stderr into whole lines, so that the parent prints
// each one whole, never two workers' halves on one line.

/** A line longer than this is cut and printed in pieces: a worker writing without newlines must
 * not make the parent hold its output without bound. Lines the server writes are far shorter
 * (an inspect dump, the longest, is not a worker mode). */
export const MAX_RELAYED_LINE = 64 * 1024;

/** Takes text as it comes; calls `line` once per complete line (without its newline). */
export class LineSplitter {
  private partial = "";

  constructor(private readonly line: (text: string) => void) {}

  push(text: string): void {
    let rest = this.partial + text;
    for (let at = rest.indexOf("\n"); at >= 0; at = rest.indexOf("\n")) {
      this.line(rest.slice(0, at).replace(/\r$/, ""));
      rest = rest.slice(at + 1);
    }
    while (rest.length > MAX_RELAYED_LINE) {
      this.line(rest.slice(0, MAX_RELAYED_LINE));
      rest = rest.slice(MAX_RELAYED_LINE);
    }
    this.partial = rest;
  }

  /** The stream ended: what is left is a line too. */
  end(): void {
    if (this.partial !== "") this.line(this.partial);
    this.partial = "";
  }
}
