// The interactive client (placeholder while the form and the screens are built).

export interface InteractiveOptions {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  answers: import("./cli.ts").SessionAnswers;
  reconnect: boolean;
  timeoutMs: number;
  color: boolean;
}

export async function runInteractive(_options: InteractiveOptions): Promise<number> {
  process.stderr.write("socklab-client: the interactive client is not built yet\n");
  return 2;
}
