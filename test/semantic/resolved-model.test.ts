/**
 * The resolved query model comes from the semantic pass: `check(text, { resolve: true })` returns,
 * for each query, what `resolveQuery` gives on its own, and asking for it changes nothing else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { check } from "../../src/semantic/check.js";
import { resolveQuery } from "../../src/semantic/resolve.js";
import { parse } from "../../src/syntax/parse.js";
import { CORPUS, checkedText } from "../helpers/corpus.js";

const catalog = builtinCatalog("all");

function standalone(text: string) {
  return parse(text).document.queries.map((query) => resolveQuery(query, catalog));
}

describe("check with resolve", () => {
  it("gives every corpus query the model resolveQuery gives, and the same diagnostics", () => {
    let executable = 0;
    for (const entry of CORPUS) {
      const { text } = checkedText(entry);
      const withModel = check(text, { catalog, resolve: true });
      expect(withModel.resolved, entry.id).toEqual(standalone(text));
      expect(withModel.diagnostics, entry.id).toEqual(check(text, { catalog }).diagnostics);
      if (withModel.resolved?.every((r) => r.ok)) executable++;
    }
    // Most published queries run; a sweep where none resolved would prove nothing.
    expect(executable).toBeGreaterThan(CORPUS.length / 2);
  });

  it("has one entry per query of a multi-query document, in order", () => {
    const text =
      "SELECT CustomerId FROM ISVUsage;\nSELECT Nope FROM ISVUsage;\nSELECT MarketplaceSubscriptionId FROM ISVOrder";
    const resolved = check(text, { catalog, resolve: true }).resolved ?? [];
    expect(resolved.map((r) => (r.ok ? r.query.dataset.name : r.problems.map((p) => p.code)))).toEqual([
      "ISVUsage",
      ["unknown-column"],
      "ISVOrder",
    ]);
  });

  it("is absent unless asked for", () => {
    expect(check("SELECT CustomerId FROM ISVUsage", { catalog })).not.toHaveProperty("resolved");
  });

  it("agrees with resolveQuery on arbitrary text", () => {
    const words = fc.constantFrom(
      "SELECT",
      "FROM",
      "ISVUsage",
      "CustomerId",
      "WHERE",
      "=",
      "'a'",
      ",",
      ";",
      "ORDER BY",
      "x",
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 14 }), (parts) => {
        const text = parts.join(" ");
        expect(check(text, { catalog, resolve: true }).resolved).toEqual(standalone(text));
      }),
    );
  });
});
