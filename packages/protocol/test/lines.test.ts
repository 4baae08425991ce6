// LineDecoder: line ends (LF, CRLF, CR) in any chunking, telnet commands, UTF-8 across chunks,
// the per-line cap, and a property test against splitting the whole text at once.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { DEFAULT_MAX_LINE, LineDecoder } from "../src/lines.ts";

const enc = new TextEncoder();

/** A decoder that records what it reports. */
function recorder(maxLine?: number) {
  const lines: string[] = [];
  const overlong: number[] = [];
  const decoder = new LineDecoder(
    { line: (l) => lines.push(l), overlong: (n) => overlong.push(n) },
    maxLine,
  );
  const push = (...chunks: (string | number[] | Uint8Array)[]) => {
    for (const c of chunks) {
      decoder.push(
        typeof c === "string" ? enc.encode(c) : c instanceof Uint8Array ? c : Uint8Array.from(c),
      );
    }
  };
  return { lines, overlong, decoder, push };
}

describe("line ends", () => {
  test("LF, CRLF and a bare CR each end one line", () => {
    const r = recorder();
    r.push("a\nb\r\nc\rd\n");
    expect(r.lines).toEqual(["a", "b", "c", "d"]);
  });

  test("empty lines are lines", () => {
    const r = recorder();
    r.push("\n\r\n\r\n");
    expect(r.lines).toEqual(["", "", ""]);
  });

  test("a CRLF split across two chunks is one line end", () => {
    const r = recorder();
    r.push("hello\r", "\nworld\r", "\n");
    expect(r.lines).toEqual(["hello", "world"]);
  });

  test("a CR at the end of a chunk followed by text is a bare CR", () => {
    const r = recorder();
    r.push("one\r", "two\n");
    expect(r.lines).toEqual(["one", "two"]);
  });

  test("an empty chunk between CR and LF does not make an extra line", () => {
    const r = recorder();
    r.push("x\r", new Uint8Array(0), "\ny\n");
    expect(r.lines).toEqual(["x", "y"]);
  });

  test("telnet's CR NUL (a bare CR in NVT) ends one line and the NUL is not kept", () => {
    const r = recorder();
    r.push([0x61, 0x0d, 0x00, 0x62, 0x0a]);
    r.push([0x63, 0x0d], [0x00, 0x64, 0x0a]);
    expect(r.lines).toEqual(["a", "b", "c", "d"]);
  });

  test("a line given one byte at a time", () => {
    const r = recorder();
    for (const b of enc.encode("byte by byte\r\n")) r.push([b]);
    expect(r.lines).toEqual(["byte by byte"]);
  });
});

describe("UTF-8", () => {
  test("a character split across chunks decodes correctly", () => {
    const bytes = enc.encode("é😀\n"); // 2 + 4 bytes
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = recorder();
      r.push(bytes.subarray(0, cut), bytes.subarray(cut));
      expect(r.lines).toEqual(["é😀"]);
    }
  });

  test("invalid bytes become U+FFFD, the line is still delivered", () => {
    const r = recorder();
    r.push([0x61, 0xc3, 0x28, 0x0a]);
    expect(r.lines).toEqual(["a\ufffd("]);
  });
});

