/** Lexer behaviour, table-driven: each row is a text and the tokens (type:image) it must produce. */
import type { IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTEXTUAL_WORDS, RESERVED_WORDS } from "../../src/syntax/language.js";
import { lex, type Token } from "../../src/syntax/lexer.js";
import { runs } from "../helpers/runs.js";

/** The Chevrotain token type's name: the lexer's own tests look behind the public `Token`. */
function typeName(token: Token): string {
  return (token as IToken).tokenType.name;
}

function tokens(text: string): string[] {
  return lex(text).tokens.map((t) => `${typeName(t)}:${t.image}`);
}

function codes(text: string): string[] {
  return lex(text).diagnostics.map((d) => d.code);
}

const CASES: readonly (readonly [string, readonly string[]])[] = [
  ["select From WHERE and", ["Select:select", "From:From", "Where:WHERE", "And:and"]],
  [
    "order BY asc Desc limit timespan",
    ["Order:order", "By:BY", "Asc:asc", "Desc:Desc", "Limit:limit", "Timespan:timespan"],
  ],
  ["in not like distinct", ["In:in", "Not:not", "Like:like", "Distinct:distinct"]],
  // Contextual SQL words get their own token types but remain names (category Identifier).
  [
    "Month Offset Date group Or",
    ["Identifier:Month", "Offset:Offset", "Identifier:Date", "Group:group", "Or:Or"],
  ],
  ["fromage selected _x x1", ["Identifier:fromage", "Identifier:selected", "Identifier:_x", "Identifier:x1"]],
  [
    "0 42 -7 3.14 -0.5",
    ["NumberLiteral:0", "NumberLiteral:42", "NumberLiteral:-7", "NumberLiteral:3.14", "NumberLiteral:-0.5"],
  ],
  ["6096xxx 1001xx", ["NumberWord:6096xxx", "NumberWord:1001xx"]],
  [
    "'United States' '%Contoso%' ' 0f8b7fa0-eb83' ''",
    [
      "StringLiteral:'United States'",
      "StringLiteral:'%Contoso%'",
      "StringLiteral:' 0f8b7fa0-eb83'",
      "StringLiteral:''",
    ],
  ],
  [
    "= != <> > < >= <= ==",
    [
      "Equals:=",
      "NotEquals:!=",
      "SqlNotEquals:<>",
      "GreaterThan:>",
      "LessThan:<",
      "GreaterOrEqual:>=",
      "LessOrEqual:<=",
      "DoubleEquals:==",
    ],
  ],
  [
    "a,b(c);*.d",
    [
      "Identifier:a",
      "Comma:,",
      "Identifier:b",
      "LParen:(",
      "Identifier:c",
      "RParen:)",
      "Semicolon:;",
      "Star:*",
      "Dot:.",
      "Identifier:d",
    ],
  ],
  [
    "‘Active’ ’x’ “y” 'z’",
    ["TypographicString:‘Active’", "TypographicString:’x’", "TypographicString:“y”", "TypographicString:'z’"],
  ],
  ['"Active"', ['DoubleQuotedString:"Active"']],
  ["LAST\\_6\\_MONTHS", ["Identifier:LAST\\_6\\_MONTHS"]],
  // All Unicode whitespace separates tokens: no-break space, em space, ideographic space, BOM.
  [
    "a\u00a0b\u2003c\u3000d\ufeffe",
    ["Identifier:a", "Identifier:b", "Identifier:c", "Identifier:d", "Identifier:e"],
  ],
];

