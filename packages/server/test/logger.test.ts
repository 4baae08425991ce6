// The console logger (core/logger.ts) on a FIFO that nobody reads, then drained: the backlog is
// capped, what is past the cap is dropped and counted, and the count is printed once it is read.

import { expect, test } from "bun:test";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, LOG_HIGH_WATER, LOG_MAX_QUEUED } from "../src/core/logger.ts";

test("a console nobody reads: congested, capped at LOG_MAX_QUEUED, the rest dropped and counted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "socklab-logger-"));
  const fifo = join(dir, "console");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  // Read-write: the FIFO opens without a reader, and nobody reads it until the test does.
  const fd = openSync(fifo, "r+");
  // The test's reading end, non-blocking so that an empty FIFO answers EAGAIN.
  const reader = openSync(`/proc/self/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const log = createLogger({ fd });
    const line = "x".repeat(999);
    const sent = 3 * Math.ceil(LOG_MAX_QUEUED / line.length);
    for (let i = 0; i < sent; i++) log.always(line);
    const dropped = log.dropped ?? 0;
    expect(dropped).toBeGreaterThan(sent / 2);
    expect(log.congested).toBe(true);
    let caughtUp = false;
    log.whenWritten?.(() => {
      caughtUp = true;
    });
    await Bun.sleep(10); // the batch goes out: 64 KiB fit in the FIFO, the rest waits
    expect(caughtUp).toBe(false);
    expect(log.congested).toBe(true);

    // Read everything: the logger catches up and wakes its waiter. The drop is reported where
    // it happened: after the lines kept.
    const buffer = Buffer.alloc(1 << 20);
    let text = "";
    for (let i = 0; i < 2000 && !caughtUp; i++) {
      let n = 0;
      try {
        n = readSync(reader, buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      }
      if (n > 0) text += buffer.toString("latin1", 0, n);
      else await Bun.sleep(5);
    }
    expect(caughtUp).toBe(true);
    expect(log.congested).toBe(false);
    const kept = text.split("\n").filter((row) => row.endsWith(` ${line}`)).length;
    expect(kept).toBe(sent - dropped);
    expect(kept * (line.length + 12)).toBeLessThanOrEqual(LOG_MAX_QUEUED + LOG_HIGH_WATER);
    expect(text).toMatch(
      new RegExp(`\\] ${dropped} log lines dropped: the console did not keep up\\n`),
    );
  } finally {
    closeSync(reader);
    closeSync(fd);
    rmSync(dir, { recursive: true });
  }
});
