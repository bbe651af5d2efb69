/**
 * The Chevrotain grammar. It builds the AST directly (embedded actions) and accepts a superset of the
 * language: clauses in any order and repeated, SQL constructs the language lacks, and missing parts
 * (every part after a clause keyword is optional here). `validate.ts` then reports what is not the
 * language, with precise messages. Because nearly everything is optional and stray tokens form an
 * `InvalidClause`, Chevrotain's own error recovery (enabled) is a last resort rather than the rule.
 *
 * Rule bodies run once in Chevrotain's "recording phase", where CONSUME and SUBRULE return
 * placeholders: node construction therefore happens inside `ACTION`, which that phase skips.
 *
 * The grammar is one class chain, one concern per file, in the order Chevrotain records the rules:
 * `grammar-base.ts` (lookahead predicates, shared token choices), `grammar-query.ts` (query, SELECT,
 * expressions, FROM, JOIN), `grammar-conditions.ts` (conditions and values), and this file (ORDER BY,
 * LIMIT, TIMESPAN, GROUP BY, and the parser itself, which runs `performSelfAnalysis` once every rule
 * exists). A rule used before the layer that defines it is declared `abstract` in `grammar-query.ts`.
 */

import type { ILookaheadStrategy, IOrAlt, IToken } from "chevrotain";
import type { Mutable } from "../text/mutable.js";
import type * as Ast from "./ast.js";
import { SPELLED_DIRECTION } from "./grammar-base.js";
import { ConditionGrammar } from "./grammar-conditions.js";
import { LOOKAHEAD } from "./lookahead.generated.js";
import { PrecomputedLookahead } from "./lookahead.js";
import { cover, identifier, isDefined, keyword, lastOf, numberLiteral, stringLiteral } from "./nodes.js";
import { ERROR_MESSAGES } from "./recognition.js";
import { tokenSpan } from "./token.js";
import * as T from "./tokens.js";

const spanOf = tokenSpan;

/** Every decision is taken within two tokens (docs/performance.md: `maxLookahead: 2`). */
export const MAX_LOOKAHEAD = 2;

/** The report query grammar; one instance per process (see `parse.ts`). */
export class QueryParser extends ConditionGrammar {
  /**
   * `validate` runs Chevrotain's grammar validations (tests only); `lookahead` replaces the
   * precomputed lookahead (`lookahead.ts`), for the generator that records it.
   */
  constructor(options: { validate?: boolean; lookahead?: ILookaheadStrategy } = {}) {
    super([...T.ALL_TOKENS], {
      recoveryEnabled: true,
      maxLookahead: MAX_LOOKAHEAD,
      errorMessageProvider: ERROR_MESSAGES,
      skipValidations: options.validate !== true,
      lookaheadStrategy:
        options.lookahead ?? new PrecomputedLookahead(LOOKAHEAD, T.ALL_TOKENS, MAX_LOOKAHEAD),
    });
    this.performSelfAnalysis();
  }

  /** Parses the tokens of one query (no `;`) into its clauses. */
  parseQuery(tokens: IToken[]): Ast.Clause[] {
    this.input = tokens;
    this.depth = 0;
    // If recovery fails all the way up, the rule returns `undefined`: an empty query, reported as RQ1101.
    return this.query() ?? [];
  }

  protected readonly orderByClause = this.RULE("orderByClause", (): Ast.OrderByClause => {
    const orderToken = this.CONSUME(T.Order);
    let byToken: IToken | undefined;
    this.OPTION(() => {
      byToken = this.CONSUME(T.By);
    });
    const list = this.commaList(this.orderItem);
    return this.ACTION((): Ast.OrderByClause => {
      const kw = keyword(orderToken, byToken);
      return {
        kind: "OrderByClause",
        span: cover(kw.span, list.end()),
        keyword: kw,
        ...(byToken && { by: keyword(byToken) }),
        items: list.items,
        extraCommas: list.extraCommas,
      };
    });
  });

