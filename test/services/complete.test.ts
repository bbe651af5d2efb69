/**
 * Completion, data-driven: each case is a text with a `<|>` cursor, the context that must be
 * recognised, labels that must be offered and labels that must not.
 */
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { AnalysisCache } from "../../src/services/analysis.js";
import { complete } from "../../src/services/complete.js";
import { hover } from "../../src/services/hover.js";
import { CORPUS } from "../helpers/corpus.js";
import { withCursor } from "../helpers/markers.js";

const ISVUSAGE = builtinCatalog("all").dataset("ISVUsage");

interface Case {
  readonly text: string;
  readonly context: string;
  readonly includes?: readonly string[];
  readonly excludes?: readonly string[];
  /** The offered labels must be exactly these, in this order. */
  readonly exactly?: readonly string[];
}

const CASES: readonly Case[] = [
  { text: "<|>", context: "query-start", includes: ["SELECT … FROM … TIMESPAN …", "SELECT"] },
  { text: "SELECT a FROM X;\n<|>", context: "query-start", includes: ["SELECT"] },
  {
    text: "SELECT <|> FROM ISVUsage",
    context: "select-list",
    includes: ["MarketplaceSubscriptionId", "NormalizedUsage", "DISTINCT"],
  },
  {
    text: "SELECT Cust<|> FROM ISVUsage",
    context: "select-list",
    includes: ["CustomerId", "CustomerCountry"],
    excludes: ["NormalizedUsage", "DISTINCT"],
  },
  { text: "select cust<|> from isvusage", context: "select-list", includes: ["CustomerId"] },
  {
    text: "SELECT DISTINCT <|>\nFROM ISVOrder WHERE",
    context: "select-list",
    includes: ["OrderId"],
    excludes: ["DISTINCT"],
  },
  { text: "SELECT OrderId, <|> FROM ISVOrder", context: "select-list", includes: ["OfferName"] },
  {
    text: "SELECT OrderId, Off<|>Name FROM ISVOrder",
    context: "select-list",
    includes: ["OfferName", "OfferType"],
    excludes: ["OrderId"],
  },
  { text: "SELECT <|>", context: "select-list", exactly: ["DISTINCT"] },
  {
    text: "SELECT OrderId <|>",
    context: "after-select-item",
    exactly: ["FROM", "WHERE", "ORDER BY", "LIMIT", "TIMESPAN"],
  },
  { text: "SELECT OrderId FROM <|>", context: "dataset", includes: ["ISVOrder", "ISVUsage", "OfficeUsage"] },
  {
    text: "SELECT OrderId FROM ISV<|>",
    context: "dataset",
    includes: ["ISVOrder", "ISVOrderV2"],
    excludes: ["OfficeUsage"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder <|>",
    context: "after-dataset",
    exactly: ["WHERE", "ORDER BY", "LIMIT", "TIMESPAN"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE <|>",
    context: "condition-subject",
    includes: ["OrderStatus", "OrderId"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus <|>",
    context: "operator",
    exactly: ["=", "!=", ">", "<", ">=", "<=", "LIKE", "NOT LIKE", "IN", "NOT IN"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus N<|>",
    context: "operator",
    exactly: ["NOT LIKE", "NOT IN"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus NOT <|>",
    context: "negated-operator",
    exactly: ["IN", "LIKE"],
  },
  { text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IN <|>", context: "value-list", exactly: ["(…)"] },
  { text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = <|>", context: "value", exactly: [] },
  { text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IN ('a', <|>", context: "value", exactly: [] },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' <|>",
    context: "after-condition",
    exactly: ["AND", "ORDER BY", "LIMIT", "TIMESPAN"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IN ('a', 'b') <|>",
    context: "after-condition",
    includes: ["AND"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder WHERE a = 1 AND <|>",
    context: "condition-subject",
    includes: ["OrderStatus"],
  },
  { text: "SELECT OrderId FROM ISVOrder ORDER <|>", context: "order-by", exactly: ["BY"] },
  { text: "SELECT OrderId FROM ISVOrder ORDER BY <|>", context: "order-item", includes: ["OrderId"] },
  {
    text: "SELECT OrderId FROM ISVOrder ORDER BY OrderId <|>",
    context: "order-direction",
    exactly: ["ASC", "DESC", "LIMIT", "TIMESPAN"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder ORDER BY OrderId DESC, <|>",
    context: "order-item",
    includes: ["OfferName"],
  },
  {
    text: "SELECT OrderId FROM ISVOrder ORDER BY OrderId DESC <|>",
    context: "after-order-item",
    exactly: ["LIMIT", "TIMESPAN"],
  },
  { text: "SELECT OrderId FROM ISVOrder LIMIT <|>", context: "limit-count", exactly: [] },
  { text: "SELECT OrderId FROM ISVOrder LIMIT 10 <|>", context: "after-limit", exactly: ["TIMESPAN"] },
  {
    text: "SELECT OrderId FROM ISVOrder TIMESPAN <|>",
    context: "timespan-value",
    exactly: ["LAST_MONTH", "LAST_3_MONTHS", "LAST_6_MONTHS", "LIFETIME"],
  },
  {
    text: "SELECT MPNId FROM Profile TIMESPAN last_1<|>",
    context: "timespan-value",
    exactly: ["LAST_14_DAYS", "LAST_180_DAYS", "LAST_1_YEAR"],
  },
  // Broken text around the cursor.
  { text: "SELECT , <|> FROM ISVOrder WHERE = AND", context: "select-list", includes: ["OrderId"] },
  { text: "SELECT OrderId FROM ISVOrder WHERE (OrderStatus <|>", context: "value", exactly: [] },
  { text: "SELECT a FROM ISVOrder WHERE b = 'open <|>", context: "trivia", exactly: [] },
  { text: "SELECT a -- comment <|>\nFROM ISVOrder", context: "trivia", exactly: [] },
  { text: "SELECT OrderId FROM NoSuchDataset WHERE <|>", context: "condition-subject", exactly: [] },
  {
    text: "SELECT <|> FROM ISVOrder; SELECT x FROM ISVUsage",
    context: "select-list",
    includes: ["OrderId"],
    excludes: ["NormalizedUsage"],
  },
];

describe("complete", () => {
  for (const c of CASES) {
    it(`${JSON.stringify(c.text)} → ${c.context}`, () => {
      const { text, offset } = withCursor(c.text);
      const result = complete(text, offset);
      expect(result.context).toBe(c.context);
      const labels = result.items.map((i) => i.label);
      if (c.exactly !== undefined) expect(labels).toEqual(c.exactly);
      for (const label of c.includes ?? []) expect(labels).toContain(label);
      for (const label of c.excludes ?? []) expect(labels).not.toContain(label);
    });
  }

  it("replaces the whole word at the cursor", () => {
    const { text, offset } = withCursor("SELECT Off<|>erNam FROM ISVOrder");
    expect(complete(text, offset).range).toEqual({ start: 7, end: 15 });
  });

  it("tells columns from metrics, and lists columns first", () => {
    const items = complete("SELECT  FROM ISVUsage", 7).items;
    const metric = items.find((i) => i.label === "NormalizedUsage");
    const column = items.find((i) => i.label === "CustomerId");
    expect([metric?.kind, column?.kind]).toEqual(["metric", "column"]);
    expect((column?.sortText ?? "") < (metric?.sortText ?? "")).toBe(true);
    // Every column and metric of the dataset, and DISTINCT.
    expect(items.length).toBe((ISVUSAGE?.columns.length ?? 0) + 1);
  });

  it("gives datasets their description and snippets their tab stops", () => {
    const dataset = complete("SELECT a FROM ", 14).items.find((i) => i.label === "OfficeUsage");
    expect(dataset?.documentation).toMatch(/Office 365/);
    const snippet = complete("", 0).items.find((i) => i.kind === "snippet");
    expect([snippet?.snippet, snippet?.insertText]).toEqual([
      true,
      "SELECT ${1:columns}\nFROM ${2:dataset}\nTIMESPAN ${3:LAST_MONTH}",
    ]);
  });
});

describe("completion and hover on an editor's analysis", () => {
  it("answer the same whether they reuse the document's analysis or parse it themselves", () => {
    const cache = new AnalysisCache(() => ({}));
    for (const query of CORPUS.slice(0, 20).map((c) => c.query)) {
      const analysed = cache.get("doc", 1, query).checked;
      for (let offset = 0; offset <= query.length; offset += 7) {
        expect(complete(query, offset, { analysed })).toEqual(complete(query, offset));
        expect(hover(query, offset, { analysed })).toEqual(hover(query, offset));
      }
      cache.invalidate();
    }
  });
});
