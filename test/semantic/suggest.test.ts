/**
 * Did-you-mean by name and dataset: slips are offered, the same word structure is offered, spelling
 * across unrelated words is not. Each row is (typed, dataset, expected first suggestion or none).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { boundedDistance, closestNames, nameWords, SuggestionIndex } from "../../src/semantic/suggest.js";
import { runs } from "../helpers/runs.js";

const catalog = builtinCatalog("all");

const TABLE: readonly [typed: string, dataset: string, expected: string | undefined][] = [
  // The same structure, one word changed, two shared.
  ["PGAMpnId", "OfficeUsage", "PGAPartnerID"],
  ["PGAMpnId", "Profile", "PGA_MPNId"],
  // Only spelling, across an unrelated word.
  ["MeterName", "ISVOrder", undefined],
  ["MeterName", "ISVUsage", undefined],
  ["CustomerNme", "ISVOrder", "CustomerName"],
  // Slips: a letter dropped, doubled, swapped, or two within a long word.
  ["OfferNmae", "ISVOrder", "OfferName"],
  ["OrderStatuss", "ISVOrder", "OrderStatus"],
  ["CustmerNam", "ISVOrder", "CustomerName"],
  ["OrderState", "ISVOrder", "OrderStatus"],
  ["Quantty", "ISVOrder", "Quantity"],
  // Letters only added or only dropped rewrite no word, even at the end of a short one.
  ["OrderIdxx", "ISVOrder", "OrderId"],
  ["CustmrName", "ISVOrder", "CustomerName"],
  // Containment.
  ["Revenue", "ISVRevenue", "EstimatedRevenuePC"],
  // Nothing alike.
  ["Banana", "ISVOrder", undefined],
];

describe("closestNames", () => {
  for (const [typed, dataset, expected] of TABLE) {
    it(`${typed} in ${dataset}: ${expected ?? "nothing"}`, () => {
      const names = catalog.dataset(dataset)?.columns.map((c) => c.name);
      expect(names, dataset).toBeDefined();
      expect(closestNames(typed, names ?? [])[0]).toBe(expected);
    });
  }

  it("never offers the unrelated word even beside the right one", () => {
    expect(closestNames("MeterName", ["OfferName", "MeterId"])).toEqual([]);
    expect(closestNames("OfferNmae", ["OfferName", "OfferType"])).toEqual(["OfferName"]);
  });

  it("answers the same from a prepared index, however often asked, whatever callers do with answers", () => {
    const names = catalog.dataset("ISVOrder")?.columns.map((c) => c.name) ?? [];
    const index = new SuggestionIndex(names);
    for (const [typed, dataset, expected] of TABLE) {
      if (dataset !== "ISVOrder") continue;
      const first = closestNames(typed, index);
      expect(first[0]).toBe(expected);
      first.push("Mutated");
      expect(closestNames(typed, index)).toEqual(closestNames(typed, names));
      expect(closestNames(typed, index, 1)).toEqual(closestNames(typed, names, 1));
    }
    // Past the bound, answers are forgotten and computed again, still the same.
    for (let i = 0; i < 5000; i++) closestNames(`Name${i}`, index);
    expect(closestNames("OfferNmae", index)).toEqual(["OfferName"]);
  });

  it("reads camel, Pascal and snake case names as words", () => {
    const words = (n: string) => nameWords(n).map((w) => n.slice(w.start, w.end));
    expect(words("PGAPartnerID")).toEqual(["PGA", "Partner", "ID"]);
    expect(words("PGAMpnId")).toEqual(["PGA", "Mpn", "Id"]);
    expect(words("PGA_MPNId")).toEqual(["PGA", "MPN", "Id"]);
    expect(words("LAST_6_MONTHS")).toEqual(["LAST", "6", "MONTHS"]);
    expect(words("customername")).toEqual(["customername"]);
    expect(words("")).toEqual([]);
  });
});

/** The optimal string alignment distance, the whole table: the reference the banded one must equal. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  return at(a.length, b.length);
}

describe("boundedDistance", () => {
  // Small alphabets make transpositions and near misses common; lengths past the rows' first size
  // (64) check that they grow.
  const word = fc.oneof(
    fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 12 }),
    fc.string({ unit: fc.constantFrom("a", "b"), minLength: 60, maxLength: 80 }),
  );
  it("is the full table's distance, or limit + 1 past the limit", () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        expect(boundedDistance(a, b, limit)).toBe(Math.min(referenceDistance(a, b), limit + 1));
      }),
      { numRuns: runs(2000) },
    );
  });

  it("counts a swap of two adjacent letters as one edit", () => {
    expect(boundedDistance("offernmae", "offername", 3)).toBe(1);
    expect(boundedDistance("ab", "ba", 0)).toBe(1);
    expect(boundedDistance("", "abc", 2)).toBe(3);
  });
});
