/**
 * The AST node builders the grammar's actions call: leaves from tokens, lists with their commas,
 * operators, qualified names and the query node. Kept apart from the grammar (`parser.ts`) so each
 * reads on its own; they run once per token or node, so they follow the performance rules below.
 */
import type { IToken, TokenType } from "chevrotain";
import { tokenMatcher } from "chevrotain";
import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { CONTEXTUAL_WORDS, RESERVED_WORDS } from "./language.js";
import { unescapeMarkdown } from "./lexer.js";
import { tokenSpan } from "./token.js";
import * as T from "./tokens.js";

const spanOf = tokenSpan;

export function cover(first: Span, last: Span | undefined): Span {
  return last === undefined || last.end < first.end ? first : { start: first.start, end: last.end };
}

/** The upper-case text of each keyword's token type, so keyword nodes need no case conversion. */
const KEYWORD_TEXT: ReadonlyMap<TokenType, string> = new Map(
  [...RESERVED_WORDS, ...CONTEXTUAL_WORDS].map((w) => [T.WORD_TOKENS.get(w.tokenName) as TokenType, w.text]),
);

function upper(token: IToken): string {
  return KEYWORD_TEXT.get(token.tokenType) ?? token.image.toUpperCase();
}

export function keyword(first: IToken, last?: IToken): Ast.Keyword {
  const text = last === undefined ? upper(first) : `${upper(first)} ${upper(last)}`;
  return { kind: "Keyword", span: cover(spanOf(first), last && spanOf(last)), text };
}

export function identifier(token: IToken): Ast.Identifier {
  if (token.tokenType === T.DoubleQuotedString) {
    const quoted = nameQuote(token.image);
    return { kind: "Identifier", span: spanOf(token), name: token.image.slice(1, -1), quoted };
  }
  return { kind: "Identifier", span: spanOf(token), name: unescapeMarkdown(token.image) };
}

/** Which quotes a `DoubleQuotedString` token has: the lexer also makes one of `[Name]` and `` `Name` ``. */
function nameQuote(image: string): Ast.NameQuote {
  const first = image.charAt(0);
  return first === "[" ? "bracket" : first === "`" ? "backtick" : "double";
}

export function numberLiteral(token: IToken): Ast.NumberLiteral {
  return { kind: "NumberLiteral", span: spanOf(token), value: Number(token.image), raw: token.image };
}

export function stringLiteral(token: IToken): Ast.StringLiteral {
  const type = token.tokenType;
  const image = token.image;
  if (type === T.UnterminatedString)
    return { kind: "StringLiteral", span: spanOf(token), value: image.slice(1), quote: "unterminated" };
  if (type === T.UnopenedString)
    return { kind: "StringLiteral", span: spanOf(token), value: image.slice(0, -1), quote: "unopened" };
  const quote: Ast.QuoteStyle =
    type === T.TypographicString ? "typographic" : type === T.DoubleQuotedString ? nameQuote(image) : "ascii";
  // A doubled quote is SQL's escape for one quote (reported by the lexer, RQ1012).
  const inner = image.slice(1, -1);
  const value = type === T.StringLiteral && inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  return { kind: "StringLiteral", span: spanOf(token), value, quote };
}

/** Pairs list items with the commas that follow them; a comma with no item before it is "extra". */
export class ListBuilder<Item extends { comma?: Span; span: Span }> {
  readonly items: Mutable<Item>[] = [];
  readonly extraCommas: Span[] = [];
  private lastWasItem = false;

  addItem(item: Item | undefined): void {
    // A rule the parser recovered from returns `undefined`: the item is simply absent.
    if (item === undefined) return;
    this.items.push(item as Mutable<Item>);
    this.lastWasItem = true;
  }

  addComma(token: IToken): void {
    const last = lastOf(this.items);
    if (this.lastWasItem && last !== undefined) {
      last.comma = spanOf(token);
      last.span = cover(last.span, last.comma);
    } else this.extraCommas.push(spanOf(token));
    this.lastWasItem = false;
  }

  /** Where the list ends: its last item or a later stray comma; `before` (what precedes it) when empty. */
  end(before?: Span): Span | undefined {
    const last = lastOf(this.items)?.span ?? before;
    const lastComma = lastOf(this.extraCommas);
    return lastComma !== undefined && (last === undefined || lastComma.end > last.end) ? lastComma : last;
  }
}

/**
 * The last item of a list, or `undefined` when it is empty. `list[list.length - 1]` on an empty list
 * is not a cheap miss in V8: index -1 is looked up as a property name along the prototype chain (about
 * 50 ns), and the AST builders ask for the last item of lists that are nearly always empty (extra
 * commas, pieces glued to a value), several times per query.
 *
 * The nodes built for every item and condition are built as `Mutable` objects whose optional fields
 * are set when present, not spread in: `...(x && { x })` builds and copies an object per field, about
 * three times the cost of an assignment. Fields are set in the order the spread wrote them (the tree
 * printer of the goldens shows them in that order).
 */
