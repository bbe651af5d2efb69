/**
 * Chevrotain token types. Each has a readable `label` (its spelling, or what stands there in words:
 * `a name`), which Chevrotain's error messages and `syntax/token.ts` show instead of the type's name. Keyword token types have no pattern: the lexer matches every word as an
 * `Identifier` and `lexer.ts` reclassifies it with one map lookup, which keeps the lexer's pattern list
 * short (each keyword pattern costs throughput) and makes keywords case-insensitive for free.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import {
  CONTEXTUAL_WORDS,
  RESERVED_WORDS,
  TYPOGRAPHIC_CLOSERS,
  TYPOGRAPHIC_QUOTES,
  type WordInfo,
} from "./language.js";

// Categories. A token of a category is accepted wherever the category is consumed.
/** Any quoted value: well-formed or not, so the parser can go on and the lexer reports the quoting. */
export const StringValue = createToken({ name: "StringValue", label: "a value", pattern: Lexer.NA });
/** Comparison operators, including the SQL spellings `<>` and `==` that the lexer reports. */
export const ComparisonOperator = createToken({
  name: "ComparisonOperator",
  label: "a comparison operator",
  pattern: Lexer.NA,
});
/** Tokens that may appear in a run of unexpected tokens between clauses (everything but clause keywords and `)`). */
export const Stray = createToken({ name: "Stray", label: "a value", pattern: Lexer.NA });

const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
/**
 * Every other Unicode space (no-break spaces from web pages, U+3000, a BOM inside the text): white space
 * to the parser, kept in a group of its own so that the lexer can report it without scanning the text.
 */
const UnusualSpace = createToken({
  name: "UnusualSpace",
  pattern: /[\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: "unusualSpaces",
});
const LineComment = createToken({ name: "LineComment", pattern: /--[^\n\r]*/, group: "comments" });
const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
});
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
});

/** `'text'`; a doubled quote inside (`'It''s'`, SQL's escape) stays in the value and is reported. */
export const StringLiteral = createToken({
  name: "StringLiteral",
  label: "a value",
  // The unrolled form `[^']*(''[^']*)*` matches as fast as the plain one: no alternation per character.
  pattern: /'[^'\n\r]*(?:''[^'\n\r]*)*'/,
  categories: [StringValue, Stray],
});
const Q = TYPOGRAPHIC_QUOTES;
/** `‘text’`, `’text’`, `“text”`, `„text“`, `«text»`, or an ASCII quote closed by a typographic one. */
export const TypographicString = createToken({
  name: "TypographicString",
  label: "a value",
  // A typographic closer is preferred so that `‘Contoso's’` stays one value.
  pattern: new RegExp(
    `[${Q}][^${Q}\\n\\r]*[${Q}]|[${Q}][^${Q}'\\n\\r]*'|'[^'${Q}\\n\\r]*[${TYPOGRAPHIC_CLOSERS}]`,
  ),
  categories: [StringValue, Stray],
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  label: "a value",
  pattern: /'[^'\n\r]*/,
  categories: [StringValue, Stray],
});
/** Words closed by a quote that was never opened (`Contoso test Services'`); made by the lexer, never matched. */
export const UnopenedString = createToken({
  name: "UnopenedString",
  label: "a value",
  pattern: Lexer.NA,
  categories: [StringValue, Stray],
});
export const DoubleQuotedString = createToken({
  name: "DoubleQuotedString",
  label: "a value",
  pattern: /"[^"\n\r]*"/,
  categories: [StringValue, Stray],
});
export const UnpairedQuote = createToken({
  name: "UnpairedQuote",
  label: "a quote",
  pattern: new RegExp(`[${TYPOGRAPHIC_QUOTES}"]`),
  categories: [Stray],
});

/** A word that starts with digits, such as the masked value `6096xxx`; a name or an unquoted value. */
export const NumberWord = createToken({
  name: "NumberWord",
  label: "a name",
  pattern: /[0-9]+[A-Za-z_]\w*/,
  categories: [Stray],
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  label: "a number",
  pattern: /-?[0-9]+(?:\.[0-9]+)?/,
  categories: [Stray],
});
/** A name. `\_` and `\*` are allowed inside so Markdown escapes copied from the docs lex as one word. */
export const Identifier = createToken({
  name: "Identifier",
  label: "a name",
  pattern: /[A-Za-z_]\w*(?:\\[_*]\w*)*/,
  categories: [Stray],
});

