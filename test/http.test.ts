// http mode end to end over real sockets: the page and its headers, HEAD, 404/204/405, keep-alive
// and close in 1.0 and 1.1, pipelining, chunking, every refusal, timeouts, graceful close, the
// request log, --body; then real clients: curl reusing its connection, headless Chromium.
// All tests run at once (describe.concurrent): the shared servers serve tests that look only at
// their own connection; a test that counts a server's clients, or reads its log, has its own.
// Hooks stay at the top level: one inside a describe would make the tests around it wait.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modes } from "@socklab/server";
import { createLogger } from "../packages/server/src/core/logger.ts";
import { type RunningServer, startServer } from "../packages/server/src/core/server.ts";
import { dumpDom } from "./support/chromium.ts";
import { run, spawnServer } from "./support/cli.ts";
import { parseResponses, responses } from "./support/http.ts";
import { connectPeer } from "./support/peer.ts";

const GET = (path = "/", extra = "") => `GET ${path} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;
const dec = new TextDecoder();

/** Short timeouts for the tests about them ("timeouts and closing"), not the 60 s and 5 s defaults. */
const TIMEOUTS = {
  "first-byte-timeout": 0.5,
  "header-timeout": 0.5,
  "idle-timeout": 0.5,
};
const bodyDir = mkdtempSync(join(tmpdir(), "socklab-http-"));

let server: RunningServer;
let timed: RunningServer;
beforeAll(async () => {
  server = await startServer({ mode: modes.http, port: 0, host: "127.0.0.1", quiet: true });
  timed = await startServer({
    mode: modes.http,
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    flags: TIMEOUTS,
  });
});
afterAll(async () => {
  await Promise.all([server.stop(), timed.stop()]);
  rmSync(bodyDir, { recursive: true, force: true });
});

describe.concurrent("the page", () => {
  test("GET / is 200 text/html with exact Content-Length, Date, Server and the heading", async () => {
    const peer = await connectPeer(server.port);
    peer.send(GET());
    const [r] = await responses(peer, 1);
    expect(r?.status).toBe(200);
    expect(r?.lines[0]).toBe("HTTP/1.1 200 OK");
    expect(r?.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r?.headers.server).toBe("socklab");
    expect(r?.headers.date).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
    expect(Math.abs(Date.parse(r?.headers.date ?? "") - Date.now())).toBeLessThan(5000);
    expect(r?.body).toStartWith("<!DOCTYPE html>");
    expect(r?.body).toContain("<h1>Hello World</h1>");
    // Exact: the stream holds the head and exactly Content-Length more bytes, nothing else.
    const all = peer.received();
    const head = dec.decode(all).indexOf("\r\n\r\n") + 4;
    expect(all.length - head).toBe(Number(r?.headers["content-length"]));
    peer.close();
  });

  test("HEAD / has GET's headers, Content-Length included, and no body", async () => {
    const peer = await connectPeer(server.port);
    peer.send(`HEAD / HTTP/1.1\r\nHost: t\r\n\r\n${GET()}`);
    const [head, get] = await responses(peer, 2, ["HEAD", "GET"]);
    expect(head?.status).toBe(200);
    expect(head?.body).toBe("");
    expect(head?.headers["content-length"]).toBe(get?.headers["content-length"]);
    expect(get?.body).toContain("Hello World");
    peer.close();
  });

  test("other paths are 404, /favicon.ico is 204, the query is ignored; the connection stays", async () => {
    const peer = await connectPeer(server.port);
    peer.send(GET("/nope") + GET("/favicon.ico") + GET("/?x=1") + GET("http://t/index.html"));
    const all = await responses(peer, 4);
    expect(all.map((r) => r.status)).toEqual([404, 204, 200, 200]);
    expect(all[0]?.body).toContain("404 Not Found");
    expect(all[1]?.headers["content-length"]).toBeUndefined();
    expect(peer.isClosed).toBe(false);
    peer.close();
  });

  test("other methods get 405 with Allow: GET, HEAD; their body is read and discarded", async () => {
    const peer = await connectPeer(server.port);
    peer.send(`POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello`);
    peer.send(`DELETE / HTTP/1.1\r\nHost: t\r\n\r\n${GET()}`);
    const inner = GET("/smuggled");
    const chunked = `${inner.length.toString(16)}\r\n${inner}\r\n0\r\n\r\n`;
    peer.send(`PUT / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}${GET()}`);
    const all = await responses(peer, 5);
    // The chunked body holds a request: it is skipped, never answered (no 404 for /smuggled).
    expect(all.map((r) => r.status)).toEqual([405, 405, 200, 405, 200]);
    expect(all[0]?.headers.allow).toBe("GET, HEAD");
    peer.close();
  });
});

describe.concurrent("persistent connections (RFC 9112 §9)", () => {
  test("HTTP/1.1 keeps the connection for many requests", async () => {
    const peer = await connectPeer(server.port);
    for (let i = 1; i <= 5; i++) {
      peer.send(GET());
      const all = await responses(peer, i);
      expect(all[i - 1]?.headers.connection).toBeUndefined();
    }
    expect(peer.isClosed).toBe(false);
    peer.close();
  });

  test("Connection: close is answered with Connection: close, then the server closes", async () => {
    const peer = await connectPeer(server.port);
    peer.send(GET("/", "Connection: close\r\n"));
    const all = parseResponses(await peer.closed());
    peer.close(); // at once: the server's close grace is another test's subject
    expect(all).toHaveLength(1);
    expect(all[0]?.headers.connection).toBe("close");
  });

  test("requests pipelined after Connection: close are not answered (RFC 9112 §9.6)", async () => {
    const peer = await connectPeer(server.port);
    peer.send(GET("/", "Connection: close\r\n") + GET() + GET());
    expect(parseResponses(await peer.closed())).toHaveLength(1);
    peer.close();
  });

  test("HTTP/1.0 closes after the response unless it asked for keep-alive", async () => {
    const closing = await connectPeer(server.port);
    closing.send("GET / HTTP/1.0\r\n\r\n");
    const [r] = parseResponses(await closing.closed());
    closing.close();
    expect(r?.status).toBe(200);
    expect(r?.headers.connection).toBe("close");

    const staying = await connectPeer(server.port);
    staying.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    staying.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const both = await responses(staying, 2);
    expect(both.map((x) => x.headers.connection)).toEqual(["keep-alive", "keep-alive"]);
    expect(staying.isClosed).toBe(false);
    staying.close();
  });
});

describe.concurrent("pipelining and chunking", () => {
  test("pipelined requests in one chunk are answered in order", async () => {
    const peer = await connectPeer(server.port);
    const paths = ["/", "/a", "/favicon.ico", "/", "/b", "/"];
    peer.send(paths.map((p) => GET(p)).join(""));
    const all = await responses(peer, paths.length);
    expect(all.map((r) => r.status)).toEqual([200, 404, 204, 200, 404, 200]);
    peer.close();
  });

  test("one request sent a byte at a time is answered once, whole", async () => {
    const peer = await connectPeer(server.port);
    const text = GET("/", "User-Agent: slow\r\n");
    for (const ch of text) {
      peer.send(ch);
      await Bun.sleep(1);
    }
    const [r] = await responses(peer, 1);
    expect(r?.status).toBe(200);
    await Bun.sleep(50);
    expect(parseResponses(peer.received())).toHaveLength(1);
    peer.close();
  });

  test("a client that pipelines without reading loses nothing: all responses, in order, once it reads", async () => {
    // 20,000 requests ask for ~6 MiB of responses: far past the outbox's high-water mark, so
    // the server must stop reading this client (not buffer), and lose nothing when it reads.
    const COUNT = 20_000;
    const paths = ["/", "/x"];
    const request = (i: number) => GET(paths[i % 2]);
    const wire = new TextEncoder().encode(
      Array.from({ length: COUNT }, (_, i) => request(i)).join(""),
    );
    const chunks: Uint8Array[] = [];
    let sent = 0;
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        data(_s, data) {
          chunks.push(new Uint8Array(data));
        },
        drain(s) {
          sent += Math.max(0, s.write(wire.subarray(sent)));
        },
      },
    });
    socket.pause();
    sent += Math.max(0, socket.write(wire));
    for (let i = 0; i < 100 && sent < wire.length; i++) await Bun.sleep(10);
    expect(chunks).toHaveLength(0);
    socket.resume();
    let all: ReturnType<typeof parseResponses> = [];
    for (let i = 0; i < 1000 && all.length < COUNT; i++) {
      await Bun.sleep(10);
      all = parseResponses(Buffer.concat(chunks));
    }
    expect(all).toHaveLength(COUNT);
    expect(all.every((r, i) => r.status === (i % 2 === 0 ? 200 : 404))).toBe(true);
    socket.end();
  });

  test("a hundred pipelined requests are all answered", async () => {
    const peer = await connectPeer(server.port);
    peer.send(GET().repeat(100));
    const all = await responses(peer, 100);
    expect(all.every((r) => r.status === 200)).toBe(true);
    peer.close();
  });
});

describe.concurrent("bad requests are answered, then the connection closes", () => {
  const cases: [string, string, number][] = [
    ["a malformed request line", "GET\r\nHost: t\r\n\r\n", 400],
    ["a malformed header", "GET / HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", 400],
    ["a missing Host", "GET / HTTP/1.1\r\n\r\n", 400],
    ["a duplicated Host", "GET / HTTP/1.1\r\nHost: t\r\nHost: t\r\n\r\n", 400],
    ["whitespace before a colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400],
    ["a bare CR", "GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n", 400],
    ["HTTP/2.0", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505],
    [
      "Content-Length with Transfer-Encoding",
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n",
      400,
    ],
    [
      "two different Content-Lengths",
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n",
      400,
    ],
    [
      "a broken chunked body",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      400,
    ],
    [
      "a chunk size followed by a second number",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4 5\r\nabcd\r\n0\r\n\r\n",
      400,
    ],
    [
      "a request line where the final empty line belongs",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
      400,
    ],
    ["a 9,000-byte URI", `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: t\r\n\r\n`, 414],
    ["an unknown expectation", "GET / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n\r\n", 417],
    [
      "Transfer-Encoding: gzip, chunked",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      501,
    ],
    ["a head over 8 KiB", `GET / HTTP/1.1\r\nHost: t\r\nX: ${"a".repeat(9000)}\r\n\r\n`, 431],
  ];
  for (const [what, request, status] of cases) {
    test(`${what} → ${status}`, async () => {
      const peer = await connectPeer(server.port);
      peer.send(request + GET());
      const all = parseResponses(await peer.closed());
      peer.close();
      const last = all.at(-1);
      // A broken body is refused without an answer to its request first (no 405, then 400):
      // a request is answered once it is whole. What follows it is never read as a request.
      expect(all.map((r) => r.status)).toEqual([status]);
      expect(last?.headers.connection).toBe("close");
      expect(last?.body).toContain(`<h1>${last?.status} `);
    });
  }

  test("a head that never ends gets 431 once past 8 KiB, without waiting for its end", async () => {
    const peer = await connectPeer(server.port);
    peer.send(`GET / HTTP/1.1\r\nX: ${"a".repeat(9000)}`);
    const all = parseResponses(await peer.closed());
    peer.close();
    expect(all.map((r) => r.status)).toEqual([431]);
  });
});

describe.concurrent("Expect, bodies and what an error page teaches", () => {
  test("Expect: 100-continue gets 100 Continue before the body is sent, then the answer (RFC 9110 §10.1.1)", async () => {
    const peer = await connectPeer(server.port);
    peer.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    // The client waits for this line before sending its body: wait for it too.
    expect(await peer.line()).toBe("HTTP/1.1 100 Continue");
    expect(await peer.line()).toBe("");
    peer.send(`hello${GET()}`);
    const all = await responses(peer, 3);
    expect(all.map((r) => r.status)).toEqual([100, 405, 200]);
    peer.close();
  });

  test("curl's own Expect: 100-continue upload is answered without its 1 s wait", async () => {
    const file = join(bodyDir, "upload.bin");
    writeFileSync(file, "x".repeat(2 << 20)); // curl asks Expect: 100-continue past 1 MiB
    const { code, stderr } = await run([
      "curl",
      "-sv",
      "--expect100-timeout",
      "30",
      "--data-binary",
      `@${file}`,
      `http://127.0.0.1:${server.port}/`,
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("< HTTP/1.1 100 Continue");
    expect(stderr).toContain("< HTTP/1.1 405 Method Not Allowed");
  });

  test("a trickled body that never ends gets one 408, not a 405 and then an unsolicited 408", async () => {
    const peer = await connectPeer(timed.port);
    peer.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab");
    const all = parseResponses(await peer.closed());
    peer.close();
    expect(all.map((r) => r.status)).toEqual([408]);
    expect(all[0]?.body).toContain("POST / HTTP/1.1"); // the request it was waiting for
  });

  test("a 400 names the rule broken, its RFC section, and quotes the request line, escaped", async () => {
    const peer = await connectPeer(server.port);
    peer.send("GET /<b>hi</b> HTTP/1.1\r\nAccept: */*\r\n\r\n");
    const [r] = parseResponses(await peer.closed());
    peer.close();
    expect(r?.status).toBe(400);
    expect(r?.body).toContain("An HTTP/1.1 request must carry a Host header");
    expect(r?.body).toContain("RFC 9112 §3.2");
    expect(r?.body).toContain("<code>GET /&#60;b&#62;hi&#60;/b&#62; HTTP/1.1</code>");
    expect(r?.body).not.toContain("<b>");
  });

  test("in French with --lang fr; a missing version is named as such", async () => {
    const fr = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      lang: "fr",
    });
    try {
      const peer = await connectPeer(fr.port);
      peer.send("GET /index.html\r\n\r\n");
      const [r] = parseResponses(await peer.closed());
      peer.close();
      expect(r?.status).toBe(400);
      expect(r?.body).toContain('<html lang="fr">');
      expect(r?.body).toContain("La ligne de requête se termine sans version");
      expect(r?.body).toContain("Ligne de requête reçue : <code>GET /index.html</code>");
    } finally {
      await fr.stop();
    }
  });

  test("a 408 page says how long a request may take", async () => {
    const peer = await connectPeer(timed.port);
    peer.send("GET /slow HTTP/1.1\r\nHost: t\r\n");
    const [r] = parseResponses(await peer.closed());
    peer.close();
    expect(r?.status).toBe(408);
    expect(r?.body).toContain("within 0.5 s of its first byte");
    expect(r?.body).toContain("RFC 9110 §15.5.9");
    expect(r?.body).toContain("<code>GET /slow HTTP/1.1</code>");
  });
});

