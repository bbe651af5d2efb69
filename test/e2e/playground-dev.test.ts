/**
 * The playground as `npm run playground` serves it: Vite's development server sends the modules
 * unbundled, so the page runs as written (a `let` read before its declaration throws, where the
 * production bundle forgives it). The built site is tested in playground.test.ts; this only checks
 * that a first-time user of the development server gets the editor, its markers and the panel.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { createServer } from "vite";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

it("npm run playground: the editor starts, with markers and the problems panel", async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` or set CHROMIUM_PATH`,
    );
  const server = await createServer({
    configFile: join(ROOT, "playground", "vite.config.ts"),
    logLevel: "error",
    // Its own dependency cache: the first run pre-bundles Monaco, as a fresh clone's would.
    cacheDir: mkdtempSync(join(tmpdir(), "reportql-vite-")),
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const { port } = (server.httpServer?.address() ?? { port: 0 }) as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    // An error in the page fails the test at once, not when waiting for the editor times out.
    const failed = new Promise<never>((_, reject) => page.on("pageerror", reject));
    failed.catch(() => undefined); // Read by the race below; an error before it is not unhandled.
    await page.goto(
      `http://127.0.0.1:${port}/#q=${Buffer.from("SELECT Foo FROM ISVOrder").toString("base64url")}`,
    );
    const ready = page.waitForSelector(".monaco-editor .view-lines", { timeout: 90_000 });
    ready.catch(() => undefined); // Ends with the browser when the page failed first.
    await Promise.race([ready, failed]);
    await expect
      .poll(() => page.locator("#problems li").allInnerTexts())
      .toContainEqual(expect.stringContaining("Foo"));
  } finally {
    await browser.close();
    await server.close();
    rmSync(server.config.cacheDir, { recursive: true, force: true });
  }
}, 120_000);
