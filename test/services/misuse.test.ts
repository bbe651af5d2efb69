/**
 * The library as plain JavaScript calls it: offsets that are fractions, `NaN` or not numbers, `null`
 * for options, options of the wrong type (a catalog's name, rule severities as a plain object, a
 * `lineWidth` string). Nothing throws, every range a service returns is whole and within the text, and
 * where the intent is plain (`{ RQ2015: "off" }`, `catalog: "marketplace"`) it is honoured.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applySeverities,
  builtinCatalog,
  type CheckOptions,
  check,
  codeActions,
  complete,
  fixUntilStable,
  format,
  formattingEdits,
  formatWithCatalog,
  hover,
  LineMap,
  type LintFileOptions,
  lint,
  lintFile,
  lintProject,
  lintText,
  resolveQuery,
  type Span,
} from "../../src/index.js";
import { runs } from "../helpers/runs.js";

const TEXT =
  "SELECT OrderId, Nope FROM ISVOrder WHERE OrderStatus = 1 ORDER BY OrderId TIMESPAN LAST_MONTH;\nSELECT";
const BODY = JSON.stringify({ Query: "SELECT OrderId FROM ISVOrder", QueryName: "q" });
const REPORT = JSON.stringify({ ReportName: "r", QueryId: "{{q}}", StartTime: "2030-01-01T00:00:00Z" });

/** Values a JavaScript caller may pass where an option or an offset is expected. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.constantFrom(null, undefined, Number.NaN, -1, 0.5, Number.POSITIVE_INFINITY, "all", "bogus", true),
  fc.constantFrom([], {}, () => 1, Symbol("s"), new Date(Number.NaN), new Map([["RQ2002", "nope"]])),
  fc.constantFrom({ RQ2002: "off" }, { dataset: 1 }, { tokens: 1, comments: [] }, { start: 1 }),
);

const OPTION_KEYS = [
  "catalog",
  "severities",
  "resolve",
  "fix",
  "now",
  "requests",
  "lineWidth",
  "canonicalName",
  "analysed",
  "unsafe",
] as const;

/** Whether a span is whole, ordered and within a text of `length`. */
function inText(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  );
}

// biome-ignore lint/suspicious/noExplicitAny: these calls are what untyped JavaScript can make.
type Loose = any;