describe.concurrent("pipelining past the high-water mark", () => {
  test("a big --body pipelined 10 times arrives whole, in order (sent a slice at a time)", async () => {
    const file = join(bodyDir, "big.html");
    const page = Array.from({ length: 300_000 }, (_, i) => String.fromCharCode(97 + (i % 26)));
    writeFileSync(file, page.join(""));
    const big = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { body: file },
    });
    try {
      const peer = await connectPeer(big.port);
      peer.send(GET().repeat(9) + GET("/", "Connection: close\r\n"));
      const all = parseResponses(await peer.closed(20_000));
      peer.close();
      expect(all).toHaveLength(10);
      expect(all.every((r) => r.status === 200 && r.body === page.join(""))).toBe(true);
      expect(all[9]?.headers.connection).toBe("close");
    } finally {
      await big.stop();
    }
  }, 20_000);

  test("a client that pipelines 5,000 requests then half-closes (nc at the end of its input) gets every answer", async () => {
    // 2 MB of responses to one read: parsing stops at the mark, and the FIN that follows
    // must wait for the requests kept.
    const peer = await connectPeer(server.port);
    peer.send(GET().repeat(5_000));
    peer.end();
    const all = parseResponses(await peer.closed(20_000));
    peer.close();
    expect(all).toHaveLength(5_000);
  }, 20_000);
});

