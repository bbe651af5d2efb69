/**
 * Regression tests for the syntax, format and services side of issue 18 (reliability under hostile and
 * huge input). Each input is generated here: the large ones would bloat the repository. Time bounds are
 * generous (a loaded machine must not fail them) but far below what the quadratic paths took; the
 * growth ratios themselves are held by `test/scaling/`.
 */
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";

/** Milliseconds one call takes. */
function timed(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

describe("issue 18, item 3: formatting long output lines", () => {
  it("formats an IN list of 25,000 values in well under the 20 s it took", () => {
    const values = Array.from({ length: 25_000 }, (_, i) => `'v${i}'`).join(", ");
    const text = `SELECT OrderId FROM ISVOrder WHERE OrderStatus IN (${values})`;
    let out = "";
    expect(timed(() => (out = format(text)))).toBeLessThan(5_000);
    expect(out).toContain("'v24999')");
  });

  it("formats 4,000 repeated clauses quickly", () => {
    const text = `SELECT OrderId FROM ISVOrder ${"LIMIT 1 ".repeat(4_000)}`;
    let out = "";
    expect(timed(() => (out = format(text)))).toBeLessThan(5_000);
    expect(out.split("\n").filter((l) => l === "LIMIT 1")).toHaveLength(4_000);
  });
});
