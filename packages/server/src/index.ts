// @socklab/server: start any mode in-process (tests, benchmarks, embedding). The CLI in main.ts is
// a thin shell over startServer.

export { Connection } from "./core/connection.ts";
export { UsageError } from "./core/errors.ts";
export { createLogger, type Logger } from "./core/logger.ts";
export type { ModeDefinition, ModeHandlers } from "./core/mode.ts";
export {
  DEFAULT_MAX_CLIENTS,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./core/server.ts";
export { modes } from "./modes/index.ts";