describe("telnet IAC", () => {
  const IAC = 0xff;
  const WILL = 251;
  const DO = 253;
  const SB = 250;
  const SE = 240;

  test("IAC WILL x and IAC DO x are stripped", () => {
    const r = recorder();
    r.push([0x61, IAC, WILL, 1, 0x62, IAC, DO, 3, 0x63, 0x0a]);
    expect(r.lines).toEqual(["abc"]);
  });

  test("a subnegotiation IAC SB … IAC SE is stripped, whatever it holds", () => {
    const r = recorder();
    // NAWS 80x24, with a CR and LF inside the subnegotiation data that must not end a line.
    r.push([0x68, IAC, SB, 31, 0, 80, 0x0d, 0x0a, IAC, SE, 0x69, 0x0a]);
    expect(r.lines).toEqual(["hi"]);
  });

  test("an IAC IAC inside a subnegotiation does not end it", () => {
    const r = recorder();
    r.push([IAC, SB, 24, IAC, IAC, 0x0a, IAC, SE, 0x6f, 0x6b, 0x0a]);
    expect(r.lines).toEqual(["ok"]);
  });

  test("commands split across chunks at every point are still stripped", () => {
    const bytes = [0x61, IAC, WILL, 1, 0x62, IAC, SB, 31, 0, 80, 0, 24, IAC, SE, 0x63, 0x0a];
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = recorder();
      r.push(bytes.slice(0, cut), bytes.slice(cut));
      expect(r.lines).toEqual(["abc"]);
    }
  });

  test("a two-byte command (IAC NOP) is stripped", () => {
    const r = recorder();
    r.push([0x61, IAC, 241, 0x62, 0x0a]);
    expect(r.lines).toEqual(["ab"]);
  });

  test("the CRLF after an IAC command still ends one line", () => {
    const r = recorder();
    r.push([0x61, 0x0d, IAC, 241, 0x0a, 0x62, 0x0a]);
    // CR ends "a"; the LF after the command belongs to that CR only if it came straight after.
    expect(r.lines[0]).toBe("a");
    expect(r.lines.at(-1)).toBe("b");
  });
});

describe("the line cap", () => {
  test("a line at the cap passes; one byte more is reported once and skipped", () => {
    const r = recorder(10);
    r.push(`${"x".repeat(10)}\n`);
    expect(r.lines).toEqual(["x".repeat(10)]);
    expect(r.overlong).toEqual([]);
    r.push(`${"y".repeat(11)}\n`);
    expect(r.lines).toEqual(["x".repeat(10)]);
    expect(r.overlong).toEqual([11]);
  });

  test("an over-long line in many chunks is reported once, the next line is fine", () => {
    const r = recorder(100);
    for (let i = 0; i < 50; i++) r.push("z".repeat(37));
    r.push("tail\nnext line\n");
    expect(r.overlong.length).toBe(1);
    expect(r.lines).toEqual(["next line"]);
  });

  test("memory never passes the cap, however long the line", () => {
    const cap = 1024;
    const r = recorder(cap);
    const chunk = enc.encode("w".repeat(700));
    for (let i = 0; i < 2000; i++) {
      r.decoder.push(chunk);
      expect(r.decoder.pending).toBeLessThanOrEqual(cap);
    }
    // The internal buffer itself stays within the cap too.
    const buf = (r.decoder as unknown as { buf: Uint8Array }).buf;
    expect(buf.length).toBeLessThanOrEqual(cap);
    r.push("\nok\n");
    expect(r.overlong.length).toBe(1);
    expect(r.lines).toEqual(["ok"]);
  });

  test("the default cap is 8 KiB", () => {
    expect(DEFAULT_MAX_LINE).toBe(8192);
    const r = recorder();
    r.push(`${"a".repeat(8192)}\n${"b".repeat(8193)}\n`);
    expect(r.lines).toEqual(["a".repeat(8192)]);
    expect(r.overlong.length).toBe(1);
  });

  test("an over-long line ended by a CR, then a LF in the next chunk, gives no empty line", () => {
    const r = recorder(4);
    r.push("abcdefgh\r", "\nok\n");
    expect(r.lines).toEqual(["ok"]);
    expect(r.overlong.length).toBe(1);
  });
});

describe("end()", () => {
  test("returns the unterminated tail, then forgets it", () => {
    const r = recorder();
    r.push("done\npartial é");
    expect(r.decoder.end()).toBe("partial é");
    expect(r.decoder.end()).toBeUndefined();
    expect(r.lines).toEqual(["done"]);
  });

  test("returns nothing after a complete line or inside an over-long one", () => {
    const r = recorder(4);
    r.push("ab\n");
    expect(r.decoder.end()).toBeUndefined();
    r.push("abcdefgh");
    expect(r.decoder.end()).toBeUndefined();
  });

  test("the decoder is reusable after end()", () => {
    const r = recorder();
    r.push("x\r");
    r.decoder.end();
    r.push("\nfresh\n");
    // The LF after end() is a line end of its own: the earlier CR belonged to a finished stream.
    expect(r.lines).toEqual(["x", "", "fresh"]);
  });
});