describe.concurrent("timeouts and closing", () => {
  test("a request left unfinished gets 408 and is closed (slowloris)", async () => {
    const peer = await connectPeer(timed.port);
    peer.send("GET / HTTP/1.1\r\nHost: t\r\n");
    const all = parseResponses(await peer.closed());
    peer.close();
    expect(all.map((r) => r.status)).toEqual([408]);
  });

  test("a client that trickles header lines is still cut at the header timeout", async () => {
    const peer = await connectPeer(timed.port);
    peer.send("GET / HTTP/1.1\r\n");
    // One line every 100 ms would reset a per-read timer forever; the head's deadline holds.
    for (let i = 0; i < 40 && !peer.isClosed; i++) {
      peer.send(`X-${i}: y\r\n`);
      await Bun.sleep(100);
    }
    expect(peer.isClosed).toBe(true);
    peer.close();
    expect(parseResponses(peer.received()).map((r) => r.status)).toEqual([408]);
  });

  test("an idle keep-alive connection is closed without a word", async () => {
    const peer = await connectPeer(timed.port);
    peer.send(GET());
    const all = parseResponses(await peer.closed());
    peer.close();
    expect(all.map((r) => r.status)).toEqual([200]);
    // Nothing after the response: no 408, no goodbye.
    expect(dec.decode(peer.received())).toEndWith("</html>\n");
  });

  test("a connection that never sends anything is closed at --first-byte-timeout, silently", async () => {
    const peer = await connectPeer(timed.port);
    expect((await peer.closed()).length).toBe(0);
    peer.close();
  });

  test("a new connection gets --first-byte-timeout, not the keep-alive --idle-timeout", async () => {
    const own = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { "idle-timeout": 0.2, "first-byte-timeout": 60 },
    });
    try {
      // A student reading the exercise sheet before typing: an idle keep-alive connection
      // opened at the same time is closed meanwhile, this one is not.
      const reading = await connectPeer(own.port);
      const kept = await connectPeer(own.port);
      kept.send(GET());
      await responses(kept, 1);
      await kept.closed(); // closed at its idle timeout
      kept.close();
      expect(reading.isClosed).toBe(false);
      reading.send(GET());
      expect((await responses(reading, 1))[0]?.status).toBe(200);
      reading.close();
    } finally {
      await own.stop();
    }
  }, 20_000);

  test("--help gives the human-speed defaults: 60 s for the first byte and for a request", async () => {
    const { stdout } = await run([
      process.execPath,
      "packages/server/src/main.ts",
      "http",
      "--help",
    ]);
    expect(stdout).toMatch(/--first-byte-timeout S[^\n]*60/);
    expect(stdout).toMatch(/--header-timeout S[^\n]*60/);
  });

  test("close = flush, FIN (the client reads everything, no reset), then close after its FIN", async () => {
    // Its own server: the client count it ends on is this connection's alone.
    const own = await startServer({ mode: modes.http, port: 0, host: "127.0.0.1", quiet: true });
    try {
      const events: string[] = [];
      let received = "";
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: own.port,
        allowHalfOpen: true,
        socket: {
          data(_s, data) {
            received += dec.decode(data);
          },
          end() {
            events.push("end");
          },
          close(_s, error) {
            events.push(error ? `close: ${error.message}` : "close");
          },
          error(_s, error) {
            events.push(`error: ${error.message}`);
          },
        },
      });
      // The close request is followed by junk the server will never read as a request: closing
      // with it unread would make the kernel send a reset that can destroy the response.
      socket.write(GET("/", "Connection: close\r\n") + "x".repeat(64 * 1024));
      for (let i = 0; i < 300 && !events.includes("end"); i++) await Bun.sleep(10);
      expect(events).toEqual(["end"]); // the server's FIN, and no reset
      expect(parseResponses(new TextEncoder().encode(received))).toHaveLength(1);
      // Half-closed: we may still write; the server reads and discards.
      socket.write("more junk");
      socket.end();
      for (let i = 0; i < 300 && !events.includes("close"); i++) await Bun.sleep(10);
      expect(events).toEqual(["end", "close"]);
      for (let i = 0; i < 300 && own.clientCount > 0; i++) await Bun.sleep(10);
      expect(own.clientCount).toBe(0);
    } finally {
      await own.stop();
    }
  });

  test("a client that never closes its side is closed after the grace", async () => {
    // Its own server: the client count it waits for is this connection's alone.
    const own = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: TIMEOUTS,
    });
    try {
      const peer = await connectPeer(own.port);
      peer.send(GET("/", "Connection: close\r\n"));
      await peer.closed(); // our FIN arrived; the peer helper never answers with its own
      for (let i = 0; i < 500 && own.clientCount > 0; i++) await Bun.sleep(10);
      expect(own.clientCount).toBe(0);
    } finally {
      await own.stop();
    }
  });
});

