// Colour for the server console a teacher projects: dim times, each client number in a colour
// of its own (the same number, the same colour, line after line), warnings in yellow. Off unless
// stdout is a terminal, and off under NO_COLOR (https://no-color.org) or TERM=dumb.

/** ANSI colours that read on dark and light projectors alike; red is left to errors. */
const CLIENT_COLORS = [36, 35, 33, 34, 32] as const; // cyan, magenta, yellow, blue, green

const dim = (text: string) => `\x1b[2m${text}\x1b[22m`;
const yellow = (text: string) => `\x1b[33m${text}\x1b[39m`;

/** "client #12", "Client n°12", "client n°12": the words every console line names a client by. */
const CLIENT = /\b([Cc]lient (?:#|n°))(\d+)/g;

/** True when the console should be coloured. */
export function consoleColorWanted(
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return isTTY && env.TERM !== "dumb";
}

/**
 * One console line with its time, coloured.
 *
 * @example
 * colorLine("[14:03:07]", "client #3 connected") // dim time, "client #3" in its colour
 * colorLine("[14:03:07]", "-- Server full", true) // dim time, the line in yellow
 */
export function colorLine(time: string, line: string, warning = false): string {
  // A warning is yellow as a whole: a client's colour inside it would end the yellow early.
  if (warning) return `${dim(time)} ${yellow(line)}`;
  const painted = line.replace(CLIENT, (_all, words: string, id: string) => {
    const code = CLIENT_COLORS[Number(id) % CLIENT_COLORS.length] as number;
    return `\x1b[${code}m${words}${id}\x1b[39m`;
  });
  return `${dim(time)} ${painted}`;
}
