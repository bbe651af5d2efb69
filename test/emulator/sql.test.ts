/**
 * Translation: the SQL text is a function of the query's shape only. Every value the user wrote
 * travels as a parameter, so two queries that differ only in their values give the same SQL.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type StorageType, type TableLayout, translate } from "../../src/emulator/sql.js";
import { builtinCatalog, type ColumnInfo, type DatasetInfo } from "../../src/semantic/catalog.js";
import { resolveQuery } from "../../src/semantic/resolve.js";
import { parse } from "../../src/syntax/parse.js";

const catalog = builtinCatalog("all");
const dataset = catalog.dataset("ISVUsage") as DatasetInfo;
const NOW = new Date("2026-11-29T12:00:00Z");

/** Every column stored as `c<index>`; a few typed so each conversion path runs. */
function layoutFor(d: DatasetInfo): TableLayout {
  const types: StorageType[] = ["VARCHAR", "DOUBLE", "BIGINT", "DATE", "TIMESTAMP"];
  const columns = new Map<ColumnInfo, { name: string; type: StorageType }>(
    d.columns.map((c, i) => [c, { name: `c${i}`, type: types[i % types.length] as StorageType }]),
  );
  return { relation: "d0", columns, timeColumn: d.column("UsageDate") };
}
const layout = layoutFor(dataset);

function translateText(text: string) {
  const query = parse(text).document.queries[0];
  if (query === undefined) return undefined;
  const resolved = resolveQuery(query, catalog);
  if (!resolved.ok) return undefined;
  const result = translate(resolved.query, layout, { now: NOW, rowCap: 100 });
  if (!result.ok) throw new Error(result.message);
  return result.translation;
}

describe("translate", () => {
  it("binds every value and the limit, quoting only positional identifiers", () => {
    const t = translateText(
      "SELECT CustomerId, NormalizedUsage FROM ISVUsage WHERE OfferName LIKE '%x%' AND SKU IN ('a', 2) AND RawUsage > 5 LIMIT 42",
    );
    expect(t?.params).toEqual(expect.arrayContaining(["%x%", "a", "2", "5", 42]));
    expect(t?.sql).not.toMatch(/'%x%'|'a'|\b42\b/);
    expect(t?.sql).toMatch(/^SELECT "c\d+" AS "_0", SUM\("c\d+"\) AS "_1" FROM "d0" WHERE /);
    expect(t?.sql).toContain("GROUP BY");
    expect(t?.sql).toContain("HAVING SUM(");
    expect(t?.columns.map((c) => c.name)).toEqual(["CustomerId", "NormalizedUsage"]);
  });

  it("sorts descending by default and keeps a written ASC", () => {
    const t = translateText("SELECT CustomerId FROM ISVUsage ORDER BY CustomerId, OfferName ASC");
    expect(t?.sql).toMatch(
      /ORDER BY "c\d+" DESC NULLS LAST, MIN\("c\d+"\) ASC NULLS LAST|ORDER BY "c\d+" DESC NULLS LAST, "c\d+" ASC/,
    );
  });

  it("applies the row cap when there is no LIMIT, and the smaller of the two otherwise", () => {
    expect(translateText("SELECT CustomerId FROM ISVUsage")?.params.at(-1)).toBe(100);
    expect(translateText("SELECT CustomerId FROM ISVUsage LIMIT 5")?.params.at(-1)).toBe(5);
    expect(translateText("SELECT CustomerId FROM ISVUsage LIMIT 500")?.params.at(-1)).toBe(100);
  });

  it("reports a column the layout lacks as a value", () => {
    const query = parse("SELECT CustomerId FROM ISVUsage").document.queries[0];
    const resolved = query && resolveQuery(query, catalog);
    if (!resolved?.ok) throw new Error("does not resolve");
    const empty: TableLayout = { relation: "d0", columns: new Map(), timeColumn: undefined };
    expect(translate(resolved.query, empty, { now: NOW })).toEqual({
      ok: false,
      message: "No stored column for `CustomerId`",
    });
  });
});

/** Values a user might write: anything but a quote or a line break (the language has no escapes). */
const stringValue = fc.string({ unit: fc.constantFrom(...'aZ09 %_\\-;)(,"*/=é'.split("")), maxLength: 12 });
const numberValue = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const written = fc.oneof(
  stringValue.map((s) => ({ text: `'${s}'`, param: s })),
  numberValue.map((n) => {
    const raw = Number.isInteger(n) ? String(n) : n.toFixed(3);
    return { text: raw, param: raw };
  }),
);
const columnName = fc.constantFrom(...dataset.columns.map((c) => c.name));
const condition = fc.record({
  column: columnName,
  op: fc.constantFrom("=", "!=", "<", ">", "<=", ">=", "LIKE", "NOT LIKE", "IN", "NOT IN"),
  values: fc.array(written, { minLength: 1, maxLength: 4 }),
});
const shape = fc.record({
  select: fc.uniqueArray(columnName, { minLength: 1, maxLength: 4 }),
  distinct: fc.boolean(),
  where: fc.array(condition, { maxLength: 4 }),
  order: fc.array(fc.record({ column: columnName, dir: fc.constantFrom("", " ASC", " DESC") }), {
    maxLength: 3,
  }),
  limit: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

/** The query text for a shape, with the values it holds. */
function render(s: Shape): { text: string; params: string[] } {
  const params: string[] = [];
  const value = (op: string, values: Shape["where"][number]["values"]) => {
    const vs = op.includes("IN") ? values : values.slice(0, 1);
    // LIKE takes a quoted pattern only.
    const usable = op.includes("LIKE")
      ? vs.map((v) => (v.text.startsWith("'") ? v : { text: `'${v.param}'`, param: v.param }))
      : vs;
    params.push(...usable.map((v) => v.param));
    const texts = usable.map((v) => v.text);
    return op.includes("IN") ? `(${texts.join(", ")})` : (texts[0] as string);
  };
  const where = s.where.map((c) => `${c.column} ${c.op} ${value(c.op, c.values)}`);
  const text = [
    `SELECT ${s.distinct ? "DISTINCT " : ""}${s.select.join(", ")} FROM ISVUsage`,
    where.length > 0 ? `WHERE ${where.join(" AND ")}` : "",
    s.order.length > 0 ? `ORDER BY ${s.order.map((o) => o.column + o.dir).join(", ")}` : "",
    s.limit !== undefined ? `LIMIT ${s.limit}` : "",
  ].join(" ");
  return { text, params };
}

describe("translation properties", () => {
  it("never throws, and every written value reaches the parameters unchanged", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const { text, params } = render(s);
        const t = translateText(text);
        expect(t).toBeDefined();
        for (const p of params) expect(t?.params).toContain(p);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same SQL for the same shape whatever the values", () => {
    fc.assert(
      fc.property(shape, fc.array(written, { minLength: 16, maxLength: 16 }), (s, replacements) => {
        let next = 0;
        const other: Shape = {
          ...s,
          where: s.where.map((c) => ({
            ...c,
            values: c.values.map(() => replacements[next++ % 16] as (typeof c.values)[number]),
          })),
          limit: s.limit === undefined ? undefined : s.limit + 1,
        };
        expect(translateText(render(other).text)?.sql).toBe(translateText(render(s).text)?.sql);
      }),
      { numRuns: 300 },
    );
  });
});
