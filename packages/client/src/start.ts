// socklab-client's first code (the entry `bun run client` and the build start from): Ctrl-C is a
// way to leave, exit 0, from the first moment, then main.ts loads and runs.
//
// Why a file of its own: `bun run client` (the README's command) gets the same SIGINT as the
// client, and dies of the signal its child died of. Bun links a module's whole import graph
// before running any of it, so a handler in main.ts came ~100 ms after start: a Ctrl-C in that
// window ended the run with status 130. Here it is in place within Bun's own start-up (~20 ms;
// what is left before it is the runtime's, out of our reach).

process.on("SIGINT", () => {
  // The screens' raw mode turns Ctrl-C into a key (they leave politely); this is Ctrl-C while
  // the terminal is cooked (start-up, connecting, waiting for an HTTP answer): end the line.
  if (process.stdout.isTTY) process.stdout.write("\n");
  process.exit(0);
});

// Not awaited: the compiled binary (bytecode) has no top-level await; main.ts runs itself.
void import("./main.ts");
