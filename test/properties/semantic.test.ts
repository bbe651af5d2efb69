/**
 * Semantic properties over queries generated from the built-in catalog: valid queries check clean,
 * and a single misspelled column gives exactly one unknown-column diagnostic whose first suggestion
 * is the name that was meant.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog, type ColumnInfo, type DatasetInfo } from "../../src/semantic/catalog.js";
import type { ValueDomain } from "../../src/semantic/catalog-format.js";
import { check, formatWithCatalog } from "../../src/semantic/check.js";
import { boundedDistance } from "../../src/semantic/suggest.js";
import { RESERVED_WORDS, TIMESPAN_VALUES } from "../../src/syntax/language.js";
import { runs } from "../helpers/runs.js";

const catalog = builtinCatalog("all");
/** Names confirmed selectable (data-definitions-only names warn by design). */
const confirmed = (d: DatasetInfo) => d.columns.filter((c) => c.seen.some((s) => s !== "data-definitions"));
const datasets = catalog.datasets.filter((d) => confirmed(d).length > 0);

const STRINGS = [
  "'Active'",
  "'United States'",
  "'%Contoso%'",
  "'2a31c234-1f4e-4c60-909e-76d234f93161'",
  "''",
];
const NUMBERS = ["0", "1", "20000", "-2.5"];

function conditionFor(column: ColumnInfo): fc.Arbitrary<string> {
  const domain = column.values;
  if (domain?.exhaustive === true) return domainConditionFor(column, domain);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom("=", "!=", ">", "<", ">=", "<="), fc.constantFrom(...STRINGS, ...NUMBERS))
      .map(([op, v]) => `${column.name} ${op} ${v}`),
    fc
      .tuple(
        fc.constantFrom("IN", "NOT IN"),
        fc.oneof(
          fc.array(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 4 }),
          fc.array(fc.constantFrom(...NUMBERS), { minLength: 1, maxLength: 4 }),
        ),
      )
      .map(([op, vs]) => `${column.name} ${op} (${vs.join(", ")})`),
    fc
      .tuple(fc.constantFrom("LIKE", "NOT LIKE"), fc.constantFrom("'%Contoso%'", "'Con%'", "'%'"))
      .map(([op, v]) => `${column.name} ${op} ${v}`),
  );
}

/** A valid condition on a column whose documented values are all listed: it uses those values. */
function domainConditionFor(column: ColumnInfo, domain: ValueDomain): fc.Arbitrary<string> {
  const literal = (v: string | number) =>
    domain.type === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  const values = domain.values.map((v) => literal(v.value));
  return fc.oneof(
    fc
      .tuple(fc.constantFrom("=", "!="), fc.constantFrom(...values))
      .map(([op, v]) => `${column.name} ${op} ${v}`),
    fc
      .tuple(
        fc.constantFrom("IN", "NOT IN"),
        fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 4 }),
      )
      .map(([op, vs]) => `${column.name} ${op} (${vs.join(", ")})`),
  );
}

interface Generated {
  readonly dataset: DatasetInfo;
  readonly selected: readonly ColumnInfo[];
  readonly text: string;
}

