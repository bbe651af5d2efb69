import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { type ResolveResult, resolveQuery } from "../../src/semantic/resolve.js";
import { parse } from "../../src/syntax/parse.js";

function resolve(text: string): ResolveResult {
  const query = parse(text).document.queries[0];
  if (query === undefined) throw new Error("no query");
  return resolveQuery(query, builtinCatalog("all"));
}

function resolved(text: string) {
  const result = resolve(text);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("; "));
  return result.query;
}

function problemCodes(text: string): string[] {
  const result = resolve(text);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe("resolveQuery", () => {
  it("binds names case-insensitively to the catalog's spelling, with roles", () => {
    const q = resolved("select customerid, normalizedusage from isvusage timespan last_month");
    expect(q.dataset.name).toBe("ISVUsage");
    expect(q.select.map((s) => [s.column.name, s.role, s.written])).toEqual([
      ["CustomerId", "dimension", "customerid"],
      ["NormalizedUsage", "metric", "normalizedusage"],
    ]);
    expect(q.timespan).toEqual({ value: "LAST_MONTH", explicit: true });
  });

  it("applies the documented defaults: DESC order and six months", () => {
    const q = resolved("SELECT CustomerId, RawUsage FROM ISVUsage ORDER BY RawUsage, CustomerId ASC");
    expect(q.orderBy.map((o) => [o.column.column.name, o.direction, o.explicit])).toEqual([
      ["RawUsage", "DESC", false],
      ["CustomerId", "ASC", true],
    ]);
    expect(q.timespan).toEqual({ value: "LAST_6_MONTHS", explicit: false });
    expect(q.limit).toBeUndefined();
    expect(q.distinct).toBe(false);
  });

  it("types every condition's values", () => {
    const q = resolved(
      "SELECT OrderId FROM ISVOrder WHERE OrderQuantity >= 2 AND OrderStatus IN ('Active', 'Cancelled') AND OfferName NOT LIKE '%test%' AND CustomerCountry != 'US' LIMIT 5",
    );
    expect(q.limit).toBe(5);
    expect(q.where).toHaveLength(4);
    const [cmp, list, like, ne] = q.where;
    expect(cmp).toMatchObject({
      kind: "compare",
      operator: ">=",
      value: { kind: "number", value: 2, text: "2" },
    });
    expect(list).toMatchObject({ kind: "in", negated: false });
    expect(list?.kind === "in" && list.values.map((v) => v.text)).toEqual(["Active", "Cancelled"]);
    expect(like).toMatchObject({ kind: "like", negated: true, pattern: { kind: "string", text: "%test%" } });
    expect(ne).toMatchObject({ kind: "compare", operator: "!=", value: { kind: "string", text: "US" } });
  });

  it("keeps a repeated selected name once and records DISTINCT", () => {
    const q = resolved("SELECT DISTINCT OrderId, orderid, OfferName FROM ISVOrder");
    expect(q.select.map((s) => s.column.name)).toEqual(["OrderId", "OfferName"]);
    expect(q.distinct).toBe(true);
  });

  it.each([
    ["SELECT a FROM NoSuchDataset", ["unknown-dataset"]],
    ["SELECT NoSuchColumn FROM ISVOrder", ["unknown-column"]],
    ["SELECT OrderId FROM ISVOrder WHERE NoSuch = 1", ["unknown-column"]],
    ["SELECT OrderId FROM ISVOrder ORDER BY NoSuch", ["unknown-column"]],
    ["SELECT * FROM ISVOrder", ["unsupported"]],
    ["SELECT COUNT(OrderId) FROM ISVOrder", ["unsupported"]],
    ["SELECT OrderId FROM ISVOrder WHERE OrderId = 'a' OR OrderId = 'b'", ["unsupported"]],
    ["SELECT OrderId FROM ISVOrder WHERE OrderId IN 'a'", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder WHERE OrderId LIKE 5", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder WHERE OrderStatus = Active", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder LIMIT 0", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder LIMIT 2.5", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder TIMESPAN LAST_2_DAYS", ["invalid-value"]],
    ["SELECT OrderId FROM ISVOrder GROUP BY OrderId", ["unsupported"]],
    ["SELECT OrderId FROM", ["missing"]],
  ])("refuses %s", (text, codes) => {
    expect(problemCodes(text)).toEqual(codes);
  });

  it("gives every problem a span inside the query", () => {
    const text = "SELECT Nope, Nada FROM ISVOrder WHERE Zip = 1";
    const result = resolve(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => text.slice(p.span.start, p.span.end))).toEqual(["Nope", "Nada", "Zip"]);
  });
});
