/**
 * The engine against reference implementations in plain JavaScript, on random small tables:
 * `LIKE` against a regular-expression matcher, and aggregation against a Map-based group-by.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorEngine } from "../../src/emulator/engine.js";
import { Catalog } from "../../src/semantic/catalog.js";
import { openEngine, resolveText } from "./helpers.js";

const catalog = Catalog.fromFile({
  format: "reportql-catalog",
  version: 1,
  name: "properties",
  datasets: [
    {
      name: "T",
      dateRanges: null,
      minimumRecurrenceInterval: null,
      columns: [
        { name: "Day", kind: "column", type: "date" },
        { name: "Name", kind: "column", type: "string" },
        { name: "G1", kind: "column", type: "string" },
        { name: "G2", kind: "column", type: "string" },
        { name: "Amount", kind: "metric", type: "number" },
      ],
    },
  ],
});

let engine: EmulatorEngine;
beforeAll(async () => {
  engine = await openEngine({ catalog, now: () => new Date("2026-11-29T12:00:00Z") });
});
afterAll(() => engine.close());

interface Row {
  readonly name: string;
  readonly g1: string;
  readonly g2: string;
  readonly amount: number;
}

function csvOf(rows: readonly Row[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = rows.map((r) => ["2026-11-20", quote(r.name), r.g1, r.g2, String(r.amount)].join(","));
  return ["Day,Name,G1,G2,Amount", ...lines].join("\r\n");
}

async function load(rows: readonly Row[]): Promise<void> {
  const loaded = await engine.loadCsv("T", csvOf(rows));
  if (!loaded.ok) throw new Error(loaded.message);
}

async function query(text: string) {
  const result = await engine.run(resolveText(text, catalog));
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

/** SQL LIKE as documented in sql.ts: `%` any run, `_` one character, case-insensitive, nothing escapes. */
function likeReference(value: string, pattern: string): boolean {
  const source = [...pattern]
    .map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "isu").test(value);
}

const LIKE_ALPHABET = "aAbB%_\\. -é".split("");
const likeText = (min: number) =>
  fc.string({ unit: fc.constantFrom(...LIKE_ALPHABET), minLength: min, maxLength: 6 });

describe("LIKE", () => {
  const names = fc.sample(likeText(1), { numRuns: 120, seed: 7 });
  const rows = names.map((name) => ({ name, g1: "x", g2: "p", amount: 1 }));

  it("matches what a reference matcher matches, case-insensitively", async () => {
    await load(rows);
    await fc.assert(
      fc.asyncProperty(likeText(0), fc.boolean(), async (pattern, negated) => {
        const op = negated ? "NOT LIKE" : "LIKE";
        const got = await query(
          `SELECT DISTINCT Name FROM T WHERE Name ${op} '${pattern}' TIMESPAN LIFETIME`,
        );
        const expected = [...new Set(names.filter((n) => likeReference(n, pattern) !== negated))].sort();
        expect(got.map((r) => r.Name as string).sort()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

const table = fc.array(
  fc.record({
    name: fc.constant("n"),
    g1: fc.constantFrom("x", "y", "z"),
    g2: fc.constantFrom("p", "q"),
    amount: fc.integer({ min: 0, max: 1000 }),
  }),
  { minLength: 1, maxLength: 30 },
);

/** The reference: sums of Amount per distinct combination of the chosen dimensions. */
function groupReference(rows: readonly Row[], dims: readonly ("g1" | "g2")[]): string[] {
  const sums = new Map<string, number>();
  for (const r of rows) {
    const key = dims.map((d) => r[d]).join("|");
    sums.set(key, (sums.get(key) ?? 0) + r.amount);
  }
  return [...sums].map(([key, sum]) => `${key}=${sum}`).sort();
}

describe("aggregation", () => {
  it("sums the metric per distinct combination of the selected dimensions", async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.subarray(["g1", "g2"] as const),
        fc.subarray(["x", "y", "z"], { minLength: 1 }),
        async (rows, dims, kept) => {
          await load(rows);
          const select = [...dims.map((d) => d.toUpperCase()), "Amount"].join(", ");
          const filter = kept.map((k) => `'${k.toUpperCase()}'`).join(", ");
          const got = await query(
            `SELECT ${select} FROM T WHERE G1 IN (${filter}) ORDER BY Amount TIMESPAN LIFETIME`,
          );
          const expected = groupReference(
            rows.filter((r) => kept.includes(r.g1)),
            dims,
          );
          const keyed = got.map((r) => `${dims.map((d) => r[d.toUpperCase()]).join("|")}=${r.Amount}`);
          expect([...keyed].sort()).toEqual(expected);
          // ORDER BY without a direction: descending.
          const amounts = got.map((r) => r.Amount as number);
          expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
        },
      ),
      { numRuns: 40 },
    );
  });
});
