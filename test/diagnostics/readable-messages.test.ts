/**
 * Messages a person can read: no Chevrotain token-type name (`Join`, `Identifier`) ever stands in one,
 * and a backtick inside a code span does not end it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeSpan } from "../../src/diagnostics/make.js";
import { check } from "../../src/semantic/check.js";
import { ALL_TOKENS } from "../../src/syntax/tokens.js";
import { tokenSoup } from "../helpers/arbitraries.js";
import { CORPUS } from "../helpers/corpus.js";
import { runs } from "../helpers/runs.js";

/** Token types a message could name: the skipped ones (white space, comments) never reach the parser. */
const SIGNIFICANT = ALL_TOKENS.filter((t) => t.GROUP === undefined);

const SQL = [
  ..."SELECT FROM WHERE JOIN INNER LEFT ON AND OR NOT IN ORDER BY GROUP HAVING LIMIT TIMESPAN AS".split(" "),
  ..."DISTINCT TOP LIKE BETWEEN IS NULL UNION CASE OFFSET OrderId ISVOrder 'a' 1 = * ; ( ) , . [ ] `".split(
    " ",
  ),
];
const sqlSoup = fc.array(fc.constantFrom(...SQL), { maxLength: 14 }).map((words) => words.join(" "));

/** Token-type names in a message that the input itself does not spell (a user's own name is fine). */
function leakedTypeNames(text: string): string[] {
  const leaks: string[] = [];
  for (const d of check(text).diagnostics)
    for (const type of SIGNIFICANT)
      if (d.message.includes(`\`${type.name}\``) && !text.includes(type.name))
        leaks.push(`${d.code}: ${d.message}`);
  return leaks;
}

describe("readable messages", () => {
  it("every token type a parser error can name has a readable label", () => {
    for (const type of SIGNIFICANT) expect(type.LABEL, type.name).toBeTruthy();
  });

  it("never name a token type, for SQL habits, token soup and every published query", () => {
    for (const { id, query } of CORPUS) expect(leakedTypeNames(query), id).toEqual([]);
    fc.assert(
      fc.property(fc.oneof(sqlSoup, tokenSoup), (text) => {
        expect(leakedTypeNames(text), text).toEqual([]);
      }),
      { numRuns: runs(1500) },
    );
  });

  it("never advise writing what is already written, nor leave a placeholder", () => {
    const repeats = (text: string) =>
      check(text)
        .diagnostics.filter((d) => {
          const advised = /write `([^`]+)`/.exec(d.message)?.[1];
          return /\{\w+(:\w+)?\}/.test(d.message) || advised === text.slice(d.span.start, d.span.end);
        })
        .map((d) => `${d.code}: ${d.message}`);
    for (const { id, query } of CORPUS) expect(repeats(query), id).toEqual([]);
    fc.assert(
      fc.property(fc.oneof(sqlSoup, tokenSoup), (text) => {
        expect(repeats(text), text).toEqual([]);
      }),
      { numRuns: runs(1500) },
    );
  });

  it("keep a backtick inside one code span", () => {
    expect(codeSpan("OrderId")).toBe("`OrderId`");
    expect(codeSpan("`")).toBe("`` ` ``");
    expect(codeSpan("a``b")).toBe("``` a``b ```");
    const doubled = check(
      "SELECT OrderId FROM ISVOrder WHERE OfferName = 'It''s `x`' TIMESPAN LAST_MONTH",
    ).diagnostics.find((d) => d.code === "RQ1012");
    expect(doubled?.message).toContain("may read `` 'It''s `x`' `` differently");
    const [lone] = check("SELECT OrderId ` FROM ISVOrder TIMESPAN LAST_MONTH").diagnostics;
    expect(lone?.message).toBe(
      "Unexpected character `` ` ``; remove it, or put it inside a quoted string value",
    );
  });
});
