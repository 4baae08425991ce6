// The class view (--view) in a real browser: headless Chromium driven by puppeteer-core (the
// system /usr/bin/chromium, never a downloaded one) against servers on real sockets, with raw
// clients. Screenshots at 1280×720 go to $SOCKLAB_SCREENSHOTS (docs/view for the README) or a
// temporary folder.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ModeName } from "@socklab/protocol";
import { createLogger, modes, type RunningServer, startServer } from "@socklab/server";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { joinChat } from "./support/chat.ts";
import { chromiumFlags, requireChromium } from "./support/chromium.ts";
import { run, SERVER_SOURCE, spawnServer } from "./support/cli.ts";
import { connectPeer, type Peer } from "./support/peer.ts";

const profile = mkdtempSync(join(tmpdir(), "socklab-view-chromium-"));
const shots = process.env.SOCKLAB_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "socklab-view-shots-"));
/** Pages in background tabs get no animation frames (puppeteer's default polling): poll on a
 * timer instead, since the tests' pages share one browser and run side by side. */
const POLL_MS = 50;
let browser: Browser;

beforeAll(async () => {
  const chromium = requireChromium();
  mkdirSync(shots, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: chromiumFlags(profile),
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
  if (process.env.SOCKLAB_SCREENSHOTS === undefined)
    rmSync(shots, { recursive: true, force: true });
});

/** A page on the view at 1280×720, recording console errors and failed requests. */
async function openView(port: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: "load" });
  await waitFor(page, `document.getElementById("where").textContent !== ""`);
  return { page, errors };
}

/** Waits until `expression` (page-side JavaScript, as text: this file has no DOM types) holds. */
async function waitFor(page: Page, expression: string, timeout = 10_000) {
  await page.waitForFunction(expression, { timeout, polling: POLL_MS });
}

