// The front door's rules without sockets: what a first chunk or first line is taken for, the
// quote of a client's line, and the HTTP answer a browser gets on a line port.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { messages } from "../src/catalog/index.ts";
import {
  excerpt,
  firstBytesHint,
  httpRequestLine,
  isTls,
  sniff,
  wrongPortResponse,
} from "../src/core/door.ts";

const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : p));
  return new Uint8Array(chunks.flatMap((c) => [...c]));
};

describe("sniff", () => {
  test("a TLS ClientHello of any version, and only that", () => {
    for (const minor of [0, 1, 2, 3, 4]) expect(isTls(bytes([0x16, 0x03, minor, 0, 5]))).toBe(true);
    expect(sniff(bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]))).toEqual({ kind: "tls" });
    expect(isTls(bytes([0x16, 0x03, 0x05]))).toBe(false);
    expect(isTls(bytes([0x16, 0x02, 0x01]))).toBe(false);
    expect(isTls(bytes([0x16, 0x03]))).toBe(false);
  });

  test("Java writeUTF: one frame or several, nothing else", () => {
    expect(sniff(bytes([0, 5], "hello"))).toEqual({ kind: "writeUTF", text: "hello" });
    expect(sniff(bytes([0, 2], "hi", [0, 3], "you"))).toEqual({ kind: "writeUTF", text: "hi" });
    const long = "é".repeat(200); // 400 bytes: the length's high byte is not 0
    expect(sniff(bytes([1, 144], long))).toEqual({ kind: "writeUTF", text: long });
    // A length that does not match what follows, or a newline inside, is something else.
    expect(sniff(bytes([0, 6], "hello"))).toBeUndefined();
    expect(sniff(bytes([0, 6], "hello\n"))).toBeUndefined();
    expect(sniff(bytes([0, 0]))).toBeUndefined();
  });

  test("C strings: NUL-padded to a buffer's size, or sent with their NUL", () => {
    const name = new Uint8Array(32);
    name.set(new TextEncoder().encode("alice"));
    expect(sniff(name)).toEqual({ kind: "nulPadded", text: "alice", size: 32, nuls: 27 });
    // fgets keeps the newline: the text is shown without it.
    const buf = new Uint8Array(2048);
    buf.set(new TextEncoder().encode("hello\n"));
    expect(sniff(buf)).toEqual({ kind: "nulPadded", text: "hello", size: 2048, nuls: 2042 });
    expect(sniff(bytes("exit", [0]))).toEqual({ kind: "nulTerminated", text: "exit" });
  });

  test("plain lines, telnet's CR NUL and empty data are nothing to say", () => {
    expect(sniff(bytes("alice\n"))).toBeUndefined();
    expect(sniff(bytes("a\nb", [0]))).toBeUndefined();
    expect(sniff(bytes([0, 0, 0]))).toBeUndefined();
    expect(sniff(new Uint8Array(0))).toBeUndefined();
  });

  test("printable ASCII lines without NUL are never taken for anything", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{0,300}\n$/), (line) => {
        expect(sniff(new TextEncoder().encode(line))).toBeUndefined();
      }),
    );
  });

  test("the console hints, in the teacher's words", () => {
    const en = messages("en");
    expect(firstBytesHint(en, 3, { kind: "nulPadded", text: "alice", size: 32, nuls: 27 })).toBe(
      'client #3 sent a NUL-padded buffer, as C send(name, 32) does: "alice" then 27 NUL bytes',
    );
    expect(firstBytesHint(en, 4, { kind: "writeUTF", text: "hi\x1b[2J" })).toStartWith(
      'client #4 sent a Java writeUTF frame (a 2-byte length, then "hi", no newline)',
    );
    expect(firstBytesHint(en, 5, { kind: "tls" })).toBeUndefined();
  });
});

describe("httpRequestLine", () => {
  test.each([
    ["GET / HTTP/1.1", { method: "GET", target: "/", version: "HTTP/1.1" }],
    ["HEAD /x?y HTTP/1.0", { method: "HEAD", target: "/x?y", version: "HTTP/1.0" }],
    ["POST http://h/a HTTP/1.1", { method: "POST", target: "http://h/a", version: "HTTP/1.1" }],
    ["PRI * HTTP/2.0", { method: "PRI", target: "*", version: "HTTP/2.0" }],
  ])("%j is a request line", (line, request) => {
    expect(httpRequestLine(line)).toEqual(request);
  });

  test.each([
    "GET me a coffee",
    "get / http/1.1",
    "GET /",
    "FETCH / HTTP/1.1",
    "GET  / HTTP/1.1",
    "GET / HTTP/1.1 please",
    "alice",
  ])("%j is a line", (line) => {
    expect(httpRequestLine(line)).toBeUndefined();
  });
});

describe("excerpt", () => {
  test("sanitised, and cut to 40 characters (not bytes) with an ellipsis", () => {
    expect(excerpt("hello\x1b[2J everyone")).toBe("hello everyone");
    expect(excerpt("é".repeat(40))).toBe("é".repeat(40));
    expect(excerpt("é".repeat(41))).toBe(`${"é".repeat(40)}…`);
    expect(excerpt("😀".repeat(50))).toBe(`${"😀".repeat(40)}…`);
  });
});

describe("wrongPortResponse", () => {
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);

  test("a whole HTTP/1.0 response: 400, the page, its exact length, Connection: close", () => {
    const answer = decode(
      wrongPortResponse(messages("en"), "en", "chat", 4444, "GET", 784111777000),
    );
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head.split("\r\n")).toEqual([
      "HTTP/1.0 400 Bad Request",
      "Server: socklab",
      "Date: Sun, 06 Nov 1994 08:49:37 GMT",
      "Content-Type: text/html; charset=utf-8",
      `Content-Length: ${new TextEncoder().encode(body).length}`,
      "Connection: close",
    ]);
    expect(body).toStartWith('<!DOCTYPE html>\n<html lang="en">');
    expect(body).toContain("<h1>This is the socklab chat, not a web server</h1>");
    expect(body).toContain(
      "Port 4444 speaks plain lines of text over TCP, not HTTP: a browser cannot use it.",
    );
    expect(body).toContain('<pre>nc <span class="host">HOST</span> 4444\n');
    expect(body).toContain('socklab-client chat --host <span class="host">HOST</span> --port 4444');
  });

  test("HEAD gets the head alone; French pages are French", () => {
    const head = decode(wrongPortResponse(messages("fr"), "fr", "game", 7013, "HEAD"));
    expect(head).toEndWith("Connection: close\r\n\r\n");
    const page = decode(wrongPortResponse(messages("fr"), "fr", "game", 7013, "GET"));
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain(
      "<h1>Ceci est le jeu du nombre mystère socklab, pas un serveur web</h1>",
    );
  });
});
