// What every session screen receives (its streams, its colours) and the Ctrl-C rule they share:
// the first Ctrl-C leaves politely, a second one leaves at once.

import type { EditorInput, EditorOutput } from "../editor.ts";
import type { Theme } from "../theme.ts";

export interface SessionIO {
  input: EditorInput;
  output: EditorOutput;
  theme: Theme;
}

/**
 * Ctrl-C handling for a session: `leave` on the first press (say goodbye, flush, close), `force`
 * on the second (the server did not let us go, or the person is in a hurry).
 *
 * @example
 * const onInterrupt = interrupts(() => link.end().then(done), () => { link.destroy(); done(); });
 */
export function interrupts(leave: () => void, force: () => void): () => void {
  let count = 0;
  return () => {
    count++;
    if (count === 1) leave();
    else force();
  };
}

/** Milliseconds with a precision that suits loopback (0.08 ms) and a LAN (3.2 ms) alike. */
export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
