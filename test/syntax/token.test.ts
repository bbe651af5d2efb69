/**
 * The public token API: every token has a kind, the spellings `isToken` knows are the language table's,
 * clause keywords map to their clauses, and no token-type name reaches a user through a message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLAUSE_ORDER, CONTEXTUAL_WORDS, RESERVED_WORDS } from "../../src/syntax/language.js";
import { lex } from "../../src/syntax/lexer.js";
import { parse } from "../../src/syntax/parse.js";
import { clauseOf, isToken, type TokenSpelling, tokenKind, tokenSpan } from "../../src/syntax/token.js";
import { ALL_TOKENS } from "../../src/syntax/tokens.js";
import { tokenSoup } from "../helpers/arbitraries.js";
import { runs } from "../helpers/runs.js";

function only(text: string) {
  const tokens = lex(text).tokens;
  expect(tokens).toHaveLength(1);
  return tokens[0] as (typeof tokens)[number];
}

describe("tokens", () => {
  it("recognise every keyword of the language table, in any case, and only it", () => {
    for (const w of [...RESERVED_WORDS, ...CONTEXTUAL_WORDS]) {
      const token = only(w.text.toLowerCase());
      expect(isToken(token, w.text as TokenSpelling)).toBe(true);
      expect(tokenKind(token)).toBe(w.reserved ? "keyword" : "sql-word");
      expect(isToken(only("name"), w.text as TokenSpelling)).toBe(false);
    }
  });

  it("give each token a kind and a span", () => {
    const kinds = lex(`SELECT a, 6096xxx FROM b WHERE c <> 'x' AND d = "y" AND e = ‘z’ AND f = 1.5;`)
      .tokens.map((t) => `${tokenKind(t)} ${JSON.stringify(tokenSpan(t))}`)
      .slice(0, 6);
    expect(kinds).toEqual([
      'keyword {"start":0,"end":6}',
      'name {"start":7,"end":8}',
      'punctuation {"start":8,"end":9}',
      'number-word {"start":10,"end":17}',
      'keyword {"start":18,"end":22}',
      'name {"start":23,"end":24}',
    ]);
    const soup = fc.sample(tokenSoup, runs(200)).flatMap((text) => lex(text).tokens);
    for (const token of soup) expect(tokenKind(token)).toBeTypeOf("string");
  });

  it("map clause keywords to their clauses", () => {
    const clauses = lex("SELECT FROM WHERE ORDER LIMIT TIMESPAN BY AND").tokens.map(clauseOf);
    expect(clauses).toEqual([...CLAUSE_ORDER, undefined, undefined]);
  });

  it("never show a token-type name in a message", () => {
    const names = ALL_TOKENS.map((t) => t.name).filter((name) => !/^[A-Z]+$/.test(name));
    const shown = new RegExp(`\`(?:${names.join("|")})\``);
    fc.assert(
      fc.property(tokenSoup, (text) => {
        for (const d of parse(text).diagnostics) expect(d.message).not.toMatch(shown);
      }),
      { numRuns: runs(300) },
    );
    // Chevrotain's message for this one named the token type: "expected `Join`".
    expect(parse("INNER INNER").diagnostics.map((d) => d.message)).toContain(
      "Unexpected end of query; expected `JOIN`",
    );
  });
});
