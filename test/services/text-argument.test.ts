/**
 * Every text entry point of the library (`reportql` and `reportql/api`) as plain JavaScript calls it:
 * with `undefined`, a number, an object or anything else where the text goes. None throws; those that
 * return diagnostics return exactly one, RQ9114, naming the function; a `String` object counts as its
 * string; the others read the value as the empty text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequestFile, parseHttpFile } from "../../src/api/index.js";
import {
  applyEdits,
  applyFixes,
  ConfigError,
  check,
  complete,
  type Diagnostic,
  type Extraction,
  extractDocuments,
  fixUntilStable,
  format,
  formattingEdits,
  formatWithCatalog,
  hover,
  LineMap,
  lex,
  lint,
  lintFile,
  lintProject,
  lintText,
  parse,
  parseConfig,
  submissionTexts,
} from "../../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: these calls are what untyped JavaScript can make.
type Loose = any;

/** Entry points returning diagnostics, by the name RQ9114 gives, as a caller reads them. */
const DIAGNOSING: readonly [string, (text: Loose) => readonly Diagnostic[]][] = [
  ["parse", (t) => parse(t).diagnostics],
  ["lex", (t) => lex(t).diagnostics],
  ["check", (t) => check(t).diagnostics],
  ["check", (t) => check(t, { resolve: true }).diagnostics],
  ["lint", (t) => lint(t).diagnostics],
  ["lint", (t) => lint(t).checked.diagnostics],
  ["lintText", (t) => lintText(t)],
  ["lintFile", (t) => lintFile("q.rql", t).diagnostics],
  ["lintFile", (t) => lintFile("q.json", t, { fix: "unsafe" }).diagnostics],
  ["lintFile", (t) => lintFile("q.http", t).diagnostics],
  ["lintFile", (t) => lintProject([{ path: "q.json", text: t }])[0]?.diagnostics ?? []],
  ["checkRequestFile", (t) => checkRequestFile("q.http", t).diagnostics],
  ["checkRequestFile", (t) => checkRequestFile("q.json", t).diagnostics],
];

const documentTexts = (e: Extraction) => (e.kind === "documents" ? e.documents.map((d) => d.text) : e.kind);

/** Entry points without diagnostics: each reads a value that is not a string as "". */
const QUIET: readonly [string, (text: Loose) => unknown][] = [
  ["format", (t) => format(t)],
  ["formatWithCatalog", (t) => formatWithCatalog(t)],
  ["submissionTexts", (t) => submissionTexts(t)],
  ["extractDocuments", (t) => documentTexts(extractDocuments("q.json", t))],
  ["extractDocuments", (t) => documentTexts(extractDocuments(t, "SELECT"))],
  ["parseHttpFile", (t) => parseHttpFile(t).requests],
  ["complete", (t) => complete(t, 0).items.length > 0],
  ["hover", (t) => hover(t, 0)],
  ["formattingEdits", (t) => formattingEdits(t)],
  ["applyFixes", (t) => applyFixes(t, []).text],
  ["applyEdits", (t) => applyEdits(t, [])],
  ["fixUntilStable", (t) => fixUntilStable(t, () => []).text],
  ["LineMap", (t) => new LineMap(t).lineCount],
  ["lintFile path", (t) => lintFile(t, "SELECT").diagnostics.length > 0],
  ["checkRequestFile path", (t) => checkRequestFile(t, "SELECT").diagnostics],
];

const isText = (value: unknown) => typeof value === "string" || value instanceof String;

/** Values JavaScript callers pass where the text goes, besides whatever `fc.anything()` makes. */
const notText: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true }),
  fc.constantFrom(undefined, null, 42, Number.NaN, true, [], {}, () => "SELECT", Symbol("text")),
  fc.constantFrom(new String("SELECT OrderId FROM ISVOrder"), Buffer.from("SELECT"), { text: "SELECT" }),
);

describe("text entry points called from plain JavaScript", () => {
  it("never throw, and those with diagnostics give one, RQ9114, naming the function", () => {
    fc.assert(
      fc.property(notText, (value) => {
        for (const [entry, call] of DIAGNOSING) {
          const diagnostics = call(value);
          if (isText(value)) {
            expect(diagnostics.map((d) => d.code)).not.toContain("RQ9114");
            continue;
          }
          expect(diagnostics.map((d) => [d.code, d.data?.entry, d.span])).toEqual([
            ["RQ9114", entry, { start: 0, end: 0 }],
          ]);
        }
        for (const [entry, call] of QUIET) {
          if (isText(value)) continue;
          // Read as the empty text: the same answer as for "".
          expect(call(value), entry).toEqual(call(""));
        }
        const config = parseConfig(value as Loose, "reportql.config.json", "/", undefined);
        if (!isText(value)) expect(config).toBeInstanceOf(ConfigError);
      }),
      { numRuns: 150 },
    );
  });

  it("run no code of the value: an object that only looks like a String is not one", () => {
    class Hostile extends String {
      override valueOf(): string {
        throw new Error("valueOf ran");
      }
      override toString(): string {
        throw new Error("toString ran");
      }
    }
    const subclassed = new Hostile("SELECT Nope FROM ISVOrder TIMESPAN LAST_MONTH") as Loose;
    const lookalikes: Loose[] = [Object.create(String.prototype), new Proxy(new String("SELECT"), {})];
    for (const [entry, call] of DIAGNOSING) {
      expect(call(subclassed), entry).toEqual(call("SELECT Nope FROM ISVOrder TIMESPAN LAST_MONTH"));
      for (const value of lookalikes)
        expect(
          call(value).map((d) => [d.code, d.data?.entry]),
          entry,
        ).toEqual([["RQ9114", entry]]);
    }
    for (const [entry, call] of QUIET) {
      expect(call(subclassed), entry).toEqual(call("SELECT Nope FROM ISVOrder TIMESPAN LAST_MONTH"));
      for (const value of lookalikes) expect(call(value), entry).toEqual(call(""));
    }
    for (const value of lookalikes)
      expect(parseConfig(value, "reportql.config.json", "/", undefined)).toBeInstanceOf(ConfigError);
  });

  it("say what is wrong and what to do; a String object is its string", () => {
    const [problem] = lint(undefined as Loose).diagnostics;
    expect(problem?.message).toBe(
      '`lint` was given `undefined` where the text goes, so nothing was checked; pass the text as a string (`""` for none)',
    );
    expect(check(42 as Loose).diagnostics[0]?.message).toMatch(/^`check` was given a number where/);
    expect(parse({} as Loose).diagnostics[0]?.message).toMatch(/^`parse` was given an object where/);
    const boxed = new String("SELECT Nope FROM ISVOrder TIMESPAN LAST_MONTH") as Loose;
    expect(lintText(boxed).map((d) => d.code)).toEqual(lintText(boxed.valueOf()).map((d) => d.code));
    expect(format(boxed)).toBe(format(boxed.valueOf()));
    expect(String(parseConfig(undefined as Loose, "reportql.config.json", "/", undefined))).toMatch(
      /not a string; pass the file's text/,
    );
  });
});