/** Waits until the text of `selector` (all matches joined) contains `text`. */
async function waitText(page: Page, selector: string, text: string, timeout = 10_000) {
  await waitFor(
    page,
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((e) => e.textContent).join("\\n").includes(${JSON.stringify(text)})`,
    timeout,
  );
}

const textOf = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => e.textContent ?? "").join("\n"));

/** inspect prints every chunk even under --quiet: the tests' output stays readable. */
const silent = createLogger({ quiet: true, write: () => {} });

async function withServer(
  mode: ModeName,
  flags: Record<string, string> = {},
): Promise<RunningServer> {
  return startServer({
    mode: modes[mode],
    port: 0,
    host: "127.0.0.1",
    quiet: true,
    log: silent,
    flags,
    view: { port: 0 },
  });
}

describe.concurrent("the class view in Chromium", () => {
  test("chat: the banner, a raw client's row, a public line shown, a private one never", async () => {
    const server = await withServer("chat");
    const peers: Peer[] = [];
    try {
      const { page, errors } = await openView(server.viewPort as number);
      expect(await textOf(page, "#where")).toContain(`port ${server.port}`);
      expect(await textOf(page, "#commands")).toContain(`nc 127.0.0.1 ${server.port}`);
      // A raw client: its row appears with its address, before it even chose a name.
      const raw = await connectPeer(server.port);
      peers.push(raw);
      await raw.line();
      await waitText(page, "#clients tbody", "127.0.0.1:");
      const alice = await joinChat(server.port, "alice");
      const bob = await joinChat(server.port, "bob");
      peers.push(alice, bob);
      await waitText(page, "#clients tbody", "alice");
      alice.sendLine("/msg bob the secret is 42");
      await bob.until((line) => line.includes("the secret is 42"));
      alice.sendLine("hello class");
      await bob.until((line) => line.includes("hello class"));
      await waitText(page, "#chat", "hello class");
      // The private line went out before the public one and batches keep order: had it reached
      // the page it would be there by now.
      expect(await textOf(page, "#mode-panel")).not.toContain("the secret is 42");
      expect(await textOf(page, "#chat")).toContain("bob joined");
      await page.screenshot({ path: join(shots, "chat.png") });
      // A leave removes the row.
      raw.close();
      await waitFor(page, `document.querySelectorAll("#clients tbody tr").length === 2`);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      for (const peer of peers) peer.close();
      await server.stop();
    }
  }, 30_000);

  test("inspect: two writes, read apart, are two chunks of their sizes", async () => {
    const server = await withServer("inspect");
    try {
      const { page, errors } = await openView(server.viewPort as number);
      const peer = await connectPeer(server.port);
      peer.send("hello");
      await waitFor(page, `document.querySelectorAll(".chunk").length === 1`);
      peer.send("world!!");
      await waitFor(page, `document.querySelectorAll(".chunk").length === 2`);
      const sizes = await page.$$eval(".chunk", (els) =>
        els.map((e) => e.getAttribute("data-size")),
      );
      expect(sizes).toEqual(["5", "7"]);
      // The hex + text of a chunk on hover.
      await page.hover(".chunk:last-child");
      await waitText(page, "#detail", "77 6f 72 6c 64 21 21");
      expect(await textOf(page, "#detail")).toContain("world!!");
      // A bigger chunk is a wider block.
      peer.send(new Uint8Array(1000));
      await waitFor(page, `document.querySelectorAll(".chunk").length === 3`);
      const widths = await page.$$eval(".chunk", (els) =>
        els.map((e) => e.getBoundingClientRect().width),
      );
      expect(widths[2] as number).toBeGreaterThan(widths[1] as number);
      expect(widths[1] as number).toBeGreaterThan(widths[0] as number);
      await waitText(page, "#clients tbody", "1012");
      await page.screenshot({ path: join(shots, "inspect.png") });
      expect(errors).toEqual([]);
      peer.close();
      await page.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  test("inspect --udp: each datagram a whole block, its sender a row", async () => {
    const server = await startServer({
      mode: modes.inspect,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      log: silent,
      udp: true,
      view: { port: 0 },
    });
    const client = await Bun.udpSocket({ hostname: "127.0.0.1" });
    try {
      const { page, errors } = await openView(server.viewPort as number);
      expect(await textOf(page, "#commands")).toContain(`nc -u 127.0.0.1 ${server.port}`);
      client.send("ping", server.port, "127.0.0.1");
      client.send("datagram!", server.port, "127.0.0.1");
      await waitFor(page, `document.querySelectorAll(".chunk.dgram").length === 2`);
      const sizes = await page.$$eval(".chunk", (els) =>
        els.map((e) => e.getAttribute("data-size")),
      );
      expect(sizes).toEqual(["4", "9"]);
      await waitText(page, "#clients tbody", `127.0.0.1:${client.port}`);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      client.close();
      await server.stop();
    }
  }, 30_000);

  test("game: intervals while searching, the secret only once won, the scoreboard", async () => {
    const server = await withServer("game", { min: "1", max: "1000", seed: "7", pause: "30" });
    try {
      const { page, errors } = await openView(server.viewPort as number);
      const other = await connectPeer(server.port);
      await other.line();
      other.sendLine("/name zoe");
      other.sendLine("500");
      await other.until((line) => /\(500,/.test(line));
      const peer = await connectPeer(server.port);
      await peer.line();
      peer.sendLine("/name ada");
      await peer.until((line) => line.includes("ada"));
      await waitText(page, "#intervals", "zoe");
      // Binary search; before the winning guess the page holds no round history.
      let lo = 1;
      let hi = 1000;
      let secret = 0;
      for (let tries = 0; tries < 12 && secret === 0; tries++) {
        const guess = Math.floor((lo + hi) / 2);
        if (lo === hi) expect(await textOf(page, "#rounds")).toBe("");
        peer.sendLine(String(guess));
        const [answer = ""] = (await peer.until((l) => /small|big|won|found|trouv/i.test(l))).slice(
          -1,
        );
        if (/small/i.test(answer)) lo = guess + 1;
        else if (/big/i.test(answer)) hi = guess - 1;
        else secret = guess;
      }
      expect(secret).not.toBe(0);
      await waitText(page, "#rounds", `ada found ${secret}`);
      await waitText(page, "#scores", "ada");
      const scores = await page.$$eval("#scores tr", (rows) => rows.map((r) => r.textContent));
      expect(scores[1]).toContain("ada1");
      await page.screenshot({ path: join(shots, "game.png") });
      expect(errors).toEqual([]);
      peer.close();
      other.close();
      await page.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  test("http: the last requests and the status codes seen", async () => {
    const server = await withServer("http");
    try {
      const { page, errors } = await openView(server.viewPort as number);
      let longest = 0;
      for (const path of ["/", "/about", "/missing"]) {
        const t0 = performance.now();
        await (await fetch(`http://127.0.0.1:${server.port}${path}`)).arrayBuffer();
        longest = Math.max(longest, performance.now() - t0);
      }
      await waitText(page, "#requests", "/missing");
      expect(await textOf(page, "#requests")).toContain("GET/about");
      expect(await textOf(page, "#statuses")).toContain("200 ×");
      // Each request's own time, measured even under --quiet: within what the client waited for
      // it (not the age of the server).
      const times = await page.$$eval("#requests td:last-child", (els) =>
        els.map((e) => Number.parseFloat(e.textContent ?? "")),
      );
      expect(times.length).toBe(3);
      for (const ms of times) expect(ms).toBeLessThanOrEqual(longest);
      await page.screenshot({ path: join(shots, "http.png") });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  test("a phone's width: one column, nothing wider than the screen; dark when the system is", async () => {
    const server = await withServer("chat");
    const peer = await joinChat(server.port, "ada");
    try {
      const { page, errors } = await openView(server.viewPort as number);
      await waitText(page, "#clients tbody", "ada");
      const light = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
      const dark = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(dark).not.toBe(light);
      await page.setViewport({ width: 390, height: 844 });
      const layout = (await page.evaluate(
        `({ wide: document.documentElement.scrollWidth, columns: getComputedStyle(document.querySelector("main")).gridTemplateColumns.split(" ").length })`,
      )) as { wide: number; columns: number };
      expect(layout).toEqual({ wide: 390, columns: 1 });
      await page.screenshot({ path: join(shots, "phone-dark.png") });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      peer.close();
      await server.stop();
    }
  }, 30_000);

  test("the page reconnects when the server restarts on the same view port", async () => {
    let server = await withServer("echo");
    const viewPort = server.viewPort as number;
    try {
      const { page } = await openView(viewPort);
      await server.stop();
      await waitFor(page, `!document.getElementById("offline").hidden`);
      server = await startServer({
        mode: modes.echo,
        port: 0,
        host: "127.0.0.1",
        quiet: true,
        view: { port: viewPort },
      });
      await waitFor(page, `document.getElementById("offline").hidden`, 15_000);
      await waitText(page, "#where", `port ${server.port}`);
      const peer = await connectPeer(server.port);
      await waitText(page, "#clients tbody", "127.0.0.1:");
      // Bytes in and out: echo sent back what it read.
      peer.send("ping\n");
      await peer.line();
      await waitFor(page, `document.querySelector("#clients tbody td.out").textContent === "5"`);
      expect(await textOf(page, "#clients tbody td.bytes")).toBe("5");
      peer.close();
      await page.close();
    } finally {
      await server.stop();
    }
  }, 40_000);
});

