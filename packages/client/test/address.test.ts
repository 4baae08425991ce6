// address.ts: HOST:PORT parsing and the host/port checks the form and the CLI share.

import { expect, test } from "bun:test";
import { formatAddress, hostProblem, parseAddress, portProblem } from "../src/address.ts";
import { UsageError } from "../src/errors.ts";

test("parseAddress reads host:port, [ipv6]:port and :port", () => {
  expect(parseAddress("127.0.0.1:7007")).toEqual({ host: "127.0.0.1", port: 7007 });
  expect(parseAddress("lab-pc.local:4444")).toEqual({ host: "lab-pc.local", port: 4444 });
  expect(parseAddress("[::1]:80")).toEqual({ host: "::1", port: 80 });
  expect(parseAddress(":8080")).toEqual({ host: "127.0.0.1", port: 8080 });
});

test.each([
  "127.0.0.1",
  "host:1:2",
  "h:",
  "h:0",
  "h:65536",
  "h:12ab",
  "bad_name:80",
  "300.1.1.1:80",
])("parseAddress(%p) is a UsageError", (text) => {
  expect(() => parseAddress(text)).toThrow(UsageError);
});

test("hostProblem accepts addresses and names, explains the rest", () => {
  for (const ok of ["127.0.0.1", "::1", "localhost", "a-b.example.org", "pc12."]) {
    expect(hostProblem(ok)).toBeUndefined();
  }
  expect(hostProblem("")).toContain("Type a host");
  expect(hostProblem("1.2.3")).toContain("not an IPv4 address");
  expect(hostProblem("-bad.org")).toContain("not a host name");
  expect(hostProblem(`${"a".repeat(64)}.org`)).toContain("not a host name");
});

test("portProblem: 1-65535 only", () => {
  expect(portProblem("1")).toBeUndefined();
  expect(portProblem("65535")).toBeUndefined();
  expect(portProblem("0")).toContain("out of range");
  expect(portProblem("65536")).toContain("out of range");
  expect(portProblem("http")).toContain("whole number");
});

test("formatAddress brackets IPv6", () => {
  expect(formatAddress({ host: "::1", port: 7 })).toBe("[::1]:7");
  expect(formatAddress({ host: "10.0.0.1", port: 7 })).toBe("10.0.0.1:7");
});
