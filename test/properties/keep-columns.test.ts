/**
 * Fixes never delete a selected column. Applying every fix (safe and unsafe, as `--fix --unsafe-fixes`
 * and the lint fix levels do) to a select list of names, misspelt, repeated, quoted, qualified or
 * aliased, leaves at least as many distinct columns as the user meant: each name as written when the
 * dataset has it, else the column the unsafe rename writes (its first suggestion), else the name itself.
 * Renames that create a repetition, then the repetition's removal, keep one of the two.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { type FixLevel, lintFile } from "../../src/lint/lint.js";
import { builtinCatalog, type DatasetInfo } from "../../src/semantic/catalog.js";
import { check } from "../../src/semantic/check.js";
import { closestNames } from "../../src/semantic/suggest.js";
import type * as Ast from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { runs } from "../helpers/runs.js";

const catalog = builtinCatalog("all");
const DATASETS = ["ISVOrder", "OfficeUsage", "ISVUsage"].map((name) => catalog.dataset(name) as DatasetInfo);

/** A slip at `at`: none, a letter dropped, doubled or replaced, or the name lower-cased. */
function misspell(name: string, kind: number, at: number): string {
  const p = at % name.length;
  if (kind === 1) return name.slice(0, p) + name.slice(p + 1);
  if (kind === 2) return name.slice(0, p + 1) + name.slice(p);
  if (kind === 3) return `${name.slice(0, p)}x${name.slice(p + 1)}`;
  if (kind === 4) return name.toLowerCase();
  return name;
}

/** The name as written in the list: plain, quoted, bracketed, qualified, or with an alias. */
function written(name: string, kind: number, alias: string): string {
  if (kind === 1) return `"${name}"`;
  if (kind === 2) return `[${name}]`;
  if (kind === 3) return `o.${name}`;
  if (kind === 4) return `${name} AS ${alias}`;
  if (kind === 5) return `${name} AS x${alias}`;
  return name;
}

const SEPARATORS = [", ", ",", " , ", ",\n  ", " ", ", -- note\n"];

const selectList = fc.record({
  dataset: fc.nat(DATASETS.length - 1),
  // Few columns, so that slips and repetitions often land on the same one.
  items: fc.array(
    fc.record({
      column: fc.nat(4),
      slip: fc.integer({ min: 0, max: 7 }),
      at: fc.nat(30),
      form: fc.integer({ min: 0, max: 9 }),
      alias: fc.nat(4),
      separator: fc.nat(SEPARATORS.length - 1),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  level: fc.constantFrom<FixLevel>("safe", "unsafe"),
  viaLint: fc.boolean(),
});

function selectedName(e: Ast.Expression): string | undefined {
  if (e.kind === "Identifier") return e.name;
  if (e.kind === "QualifiedName" && e.name?.kind === "Identifier") return e.name.name;
  return undefined;
}

describe("fixes keep the selected columns", () => {
  it("never leave fewer distinct columns than intended", () => {
    fc.assert(
      fc.property(selectList, ({ dataset: d, items, level, viaLint }) => {
        const dataset = DATASETS[d] as DatasetInfo;
        const columns = dataset.columns.map((c) => c.name);
        const names = items.map((i) => misspell(columns[i.column] as string, i.slip, i.at));
        const list = items
          .map((i, n) => {
            const item = written(names[n] as string, i.form, columns[i.alias] as string);
            return n === 0 ? item : `${SEPARATORS[i.separator]}${item}`;
          })
          .join("");
        const text = `SELECT ${list} FROM ${dataset.name} TIMESPAN LAST_MONTH`;
        const meant = (name: string) =>
          dataset.column(name)?.name ??
          (level === "unsafe" ? closestNames(name, columns)[0] : undefined) ??
          name;
        const intended = new Set(names.map((n) => meant(n).toLowerCase()));
        const fixed = viaLint
          ? lintFile("q.rql", text, { fix: level }).text
          : fixUntilStable(text, (t) => check(t).diagnostics, { unsafe: level === "unsafe" }).text;
        const select = parse(fixed).document.queries[0]?.select;
        const kept = new Set((select?.items ?? []).map((i) => selectedName(i.expression)?.toLowerCase()));
        expect(kept.size, `${text}\n→ ${fixed}`).toBeGreaterThanOrEqual(intended.size);
      }),
      { numRuns: runs(1500) },
    );
  });
});
