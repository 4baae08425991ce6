// chat: not built yet (see its issue); the registry needs every mode name.

import { UsageError } from "../core/errors.ts";
import type { ModeDefinition } from "../core/mode.ts";

export const chat: ModeDefinition = {
  name: "chat",
  summary: "(not built yet)",
  examples: ["socklab-server chat"],
  flags: {},
  create() {
    throw new UsageError("the chat mode is not built yet");
  },
};