describe("library calls from plain JavaScript", () => {
  it("never throw on an option of any type, nor on null options", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPTION_KEYS), odd, (key, value) => {
        const options: Loose = { [key]: value };
        lint(TEXT, options);
        lintText(TEXT, value as Loose);
        lintFile("a.rql", TEXT, options);
        lintFile("a.json", BODY, options);
        lintFile("b.json", REPORT, { requests: { [key === "analysed" ? "datasetOfQuery" : key]: value } });
        lintProject([{ path: "b.json", text: REPORT }], { requests: { datasetOfQuery: value } as Loose });
        check(TEXT, options);
        check(TEXT, value as CheckOptions);
        format(TEXT, options);
        format(TEXT, value as Loose);
        formatWithCatalog(TEXT, value as Loose, options);
        complete(TEXT, 30, options);
        complete(TEXT, 30, value as Loose);
        hover(TEXT, 30, options);
        hover(TEXT, 30, value as Loose);
        fixUntilStable(TEXT, (t) => check(t).diagnostics, options);
        const query = check(TEXT).document.queries[0];
        if (query !== undefined) resolveQuery(query, value as Loose);
        codeActions(check(TEXT).diagnostics, value as Loose);
        formattingEdits(TEXT, value as Loose);
      }),
      { numRuns: runs(300) },
    );
  });

  it("give whole ranges within the text at any offset", () => {
    const texts = [
      "",
      "-- c",
      "SELECT OrderId FROM ISVOrder",
      "\uFEFFSELECT a\r\nFROM ISVOrder",
      "SELECT 😀 FROM X",
    ];
    fc.assert(
      fc.property(fc.constantFrom(...texts), odd, (text, offset) => {
        const completion = complete(text, offset as number);
        expect(
          inText(completion.range, text.length),
          `${fc.stringify(offset)} ${JSON.stringify(completion.range)}`,
        ).toBe(true);
        const shown = hover(text, offset as number);
        if (shown !== undefined) expect(inText(shown.range, text.length)).toBe(true);
        const lines = new LineMap(text);
        const position = lines.position(offset as number);
        expect(Number.isInteger(position.line) && Number.isInteger(position.column)).toBe(true);
        const back = lines.offset({ line: offset as number, column: offset as number });
        expect(Number.isInteger(back) && back >= 0 && back <= text.length).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });

  it("complete at a fractional offset as at the whole offset before it", () => {
    const text = "SELECT OrderId FROM ISVOrder";
    expect(complete(text, 1.5)).toEqual(complete(text, 1));
    expect(complete(text, Number.NaN).range).toEqual({ start: 0, end: 6 });
    expect(hover(text, Number.NaN)).toBeUndefined();
  });

  it("read rule severities given as a plain object, and drop unknown codes and words", () => {
    const text = "SELECT Nope FROM ISVOrder";
    const codes = (severities: unknown) =>
      lintText(text, { severities } as Loose).map((d) => `${d.code} ${d.severity}`);
    expect(codes(undefined)).toEqual(["RQ2002 error", "RQ2015 info"]);
    expect(codes({ RQ2015: "off", "unknown-column": "warn" })).toEqual(["RQ2002 warning"]);
    expect(codes(new Map([["RQ2002", "nope"]]))).toEqual(["RQ2002 error", "RQ2015 info"]);
    expect(codes({ RQ9999: "off", RQ2015: 3 })).toEqual(["RQ2002 error", "RQ2015 info"]);
    const diagnostics = check(text).diagnostics;
    const applied = (severities: unknown) =>
      applySeverities(diagnostics, severities as Loose).map((d) => `${d.code} ${d.severity}`);
    expect(applied({ RQ2015: "off" })).toEqual(["RQ2002 error"]);
    expect(applied(new Map([["RQ2002", "nope"]]))).toEqual(["RQ2002 error", "RQ2015 info"]);
    expect(applied(null)).toEqual(["RQ2002 error", "RQ2015 info"]);
  });

  it("take a built-in catalog's name for a catalog", () => {
    const text = "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH";
    const marketplace = lintText(text, { catalog: builtinCatalog("marketplace") });
    expect(lintText(text, { catalog: "marketplace" } as Loose)).toEqual(marketplace);
    const insights = lintText(text, { catalog: builtinCatalog("insights") }).map((d) => d.code);
    expect(insights).toContain("RQ2001");
    expect(lintText(text, { catalog: "insights" } as Loose).map((d) => d.code)).toEqual(insights);
  });

  it("read `fix: true` as safe fixes", () => {
    const text = "SELECT OrderId FROM ISVOrder ORDER BY OrderId";
    const safe = lintFile("a.rql", text, { fix: "safe" });
    expect(safe.fixed).toBe(true);
    const loose = lintFile("a.rql", text, { fix: true } as Loose);
    expect([loose.text, loose.diagnostics]).toEqual([safe.text, safe.diagnostics]);
    expect(lintFile("a.rql", text, { fix: "sometimes" } as Loose).fixed).toBe(false);
  });

  it("find the actions of a range given end first", () => {
    const diagnostics = check("SELECT OrderId FROM ISVOrder ORDER BY OrderId").diagnostics;
    const forward = codeActions(diagnostics, { start: 38, end: 45 });
    expect(forward.length).toBeGreaterThan(0);
    expect(codeActions(diagnostics, { start: 45, end: 38 })).toEqual(forward);
    expect(codeActions(diagnostics, null as Loose)).toEqual([]);
  });

  it("keep names as written when canonicalName does not give a string", () => {
    const options: LintFileOptions & Loose = { canonicalName: () => 42 };
    expect(format("select orderid from isvorder", options)).toBe(format("select orderid from isvorder"));
  });

  it("still format when canonicalName gives a look-alike that is not an ASCII name", () => {
    // `"\u212Aey".toLowerCase()` is `key`: taken as the spelling, it made the whole text stay as written.
    const canonicalName = (name: string) => (name === "key" ? "\u212Aey" : name.toUpperCase());
    expect(format("select key, ab from x", { canonicalName })).toBe("SELECT key, AB\nFROM X\n");
  });
});
