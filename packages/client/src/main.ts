// socklab-client's entry point (placeholder until the client lands).
console.error("socklab-client: not built yet");
process.exit(2);