  protected readonly orderItem = this.RULE("orderItem", (): Ast.OrderItem | undefined => {
    const expression: Ast.Expression | undefined = this.SUBRULE(this.expression);
    let direction: IToken | undefined;
    this.OPTION({
      // `ASCENDING`, `DESCENDING` (spelled out, as some SQL dialects allow) are read as a direction to report.
      GATE: () => !this.is(1, T.Identifier) || SPELLED_DIRECTION.test(this.LA(1).image),
      DEF: () => {
        direction = this.OR(this.direction);
      },
    });
    return this.ACTION((): Ast.OrderItem | undefined => {
      if (expression === undefined) return undefined;
      const dir = direction && keyword(direction);
      const node: Mutable<Ast.OrderItem> = {
        kind: "OrderItem",
        span: cover(expression.span, dir?.span),
        expression,
      };
      if (dir) node.direction = dir;
      return node;
    });
  });

  protected readonly limitClause = this.RULE("limitClause", (): Ast.LimitClause => {
    const limitToken = this.CONSUME(T.Limit);
    let count: IToken | undefined;
    let offsetToken: IToken | undefined;
    let offsetCount: IToken | undefined;
    this.OPTION(() => {
      count = this.CONSUME(T.NumberLiteral);
    });
    this.OPTION2({
      GATE: () => this.is(1, T.Offset) || (this.is(1, T.Comma) && this.is(2, T.NumberLiteral)),
      DEF: () => {
        offsetToken = this.OR(this.offsetSeparator);
        this.OPTION3(() => {
          offsetCount = this.CONSUME2(T.NumberLiteral);
        });
      },
    });
    return this.ACTION((): Ast.LimitClause => {
      const kw = keyword(limitToken);
      const countNode = count && numberLiteral(count);
      const offsetCountNode = offsetCount && numberLiteral(offsetCount);
      const offset = offsetToken && {
        span: cover(spanOf(offsetToken), offsetCountNode?.span),
        ...(offsetCountNode && { count: offsetCountNode }),
      };
      return {
        kind: "LimitClause",
        span: cover(kw.span, offset?.span ?? countNode?.span),
        keyword: kw,
        ...(countNode && { count: countNode }),
        ...(offset && { offset }),
      };
    });
  });

  protected readonly timespanClause = this.RULE("timespanClause", (): Ast.TimespanClause => {
    const timespanToken = this.CONSUME(T.Timespan);
    let value: Ast.TimespanClause["value"];
    this.OPTION({
      GATE: () => !this.atContextualClause(),
      DEF: () => {
        value = this.OR([
          { ALT: () => this.leaf(T.Identifier, identifier) },
          { ALT: () => this.leaf(T.StringValue, stringLiteral) },
          { ALT: () => this.leaf(T.NumberLiteral, numberLiteral) },
        ]);
      },
    });
    return this.ACTION((): Ast.TimespanClause => {
      const kw = keyword(timespanToken);
      const node: Mutable<Ast.TimespanClause> = {
        kind: "TimespanClause",
        span: cover(kw.span, value?.span),
        keyword: kw,
      };
      if (value) node.value = value;
      return node;
    });
  });

  protected readonly groupByClause = this.RULE("groupByClause", (): Ast.GroupByClause => {
    const groupToken = this.CONSUME(T.Group);
    const byToken = this.CONSUME(T.By);
    const items: (Ast.Expression | undefined)[] = [];
    // Built once per list, not once per item.
    const commaOrItem: IOrAlt<unknown>[] = [
      { ALT: () => this.CONSUME(T.Comma) },
      { ALT: () => items.push(this.SUBRULE(this.expression)) },
    ];
    this.MANY({ GATE: () => this.atListContinuation(), DEF: () => this.OR(commaOrItem) });
    return this.ACTION((): Ast.GroupByClause => {
      const kw = keyword(groupToken, byToken);
      const present = items.filter(isDefined);
      return {
        kind: "GroupByClause",
        span: cover(kw.span, lastOf(present)?.span),
        keyword: kw,
        items: present,
      };
    });
  });
}