export const NotEquals = createToken({
  name: "NotEquals",
  label: "!=",
  pattern: /!=/,
  categories: [ComparisonOperator, Stray],
});
/** `<>`: SQL's not-equals, reported and fixed to `!=`. */
export const SqlNotEquals = createToken({
  name: "SqlNotEquals",
  label: "<>",
  pattern: /<>/,
  categories: [ComparisonOperator, Stray],
});
export const LessOrEqual = createToken({
  name: "LessOrEqual",
  label: "<=",
  pattern: /<=/,
  categories: [ComparisonOperator, Stray],
});
export const GreaterOrEqual = createToken({
  name: "GreaterOrEqual",
  label: ">=",
  pattern: />=/,
  categories: [ComparisonOperator, Stray],
});
/** `==`: reported and fixed to `=`. */
export const DoubleEquals = createToken({
  name: "DoubleEquals",
  label: "==",
  pattern: /==/,
  categories: [ComparisonOperator, Stray],
});
export const Equals = createToken({
  name: "Equals",
  label: "=",
  pattern: /=/,
  categories: [ComparisonOperator, Stray],
});
export const LessThan = createToken({
  name: "LessThan",
  label: "<",
  pattern: /</,
  categories: [ComparisonOperator, Stray],
});
export const GreaterThan = createToken({
  name: "GreaterThan",
  label: ">",
  pattern: />/,
  categories: [ComparisonOperator, Stray],
});

export const Comma = createToken({ name: "Comma", label: ",", pattern: /,/, categories: [Stray] });
export const LParen = createToken({ name: "LParen", label: "(", pattern: /\(/, categories: [Stray] });
export const RParen = createToken({ name: "RParen", label: ")", pattern: /\)/ });
export const Semicolon = createToken({ name: "Semicolon", label: ";", pattern: /;/ });
export const Star = createToken({ name: "Star", label: "*", pattern: /\*/, categories: [Stray] });
export const Dot = createToken({ name: "Dot", label: ".", pattern: /\./, categories: [Stray] });

/** Clause keywords never appear in a stray run: they start the next clause. */
const CLAUSE_STARTERS = new Set(["Select", "From", "Where", "Order", "Limit", "Timespan"]);

function wordToken(info: WordInfo): TokenType {
  const categories: TokenType[] = [];
  if (!info.reserved) categories.push(Identifier);
  if (!CLAUSE_STARTERS.has(info.tokenName)) categories.push(Stray);
  return createToken({ name: info.tokenName, label: info.text, pattern: Lexer.NA, categories });
}

/** Token type of every reserved and contextual word, by token name. */
export const WORD_TOKENS: ReadonlyMap<string, TokenType> = new Map(
  [...RESERVED_WORDS, ...CONTEXTUAL_WORDS].map((info) => [info.tokenName, wordToken(info)]),
);

function word(name: string): TokenType {
  const type = WORD_TOKENS.get(name);
  if (type === undefined) throw new Error(`Bug: no word token named ${name}`);
  return type;
}

export const Select = word("Select");
export const Distinct = word("Distinct");
export const From = word("From");
export const Where = word("Where");
export const And = word("And");
export const Order = word("Order");
export const By = word("By");
export const Asc = word("Asc");
export const Desc = word("Desc");
export const Limit = word("Limit");
export const Timespan = word("Timespan");
export const In = word("In");
export const Not = word("Not");
export const Like = word("Like");
export const Or = word("Or");
export const As = word("As");
export const Group = word("Group");
export const Having = word("Having");
export const Between = word("Between");
export const Is = word("Is");
export const Null = word("Null");
export const Join = word("Join");
export const Inner = word("Inner");
export const Left = word("Left");
export const Right = word("Right");
export const Full = word("Full");
export const Outer = word("Outer");
export const Cross = word("Cross");
export const On = word("On");
export const Offset = word("Offset");
export const Top = word("Top");

/**
 * Every token type, in lexer priority order: Chevrotain tries patterns in this order and takes the
 * first match, so longer operators come before their prefixes and well-formed strings before broken ones.
 */
export const ALL_TOKENS: readonly TokenType[] = [
  StringValue,
  ComparisonOperator,
  Stray,
  WhiteSpace,
  UnusualSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  TypographicString,
  UnterminatedString,
  UnopenedString,
  DoubleQuotedString,
  UnpairedQuote,
  NumberWord,
  NumberLiteral,
  Identifier,
  NotEquals,
  SqlNotEquals,
  LessOrEqual,
  GreaterOrEqual,
  DoubleEquals,
  Equals,
  LessThan,
  GreaterThan,
  Comma,
  LParen,
  RParen,
  Semicolon,
  Star,
  Dot,
  ...WORD_TOKENS.values(),
];