describe("stopping and resuming", () => {
  test("stop() in a line handler stops decoding after that line; resume() goes on", () => {
    const lines: string[] = [];
    let stopAt = "b";
    const d: LineDecoder = new LineDecoder({
      line: (l) => {
        lines.push(l);
        if (l === stopAt) d.stop();
      },
    });
    d.push(enc.encode("a\nb\r\nc\nd"));
    expect(lines).toEqual(["a", "b"]);
    expect(d.stopped).toBe(true);
    d.push(enc.encode("e\nf\n")); // arrives while stopped: waits behind the held bytes
    expect(lines).toEqual(["a", "b"]);
    stopAt = "";
    d.resume();
    expect(d.stopped).toBe(false);
    expect(lines).toEqual(["a", "b", "c", "de", "f"]);
  });

  test("a stop after a CR at the end of a chunk keeps the CRLF rule", () => {
    const lines: string[] = [];
    const d: LineDecoder = new LineDecoder({
      line: (l) => {
        lines.push(l);
        d.stop(); // after every line
      },
    });
    d.push(enc.encode("x\r"));
    d.resume(); // nothing was held
    d.push(enc.encode("\ny\n"));
    expect(lines).toEqual(["x", "y"]);
  });

  test("end() delivers held lines, then the tail", () => {
    const lines: string[] = [];
    const d: LineDecoder = new LineDecoder({
      line: (l) => {
        lines.push(l);
        d.stop();
      },
    });
    d.push(enc.encode("1\n2\n3\ntail"));
    expect(lines).toEqual(["1"]);
    expect(d.end()).toBe("tail");
    expect(lines).toEqual(["1", "2", "3"]);
  });

  test("property: random stops and resumes never change the lines", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "é", "\r", "\n", "\r\n", "xyz"), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        (parts, cutSeeds, stops) => {
          const whole = parts.join("");
          const bytes = enc.encode(whole);
          const got: string[] = [];
          let k = 0;
          const d: LineDecoder = new LineDecoder({
            line: (l) => {
              got.push(l);
              if (stops[k++ % stops.length]) d.stop();
            },
          });
          const cuts = [
            ...new Set(cutSeeds.map((c) => (bytes.length ? c % bytes.length : 0))),
          ].sort((a, b) => a - b);
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            d.push(bytes.subarray(from, cut));
            from = cut;
            if (k % 2 === 0) while (d.stopped) d.resume();
          }
          while (d.stopped) d.resume();
          const tail = d.end();
          expect(tail === undefined ? got : [...got, tail]).toEqual(splitLines(whole));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("idle, and decoders shared by owner", () => {
  test("idle only when nothing carries over: a CR, a partial line, telnet, a skipped line", () => {
    const d = new LineDecoder({ line() {} }, 4);
    expect(d.idle).toBe(true);
    const states: [string | number[], boolean][] = [
      ["ab\n", true],
      ["ab", false], // partial line
      ["\n", true],
      ["x\r", false], // a LF may follow in the next chunk
      ["\n", true],
      ["abcdefg", false], // over the cap: skipping to the next line end
      ["\n", true],
      [[0x1b], false], // ESC: an escape sequence may go on in the next chunk
      [[0x5b, 0x41], true], // ESC [ A (Up) is over, and dropped
      [[0xff], false], // IAC: the command goes on in the next chunk
      [[0xfb, 0x01], false], // over, but the session remembers it refused option 1
    ];
    for (const [chunk, idle] of states) {
      d.push(typeof chunk === "string" ? enc.encode(chunk) : Uint8Array.from(chunk));
      expect([chunk, d.idle]).toEqual([chunk, idle]);
    }
    d.stop();
    expect(d.idle).toBe(false);
  });

  test("one handlers object for many decoders: each call names its owner", () => {
    const seen: string[] = [];
    const shared = {
      line: (text: string, owner: string) => seen.push(`${owner}:${text}`),
      overlong: (bytes: number, owner: string) => seen.push(`${owner}:overlong ${bytes}`),
    };
    const a = new LineDecoder(shared, 4, "a");
    const b = new LineDecoder(shared, 4, "b");
    a.push(enc.encode("1\n"));
    b.push(enc.encode("2\nlong!\n"));
    a.push(enc.encode("3\n"));
    expect(seen).toEqual(["a:1", "b:2", "b:overlong 5", "a:3"]);
  });

  test("property: dropping the decoder whenever idle and making a new one changes nothing", () => {
    const text = fc.constantFrom("a", "é", "\r", "\n", "\r\n", "xyzxyz", "\u0000");
    // Telnet commands whole and cut, and a lone CR byte.
    const raw = fc.constantFrom([0xff, 0xfb, 0x01], [0xff], [0xfa, 0x18], [0xff, 0xf0], [0x0d]);
    const part = fc.oneof(
      text.map((t) => [...enc.encode(t)]),
      raw.map((r) => r),
    );
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cutSeeds) => {
          const bytes = Uint8Array.from(parts.flat());
          const cuts = [
            ...new Set(cutSeeds.map((c) => (bytes.length ? c % bytes.length : 0))),
          ].sort((x, y) => x - y);
          /** What a decoder reported, lines and over-long lines in order. */
          const log = (into: string[]) => ({
            line: (l: string) => into.push(l),
            overlong: (n: number) => into.push(`overlong ${n}`),
          });
          const expected: string[] = [];
          const kept = new LineDecoder(log(expected), 5);
          const got: string[] = [];
          let current: LineDecoder | undefined;
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            kept.push(bytes.subarray(from, cut));
            current ??= new LineDecoder(log(got), 5);
            current.push(bytes.subarray(from, cut));
            if (current.idle) current = undefined;
            from = cut;
          }
          expect(got).toEqual(expected);
          expect(current?.end()).toBe(kept.end());
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** A whole text's lines by the decoder's line ends (LF, CRLF, CR), the plain way: the model the
 * decoder is checked against. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

describe("splitLines (the test's model)", () => {
  test("follows the same rules", () => {
    expect(splitLines("a\r\nb\rc\n")).toEqual(["a", "b", "c"]);
    expect(splitLines("a\n\nb")).toEqual(["a", "", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});

/**
 * The rules written the plain way, on a whole buffer (no telnet, no escape sequences: those have
 * their own tests): LF, CR (with the LF or NUL after it), NUL end a line, NUL on an empty line is
 * padding, BS / DEL erase a code point, Ctrl-U the line, other control characters are dropped.
 */
function reference(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  let cur: number[] = [];
  const done = () => {
    lines.push(new TextDecoder().decode(Uint8Array.from(cur)));
    cur = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a) done();
    else if (b === 0x0d) {
      done();
      if (bytes[i + 1] === 0x0a || bytes[i + 1] === 0x00) i++;
    } else if (b === 0x00) {
      if (cur.length > 0) done();
    } else if (b === 0x08 || b === 0x7f) {
      let k = 0;
      while (cur.length > 0 && k < 3 && ((cur.at(-1) as number) & 0xc0) === 0x80) {
        cur.pop();
        k++;
      }
      cur.pop();
    } else if (b === 0x15) cur = [];
    else if (b >= 0x20 || b === 0x09) cur.push(b);
  }
  if (cur.length > 0) done();
  return lines;
}

describe("property: chunking never changes the lines", () => {
  /** Text made mostly of line ends, multi-byte characters and control keys, where bugs hide. */
  const piece = fc.oneof(
    fc.constantFrom("\r", "\n", "\r\n", "é", "😀", "€", "a", " ", "\t", "\u0000", "\b", "\x7f"),
    fc.constantFrom("\u0015", "\u0004", "\u0003", "\r\u0000", "\u0000\u0000\u0000"),
    fc.string({ maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  );
  const text = fc
    .array(piece, { maxLength: 40 })
    // ESC sequences have their own tests: here ESC would swallow the next character.
    .map((parts) => parts.join("").replaceAll("\u001b", ""));

  /** What a decoder fed these chunks reports: lines, then the unterminated tail. */
  function decode(bytes: Uint8Array, cuts: number[]): string[] {
    const r = recorder(1 << 20);
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      r.decoder.push(bytes.subarray(from, cut));
      from = cut;
    }
    const tail = r.decoder.end();
    return tail === undefined ? r.lines : [...r.lines, tail];
  }
  const cutsOf = (bytes: Uint8Array, seeds: number[]) =>
    [...new Set(seeds.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);

  test("any text, any split into chunks: the lines the plain rules give for the whole", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), (whole, cutSeeds) => {
        const bytes = enc.encode(whole);
        const got = decode(bytes, cutsOf(bytes, cutSeeds));
        expect(got).toEqual(reference(bytes));
        // And decoding the whole buffer at once gives the same.
        expect(decode(bytes, [])).toEqual(got);
      }),
      { numRuns: 500 },
    );
  });

  test("text with only LF, CR and CRLF: what splitLines gives", () => {
    const plain = fc
      .array(fc.oneof(fc.constantFrom("\r", "\n", "\r\n", "é", "a b"), fc.string()), {
        maxLength: 30,
      })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters go
      .map((parts) => parts.join("").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, ""));
    fc.assert(
      fc.property(plain, fc.array(fc.nat(), { maxLength: 12 }), (whole, cutSeeds) => {
        const bytes = enc.encode(whole);
        expect(decode(bytes, cutsOf(bytes, cutSeeds))).toEqual(splitLines(whole));
      }),
      { numRuns: 300 },
    );
  });

  test("any bytes at all, telnet and escapes included, any split: the same lines and replies", () => {
    // Bytes biased towards what has state: IAC, its verbs, SB/SE, ESC [, CR, NUL.
    const special = fc.constantFrom(0xff, 0xfd, 0xfb, 0xfa, 0xf0, 0xf4, 0xf7, 0xf8, 0xf6, 6);
    const byte = fc.oneof(
      special,
      fc.constantFrom(0x1b, 0x5b, 0x0d, 0x0a, 0, 8, 0x61),
      fc.nat(255),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 0 }).chain(() => fc.array(byte, { maxLength: 60 })),
        fc.array(fc.nat(), { maxLength: 16 }),
        (list, cutSeeds) => {
          const bytes = Uint8Array.from(list);
          const run = (cuts: number[]) => {
            const log: string[] = [];
            const d = new LineDecoder(
              {
                line: (l) => log.push(`line ${JSON.stringify(l)}`),
                overlong: (n) => log.push(`overlong ${n}`),
                reply: (b) => log.push(`reply ${[...b].join(",")}`),
                areYouThere: () => log.push("ayt"),
              },
              16,
            );
            let from = 0;
            for (const cut of [...cuts, bytes.length]) {
              d.push(bytes.subarray(from, cut));
              from = cut;
            }
            log.push(`end ${JSON.stringify(d.end())} crlf ${d.wantsCRLF}`);
            return log;
          };
          expect(run(cutsOf(bytes, cutSeeds))).toEqual(run([]));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("what C, Python and Java clients send", () => {
  test("a NUL-padded nickname, send(name, 32): one line, no empty ones", () => {
    const r = recorder();
    const name = new Uint8Array(32);
    name.set(enc.encode("alice"));
    r.push(name);
    expect(r.lines).toEqual(["alice"]);
    expect(r.decoder.idle).toBe(true);
  });

  test("strlen + 1: each string's NUL ends it, even without a newline", () => {
    const r = recorder();
    r.push("exit\0", "/who\0", "42\0", "hello\n\0");
    expect(r.lines).toEqual(["exit", "/who", "42", "hello"]);
  });

  test("sizeof buf: a 2048-byte buffer holding hello\\n is one line, under a 2 KiB cap", () => {
    const r = recorder(2048);
    const buf = new Uint8Array(2048);
    buf.set(enc.encode("hello\n"));
    r.push(buf.subarray(0, 1000), buf.subarray(1000));
    expect(r.lines).toEqual(["hello"]);
    expect(r.overlong).toEqual([]);
  });

  test("an empty line ended by LF is still a line; only NUL padding makes none", () => {
    const r = recorder();
    r.push("\n\0\0\n");
    expect(r.lines).toEqual(["", ""]);
  });
});

describe("character-at-a-time terminals", () => {
  test("Backspace (08) and Delete (7f) erase the previous character", () => {
    const r = recorder();
    r.push("helx\x7flo\n", "ab\bc\n");
    expect(r.lines).toEqual(["hello", "ac"]);
  });

  test("Backspace erases a whole UTF-8 character, even one split across chunks", () => {
    const r = recorder();
    const e = enc.encode("é😀"); // 2 + 4 bytes
    r.push(e.subarray(0, 1), e.subarray(1, 3), e.subarray(3), [0x7f], [0x7f], "e\n");
    expect(r.lines).toEqual(["e"]);
  });

  test("Backspace on an empty line does nothing", () => {
    const r = recorder();
    r.push("\b\b\x7fok\n");
    expect(r.lines).toEqual(["ok"]);
  });

  test("Ctrl-U erases the line; Ctrl-D, Ctrl-C and other controls are dropped, not counted", () => {
    const r = recorder();
    r.push("oops\x15right\n", "a\x04b\x03c\x07\n", "tab\tstays\n");
    expect(r.lines).toEqual(["right", "abc", "tab\tstays"]);
  });

  test("arrow keys (ESC [ A, ESC O B, ESC [ 1 ; 5 C) are dropped whole, in any chunking", () => {
    const bytes = enc.encode("a\x1b[Ab\x1bOBc\x1b[1;5Cd\n");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = recorder();
      r.push(bytes.subarray(0, cut), bytes.subarray(cut));
      expect(r.lines).toEqual(["abcd"]);
    }
  });

  test("a terminal title (ESC ] … BEL or ESC \\) and ESC ( B are dropped whole", () => {
    const bytes = enc.encode("ti\x1b]0;pwned\x07tle \x1b]2;x\x1b\\ok\x1b(B!\n");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = recorder();
      r.push(bytes.subarray(0, cut), bytes.subarray(cut));
      expect(r.lines).toEqual(["title ok!"]);
    }
  });

  test("an escape cut short by a line end still ends the line", () => {
    const r = recorder();
    r.push("a\x1b\nb\x1b[\nc\x1b]title\nd\n");
    expect(r.lines).toEqual(["a", "b", "c", "d"]);
  });
});

describe("telnet commands that edit the line or want an answer", () => {
  const IAC = 0xff;
  /** A decoder that records lines, replies and AYTs in one log. */
  function telnetRecorder() {
    const log: string[] = [];
    const d = new LineDecoder({
      line: (l) => log.push(`line ${l}`),
      reply: (b) => log.push(`reply ${[...b].join(" ")}`),
      areYouThere: () => log.push("ayt"),
    });
    return {
      log,
      push: (bytes: number[] | string) =>
        d.push(typeof bytes === "string" ? enc.encode(bytes) : Uint8Array.from(bytes)),
      d,
    };
  }

  test("Ctrl-C (IAC IP IAC DO TIMING-MARK): the partial line goes, the mark is answered", () => {
    const t = telnetRecorder();
    t.push("half a li");
    t.push([IAC, 244, IAC, 253, 6]);
    t.push("next\r\n");
    expect(t.log).toEqual(["reply 255 251 6", "line next"]);
  });

  test("every timing mark is answered, each Ctrl-C its own", () => {
    const t = telnetRecorder();
    t.push([IAC, 253, 6, IAC, 253, 6]);
    expect(t.log).toEqual(["reply 255 251 6", "reply 255 251 6"]);
  });

  test("other DO / WILL refused once each with WONT / DONT; WONT / DONT never answered", () => {
    const t = telnetRecorder();
    t.push([IAC, 253, 1, IAC, 251, 1, IAC, 253, 1, IAC, 251, 1, IAC, 254, 24, IAC, 252, 24]);
    t.push([IAC, 253, 24, IAC, 253, 24]);
    expect(t.log).toEqual(["reply 255 252 1", "reply 255 254 1", "reply 255 252 24"]);
  });

  test("IAC EC erases a character, IAC EL the line", () => {
    const t = telnetRecorder();
    t.push([0x61, 0x62, 0x78, IAC, 247, 0x63, 0x0a]);
    t.push([0x7a, 0x7a, IAC, 248, 0x6f, 0x6b, 0x0a]);
    expect(t.log).toEqual(["line abc", "line ok"]);
  });

  test("IAC AYT asks for an answer; the line being typed is kept", () => {
    const t = telnetRecorder();
    t.push([0x68, 0x69, IAC, 246, 0x0a]);
    expect(t.log).toEqual(["ayt", "line hi"]);
  });

  test("IAC IAC is one 0xFF data byte (U+FFFD in a text line)", () => {
    const t = telnetRecorder();
    t.push([0x61, IAC, IAC, 0x62, 0x0a]);
    expect(t.log).toEqual(["line a\ufffdb"]);
  });

  test("a telnet command means a terminal that wants CRLF; so does a CR line end; LF does not", () => {
    const lf = recorder();
    lf.push("a\nb\n");
    expect(lf.decoder.wantsCRLF).toBe(false);
    const crlf = recorder();
    crlf.push("a\r\n");
    expect(crlf.decoder.wantsCRLF).toBe(true);
    const t = telnetRecorder();
    t.push([IAC, 253, 1]);
    expect(t.d.wantsCRLF).toBe(true);
    expect(t.d.isTelnet).toBe(true);
  });
});

describe("lines without a newline (looksWritten, takePartial)", () => {
  test("a program's write without a newline looks written, and takePartial delivers it", () => {
    const r = recorder();
    r.push("Salut le serveur !");
    expect(r.decoder.looksWritten).toBe(true);
    r.decoder.takePartial();
    expect(r.lines).toEqual(["Salut le serveur !"]);
    expect(r.decoder.idle).toBe(true);
  });

  test("keys typed one at a time never look written (é is one key of two bytes)", () => {
    const r = recorder();
    for (const key of ["h", "é", "l", "\x7f", "l"]) {
      r.push(key);
      expect([key, r.decoder.looksWritten]).toEqual([key, false]);
    }
  });

  test("a telnet client's partial line never looks written", () => {
    const r = recorder();
    r.push([0xff, 0xfd, 0x03]);
    r.push("hello");
    expect(r.decoder.looksWritten).toBe(false);
  });

  test("the rest of a chunk after a line end is a cut stream, never taken as written", () => {
    // A paste or a flood whose next segment is late (a retransmission): "two" is half a line.
    const r = recorder();
    r.push("one\ntwo");
    expect(r.decoder.looksWritten).toBe(false);
    r.push(" and");
    expect(r.decoder.looksWritten).toBe(false);
    r.push(" more\n");
    expect(r.lines).toEqual(["one", "two and more"]);
    // The next write, on its own, is a program's write again.
    r.push("three");
    expect(r.decoder.looksWritten).toBe(true);
  });

  test("what a stop held back, resumed, is a stream's tail too", () => {
    const lines: string[] = [];
    const decoder = new LineDecoder({
      line: (text) => {
        lines.push(text);
        if (text === "one") decoder.stop();
      },
    });
    decoder.push(new TextEncoder().encode("one\ntw"));
    decoder.resume();
    expect(lines).toEqual(["one"]);
    expect(decoder.looksWritten).toBe(false);
  });

  test("takePartial does nothing inside an over-long line, or with nothing held", () => {
    const r = recorder(4);
    r.decoder.takePartial();
    r.push("toolong");
    r.decoder.takePartial();
    expect(r.lines).toEqual([]);
  });
});
