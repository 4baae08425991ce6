// The http screen driven in-process: the request it shows and sends, the response it draws, one
// connection per request.

import { describe, expect, test } from "bun:test";
import { http } from "../../src/sessions/http.ts";
import { FakeLink, FakeTerminal } from "../support/fake.ts";

/** An HTTP server as the fake link's answers: at the request's blank line, one response, then
 * the close (`Connection: close`). */
function server(body: string) {
  return (line: string, link: FakeLink) => {
    if (line !== "\r") return;
    link.say(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    link.close();
  };
}

describe.concurrent("http screen", () => {
  test("shows the request it sent, then the status, headers and body; quits on request", async () => {
    const link = new FakeLink(server("hello"));
    const term = new FakeTerminal({ rows: 40 });
    const done = http({
      ...term,
      io: term,
      link,
      connect: () => Promise.reject(new Error("no")),
      method: "GET",
      path: "/x",
    });
    await term.waitFor("Another request?");
    expect(link.sent).toStartWith("GET /x HTTP/1.1\r\nHost: 127.0.0.1:7\r\n");
    await term.waitFor("GET /x HTTP/1.1");
    await term.waitFor("200 OK");
    await term.waitFor("hello");
    // The second choice: no, quit.
    term.type("\x1b[B\r");
    await done;
  });

  test("a second request opens a new connection", async () => {
    const first = new FakeLink(server("one"));
    const second = new FakeLink(server("two"));
    const term = new FakeTerminal({ rows: 60 });
    const done = http({
      ...term,
      io: term,
      link: first,
      connect: async () => second,
      method: "GET",
      path: "/",
    });
    await term.waitFor("one");
    term.type("\r"); // yes, another
    await term.waitFor("Method");
    term.type("\r"); // GET
    await term.waitFor("Path");
    term.type("\r"); // "/"
    await second.waitSent("GET / HTTP/1.1");
    await term.waitFor("two");
    term.type("\x03"); // cancel at "Another request?"
    await done;
  });
});
