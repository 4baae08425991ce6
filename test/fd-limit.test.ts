// The server at its file-descriptor limit (issue #20 item 9): `ulimit -n 256` and a flood of
// connections that are never closed. Bun's listener retries a failed accept() in a busy loop,
// so the core must never let accept fail: it closes newcomers at once near the limit, says so
// once, and serves again as soon as the flood ends.

import { expect, test } from "bun:test";
import { joinChat } from "./support/chat.ts";
import { SERVER_SOURCE, spawnServer } from "./support/cli.ts";

/** Opens argv[2] connections as fast as it can, never reads or closes them until a line on
 * stdin; prints "opened" once all connects are under way, "closed" at the end. */
const FLOOD = `
import socket, sys
socks = []
for _ in range(int(sys.argv[2])):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", int(sys.argv[1])))
    except BlockingIOError:
        pass
    socks.append(s)
print("opened", flush=True)
sys.stdin.readline()
for s in socks:
    s.close()
print("closed", flush=True)
`;

const LIMIT_LINE = /too many open files \(ulimit -n 256\)/;

test("at ulimit -n 256, a flood of 600 held connections: logged once, served again after", async () => {
  const srv = await spawnServer(
    ["chat", "--port", "0", "--host", "127.0.0.1"],
    ["prlimit", "--nofile=256:256", ...SERVER_SOURCE],
  );
  const flood = Bun.spawn(["python3", "-c", FLOOD, String(srv.port), "600"], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  try {
    const out = flood.stdout.getReader();
    expect(new TextDecoder().decode((await out.read()).value)).toContain("opened");
    // 100 chat slots, then "server full" closes that hold a descriptor for a second each,
    // then the limit: the server says so.
    for (let i = 0; i < 500 && !LIMIT_LINE.test(srv.output); i++) await Bun.sleep(20);
    expect(srv.output).toMatch(LIMIT_LINE);
    flood.stdin.write("\n");
    flood.stdin.flush();
    expect(await flood.exited).toBe(0);
    // Every held connection is gone: a newcomer gets a seat.
    const zed = await joinChat(srv.port, "zed");
    zed.sendLine("/who");
    await zed.until((line) => line.includes("zed"));
    zed.close();
    expect(srv.output.split("too many open files").length - 1).toBe(1);
  } finally {
    flood.kill();
    srv.proc.kill();
    await srv.proc.exited;
  }
}, 20_000);
