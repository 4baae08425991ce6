// The console's desk driven in-process on real servers (no terminal): the generic commands in a
// line mode without console hooks of its own (length), and a hook that throws.

import { describe, expect, test } from "bun:test";
import { modes } from "@socklab/server";
import { messages } from "../packages/server/src/catalog/index.ts";
import { runConsoleLine } from "../packages/server/src/console/desk.ts";
import { startServer } from "../packages/server/src/core/server.ts";
import { connectPeer } from "./support/peer.ts";

const msg = messages("en");

describe.concurrent("the console's desk", () => {
  test("length: /say reaches every client as a teacher's line, /kick tells the reason and closes", async () => {
    const server = await startServer({
      mode: modes.length,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
    });
    let quitted = false;
    const desk = { server, msg, quit: () => (quitted = true) };
    try {
      const a = await connectPeer(server.port);
      const b = await connectPeer(server.port);
      a.send("hello\n");
      b.send("hi\n");
      await a.line();
      await b.line();
      expect(runConsoleLine(desk, "/say  on ferme  bientôt ")).toEqual(["said to 2 client(s)"]);
      expect(await a.until((line) => line.includes("[teacher]"))).toContain(
        "-- [teacher] on ferme bientôt",
      );
      await b.until((line) => line === "-- [teacher] on ferme bientôt");
      expect(runConsoleLine(desk, "/kick #2 assez")).toEqual(["client #2 (-) kicked"]);
      const last = new TextDecoder().decode(await b.closed());
      expect(last).toContain("-- The teacher closed your connection: assez\n");
      expect(runConsoleLine(desk, "/clients")[0]).toBe("1 client:");
      expect(runConsoleLine(desk, "/mute a")).toEqual(["unknown command /mute (type /help)"]);
      expect(runConsoleLine(desk, "/quit")).toEqual([]);
      expect(quitted).toBe(true);
      a.close();
    } finally {
      await server.stop();
    }
  });

  test("a console hook that throws is the desk caller's to catch; the server keeps serving", async () => {
    const server = await startServer({ mode: modes.chat, port: 0, host: "127.0.0.1", quiet: true });
    try {
      const broken = {
        ...server,
        desk: {
          ...server.desk,
          teacher: {
            command: () => {
              throw new Error("boom");
            },
          },
        },
      };
      expect(() => runConsoleLine({ server: broken, msg, quit() {} }, "/mute x")).toThrow("boom");
      const peer = await connectPeer(server.port);
      expect(await peer.line()).toContain("Welcome");
      peer.close();
    } finally {
      await server.stop();
    }
  });
});
