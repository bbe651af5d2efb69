/**
 * Completion properties: it never throws at any offset of generated or published queries, and at each
 * token boundary of a valid query the token that actually stands there is among the items offered.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog, type DatasetInfo } from "../../src/semantic/catalog.js";
import { check } from "../../src/semantic/check.js";
import { complete } from "../../src/services/complete.js";
import { hover } from "../../src/services/hover.js";
import { TIMESPAN_VALUES } from "../../src/syntax/language.js";
import { lex } from "../../src/syntax/lexer.js";
import { type Token, tokenKind } from "../../src/syntax/token.js";
import { tokenSoup } from "../helpers/arbitraries.js";
import { runs } from "../helpers/runs.js";

const catalog = builtinCatalog("all");
const datasets = catalog.datasets.filter((d) => d.columns.length > 0);

/** A valid query over one dataset with every clause kind, written with random case and spacing. */
const validQuery = fc.constantFrom(...datasets).chain((dataset: DatasetInfo) => {
  const names = dataset.columns.map((c) => c.name);
  return fc
    .record({
      selected: fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(6, names.length) }),
      condition: fc.tuple(
        fc.constantFrom(...names),
        fc.constantFrom("=", "!=", ">=", "LIKE", "NOT LIKE", "IN", "NOT IN"),
      ),
      order: fc.tuple(fc.constantFrom(...names), fc.constantFrom("ASC", "DESC")),
      timespan: fc.constantFrom(...(dataset.dateRanges ?? TIMESPAN_VALUES)),
      distinct: fc.boolean(),
      lower: fc.boolean(),
    })
    .map(({ selected, condition: [column, op], order, timespan, distinct, lower }) => {
      const value = op.endsWith("IN") ? "('a', 'b')" : "'a%'";
      const text = `SELECT ${distinct ? "DISTINCT " : ""}${selected.join(", ")} FROM ${dataset.name} WHERE ${column} ${op} ${value} AND ${column} = 1 ORDER BY ${order[0]} ${order[1]} LIMIT 10 TIMESPAN ${timespan}`;
      return lower
        ? text.replace(
            /\b(SELECT|DISTINCT|FROM|WHERE|AND|ORDER BY|LIMIT|TIMESPAN|NOT|LIKE|IN|ASC|DESC)\b/g,
            (k) => k.toLowerCase(),
          )
        : text;
    });
});

/** Tokens whose text a completion should offer: words and operators, not literals or punctuation. */
/** Strings, numbers and punctuation are typed, not offered. */
function offerable(token: Token): boolean {
  const kind = tokenKind(token);
  return kind !== "string" && kind !== "number" && kind !== "punctuation";
}

describe("completion properties", () => {
  it("offers the token that stands at every boundary of a valid query", () => {
    fc.assert(
      fc.property(validQuery, (text) => {
        expect(check(text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        for (const token of lex(text).tokens) {
          if (!offerable(token)) continue;
          const labels = complete(text, token.startOffset).items.map((i) => i.label.toUpperCase());
          const image = token.image.toUpperCase();
          // Two-word keywords (`ORDER BY`, `NOT IN`) are offered as one item that starts with the token.
          const offered = labels.some((l) => l === image || l.startsWith(`${image} `));
          expect(offered, `${JSON.stringify(image)} at ${token.startOffset} in ${text}`).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("never throws at any offset of random text", () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, fc.string({ unit: "binary", maxLength: 80 })), fc.nat(), (text, n) => {
        const offset = n % (text.length + 1);
        const result = complete(text, offset);
        expect(result.range.start).toBeLessThanOrEqual(offset);
        expect(result.range.end).toBeGreaterThanOrEqual(offset);
        hover(text, offset);
      }),
      { numRuns: runs(2000) },
    );
  });
});
