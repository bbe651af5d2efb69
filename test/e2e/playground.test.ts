/**
 * The playground end to end, in a real browser: Playwright (`playwright-core`) drives Debian's
 * Chromium, headless, against the built site served on localhost. It types a query, gets the dataset's
 * columns offered, sees a marker on a misspelled column, applies its quick fix and sees the marker go,
 * and saves a screenshot (`test-results/playground.png`).
 *
 * It needs `/usr/bin/chromium` (`apt-get install chromium`; `.ci/run` installs it) or a path in
 * `CHROMIUM_PATH`; without one it fails with that message rather than being skipped.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const SITE = join(ROOT, "playground", "dist");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".ttf": "font/ttf",
};

let server: Server;
let browser: Browser;
let page: Page;
let url: string;

/** Serves the built site from `playground/dist` (no directory listing, no paths outside it). */
function serve(): Promise<string> {
  server = createServer((request, response) => {
    const path = normalize(
      decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname),
    ).replace(/^(\.\.[/\\])+/, "");
    const file = join(SITE, path === "/" ? "index.html" : path);
    if (!file.startsWith(SITE) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" })
      .end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    ),
  );
}

interface Marker {
  code: string;
  message: string;
  startLineNumber: number;
  startColumn: number;
}

async function markers(): Promise<Marker[]> {
  return page.evaluate(() => {
    const playground = (
      globalThis as unknown as {
        reportqlPlayground: { monaco: { editor: { getModelMarkers(f: object): unknown[] } } };
      }
    ).reportqlPlayground;
    return playground.monaco.editor.getModelMarkers({}) as Marker[];
  });
}

async function setText(text: string, line: number, column: number): Promise<void> {
  await page.evaluate(
    ([value, lineNumber, col]) => {
      const { editor, model } = (
        globalThis as unknown as {
          reportqlPlayground: {
            editor: { setPosition(p: object): void; focus(): void };
            model: { setValue(v: string): void };
          };
        }
      ).reportqlPlayground;
      model.setValue(value as string);
      editor.setPosition({ lineNumber, column: col });
      editor.focus();
    },
    [text, line, column] as const,
  );
}

describe("playground in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` or set CHROMIUM_PATH`,
      );
    execFileSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        join(ROOT, "playground", "vite.config.ts"),
        "--logLevel",
        "error",
      ],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
    url = await serve();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector(".monaco-editor .view-lines");
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("offers the columns of the query's dataset while typing", async () => {
    await setText("SELECT  FROM ISVUsage TIMESPAN LAST_MONTH", 1, 8);
    await page.keyboard.type("Norm");
    await page.keyboard.press("Control+Space");
    const widget = page.locator(".suggest-widget.visible");
    await widget.waitFor();
    await expect.poll(() => widget.innerText(), { timeout: 10_000 }).toContain("NormalizedUsage");
  });

  it("marks a misspelled column, applies its quick fix, and the marker goes", async () => {
    await page.keyboard.press("Escape");
    await setText("SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH", 1, 19);
    await expect
      .poll(async () => (await markers()).map((m) => m.code), { timeout: 10_000 })
      .toContain("RQ2002");
    await page.waitForSelector(".squiggly-error");
    await expect.poll(() => page.locator("#problems").innerText()).toContain("OfferNmae");

    await page.keyboard.press("Control+.");
    const action = page.locator(".action-widget").getByText("Write `OfferName`", { exact: false });
    await action.first().waitFor({ timeout: 10_000 });
    await action.first().click();

    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            globalThis as unknown as { reportqlPlayground: { model: { getValue(): string } } }
          ).reportqlPlayground.model.getValue(),
        ),
      )
      .toBe("SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH");
    await expect
      .poll(async () => (await markers()).map((m) => m.code), { timeout: 10_000 })
      .not.toContain("RQ2002");
    await expect.poll(() => page.locator("#problem-count").innerText()).toBe("(0)");
    expect(await page.locator("#request-body").innerText()).toContain(
      '"Query": "SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH"',
    );

    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "test-results", "playground.png") });
  });

  it("re-checks with another catalog when the picker changes", async () => {
    await setText("SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH", 1, 1);
    await page.selectOption("#catalog", "insights");
    await expect
      .poll(async () => (await markers()).map((m) => m.code), { timeout: 10_000 })
      .toContain("RQ2001");
    await page.selectOption("#catalog", "marketplace");
    await expect.poll(async () => (await markers()).map((m) => m.code), { timeout: 10_000 }).toEqual([]);
    await setText("SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH", 1, 1);
  });

  it("keeps the query in the URL", async () => {
    const expected = `#q=${Buffer.from("SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH").toString("base64url")}`;
    await expect.poll(() => new URL(page.url()).hash, { timeout: 5_000 }).toBe(expected);
    const second = await browser.newPage();
    await second.goto(page.url());
    await second.waitForSelector(".monaco-editor .view-lines");
    const text = await second.evaluate(() =>
      (
        globalThis as unknown as { reportqlPlayground: { model: { getValue(): string } } }
      ).reportqlPlayground.model.getValue(),
    );
    expect(text).toBe("SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH");
    await second.close();
  });
});
