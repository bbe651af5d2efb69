/**
 * The public face of tokens, and the predicates the formatter and the editor services use instead of
 * Chevrotain's token types. Chevrotain stays inside `src/syntax/`: its `IToken` satisfies `Token`
 * structurally, so tokens cross this boundary without a copy, and every question about a token's type
 * is asked here, through a table indexed by Chevrotain's numeric type index (no allocation, no hashing).
 */
import type { IToken, TokenType } from "chevrotain";
import type { Span } from "../text/span.js";
import { type ClauseName, CONTEXTUAL_WORDS, RESERVED_WORDS } from "./language.js";
import * as T from "./tokens.js";

/**
 * A significant token of a document (white space and comments are not tokens). Read-only. Its text is
 * `image`, exactly as written; it starts at the UTF-16 offset `startOffset`; `tokenSpan(token)` gives
 * its half-open span and `tokenKind(token)` what it is.
 */
export interface Token {
  /** The token's text, as written. */
  readonly image: string;
  /** UTF-16 offset of its first character in the document. */
  readonly startOffset: number;
}

/**
 * What a token is:
 * - `keyword`: a reserved word of the language (`SELECT`, `FROM`, `AND`, `ASC`, `TIMESPAN`, ...);
 * - `sql-word`: a word SQL reserves and the language lacks (`OR`, `GROUP`, `AS`, `JOIN`, ...); outside
 *   the SQL constructs it is a name;
 * - `name`: any other word (a column, metric, dataset or unquoted value);
 * - `number`: `42`, `-1.5`; `number-word`: a word starting with digits, such as the masked `6096xxx`;
 * - `string`: `'text'`; `typographic-string`: quoted with typographic quotes (`‘text’`);
 *   `unterminated-string`: `'text` up to the line end; `unopened-string`: `text'`, whose opening quote
 *   was guessed; `double-quoted-string`: `"text"`; `unpaired-quote`: a lone `"` or typographic quote;
 * - `operator`: a comparison operator (`=`, `!=`, `<`, `<=`, `>`, `>=`, and SQL's `<>` and `==`);
 * - `punctuation`: `,`, `(`, `)`, `;`, `*` or `.`.
 */
export type TokenKind =
  | "keyword"
  | "sql-word"
  | "name"
  | "number"
  | "number-word"
  | "string"
  | "typographic-string"
  | "unterminated-string"
  | "unopened-string"
  | "double-quoted-string"
  | "unpaired-quote"
  | "operator"
  | "punctuation";

/** Tokens spelled one way (in any case for words), which `isToken` recognises. */
export type TokenSpelling = (typeof SPELLINGS)[number];

const SPELLINGS = [
  ...(RESERVED_WORDS.map((w) => w.text) as readonly ReservedWordSpelling[]),
  ...(CONTEXTUAL_WORDS.map((w) => w.text) as readonly ContextualWordSpelling[]),
  ",",
  "(",
  ")",
  ";",
  "*",
  ".",
] as const;

type ReservedWordSpelling =
  | "SELECT"
  | "DISTINCT"
  | "FROM"
  | "WHERE"
  | "AND"
  | "ORDER"
  | "BY"
  | "ASC"
  | "DESC"
  | "LIMIT"
  | "TIMESPAN"
  | "IN"
  | "NOT"
  | "LIKE";
type ContextualWordSpelling =
  | "OR"
  | "AS"
  | "GROUP"
  | "HAVING"
  | "BETWEEN"
  | "IS"
  | "NULL"
  | "JOIN"
  | "INNER"
  | "LEFT"
  | "RIGHT"
  | "FULL"
  | "OUTER"
  | "CROSS"
  | "ON"
  | "OFFSET"
  | "TOP";

/** The Chevrotain token behind a public one: every `Token` reportql hands out is one. */
function typeOf(token: Token): TokenType {
  return (token as IToken).tokenType;
}

const KINDS: TokenKind[] = [];
const TYPE_BY_SPELLING = new Map<string, TokenType>();
const CLAUSES: (ClauseName | undefined)[] = [];

function setKind(type: TokenType, kind: TokenKind): void {
  KINDS[type.tokenTypeIdx as number] = kind;
}

