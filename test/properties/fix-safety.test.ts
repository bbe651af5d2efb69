/**
 * Safe fixes keep the user's intent: applying them never leaves more lexical or syntax errors than
 * there were (a fix that glues words or lands in the wrong clause would). The codes may change: a
 * repair can make a part parseable for the first time and reveal a problem in it, and semantic errors
 * may appear for the same reason. The concrete cases that once broke are fixtures in
 * `test/syntax/fixtures/err/` (missing `;`, comma removal, rewrites under NOT, ORDER BY after TIMESPAN).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { check } from "../../src/semantic/check.js";
import { lex } from "../../src/syntax/lexer.js";
import { parse } from "../../src/syntax/parse.js";
import { tokenKind } from "../../src/syntax/token.js";
import { tokenSoup, validDocument } from "../helpers/arbitraries.js";
import { CORPUS } from "../helpers/corpus.js";
import { runs } from "../helpers/runs.js";

function syntaxErrors(text: string): number {
  return check(text).diagnostics.filter((d) => d.severity === "error" && d.code.startsWith("RQ1")).length;
}

/** SQL habits and copy-paste slips, mixed into otherwise sensible queries. */
const habits = fc
  .array(
    fc.constantFrom(
      "SELECT",
      "OrderId",
      ",",
      "OfferName",
      "FROM",
      "ISVOrder",
      "WHERE",
      "OrderStatus",
      "=",
      "<>",
      "'Active'",
      "‘Active’",
      "AND",
      "OR",
      "NOT",
      "(",
      ")",
      "BETWEEN",
      "1",
      "5",
      "ORDER BY",
      "DESC",
      "LIMIT",
      "10",
      "TIMESPAN",
      "LAST_MONTH",
      "LAST\\_MONTH",
      ";",
      "\n",
      "TOP",
      "IN",
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(" "));

describe("fix safety", () => {
  it("never leaves more syntax errors than there were", () => {
    fc.assert(
      fc.property(fc.oneof(habits, tokenSoup, validDocument), (text) => {
        const fixed = fixUntilStable(text, (t) => check(t).diagnostics).text;
        expect(syntaxErrors(fixed), `${JSON.stringify(text)} → ${JSON.stringify(fixed)}`).toBeLessThanOrEqual(
          syntaxErrors(text),
        );
      }),
      { numRuns: runs(2000) },
    );
  });

  it("attaches a direction written after a stray comma once, not twice", () => {
    const text =
      "SELECT OrderId, OfferName FROM ISVOrder ORDER BY OrderId, DESC, OfferName, asc TIMESPAN LAST_MONTH";
    // Safe fixes only, as `--fix` applies them.
    expect(fixUntilStable(text, (t) => check(t).diagnostics).text).toBe(
      "SELECT OrderId, OfferName FROM ISVOrder ORDER BY OrderId DESC, OfferName asc TIMESPAN LAST_MONTH",
    );
  });

  it("keeps values written against each other apart: requoting one never joins it to the next", () => {
    for (const values of ["‘a’‘b’", "'a'‘b’", "‘a’'b'", "[a]'b'", "'a'\"b\"", "‘a’’b’"]) {
      const text = `SELECT OrderId FROM ISVOrder WHERE CustomerName IN (${values})`;
      const fixed = fixUntilStable(text, (t) => check(t).diagnostics).text;
      const strings = lex(fixed).tokens.filter((t) => tokenKind(t) === "string");
      expect(
        strings.map((t) => t.image),
        fixed,
      ).toEqual(["'a'", "'b'"]);
    }
  });

  it("never repairs values into fewer values", () => {
    // Values in every quoting style, glued or not: a fix that writes quotes beside another quote
    // joined two values into one (`('a'1.5)` → `('a''1.5')`) and left a valid query nobody wrote.
    const value = fc.constantFrom(
      "'a'",
      "‘a’",
      '"a"',
      "[a]",
      "`a`",
      "1",
      "1.5",
      "-1",
      "a",
      "'a",
      "a'",
      "’",
      "''",
    );
    const list = fc
      .array(fc.tuple(value, fc.constantFrom("", "", " ", ",")), { minLength: 1, maxLength: 5 })
      .map((items) => items.map(([v, s]) => v + s).join(""));
    const query = fc
      .tuple(fc.constantFrom("IN (", "NOT IN (", "= (", "= "), list, fc.constantFrom(")", ""))
      .map(([op, values, close]) => `SELECT OrderId FROM ISVOrder WHERE CustomerName ${op}${values}${close}`);
    const count = (text: string) => {
      const where = parse(text).document.queries[0]?.where;
      const value = where?.conditions[0]?.kind === "Predicate" ? where.conditions[0].value : undefined;
      return value?.kind === "ValueList" ? value.items.length : value === undefined ? 0 : 1;
    };
    const errors = (text: string) => check(text).diagnostics.filter((d) => d.severity === "error").length;
    fc.assert(
      fc.property(query, (text) => {
        const fixed = fixUntilStable(text, (t) => check(t).diagnostics).text;
        if (errors(fixed) === 0 && errors(text) > 0)
          expect(count(fixed), fixed).toBeGreaterThanOrEqual(count(text));
      }),
      { numRuns: runs(500), examples: [["SELECT OrderId FROM ISVOrder WHERE CustomerName IN ('a'1.5)"]] },
    );
  });

  it("fixes every published query without adding a syntax error", () => {
    for (const { id, query } of CORPUS) {
      const fixed = fixUntilStable(query, (t) => check(t).diagnostics).text;
      expect(syntaxErrors(fixed), id).toBeLessThanOrEqual(syntaxErrors(query));
    }
  });
});
