// http: not built yet (see its issue); the registry needs every mode name.

import { UsageError } from "../core/errors.ts";
import type { ModeDefinition } from "../core/mode.ts";

export const http: ModeDefinition = {
  name: "http",
  summary: "(not built yet)",
  examples: ["socklab-server http"],
  flags: {},
  create() {
    throw new UsageError("the http mode is not built yet");
  },
};
