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

  it("fixes every published query without adding a syntax error", () => {
    for (const { id, query } of CORPUS) {
      const fixed = fixUntilStable(query, (t) => check(t).diagnostics).text;
      expect(syntaxErrors(fixed), id).toBeLessThanOrEqual(syntaxErrors(query));
    }
  });
});