describe.concurrent("--max-clients", () => {
  test("a newcomer past the limit reads a 503 in HTTP, not a text line, and is closed", async () => {
    const full = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      maxClients: 1,
    });
    try {
      const first = await connectPeer(full.port);
      first.send(GET());
      await responses(first, 1);
      const second = await connectPeer(full.port);
      second.send(GET());
      const all = parseResponses(await second.closed());
      second.close(); // at once, or stop() waits out the server's 1 s close grace for it
      expect(all.map((r) => r.status)).toEqual([503]);
      expect(all[0]?.headers["retry-after"]).toBe("5");
      expect(all[0]?.headers.connection).toBe("close");
      first.close();
    } finally {
      await full.stop();
    }
  });
});

describe.concurrent("request log", () => {
  test("each request is logged with client, method, path, status and duration", async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (text) => lines.push(text) });
    const logged = await startServer({ mode: modes.http, port: 0, host: "127.0.0.1", log });
    try {
      const peer = await connectPeer(logged.port);
      peer.send(`${GET("/")}${GET("/missing")}GET / HTTP/7.0\r\n\r\n`);
      await peer.closed();
      peer.close(); // at once, or stop() waits out the server's 1 s close grace for it
      log.flush();
      const text = lines.join("");
      expect(text).toMatch(/client #1 \(127\.0\.0\.1:\d+\) GET \/ → 200 in \d+\.\d\d ms/);
      expect(text).toMatch(/client #1 \(127\.0\.0\.1:\d+\) GET \/missing → 404 in \d+\.\d\d ms/);
      expect(text).toMatch(
        /client #1 \(127\.0\.0\.1:\d+\) bad request → 505 \(unsupported-version\)/,
      );
    } finally {
      await logged.stop();
    }
  });

  test("--quiet logs nothing", async () => {
    const lines: string[] = [];
    const log = createLogger({ quiet: true, write: (text) => lines.push(text) });
    const quiet = await startServer({ mode: modes.http, port: 0, host: "127.0.0.1", log });
    try {
      const peer = await connectPeer(quiet.port);
      peer.send(GET("/", "Connection: close\r\n"));
      await peer.closed();
      peer.close();
      log.flush();
      expect(lines.join("")).toBe("");
    } finally {
      await quiet.stop();
    }
  });
});

