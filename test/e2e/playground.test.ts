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
  ".svg": "image/svg+xml",
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
  code: { value: string; target: { toString(): string } } | string;
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
    return (playground.monaco.editor.getModelMarkers({}) as Marker[]).map((m) => ({
      ...m,
      code: typeof m.code === "string" ? m.code : m.code.value,
    }));
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
    // A file that cannot be used, or a cancelled file dialog, leaves the catalog and the picker as they were.
    await page.selectOption("#catalog", "file");
    await page.setInputFiles("#catalog-file", {
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from("{"),
    });
    await expect.poll(() => page.locator("#catalog-status").innerText()).toContain("not usable");
    expect(await page.locator("#catalog").inputValue()).toBe("marketplace");
    await page.selectOption("#catalog", "file");
    await page.dispatchEvent("#catalog-file", "cancel");
    expect(await page.locator("#catalog").inputValue()).toBe("marketplace");
    expect((await markers()).map((m) => m.code)).toEqual([]);
    await page.selectOption("#catalog", "all");
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

  it("fits a 360 px screen: the editor full width, the panel below, long lines wrapped", async () => {
    const narrow = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const long =
      "SELECT OrderId, OfferName, OrderPurchaseDate, OrderStatus, CustomerCountry FROM ISVOrder WHERE OrderStatus = 'Active' TIMESPAN LAST_6_MONTHS";
    await narrow.goto(`${url}${hashOf(long)}`);
    await narrow.waitForSelector(".monaco-editor .view-lines");
    const editorBox = await narrow.locator("#editor").boundingBox();
    const asideBox = await narrow.locator("aside").boundingBox();
    expect(editorBox?.width).toBeGreaterThanOrEqual(340);
    expect(editorBox?.height).toBeGreaterThanOrEqual(250);
    expect(asideBox?.y).toBeGreaterThanOrEqual((editorBox?.y ?? 0) + (editorBox?.height ?? 0) - 1);
    expect(asideBox?.width).toBeGreaterThanOrEqual(340);
    expect(await narrow.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
    // One line of text, shown on several lines of the screen.
    await expect.poll(() => narrow.locator(".view-lines .view-line").count()).toBeGreaterThan(1);
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await narrow.screenshot({ path: join(ROOT, "test-results", "playground-360.png"), fullPage: true });
    await narrow.close();
  });

  it("looks right at 1280 px, beside each other", async () => {
    const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await wide.goto(
      `${url}${hashOf("SELECT OrderId, OfferNmae FROM ISVOrder\nWHERE OrderStatus = ‘Active’\nTIMESPAN LAST_MONTH")}`,
    );
    await wide.waitForSelector(".squiggly-error");
    const editorBox = await wide.locator("#editor").boundingBox();
    const asideBox = await wide.locator("aside").boundingBox();
    expect(asideBox?.x).toBeGreaterThanOrEqual((editorBox?.x ?? 0) + (editorBox?.width ?? 0) - 1);
    expect(editorBox?.width).toBeGreaterThan(700);
    await wide.screenshot({ path: join(ROOT, "test-results", "playground-1280.png") });
    await wide.close();
  });

  it("follows the OS dark mode, live", async () => {
    const themed = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
    await themed.goto(url);
    await themed.waitForSelector(".monaco-editor.vs-dark");
    expect(await themed.evaluate<string>("getComputedStyle(document.body).backgroundColor")).toBe(
      "rgb(30, 30, 30)",
    );
    await themed.screenshot({ path: join(ROOT, "test-results", "playground-dark.png") });
    await themed.emulateMedia({ colorScheme: "light" });
    await themed.waitForSelector(".monaco-editor.vs:not(.vs-dark)");
    expect(await themed.evaluate<string>("getComputedStyle(document.body).backgroundColor")).toBe(
      "rgb(255, 255, 255)",
    );
    await themed.close();
  });

  it("suggests no words from comments (word-based suggestions off)", async () => {
    await setText("-- Zebrafoo notes\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n", 2, 15);
    await page.keyboard.type(", Zebra");
    await page.keyboard.press("Control+Space");
    const widget = page.locator(".suggest-widget.visible");
    await widget.waitFor();
    await page.waitForTimeout(500);
    expect(await widget.innerText()).not.toContain("Zebrafoo");
    await page.keyboard.press("Escape");
  });

  it("renders inline code and links each code to its documentation, in the panel and the hover", async () => {
    await setText("SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH", 1, 19);
    const item = page.locator("#problems li", { hasText: "OfferNmae" });
    await item.waitFor();
    expect(await item.innerText()).not.toContain("`");
    expect(await item.locator("code").allInnerTexts()).toEqual(["OfferNmae", "ISVOrder", "OfferName"]);
    expect(await item.locator("a.code").getAttribute("href")).toBe(
      "https://github.com/reportql/reportql/blob/main/docs/diagnostics.md#rq2002-unknown-column",
    );
    expect(await item.locator("a.code").getAttribute("target")).toBe("_blank");
    // A message showing a backtick (written `` ` `` in Markdown) renders it as one code element.
    await setText("SELECT ` FROM ISVOrder TIMESPAN LAST_MONTH", 1, 1);
    const backtick = page.locator("#problems li", { hasText: "Unexpected character" });
    await backtick.waitFor();
    expect(await backtick.locator("code").allInnerTexts()).toEqual(["`"]);
    await setText("SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH", 1, 19);
    await item.waitFor();

    await page.evaluate(() =>
      (
        globalThis as unknown as {
          reportqlPlayground: { editor: { getAction(id: string): { run(): Promise<void> } } };
        }
      ).reportqlPlayground.editor
        .getAction("editor.action.showHover")
        .run(),
    );
    const hover = page.locator(".monaco-hover .marker.hover-contents");
    await hover.first().waitFor();
    expect(await hover.first().locator("code").allInnerTexts()).toContain("OfferName");
    expect(await hover.first().innerText()).not.toContain("`");
    expect(await page.locator(".monaco-hover a.code-link").first().getAttribute("href")).toContain(
      "diagnostics.md#rq2002-",
    );
    await page.screenshot({ path: join(ROOT, "test-results", "playground-hover.png") });
    await page.keyboard.press("Escape");
  });

  it("shows catalog text as text: no link, image or HTML from a description", async () => {
    const evil =
      '[click me](https://evil.example/x) ![img](https://evil.example/i.png) <img src=x onerror="window.pwned=1"> https://evil.example';
    const catalog = {
      format: "reportql-catalog",
      version: 1,
      datasets: [{ name: "Evil", description: evil, columns: [{ name: "Col", description: evil }] }],
    };
    await page.setInputFiles("#catalog-file", {
      name: '<img src=x onerror="window.pwned=1">.json',
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(catalog)),
    });
    await expect.poll(() => page.locator("#catalog-status").innerText()).toContain("1 datasets");
    expect(await page.locator("#catalog-status").innerText()).toContain("<img");
    await setText("SELECT Col FROM Evil", 1, 18);
    await page.evaluate(() =>
      (
        globalThis as unknown as {
          reportqlPlayground: { editor: { getAction(id: string): { run(): Promise<void> } } };
        }
      ).reportqlPlayground.editor
        .getAction("editor.action.showHover")
        .run(),
    );
    const hover = page.locator(".monaco-hover .markdown-hover", { hasText: "Evil" });
    await hover.first().waitFor();
    const text = await hover.first().innerText();
    expect(text).toContain("[click me](https://evil.example/x)");
    expect(text).toContain('<img src=x onerror="window.pwned=1">');
    expect(await page.locator(".monaco-hover a, .monaco-hover img, #catalog-status img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    await page.keyboard.press("Escape");
    await page.selectOption("#catalog", "all");
  });

  it("warns in the request-body panel when the query at the cursor has errors", async () => {
    await setText(
      "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;\nSELECT * FROM ISVOrder TIMESPAN LAST_MONTH",
      2,
      3,
    );
    await expect.poll(() => page.locator("#body-warning").isVisible()).toBe(true);
    expect(await page.locator("#body-warning").innerText()).toContain("This query has an error");
    expect(await page.locator("#request-body").innerText()).toContain("SELECT * FROM ISVOrder");
    await setText(
      "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;\nSELECT * FROM ISVOrder TIMESPAN LAST_MONTH",
      1,
      3,
    );
    await expect.poll(() => page.locator("#body-warning").isVisible()).toBe(false);
  });

  it("Copy says it copied; Share link copies a link that opens the query", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
    const query = "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH";
    await setText(query, 1, 1);
    await page.click("#copy");
    await expect.poll(() => page.locator("#copy-status").innerText()).toBe("Copied the request body.");
    const clipboard = () => page.evaluate<string>("navigator.clipboard.readText()");
    expect(JSON.parse(await clipboard())).toEqual({ Name: "MyQuery", Description: "", Query: query });

    await page.click("#share");
    await expect.poll(() => page.locator("#copy-status").innerText()).toBe("Copied a link to this query.");
    const link = await clipboard();
    expect(new URL(link).hash).toBe(hashOf(query));
    const second = await browser.newPage();
    await second.goto(link);
    await second.waitForSelector(".monaco-editor .view-lines");
    expect(await modelText(second)).toBe(query);
    await second.close();
  });

  it("loads a shared link safely: its text only in the editor, an oversized one refused", async () => {
    const second = await browser.newPage();
    const hostile = `SELECT OrderId FROM ISVOrder WHERE OfferName = '<img src=x onerror="window.pwned=1">' TIMESPAN LAST_MONTH -- </pre><script>window.pwned=2</script>`;
    await second.goto(`${url}${hashOf(hostile)}`);
    await second.waitForSelector(".monaco-editor .view-lines");
    expect(await modelText(second)).toBe(hostile);
    expect(await second.locator("#request-body").innerText()).toContain("<img src=x");
    expect(await second.locator("aside img, aside script, header img").count()).toBe(0);
    expect(await second.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();

    // A big but allowed link loads and is checked quickly.
    const big = Array.from(
      { length: 600 },
      (_, i) => `-- query ${i}\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH`,
    ).join(";\n");
    const started = Date.now();
    await second.goto("about:blank");
    await second.goto(`${url}${hashOf(big)}`);
    await second.waitForSelector(".monaco-editor .view-lines");
    await expect.poll(() => second.locator("#problem-count").innerText()).toBe("(0)");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await modelText(second)).toBe(big);

    await second.goto("about:blank");
    await second.goto(`${url}#q=${"A".repeat(70_000)}`);
    await second.waitForSelector(".monaco-editor .view-lines");
    expect(await second.locator("#catalog-status").innerText()).toContain("Not loaded from the link");
    expect(await modelText(second)).toContain("Active orders");
    await second.close();
  });

  it("Fix all applies every safe fix in one undoable edit", async () => {
    const copied =
      "SELECT OrderId, OrderPurchaseDate FROM ISVOrder WHERE AzureLicenseType = ‘Enterprise’ TIMESPAN LAST\\_6\\_MONTHS";
    await setText(copied, 1, 1);
    await page.click("#fix-all");
    await expect
      .poll(() => modelText(page))
      .toBe(
        "SELECT OrderId, OrderPurchaseDate FROM ISVOrder WHERE AzureLicenseType = 'Enterprise' TIMESPAN LAST_6_MONTHS",
      );
    expect(await page.locator("#copy-status").innerText()).toBe("Applied 2 fixes.");
    await expect.poll(() => page.locator("#problem-count").innerText()).toBe("(0)");
    await page.evaluate(() =>
      (
        globalThis as unknown as {
          reportqlPlayground: { editor: { trigger(s: string, id: string, a: unknown): void } };
        }
      ).reportqlPlayground.editor.trigger("test", "undo", null),
    );
    expect(await modelText(page)).toBe(copied);
  });

  it("lists the keyboard shortcuts, and they work (F8 goes to the next problem)", async () => {
    await page.click("#shortcuts summary");
    const list = await page.locator("#shortcuts").innerText();
    for (const shortcut of ["Ctrl+Space", "Ctrl+.", "F8", "Shift+Alt+F", "Ctrl+/"])
      expect(list).toContain(shortcut);
    await setText("SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH", 1, 1);
    await page.waitForSelector(".squiggly-error");
    await page.keyboard.press("F8");
    await page.locator(".marker-widget").waitFor();
    expect(await page.locator(".marker-widget").innerText()).toContain("OfferNmae");
    await page.keyboard.press("Escape");
    // The listed formatting shortcut formats here too (Monaco binds it on Windows and macOS only).
    await page.keyboard.press("Shift+Alt+F");
    await expect
      .poll(() => modelText(page))
      .toBe("SELECT OrderId, OfferNmae\nFROM ISVOrder\nTIMESPAN LAST_MONTH\n");
    await page.click("#shortcuts summary");
  });

  it("shows a visible focus outline and has a favicon", async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await fresh.goto(url);
    await fresh.waitForSelector(".monaco-editor .view-lines");
    await fresh.keyboard.press("Tab");
    // Page code as a string: the tests are compiled without the DOM library.
    const outline = await fresh.evaluate<{ id: string; style: string; width: string }>(`(() => {
      const style = getComputedStyle(document.activeElement);
      return { id: document.activeElement.id, style: style.outlineStyle, width: style.outlineWidth };
    })()`);
    expect(outline).toEqual({ id: "sample", style: "solid", width: "2px" });
    const icon = await fresh.locator('link[rel="icon"]').getAttribute("href");
    const response = await fresh.request.get(new URL(icon ?? "", url).href);
    expect([response.status(), response.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);
    expect(await response.text()).toContain("<svg");
    await fresh.close();
  });
});

function hashOf(text: string): string {
  return `#q=${Buffer.from(text).toString("base64url")}`;
}

function modelText(on: Page): Promise<string> {
  return on.evaluate(() =>
    (
      globalThis as unknown as { reportqlPlayground: { model: { getValue(): string } } }
    ).reportqlPlayground.model.getValue(),
  );
}