describe.concurrent("socklab-server --view", () => {
  test("prints the page's address; in French with --lang fr", async () => {
    const child = await spawnServer([
      "echo",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--view",
      "0",
      "--lang",
      "fr",
    ]);
    try {
      const url =
        /vue de la classe \(page web en lecture seule\) sur (http:\/\/127\.0\.0\.1:\d+\/)/.exec(
          child.output,
        )?.[1];
      expect(url, child.output).toBeDefined();
      const page = await (await fetch(url as string)).text();
      expect(page).toContain("<title>socklab echo : la vue de la classe</title>");
      // Read-only: nothing but GET.
      expect((await fetch(url as string, { method: "POST", body: "x" })).status).toBe(405);
    } finally {
      child.proc.kill();
      await child.proc.exited;
    }
  });

  test("a bad mode flag frees the view's port with the error", async () => {
    const first = await withServer("echo");
    const viewPort = first.viewPort as number;
    await first.stop();
    const bad = startServer({
      mode: modes.game,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      flags: { min: "10", max: "1" },
      view: { port: viewPort },
    });
    await expect(bad).rejects.toThrow("--min (10) must be less than --max (1)");
    const again = await startServer({
      mode: modes.echo,
      port: 0,
      host: "127.0.0.1",
      quiet: true,
      view: { port: viewPort },
    });
    expect(again.viewPort).toBe(viewPort);
    await again.stop();
  });

  test("a view port in use: one line naming --view, exit 2", async () => {
    const taken = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    try {
      const { code, stderr } = await run([
        ...SERVER_SOURCE,
        "echo",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--view",
        String(taken.port),
      ]);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(
        `socklab-server: --view: port ${taken.port} is already in use on 127.0.0.1`,
      );
    } finally {
      taken.stop(true);
    }
  });
});