describe("lexer", () => {
  for (const [text, expected] of CASES) {
    it(`lexes ${JSON.stringify(text)}`, () => expect(tokens(text)).toEqual(expected));
  }

  it("keeps comments out of the token stream but reports them with spans", () => {
    const text = "SELECT a -- note\n/* block */ FROM b";
    const result = lex(text);
    expect(result.tokens.map((t) => t.image)).toEqual(["SELECT", "a", "FROM", "b"]);
    expect(result.comments.map((c) => [c.kind, text.slice(c.span.start, c.span.end)])).toEqual([
      ["line", "-- note"],
      ["block", "/* block */"],
    ]);
  });

  it("reports one diagnostic per run of unknown characters and goes on", () => {
    const result = lex("SELECT a ## b @ c");
    expect(result.diagnostics.map((d) => [d.code, d.span])).toEqual([
      ["RQ1001", { start: 9, end: 11 }],
      ["RQ1001", { start: 14, end: 15 }],
    ]);
    expect(result.tokens.map((t) => t.image)).toEqual(["SELECT", "a", "b", "c"]);
  });

  it("reports an unterminated string once and lexes the next line", () => {
    const result = lex("WHERE a = 'abc\nFROM b");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["RQ1003"]);
    expect(result.tokens.map((t) => typeName(t))).toEqual([
      "Where",
      "Identifier",
      "Equals",
      "UnterminatedString",
      "From",
      "Identifier",
    ]);
  });

  it("recognises typographic quotes with a safe fix unless the value holds an ASCII quote", () => {
    const [plain] = lex("‘Pay as You Go’").diagnostics;
    expect(plain?.fixes?.[0]?.edits).toEqual([{ span: { start: 0, end: 15 }, newText: "'Pay as You Go'" }]);
    const [apostrophe] = lex("‘Contoso's’").diagnostics.filter((d) => d.code === "RQ1002");
    expect(apostrophe?.fixes).toBeUndefined();
  });

  it("unwraps a query wrapped in double quotes without moving offsets", () => {
    const result = lex('  "SELECT a FROM b"  ');
    expect(codes('  "SELECT a FROM b"  ')).toEqual(["RQ1007"]);
    expect(result.tokens.map((t) => [t.image, t.startOffset])).toEqual([
      ["SELECT", 3],
      ["a", 10],
      ["FROM", 12],
      ["b", 17],
    ]);
  });

  it("does not take a double-quoted value inside a query for a wrapped query", () => {
    expect(codes('SELECT a FROM b WHERE c = "x"')).toEqual([]);
  });

  it("decodes a percent-encoded query in place and offers the decoded text", () => {
    const text = "SELECT%20OrderId%20from%20ISVOrder";
    const result = lex(text);
    expect(result.tokens.map((t) => [t.image, t.startOffset])).toEqual([
      ["SELECT", 0],
      ["OrderId", 9],
      ["from", 19],
      ["ISVOrder", 26],
    ]);
    expect(result.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe("SELECT OrderId from ISVOrder");
  });

  it("leaves LIKE patterns with percent signs alone", () => {
    expect(codes("SELECT a FROM b WHERE c LIKE '%20%'")).toEqual([]);
  });

  it("turns words closed by a lone quote into one string when they stand in value position", () => {
    const result = lex("WHERE OfferName = Contoso test Services' TIMESPAN LAST_MONTH");
    expect(result.tokens.map((t) => typeName(t))).toEqual([
      "Where",
      "Identifier",
      "Equals",
      "UnopenedString",
      "Timespan",
      "Identifier",
    ]);
    expect(codes("WHERE a = b AND c' x")).toEqual(["RQ1003"]);
  });
});

describe("keyword classification", () => {
  const WORDS = [...RESERVED_WORDS, ...CONTEXTUAL_WORDS];
  const byText = new Map(WORDS.map((w) => [w.text.toLowerCase(), w.tokenName]));
  // The reference: lower-case the word and look it up.
  const expected = (word: string) => byText.get(word.toLowerCase()) ?? "Identifier";
  const anyCase = (text: string) =>
    fc
      .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
      .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

  it("finds every keyword in any mix of cases", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WORDS).chain((w) => anyCase(w.text)),
        (word) => {
          expect(tokens(word)).toEqual([`${expected(word)}:${word}`]);
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it("agrees with a lower-cased lookup on any word, near-misses of keywords included", () => {
    const nearMiss = fc
      .tuple(fc.constantFrom(...WORDS), fc.nat(), fc.constantFrom("_", "1", "x", "\\_", "@", "[", "`"))
      .map(([w, at, c]) => {
        const i = at % (w.text.length + 1);
        return w.text.slice(0, i) + c + w.text.slice(i + 1);
      })
      .filter((w) => /^[A-Za-z_]\w*(?:\\_\w*)*$/.test(w));
    const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,9}$/);
    fc.assert(
      fc.property(fc.oneof(nearMiss, word), (w) => {
        expect(tokens(w)).toEqual([`${expected(w)}:${w}`]);
      }),
      { numRuns: runs(2000) },
    );
  });
});
