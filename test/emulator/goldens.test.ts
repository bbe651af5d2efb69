/**
 * Data-driven goldens: hand-written rows (fixtures/engine-goldens.json), queries over them and the
 * rows the documented semantics give, checked through the whole path: parse, resolve, translate,
 * execute, write.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCsv, writeTsv } from "../../src/emulator/csv.js";
import type { EmulatorEngine } from "../../src/emulator/engine.js";
import { explicitWindow } from "../../src/emulator/window.js";
import { Catalog } from "../../src/semantic/catalog.js";
import type { CatalogFile } from "../../src/semantic/catalog-format.js";
import { openEngine, resolveText } from "./helpers.js";

interface GoldenCase {
  readonly name: string;
  readonly query: string;
  readonly rowCap?: number;
  readonly window?: { readonly start: string; readonly end: string };
  /** Header row, then the rows. */
  readonly expected: readonly (readonly (string | number | null)[])[];
  readonly csv?: string;
  readonly tsv?: string;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "engine-goldens.json"), "utf8"),
) as {
  now: string;
  catalog: CatalogFile;
  rows: Record<string, string>;
  cases: GoldenCase[];
};
const catalog = Catalog.fromFile(fixture.catalog);
let engine: EmulatorEngine;

beforeAll(async () => {
  engine = await openEngine({ catalog, now: () => new Date(fixture.now) });
  for (const [dataset, text] of Object.entries(fixture.rows)) {
    const loaded = await engine.loadCsv(dataset, text);
    expect(loaded).toMatchObject({ ok: true });
  }
});
afterAll(() => engine.close());

describe("engine goldens", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const window = c.window && explicitWindow(new Date(c.window.start), new Date(c.window.end));
    const result = await engine.run(resolveText(c.query, catalog), {
      ...(window && { window }),
      ...(c.rowCap !== undefined && { rowCap: c.rowCap }),
    });
    if (!result.ok) throw new Error(result.message);
    const [header, ...rows] = c.expected;
    expect(result.columns).toEqual(header);
    expect(result.rows.map((row) => result.columns.map((name) => row[name]))).toEqual(rows);
    if (c.csv !== undefined) expect(writeCsv(result, stringify)).toBe(c.csv);
    if (c.tsv !== undefined) expect(writeTsv(result)).toBe(c.tsv);
  });
});
