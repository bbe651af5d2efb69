/**
 * Did-you-mean by name and dataset: slips are offered, the same word structure is offered, spelling
 * across unrelated words is not. Each row is (typed, dataset, expected first suggestion or none).
 */
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { closestNames, nameWords } from "../../src/semantic/suggest.js";

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
