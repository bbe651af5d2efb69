/** The LSP benchmark's smoke test: it runs on small samples and reports well-formed numbers. */
import { expect, it } from "vitest";
import { benchLsp } from "../../bench/lsp.js";

it("measures diagnostics and completion over stdio", async () => {
  const result = await benchLsp(true);
  expect(result.bytes).toBeGreaterThan(9_000);
  expect(result.requestBytes).toBeGreaterThan(9_000);
  for (const series of [result.diagnostics, result.requestDiagnostics, result.completion]) {
    expect(series.n).toBeGreaterThan(0);
    for (const n of [series.p50, series.p99, series.max]) expect(Number.isFinite(n) && n > 0).toBe(true);
  }
});