export function lastOf<T>(items: readonly T[]): T | undefined {
  return items.length > 0 ? items[items.length - 1] : undefined;
}

/** `a.b`, `a.*`, or a name with a trailing dot (`a.`): qualifiers, then the last part if there is one. */
export function qualifiedName(
  parts: readonly IToken[],
  star: IToken | undefined,
  lastDot: IToken,
): Ast.QualifiedName {
  const lastPart = parts[parts.length - 1] as IToken;
  const nameIsLastPart = star === undefined && parts.length > 1 && lastPart.startOffset > lastDot.startOffset;
  const ids = parts.map(identifier);
  const name: Ast.Identifier | Ast.Star | undefined = star
    ? { kind: "Star", span: spanOf(star) }
    : nameIsLastPart
      ? ids[ids.length - 1]
      : undefined;
  const qualifiers = nameIsLastPart ? ids.slice(0, -1) : ids;
  const end = name?.span ?? spanOf(lastDot);
  return {
    kind: "QualifiedName",
    span: cover(spanOf(parts[0] as IToken), end),
    qualifiers,
    ...(name && { name }),
  };
}

export const EMPTY_CONDITIONS: Ast.ConditionList = { conditions: [], connectors: [] };

export function isDefined<V>(value: V | undefined): value is V {
  return value !== undefined;
}

export function listEnd(list: Ast.ConditionList): Span | undefined {
  const lastCondition = lastOf(list.conditions)?.span;
  const lastConnector = lastOf(list.connectors)?.span;
  if (lastCondition === undefined) return lastConnector;
  if (lastConnector === undefined) return lastCondition;
  return lastConnector.end > lastCondition.end ? lastConnector : lastCondition;
}

const NEGATED: Readonly<Record<string, string>> = {
  IN: "NOT IN",
  LIKE: "NOT LIKE",
  BETWEEN: "NOT BETWEEN",
};

/** The canonical spelling of a comparison operator token (`<>` is `!=`, `==` is `=`). */
function comparison(token: IToken): string {
  return token.tokenType === T.SqlNotEquals ? "!=" : token.tokenType === T.DoubleEquals ? "=" : token.image;
}

export function buildOperator(tokens: IToken[]): Ast.Operator {
  const first = tokens[0] as IToken;
  // The common case, one token (`=`, `LIKE`, `IN`), builds no lists of words.
  if (tokens.length === 1) {
    const op = tokenMatcher(first, T.ComparisonOperator) ? comparison(first) : first.image.toUpperCase();
    return { kind: "Operator", span: spanOf(first), op, raw: first.image };
  }
  const last = tokens[tokens.length - 1] as IToken;
  const raw = tokens.map((t) => t.image).join(" ");
  const words = tokens.map((t) => t.image.toUpperCase());
  let op: string;
  if (tokenMatcher(first, T.ComparisonOperator)) op = comparison(first);
  else if (words[0] === "NOT") {
    const second = tokens[1];
    op =
      second !== undefined && tokenMatcher(second, T.ComparisonOperator)
        ? `NOT ${comparison(second)}`
        : (NEGATED[words[1] ?? ""] ?? "NOT");
  } else if (words[0] === "IS")
    op = words.length === 3 ? "IS NOT NULL" : words[1] === "NULL" ? "IS NULL" : words.join(" ");
  else op = words.join(" ");
  return { kind: "Operator", span: cover(spanOf(first), spanOf(last)), op, raw };
}

/** Builds a query node from its clauses; the named fields point at the first clause of each kind. */
export function buildQuery(clauses: readonly Ast.Clause[], span: Span, terminator?: Span): Ast.Query {
  const first = <K extends Ast.Clause["kind"]>(kind: K) =>
    clauses.find((c): c is Extract<Ast.Clause, { kind: K }> => c.kind === kind);
  const select = first("SelectClause");
  const from = first("FromClause");
  const where = first("WhereClause");
  const orderBy = first("OrderByClause");
  const limit = first("LimitClause");
  const timespan = first("TimespanClause");
  const query: Mutable<Ast.Query> = { kind: "Query", span, clauses };
  if (select) query.select = select;
  if (from) query.from = from;
  if (where) query.where = where;
  if (orderBy) query.orderBy = orderBy;
  if (limit) query.limit = limit;
  if (timespan) query.timespan = timespan;
  if (terminator) query.terminator = terminator;
  return query;
}
