/**
 * For clients that cannot resolve code actions, the fix-all edit comes with every code-action request
 * (editors send one at each cursor move): it is computed once per document version and options, not
 * once per request. Counted through the lint layer's `lintFile`, which fix-all runs with `fix: "safe"`.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CodeAction } from "vscode-languageserver/node";
import { applyEdits, type Pair, startPair } from "./harness.js";

const fixRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/lint/lint.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/lint/lint.js")>();
  return {
    ...real,
    lintFile: (...args: Parameters<typeof real.lintFile>) => {
      if (args[2]?.fix === "safe") fixRuns.count++;
      return real.lintFile(...args);
    },
  };
});

const URI = "file:///proj/q.rql";
const TEXT = "SELECT OrderId FROM ISVOrder WHERE OrderId <> 'a' TIMESPAN LAST_MONTH";
const CONFIG = "/proj/reportql.config.json";

let pair: Pair | undefined;
afterEach(() => {
  pair?.dispose();
  pair = undefined;
});

const fixAll = async (p: Pair) => {
  const actions = await p.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  return actions[0]?.edit?.changes?.[URI] ?? [];
};

describe("fix-all for clients that cannot resolve it", () => {
  it("is computed once per version, and again after an edit or a configuration change", async () => {
    const files = new Map([[CONFIG, "{}"]]);
    pair = await startPair({ files });
    await pair.open(URI, TEXT);
    await pair.diagnostics(URI, 1);
    fixRuns.count = 0;
    const first = await fixAll(pair);
    expect(applyEdits(TEXT, first)).toContain("OrderId != 'a'");
    for (let i = 0; i < 5; i++) expect(await fixAll(pair)).toEqual(first);
    expect(fixRuns.count).toBe(1);

    const edited = `${TEXT} `;
    const version = await pair.change(URI, [{ text: edited }]);
    await pair.diagnostics(URI, version);
    expect(applyEdits(edited, await fixAll(pair))).toContain("OrderId != 'a'");
    await fixAll(pair);
    expect(fixRuns.count).toBe(2);

    // RQ1005 off: the configuration changed on disk, so the cached edit no longer holds.
    files.set(CONFIG, '{"rules": {"RQ1005": "off"}}');
    const before = pair.published.length;
    await pair.client.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: "file:///proj/reportql.config.json", type: 2 }],
    });
    await expect.poll(() => pair?.published.length).toBeGreaterThan(before);
    expect(await fixAll(pair)).toEqual([]);
    await fixAll(pair);
    expect(fixRuns.count).toBe(3);
  });
});