for (const w of RESERVED_WORDS) {
  const type = T.WORD_TOKENS.get(w.tokenName) as TokenType;
  setKind(type, "keyword");
  TYPE_BY_SPELLING.set(w.text, type);
}
for (const w of CONTEXTUAL_WORDS) {
  const type = T.WORD_TOKENS.get(w.tokenName) as TokenType;
  setKind(type, "sql-word");
  TYPE_BY_SPELLING.set(w.text, type);
}
for (const [type, kind] of [
  [T.Identifier, "name"],
  [T.NumberLiteral, "number"],
  [T.NumberWord, "number-word"],
  [T.StringLiteral, "string"],
  [T.TypographicString, "typographic-string"],
  [T.UnterminatedString, "unterminated-string"],
  [T.UnopenedString, "unopened-string"],
  [T.DoubleQuotedString, "double-quoted-string"],
  [T.UnpairedQuote, "unpaired-quote"],
  [T.NotEquals, "operator"],
  [T.SqlNotEquals, "operator"],
  [T.LessOrEqual, "operator"],
  [T.GreaterOrEqual, "operator"],
  [T.DoubleEquals, "operator"],
  [T.Equals, "operator"],
  [T.LessThan, "operator"],
  [T.GreaterThan, "operator"],
] as const)
  setKind(type, kind);
for (const [spelling, type] of [
  [",", T.Comma],
  ["(", T.LParen],
  [")", T.RParen],
  [";", T.Semicolon],
  ["*", T.Star],
  [".", T.Dot],
] as const) {
  setKind(type, "punctuation");
  TYPE_BY_SPELLING.set(spelling, type);
}
for (const [type, clause] of [
  [T.Select, "SELECT"],
  [T.From, "FROM"],
  [T.Where, "WHERE"],
  [T.Order, "ORDER BY"],
  [T.Limit, "LIMIT"],
  [T.Timespan, "TIMESPAN"],
] as const)
  CLAUSES[type.tokenTypeIdx as number] = clause;

/** What a token is (see `TokenKind`). */
export function tokenKind(token: Token): TokenKind {
  return KINDS[typeOf(token).tokenTypeIdx as number] as TokenKind;
}

/** The half-open span of a token. */
export function tokenSpan(token: Token): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Whether a token is the keyword or punctuation `spelling` (words in any case). */
export function isToken(token: Token, spelling: TokenSpelling): boolean {
  return typeOf(token) === TYPE_BY_SPELLING.get(spelling);
}

/** Whether two tokens are of the same type: same kind, and the same word, operator or punctuation. */
export function sameTokenType(a: Token, b: Token): boolean {
  return typeOf(a) === typeOf(b);
}

/** The clause a keyword starts (`ORDER` starts `ORDER BY`), if it starts one. */
export function clauseOf(token: Token): ClauseName | undefined {
  return CLAUSES[typeOf(token).tokenTypeIdx as number];
}

/** Whether a token is a reserved word of the language. */
export function isReservedWord(token: Token): boolean {
  return KINDS[typeOf(token).tokenTypeIdx as number] === "keyword";
}

/** Whether a token is a quoted value, well-formed or not (every `*-string` kind). */
export function isStringValue(token: Token): boolean {
  return hasCategory(typeOf(token), T.StringValue);
}

/** Whether a token is a word or number that a word or number written against it would glue to. */
export function isWordLike(token: Token): boolean {
  const type = typeOf(token);
  return type === T.NumberLiteral || type === T.NumberWord || hasCategory(type, T.Identifier);
}

/** Chevrotain's `tokenMatcher` without the import: a type matches itself and the categories it is in. */
function hasCategory(type: TokenType, category: TokenType): boolean {
  return type === category || category.categoryMatchesMap?.[type.tokenTypeIdx as number] === true;
}

/**
 * A readable label of a token type, as Chevrotain's error messages use it: the spelling of a keyword
 * or punctuation (`FROM`, `)`), or what stands there in words (`a name`, `a value`). Every token type
 * has one (`tokens.ts` sets it), so no token-type name reaches a user.
 */
export function labelOf(type: TokenType): string {
  return type.LABEL ?? type.name;
}
