// TelnetSession: commands byte by byte, what each means for the line, and the replies (RFC 854,
// 855, 860): refused once, timing marks always answered, no state left behind by any split.

import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  AYT,
  DO,
  DONT,
  EC,
  EL,
  IAC,
  IP,
  MAX_SUBNEGOTIATION,
  SB,
  SE,
  SGA,
  TelnetAction,
  TelnetSession,
  TIMING_MARK,
  WILL,
  WONT,
} from "../src/telnet.ts";

/** Feeds a command from its IAC on; returns the actions and the replies, in order. */
function run(session: TelnetSession, bytes: number[]): string[] {
  const out: string[] = [];
  for (const b of bytes) {
    if (!session.active) {
      if (b !== IAC) {
        out.push(`text ${b}`);
        continue;
      }
      session.begin();
      continue;
    }
    const action = session.feed(b);
    if (action === TelnetAction.Reply) out.push(`reply ${[...session.answer].join(" ")}`);
    else if (action !== TelnetAction.None) out.push(`action ${action}`);
  }
  return out;
}

describe("TelnetSession", () => {
  test("DO TIMING-MARK: WILL TIMING-MARK, every time", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, DO, TIMING_MARK, IAC, DO, TIMING_MARK])).toEqual([
      `reply ${IAC} ${WILL} ${TIMING_MARK}`,
      `reply ${IAC} ${WILL} ${TIMING_MARK}`,
    ]);
  });

  test("DO x: WONT x once; WILL x: DONT x once; never answered twice", () => {
    const s = new TelnetSession();
    const once = run(s, [IAC, DO, 1, IAC, WILL, 1, IAC, DO, 31, IAC, WILL, 24]);
    expect(once).toEqual([
      `reply ${IAC} ${WONT} 1`,
      `reply ${IAC} ${DONT} 1`,
      `reply ${IAC} ${WONT} 31`,
      `reply ${IAC} ${DONT} 24`,
    ]);
    expect(run(s, [IAC, DO, 1, IAC, WILL, 1, IAC, DO, 31, IAC, WILL, 24])).toEqual([]);
  });

  test("DO SGA is agreed to (telnet's mode character needs it), once; DONT SGA acknowledged", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, DO, SGA, IAC, DO, SGA])).toEqual([`reply ${IAC} ${WILL} ${SGA}`]);
    expect(run(s, [IAC, DONT, SGA, IAC, DONT, SGA])).toEqual([`reply ${IAC} ${WONT} ${SGA}`]);
    // Peer-side SGA (WILL SGA) is refused like any other option.
    expect(run(s, [IAC, WILL, SGA])).toEqual([`reply ${IAC} ${DONT} ${SGA}`]);
  });

  test("WONT and DONT are never answered (we are already off)", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, WONT, 1, IAC, DONT, 1, IAC, DONT, TIMING_MARK])).toEqual([]);
  });

  test("IP, EC, EL, AYT, IAC IAC each give their action; NOP and GA nothing", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, IP, IAC, EC, IAC, EL, IAC, AYT, IAC, IAC, IAC, 241, IAC, 249])).toEqual([
      `action ${TelnetAction.Interrupt}`,
      `action ${TelnetAction.EraseChar}`,
      `action ${TelnetAction.EraseLine}`,
      `action ${TelnetAction.AreYouThere}`,
      `action ${TelnetAction.Data}`,
    ]);
    expect(s.spoke).toBe(true);
  });

  test("a subnegotiation is skipped whole, an escaped IAC inside it included", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, SB, 31, 0, 80, IAC, IAC, 24, IAC, SE, 0x61])).toEqual(["text 97"]);
  });

  test("a subnegotiation without its IAC SE ends after MAX_SUBNEGOTIATION bytes", () => {
    const s = new TelnetSession();
    const garbage = new Array(MAX_SUBNEGOTIATION + 1).fill(0x61);
    expect(run(s, [IAC, SB, ...garbage, 0x62])).toEqual(["text 98"]);
  });

  test("a stray 0xFF before text is not telnet: nothing answered, the peer did not speak it", () => {
    const s = new TelnetSession();
    expect(run(s, [IAC, 0x41, 0x42])).toEqual(["text 66"]);
    expect(s.spoke).toBe(false);
  });

  test("property: the same bytes give the same actions and replies, however they are cut", () => {
    // Sessions keep their state across chunks by construction (they see one byte at a time);
    // what must hold is that refusal memory depends on the bytes only: run twice, same output.
    const byte = fc.oneof(
      fc.constantFrom(IAC, DO, DONT, WILL, WONT, SB, SE, IP, EC, EL, AYT, TIMING_MARK, 1, SGA),
      fc.nat(255),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), (bytes) => {
        const a = run(new TelnetSession(), bytes);
        const b = run(new TelnetSession(), bytes);
        expect(a).toEqual(b);
        // And never more than one refusal per option and direction.
        const refusals = a.filter((x) => /^reply 255 25[24] /.test(x) && !x.endsWith(` ${SGA}`));
        expect(new Set(refusals).size).toBe(refusals.length);
      }),
      { numRuns: 500 },
    );
  });
});
