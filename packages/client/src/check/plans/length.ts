// The length checks (seed: the Java numbered multi-client server): a greeting with the client's
// number, numbers that differ and grow, and each line answered with its length in characters.

import type { Conn } from "../conn.ts";
import { fail, linesOn, note, shown } from "../evidence.ts";
import { type Check, type CheckContext, pass, type Verdict } from "../types.ts";

/** The first whole number in a line ("Welcome, you are client #3" → 3), or undefined. */
export function firstNumber(line: string): number | undefined {
  const match = /-?\d+/.exec(line);
  return match ? Number(match[0]) : undefined;
}

/** Connects and waits for the greeting's first line (undefined after the timeout). */
async function greeted(ctx: CheckContext): Promise<{ conn: Conn; line?: string }> {
  const conn = await ctx.dialer.dial();
  await conn.until(() => conn.lines.length > 0, ctx.options.timeoutMs);
  return { conn, line: conn.lines[0] };
}

function noNumber(conn: Conn, ms: number): Verdict {
  return fail(
    {
      sent: note({ key: "anotherClient", args: [] }),
      expected: note({ key: "lineWithNumber", args: [] }),
      received: linesOn(conn, ms),
    },
    "greetingNumber",
  );
}

/** Sends `text` as a line and returns the answer line (the next line after `from`). */
async function answerTo(conn: Conn, text: string, ms: number): Promise<string | undefined> {
  const from = conn.lines.length;
  conn.send(`${text}\n`);
  await conn.until(() => conn.lines.length > from, ms);
  return conn.lines[from];
}

export const lengthChecks: Check[] = [
  {
    name: "length.greeting",
    async run(ctx) {
      const { conn, line } = await greeted(ctx);
      return line !== undefined && firstNumber(line) !== undefined
        ? pass
        : noNumber(conn, ctx.options.timeoutMs);
    },
  },
  {
    name: "length.numbers-differ",
    async run(ctx) {
      const a = await greeted(ctx);
      const b = await greeted(ctx);
      const [na, nb] = [a.line, b.line].map((l) => (l === undefined ? undefined : firstNumber(l)));
      if (na === undefined) return noNumber(a.conn, ctx.options.timeoutMs);
      if (nb === undefined) return noNumber(b.conn, ctx.options.timeoutMs);
      if (na !== nb) return pass;
      return fail(
        {
          sent: note({ key: "anotherClient", args: [] }),
          expected: note({ key: "differentNumbers", args: [] }),
          received: shown(`${a.line}\n${b.line}\n`),
        },
        "counterShared",
      );
    },
  },
  {
    name: "length.numbers-grow",
    async run(ctx) {
      const a = await greeted(ctx);
      const na = a.line === undefined ? undefined : firstNumber(a.line);
      if (na === undefined) return noNumber(a.conn, ctx.options.timeoutMs);
      a.conn.close();
      const b = await greeted(ctx);
      const nb = b.line === undefined ? undefined : firstNumber(b.line);
      if (nb === undefined) return noNumber(b.conn, ctx.options.timeoutMs);
      if (nb > na) return pass;
      return fail(
        {
          sent: note({ key: "anotherClient", args: [] }),
          expected: note({ key: "biggerNumber", args: [na] }),
          received: shown(`${b.line}\n`),
        },
        "counterShared",
      );
    },
  },
  {
    name: "length.ascii",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const { conn } = await greeted(ctx);
      for (const text of ["hello", "socklab check", "a"]) {
        const answer = await answerTo(conn, text, ms);
        if (answer === undefined || firstNumber(answer) !== text.length) {
          return fail(
            {
              sent: shown(`${text}\n`),
              expected: note({ key: "lengthOf", args: [text.length] }),
              received:
                answer === undefined ? linesOn(conn, ms, conn.lines.length) : shown(`${answer}\n`),
            },
            "lengthCount",
          );
        }
      }
      return pass;
    },
  },
  {
    name: "length.accent",
    async run(ctx) {
      const ms = ctx.options.timeoutMs;
      const { conn } = await greeted(ctx);
      const text = "café crème";
      const chars = [...text].length;
      const bytes = new TextEncoder().encode(text).length;
      const answer = await answerTo(conn, text, ms);
      const n = answer === undefined ? undefined : firstNumber(answer);
      if (n === chars) return pass;
      const evidence = {
        sent: shown(`${text}\n`),
        expected: note({ key: "lengthAccent", args: [chars, bytes] }),
        received:
          answer === undefined ? linesOn(conn, ms, conn.lines.length) : shown(`${answer}\n`),
      };
      // Counted in bytes: the README says it is reported, not failed (C's strlen does it).
      if (n === bytes) return { status: "warn", evidence, hint: "charsNotBytes" };
      return fail(evidence, "lengthCount");
    },
  },
];