/** A valid query over one dataset: 1 to 60 columns, 0 to 5 conditions, optional ORDER BY, LIMIT, TIMESPAN. */
const validQuery: fc.Arbitrary<Generated> = fc.constantFrom(...datasets).chain((dataset) => {
  const names = confirmed(dataset);
  return fc
    .record({
      selected: fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(60, names.length) }),
      conditions: fc.array(fc.constantFrom(...names).chain(conditionFor), { maxLength: 5 }),
      order: fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom("ASC", "DESC")), { maxLength: 3 }),
      limit: fc.option(fc.integer({ min: 1, max: 1_000_000_000 })),
      timespan: fc.option(fc.constantFrom(...(dataset.dateRanges ?? TIMESPAN_VALUES))),
      distinct: fc.boolean(),
      keywordCase: fc.constantFrom(
        (k: string) => k,
        (k: string) => k.toLowerCase(),
      ),
    })
    .map(({ selected, conditions, order, limit, timespan, distinct, keywordCase: k }) => {
      const useDistinct = distinct && !selected.some((c) => c.kind === "metric");
      const parts = [
        `${k("SELECT")}${useDistinct ? ` ${k("DISTINCT")}` : ""} ${selected.map((c) => c.name).join(", ")}`,
        `${k("FROM")} ${dataset.name}`,
        conditions.length > 0 ? `${k("WHERE")} ${conditions.join(` ${k("AND")} `)}` : "",
        order.length > 0 ? `${k("ORDER BY")} ${order.map(([c, d]) => `${c.name} ${k(d)}`).join(", ")}` : "",
        limit !== null ? `${k("LIMIT")} ${limit}` : "",
        timespan !== null ? `${k("TIMESPAN")} ${timespan}` : "",
      ];
      return { dataset, selected, text: parts.filter((p) => p !== "").join("\n") };
    });
});

/** One keyboard slip: a letter deleted, inserted, replaced, or two neighbours swapped. */
function misspell(name: string, kind: number, position: number, letter: string): string {
  const i = position % name.length;
  switch (kind % 4) {
    case 0:
      return name.length > 2 ? name.slice(0, i) + name.slice(i + 1) : name + letter;
    case 1:
      return name.slice(0, i) + letter + name.slice(i);
    case 2:
      return name.slice(0, i) + letter + name.slice(i + 1);
    default:
      return i + 1 < name.length
        ? name.slice(0, i) + name.charAt(i + 1) + name.charAt(i) + name.slice(i + 2)
        : name + letter;
  }
}

describe("semantic properties", () => {
  it("checks queries generated from the catalog clean (only the documented informational notes)", () => {
    fc.assert(
      fc.property(validQuery, ({ text }) => {
        const problems = check(text).diagnostics.filter((d) => d.severity !== "info");
        expect(problems.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      }),
      { numRuns: runs(500) },
    );
  });

  it("suggests the intended name first for a single misspelled column", () => {
    fc.assert(
      fc.property(
        validQuery,
        fc.nat(),
        fc.nat(),
        fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
        (generated, kind, position, letter) => {
          const original = generated.selected[0] as ColumnInfo;
          const typo = misspell(original.name, kind, position, letter);
          const others = generated.dataset.columns
            .filter((c) => c !== original)
            .map((c) => c.name.toLowerCase());
          // Only unambiguous slips: the typo is no name of the dataset, and the intended name is strictly the closest.
          fc.pre(generated.dataset.column(typo) === undefined);
          // A slip onto a keyword (`ID` → `In`) is a syntax error, with its own message (RQ1101).
          fc.pre(!RESERVED_WORDS.some((w) => w.text === typo.toUpperCase()));
          const intended = boundedDistance(typo.toLowerCase(), original.name.toLowerCase(), 3);
          fc.pre(others.every((o) => boundedDistance(typo.toLowerCase(), o, intended) > intended));
          const text = generated.text.replace(original.name, typo);
          const unknown = check(text).diagnostics.filter((d) => d.code === "RQ2002");
          expect(unknown).toHaveLength(1);
          expect((unknown[0]?.data?.suggestions as readonly string[] | undefined)?.[0]).toBe(original.name);
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it("formats with the catalog's spelling idempotently, keeping every diagnostic", () => {
    fc.assert(
      fc.property(validQuery, fc.boolean(), ({ text }, lower) => {
        const input = lower ? text.toLowerCase() : text;
        const once = formatWithCatalog(input);
        expect(formatWithCatalog(once)).toBe(once);
        expect(check(once).diagnostics.map((d) => d.code)).toEqual(
          check(input).diagnostics.map((d) => d.code),
        );
        if (lower) expect(once.replace(/'[^']*'/g, "")).toBe(formatWithCatalog(text).replace(/'[^']*'/g, ""));
      }),
      { numRuns: runs(300) },
    );
  });
});
