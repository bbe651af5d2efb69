/**
 * The parser reads its lookahead from a precomputed table (`src/syntax/lookahead.ts`); it must decide
 * exactly as Chevrotain's own LL(k) strategy does. Both parsers parse the same token sequences (every
 * query of the corpus and fixtures, then random sequences of the grammar's words) and must give the
 * same clauses and the same errors. That the table is current is `test/grammar/generated.test.ts`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lex } from "../../src/syntax/lexer.js";
import { parserWithComputedLookahead } from "../../src/syntax/lookahead-record.js";
import { QueryParser } from "../../src/syntax/parser.js";

const precomputed = new QueryParser();
const computed = parserWithComputedLookahead();

/** Clauses and parser errors of each `;`-separated query of a text. */
function parseAll(parser: QueryParser, text: string): unknown[] {
  // The lexer's tokens are Chevrotain's, which the parser reads.
  const tokens = lex(text).tokens as readonly IToken[];
  const queries: IToken[][] = [[]];
  for (const token of tokens) {
    if (token.image === ";") queries.push([]);
    else queries[queries.length - 1]?.push(token);
  }
  return queries.map((query) => {
    const clauses = parser.parseQuery([...query]);
    return { clauses, errors: parser.errors.map((e) => [e.name, e.message, e.token.startOffset]) };
  });
}

function texts(): string[] {
  const root = join(import.meta.dirname, "..");
  const corpus = readFileSync(join(root, "corpus", "queries.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { query: string }).query);
  const fixtures = ["syntax/fixtures", "semantic/fixtures", "format/fixtures"].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".rql"))
      .map((name) => readFileSync(join(root, folder, name), "utf8")),
  );
  return [...corpus, ...fixtures];
}

const WORDS = [
  "SELECT",
  "DISTINCT",
  "FROM",
  "WHERE",
  "AND",
  "OR",
  "NOT",
  "IN",
  "LIKE",
  "ORDER",
  "BY",
  "ASC",
  "DESC",
  "LIMIT",
  "TIMESPAN",
  "GROUP",
  "HAVING",
  "JOIN",
  "LEFT",
  "INNER",
  "OUTER",
  "ON",
  "AS",
  "TOP",
  "OFFSET",
  "BETWEEN",
  "IS",
  "NULL",
  "LAST_MONTH",
  "OrderId",
  "ISVOrder",
  "count",
  "*",
  ",",
  "(",
  ")",
  "=",
  "!=",
  "<>",
  ">=",
  "'Active'",
  "42",
  '"Name"',
  ".",
  "-",
  "%",
];

describe("precomputed lookahead", () => {
  it("parses every corpus query and fixture as Chevrotain's computed lookahead does", () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(100);
    for (const text of all) expect(parseAll(precomputed, text)).toEqual(parseAll(computed, text));
  });

  it("parses random sequences of the grammar's words as Chevrotain's computed lookahead does", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 24 }), (words) => {
        const text = words.join(" ");
        expect(parseAll(precomputed, text)).toEqual(parseAll(computed, text));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 3000) },
    );
  });
});
