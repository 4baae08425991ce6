// connectWithin, the one deadline on a connection attempt that the client's link and the
// checker's connections share: socket-free, with attempts the test settles itself.

import { expect, test } from "bun:test";
import { connectWithin } from "../src/link.ts";

class FakeSocket {
  terminated = false;
  terminate(): void {
    this.terminated = true;
  }
}

test("an attempt that connects in time is the result", async () => {
  const socket = new FakeSocket();
  expect(await connectWithin(Promise.resolve(socket), 1000, () => new Error("late"))).toBe(socket);
  expect(socket.terminated).toBe(false);
});

test("past the deadline: rejected with its error, and a late socket is closed at once", async () => {
  const { promise, resolve } = Promise.withResolvers<FakeSocket>();
  await expect(
    connectWithin(promise, 1, () => new Error("no answer after 0.001 s")),
  ).rejects.toThrow("no answer after 0.001 s");
  const late = new FakeSocket();
  resolve(late);
  await promise;
  await Promise.resolve(); // the cleanup runs on the attempt's settling
  expect(late.terminated).toBe(true);
});

test("the attempt's own failure comes through as it is", async () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  await expect(connectWithin(Promise.reject(refused), 1000, () => new Error("late"))).rejects.toBe(
    refused,
  );
});
