// The registry of server modes: name → definition, which only the CLI reads (the core takes a
// definition). A mode's name is its file's name and its export's name; its port, transports and
// summary are its row in the protocol's table (MODES), and TypeScript wants one entry per row.

import type { ModeName } from "@socklab/protocol";
import type { ModeDefinition } from "../core/mode.ts";
import { bytes } from "./bytes.ts";
import { chat } from "./chat.ts";
import { echo } from "./echo.ts";
import { game } from "./game.ts";
import { http } from "./http.ts";
import { inspect } from "./inspect.ts";
import { length } from "./length.ts";

export const modes: Readonly<Record<ModeName, ModeDefinition>> = {
  echo,
  bytes,
  length,
  inspect,
  game,
  chat,
  http,
};
