/**
 * The published queries: each one's syntax outcome (clean, or the codes it gets) is recorded in
 * `expected-syntax.json`, a reviewed golden. Every query also formats to a fixed point and yields a
 * single-line submission text that parses to the same tree.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { format, toSubmissionText } from "../../src/format/format.js";
import { check } from "../../src/semantic/check.js";
import { parse } from "../../src/syntax/parse.js";
import { checkedText, CORPUS } from "../helpers/corpus.js";
import { expectGolden } from "../helpers/golden.js";

function outcome(text: string): string | string[] {
  const codes = parse(text).diagnostics.map((d) => d.code);
  return codes.length === 0 ? "clean" : codes;
}

describe("published corpus", () => {
  it("records the syntax outcome of every query", () => {
    const outcomes: Record<string, { outcome: string | string[]; checked?: string }> = {};
    for (const entry of CORPUS) {
      const { prefix, text } = checkedText(entry);
      outcomes[entry.id] = { outcome: outcome(text), ...(prefix !== "" && { checked: text }) };
    }
    expectGolden(join(import.meta.dirname, "expected-syntax.json"), JSON.stringify(outcomes, null, 2));
  });

  it("records the outcome of every query against the built-in catalog", () => {
    const outcomes: Record<string, string | string[]> = {};
    for (const entry of CORPUS) {
      const codes = check(checkedText(entry).text).diagnostics.map((d) => `${d.code} ${d.severity}`);
      outcomes[entry.id] = codes.length === 0 ? "clean" : codes;
    }
    expectGolden(join(import.meta.dirname, "expected-semantic.json"), JSON.stringify(outcomes, null, 2));
  });

  it("validates every system query with zero errors against the built-in catalog", () => {
    const errors = CORPUS.filter((e) => e.kind === "system" && e.id !== "system-isvmarketplaceinsights-2").flatMap((e) =>
      check(e.query)
        .diagnostics.filter((d) => d.severity === "error")
        .map((d) => `${e.id} ${d.code} ${d.message}`),
    );
    expect(errors).toEqual([]);
  });

  it("validates the 2021 system query published without SELECT once its safe fix is applied", () => {
    const entry = CORPUS.find((e) => e.id === "system-isvmarketplaceinsights-2");
    const result = check(entry?.query ?? "");
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["RQ1102"]);
    const fixed = fixUntilStable(entry?.query ?? "", (t) => check(t).diagnostics).text;
    expect(check(fixed).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("has every system query free of syntax errors", () => {
    const failing = CORPUS.filter((e) => e.kind === "system" && e.id !== "system-isvmarketplaceinsights-2")
      .map((e) => [e.id, parse(e.query).diagnostics.map((d) => d.code)] as const)
      .filter(([, codes]) => codes.length > 0);
    expect(failing).toEqual([]);
  });

  for (const entry of CORPUS) {
    it(`${entry.id}: formats to a fixed point and submits as one line`, () => {
      const { text } = checkedText(entry);
      const formatted = format(text);
      expect(format(formatted)).toBe(formatted);
      const parsed = parse(text);
      for (const query of parsed.document.queries) {
        const submission = toSubmissionText(query, parsed);
        expect(submission).not.toMatch(/[\r\n;]|--|\/\*/);
        // The submission text writes ordinary spaces, so the unusual-space warning (RQ1013) goes.
        const codes = (t: string) =>
          parse(t)
            .diagnostics.map((d) => d.code)
            .filter((c) => c !== "RQ1013");
        expect(codes(submission)).toEqual(codes(text.slice(query.span.start, query.span.end)));
      }
    });
  }
});
