// game: not built yet (see its issue); the registry needs every mode name.

import { UsageError } from "../core/errors.ts";
import type { ModeDefinition } from "../core/mode.ts";

export const game: ModeDefinition = {
  name: "game",
  summary: "(not built yet)",
  examples: ["socklab-server game"],
  flags: {},
  create() {
    throw new UsageError("the game mode is not built yet");
  },
};