describe.concurrent("--body FILE", () => {
  test("serves the file's bytes instead of the page", async () => {
    const file = join(bodyDir, "page.html");
    writeFileSync(file, "<!DOCTYPE html><title>t</title><h1>Bonjour é</h1>");
    const custom = await startServer({
      mode: modes.http,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { body: file },
    });
    try {
      const peer = await connectPeer(custom.port);
      peer.send(GET());
      const [r] = await responses(peer, 1);
      expect(r?.body).toBe("<!DOCTYPE html><title>t</title><h1>Bonjour é</h1>");
      expect(r?.headers["content-length"]).toBe(String(Buffer.byteLength(r?.body ?? "")));
      peer.close();
    } finally {
      await custom.stop();
    }
  });

  test("a missing file is a usage error: one line, exit 2", async () => {
    const missing = join(bodyDir, "nope.html");
    const { code, stdout, stderr } = await run([
      process.execPath,
      "packages/server/src/main.ts",
      "http",
      "--port",
      "0",
      "--body",
      missing,
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(`socklab-server: --body: cannot read "${missing}": no such file\n`);
    expect(stdout).toBe("");
  });
});

describe.concurrent("real clients", () => {
  test("curl fetches two URLs over one reused connection", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const { code, stdout, stderr } = await run(["curl", "-sv", `${base}/`, `${base}/favicon.ico`]);
    expect(code).toBe(0);
    expect(stderr).toContain("Re-using existing connection");
    expect(stderr).toContain("< HTTP/1.1 204 No Content");
    expect(stdout).toContain("<h1>Hello World</h1>");
  });

  test("headless Chromium renders the Hello World heading", async () => {
    const child = await spawnServer(["http", "--port", "0", "--host", "127.0.0.1"]);
    try {
      const { stdout, stderr } = await dumpDom(`http://127.0.0.1:${child.port}/`);
      expect(stdout, stderr).toContain("<h1>Hello World</h1>");
      expect(stdout).toContain("<title>Hello World</title>");
      // The browser's requests show in the server's log.
      for (let i = 0; i < 100 && !child.output.includes("GET / → 200"); i++) await Bun.sleep(20);
      expect(child.output).toContain("GET / → 200");
    } finally {
      child.proc.kill();
      await child.proc.exited;
    }
  }, 90_000);
});
