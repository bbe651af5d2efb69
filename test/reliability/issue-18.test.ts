/**
 * Regression tests for the syntax, format and services side of issue 18 (reliability under hostile and
 * huge input). Each input is generated here: the large ones would bloat the repository. Time bounds are
 * generous (a loaded machine must not fail them) but far below what the quadratic paths took; the
 * growth ratios themselves are held by `test/scaling/`.
 */
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { format } from "../../src/format/format.js";
import { check } from "../../src/semantic/check.js";
import { parse } from "../../src/syntax/parse.js";

const fixAll = (text: string) => fixUntilStable(text, (t) => check(t).diagnostics);

/** Milliseconds one call takes. */
function timed(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

describe("issue 18, item 2: a safe fix inside an unclosed string", () => {
  const text = "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active\nSELECT OrderId FROM ISVOrder\n";

  it("offers no fix for the missing `;` after an uncertain query", () => {
    const missing = parse(text).diagnostics.find((d) => d.code === "RQ1121");
    expect(missing).toBeDefined();
    expect(missing?.fixes).toBeUndefined();
  });

  it("never writes `;` into the string", () => {
    expect(fixAll(text).text).not.toContain("Active;");
  });

  it("keeps the fix when both queries are certain", () => {
    const certain =
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active'\nSELECT OrderId FROM ISVOrder\n";
    expect(parse(certain).diagnostics.find((d) => d.code === "RQ1121")?.fixes).toHaveLength(1);
    expect(fixAll(certain).text).toContain("'Active';\n");
  });
});

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

describe("issue 18, item 5: no spread of an unbounded array", () => {
  it("checks 130,000 repeated columns without throwing", () => {
    const text = `SELECT OrderId${", OrderId".repeat(130_000)} FROM ISVOrder`;
    expect(check(text).diagnostics.length).toBeGreaterThan(100_000);
  });

  it("checks 64,000 escaped names without throwing", () => {
    const text = `SELECT ${"Order\\_Id,".repeat(64_000)} FROM ISVOrder`;
    expect(() => check(text)).not.toThrow();
  });

  it("formats 140,000 select items without throwing", () => {
    const items = Array.from({ length: 140_000 }, (_, i) => `c${i}`).join(", ");
    const out = format(`SELECT ${items} FROM ISVOrder`);
    expect(out.split("\n")).toHaveLength(140_003);
  });
});
