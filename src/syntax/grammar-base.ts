/**
 * The base of the grammar: the sub-query depth, the token choices built once, and the lookahead
 * predicates that gates use. The rules are layered on top, in the order Chevrotain records them:
 * `grammar-query.ts` (query, SELECT, expressions, FROM, JOIN), `grammar-conditions.ts` (conditions and
 * values), then `parser.ts` (ORDER BY, LIMIT, TIMESPAN, GROUP BY and the parser class itself).
 */

import {
  EmbeddedActionsParser,
  type IOrAlt,
  type IToken,
  type ParserMethod,
  type TokenType,
  tokenMatcher,
} from "chevrotain";
import type { Span } from "../text/span.js";
import { ListBuilder } from "./nodes.js";
import * as T from "./tokens.js";

/** Sort directions written out in full, which the language lacks. */
export const SPELLED_DIRECTION = /^(asc|desc)ending$/i;

export const JOIN_MODIFIERS: readonly TokenType[] = [T.Inner, T.Left, T.Right, T.Full, T.Cross, T.Outer];

/** Lookahead predicates and shared state of the grammar. */
export abstract class GrammarBase extends EmbeddedActionsParser {
  /** Nesting depth of sub-queries; a `)` at depth 0 is a stray token. */
  protected depth = 0;

  // Token choices used on hot paths, built once (an inline list is allocated on every call).
  protected readonly nameWord = this.tokenChoice(T.Identifier, T.NumberWord);
  protected readonly connector = this.tokenChoice(T.And, T.Or);
  protected readonly inOrLike = this.tokenChoice(T.In, T.Like);
  protected readonly direction: IOrAlt<IToken>[] = [
    ...this.tokenChoice(T.Asc, T.Desc),
    { GATE: () => SPELLED_DIRECTION.test(this.LA(1).image), ALT: () => this.CONSUME(T.Identifier) },
  ];
  protected readonly offsetSeparator = this.tokenChoice(T.Offset, T.Comma);

  /** Alternatives that each consume one token of these types. */
  protected tokenChoice(...types: TokenType[]): IOrAlt<IToken>[] {
    return types.map((type) => ({ ALT: () => this.CONSUME(type) }));
  }

  /**
   * Consumes one token and builds its node. Uses the indexed `consume` (occurrence 0): callers must not
   * consume the same token type again in the same rule without a higher index.
   */
  protected leaf<N>(type: TokenType, build: (token: IToken) => N): N {
    const token = this.consume(0, type);
    return this.ACTION(() => build(token));
  }

  /**
   * A comma-separated list of `item`s (the select list, the ORDER BY list), read leniently: commas and
   * items in any order, so that a missing or doubled comma is reported by validation rather than
   * stopping the parse. Uses `MANY` and `OR` occurrence 0: a rule calls it at most once and uses
   * neither itself.
   */
  protected commaList<Item extends { comma?: Span; span: Span }>(
    item: ParserMethod<[], Item | undefined>,
  ): ListBuilder<Item> {
    const list = new ListBuilder<Item>();
    // Built once per list, not once per item.
    const commaOrItem: IOrAlt<void>[] = [
      { ALT: () => list.addComma(this.CONSUME(T.Comma)) },
      { ALT: () => list.addItem(this.SUBRULE(item)) },
    ];
    this.MANY({ GATE: () => this.atListContinuation(), DEF: () => this.OR(commaOrItem) });
    return list;
  }

  protected is(offset: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(offset), type);
  }

  /** A SQL clause that starts with a contextual word: `GROUP BY`, `HAVING`, `[INNER|LEFT...] JOIN`. */
  protected atContextualClause(): boolean {
    const type = this.LA(1).tokenType;
    if (type === T.Group) return this.is(2, T.By);
    if (type === T.Having || type === T.Join) return true;
    if (JOIN_MODIFIERS.includes(type))
      return this.is(2, T.Join) || (this.is(2, T.Outer) && this.is(3, T.Join));
    return false;
  }

  /** Whether the next token can start an item of a select or ORDER BY list. */
  protected atExpressionStart(): boolean {
    const next = this.LA(1);
    if (tokenMatcher(next, T.LParen)) return this.is(2, T.Select);
    return (
      (tokenMatcher(next, T.Identifier) ||
        tokenMatcher(next, T.NumberWord) ||
        tokenMatcher(next, T.Star) ||
        tokenMatcher(next, T.NumberLiteral) ||
        tokenMatcher(next, T.StringValue)) &&
      !this.atContextualClause()
    );
  }

  protected atListContinuation(): boolean {
    return this.is(1, T.Comma) || this.atExpressionStart();
  }

  protected atDatasetStart(offset = 1): boolean {
    return (
      this.is(offset, T.Identifier) ||
      this.is(offset, T.DoubleQuotedString) ||
      (this.is(offset, T.LParen) && this.is(offset + 1, T.Select))
    );
  }

  protected atConditionStart(): boolean {
    if (this.is(1, T.Not) || this.is(1, T.LParen)) return true;
    return this.atExpressionStart();
  }

  protected atValueStart(): boolean {
    return (
      this.is(1, T.NumberLiteral) ||
      this.is(1, T.StringValue) ||
      this.is(1, T.LParen) ||
      ((this.is(1, T.Identifier) || this.is(1, T.NumberWord)) && !this.atContextualClause())
    );
  }
}
