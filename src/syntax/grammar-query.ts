/**
 * The grammar of a query and its clause dispatch, `SELECT` (with `DISTINCT`, `TOP`, aliases), the
 * expressions that stand where a name belongs (names, calls, qualified names, sub-queries), `FROM`
 * and `JOIN`. Rules defined in later layers are declared abstract here.
 */

import type { IToken, OrMethodOpts, ParserMethod } from "chevrotain";
import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { GrammarBase, JOIN_MODIFIERS } from "./grammar-base.js";
import {
  buildQuery,
  cover,
  identifier,
  isDefined,
  keyword,
  lastOf,
  numberLiteral,
  qualifiedName,
  stringLiteral,
} from "./nodes.js";
import { tokenSpan } from "./token.js";
import * as T from "./tokens.js";

const spanOf = tokenSpan;

/** The query, SELECT, expressions, FROM and JOIN. */
export abstract class QueryGrammar extends GrammarBase {
  protected abstract readonly whereClause: ParserMethod<[], Ast.WhereClause>;
  protected abstract readonly havingClause: ParserMethod<[], Ast.HavingClause>;
  protected abstract readonly conditionList: ParserMethod<[], Ast.ConditionList>;
  protected abstract readonly orderByClause: ParserMethod<[], Ast.OrderByClause>;
  protected abstract readonly limitClause: ParserMethod<[], Ast.LimitClause>;
  protected abstract readonly timespanClause: ParserMethod<[], Ast.TimespanClause>;
  protected abstract readonly groupByClause: ParserMethod<[], Ast.GroupByClause>;

  protected readonly query = this.RULE("query", (): Ast.Clause[] => {
    const clauses: (Ast.Clause | undefined)[] = [];
    this.MANY({
      // Inside a sub-query, `)` ends the query; the MANY's lookahead alone would enter on it.
      GATE: () => this.depth === 0 || !this.is(1, T.RParen),
      DEF: () => {
        clauses.push(this.SUBRULE(this.clause));
      },
    });
    return this.ACTION(() => clauses.filter(isDefined)) as Ast.Clause[];
  });

  /**
   * The alternatives of `clause`, built once: an inline list would be allocated on every call.
   * No alternative here has a GATE: Chevrotain's two-token lookahead decides them all (`GROUP BY`,
   * `LEFT JOIN`), and an OR with any gate takes a slower path that re-reads every predicate per call.
   */
  protected readonly clauseAlternatives: OrMethodOpts<Ast.Clause> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.selectClause) },
      { ALT: () => this.SUBRULE(this.fromClause) },
      { ALT: () => this.SUBRULE(this.whereClause) },
      { ALT: () => this.SUBRULE(this.orderByClause) },
      { ALT: () => this.SUBRULE(this.limitClause) },
      { ALT: () => this.SUBRULE(this.timespanClause) },
      { ALT: () => this.SUBRULE(this.groupByClause) },
      { ALT: () => this.SUBRULE(this.havingClause) },
      { ALT: () => this.SUBRULE(this.joinClause) },
      { ALT: () => this.SUBRULE(this.invalidClause) },
      {
        // A `)` at the top level; inside a sub-query the MANY of `query` stops before it.
        ALT: () => {
          const paren = this.CONSUME(T.RParen);
          return this.ACTION(
            (): Ast.InvalidClause => ({
              kind: "InvalidClause",
              span: spanOf(paren),
              tokens: [spanOf(paren)],
            }),
          );
        },
      },
    ],
  };

  protected readonly clause = this.RULE("clause", (): Ast.Clause => {
    return this.OR(this.clauseAlternatives);
  });

  protected readonly invalidClause = this.RULE("invalidClause", (): Ast.InvalidClause => {
    const tokens: IToken[] = [this.CONSUME(T.Stray)];
    this.MANY({ GATE: () => !this.atContextualClause(), DEF: () => tokens.push(this.CONSUME2(T.Stray)) });
    return this.ACTION(() => {
      const spans = tokens.map(spanOf);
      return { kind: "InvalidClause", span: cover(spans[0] as Span, spans[spans.length - 1]), tokens: spans };
    });
  });

  protected readonly selectClause = this.RULE("selectClause", (): Ast.SelectClause => {
    const selectToken = this.CONSUME(T.Select);
    let distinct: IToken | undefined;
    let top: { keyword: IToken; count: IToken } | undefined;
    this.OPTION(() => {
      distinct = this.CONSUME(T.Distinct);
    });
    this.OPTION2({
      GATE: () => this.is(1, T.Top) && this.is(2, T.NumberLiteral),
      DEF: () => {
        top = { keyword: this.CONSUME(T.Top), count: this.CONSUME(T.NumberLiteral) };
      },
    });
    const list = this.commaList(this.selectItem);
    return this.ACTION((): Ast.SelectClause => {
      const kw = keyword(selectToken);
      const distinctKw = distinct && keyword(distinct);
      const topNode = top && {
        keyword: keyword(top.keyword),
        count: numberLiteral(top.count),
        span: cover(spanOf(top.keyword), spanOf(top.count)),
      };
      return {
        kind: "SelectClause",
        span: cover(kw.span, list.end(topNode?.span ?? distinctKw?.span)),
        keyword: kw,
        ...(distinctKw && { distinct: distinctKw }),
        ...(topNode && { top: topNode }),
        items: list.items,
        extraCommas: list.extraCommas,
      };
    });
  });

  protected readonly selectItem = this.RULE("selectItem", (): Ast.SelectItem | undefined => {
    const expression: Ast.Expression | undefined = this.SUBRULE(this.expression);
    let alias: Ast.Alias | undefined;
    this.OPTION({
      GATE: () => this.is(1, T.As),
      DEF: () => {
        alias = this.SUBRULE(this.alias);
      },
    });
    return this.ACTION((): Ast.SelectItem | undefined => {
      if (expression === undefined) return undefined;
      const node: Mutable<Ast.SelectItem> = {
        kind: "SelectItem",
        span: cover(expression.span, alias?.span),
        expression,
      };
      if (alias) node.alias = alias;
      return node;
    });
  });

  protected readonly alias = this.RULE("alias", (): Ast.Alias | undefined => {
    let as: IToken | undefined;
    let name: IToken | undefined;
    this.OPTION(() => {
      as = this.CONSUME(T.As);
    });
    this.OPTION2({
      GATE: () => this.is(1, T.Identifier) && !this.atContextualClause(),
      DEF: () => {
        name = this.CONSUME(T.Identifier);
      },
    });
    return this.ACTION((): Ast.Alias | undefined => {
      const asKw = as && keyword(as);
      const id = name && identifier(name);
      const first = asKw?.span ?? id?.span;
      if (first === undefined) return undefined;
      return {
        kind: "Alias",
        span: cover(first, id?.span),
        ...(asKw && { as: asKw }),
        ...(id && { name: id }),
      };
    });
  });

  /**
   * The alternatives of `expression` (a name-like thing: column, `*`, function call, qualified name,
   * literal or sub-query), built once: an inline list would be allocated on every call.
   */
  protected readonly expressionAlternatives: OrMethodOpts<Ast.Expression> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          const star = this.CONSUME(T.Star);
          return this.ACTION((): Ast.Star => ({ kind: "Star", span: spanOf(star) }));
        },
      },
      { ALT: () => this.leaf(T.DoubleQuotedString, identifier) },
      { ALT: () => this.leaf(T.NumberLiteral, numberLiteral) },
      { ALT: () => this.leaf(T.StringValue, stringLiteral) },
      // No GATE for `( SELECT`: every caller enters an expression at `(` only when `SELECT` follows
      // (`atExpressionStart`, the condition alternatives, the gate in `callArguments`), and a gate-free
      // OR whose alternatives each start with their own token is decided by one table lookup.
      { ALT: () => this.SUBRULE(this.subquery) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
    ],
  };

  protected readonly expression = this.RULE("expression", (): Ast.Expression => {
    return this.OR(this.expressionAlternatives);
  });

  protected readonly nameOrCall = this.RULE(
    "nameOrCall",
    (): Ast.Identifier | Ast.FunctionCall | Ast.QualifiedName => {
      const first = this.OR(this.nameWord);
      // An OPTION rather than an empty third alternative: Chevrotain's lookahead analysis skips empty
      // alternatives, which would hide the plain-name path from every decision that precedes it.
      let result: Ast.Identifier | Ast.FunctionCall | Ast.QualifiedName | undefined;
      this.OPTION(() => {
        result = this.OR2([
          {
            GATE: () => this.is(1, T.LParen),
            ALT: () => this.SUBRULE(this.callArguments, { ARGS: [first] }),
          },
          {
            GATE: () => this.is(1, T.Dot),
            ALT: () => {
              const parts: IToken[] = [first];
              let star: IToken | undefined;
              let lastDot: IToken | undefined;
              this.AT_LEAST_ONE(() => {
                lastDot = this.CONSUME(T.Dot);
                this.OPTION2(() => {
                  this.OR3([
                    { ALT: () => parts.push(this.CONSUME2(T.Identifier)) },
                    {
                      ALT: () => {
                        star = this.CONSUME(T.Star);
                      },
                    },
                  ]);
                });
              });
              return this.ACTION(() => qualifiedName(parts, star, lastDot as IToken));
            },
          },
        ]);
      });
      return this.ACTION(() => result ?? identifier(first)) as
        | Ast.Identifier
        | Ast.FunctionCall
        | Ast.QualifiedName;
    },
  );

  protected readonly callArguments = this.RULE("callArguments", (name: IToken): Ast.FunctionCall => {
    const open = this.CONSUME(T.LParen);
    const args: (Ast.Expression | undefined)[] = [];
    let close: IToken | undefined;
    this.OPTION(() => this.CONSUME(T.Distinct));
    this.OPTION2({
      GATE: () => this.atExpressionStart(),
      DEF: () => args.push(this.SUBRULE(this.expression) as Ast.Expression | undefined),
    });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION3({
        // A `(` starts an argument only as a sub-query (see `expressionAlternatives`).
        GATE: () => !this.is(1, T.LParen) || this.is(2, T.Select),
        DEF: () => args.push(this.SUBRULE2(this.expression) as Ast.Expression | undefined),
      });
    });
    this.OPTION4(() => {
      close = this.CONSUME(T.RParen);
    });
    return this.ACTION((): Ast.FunctionCall => {
      const present = args.filter(isDefined);
      const lastArg = lastOf(present);
      const end = close ? spanOf(close) : lastArg?.span;
      return {
        kind: "FunctionCall",
        // Unclosed and empty (`SUM(`): the call ends at its `(`, wherever that stands (`SUM --c\n (`).
        span: cover(spanOf(name), end ?? spanOf(open)),
        name: identifier(name),
        args: present,
        closed: close !== undefined,
      };
    });
  });

  protected readonly subquery = this.RULE("subquery", (): Ast.Subquery => {
    const open = this.CONSUME(T.LParen);
    this.ACTION(() => this.depth++);
    const clauses: Ast.Clause[] | undefined = this.SUBRULE(this.query);
    this.ACTION(() => this.depth--);
    let close: IToken | undefined;
    this.OPTION(() => {
      close = this.CONSUME(T.RParen);
    });
    return this.ACTION((): Ast.Subquery => {
      const lastClause = clauses && lastOf(clauses);
      const inner = buildQuery(clauses ?? [], cover(spanOf(open), lastClause?.span));
      return {
        kind: "Subquery",
        span: cover(spanOf(open), close ? spanOf(close) : lastClause?.span),
        query: inner,
        closed: close !== undefined,
      };
    });
  });

  protected readonly fromClause = this.RULE("fromClause", (): Ast.FromClause => {
    const fromToken = this.CONSUME(T.From);
    let dataset: Ast.FromClause["dataset"];
    const extra: (NonNullable<Ast.FromClause["dataset"]> | undefined)[] = [];
    let alias: Ast.Alias | undefined;
    this.OPTION({
      GATE: () => this.atDatasetStart(),
      DEF: () => {
        dataset = this.SUBRULE(this.datasetRef);
      },
    });
    this.MANY({
      GATE: () => this.is(1, T.Comma) && this.atDatasetStart(2),
      DEF: () => {
        this.CONSUME(T.Comma);
        extra.push(this.SUBRULE2(this.datasetRef));
      },
    });
    this.OPTION2({
      GATE: () =>
        dataset !== undefined &&
        (this.is(1, T.As) || (this.is(1, T.Identifier) && !this.atContextualClause())),
      DEF: () => {
        alias = this.SUBRULE(this.alias);
      },
    });
    return this.ACTION((): Ast.FromClause => {
      const kw = keyword(fromToken);
      const extraDatasets = extra.filter(isDefined);
      const last = alias?.span ?? lastOf(extraDatasets)?.span ?? dataset?.span;
      return {
        kind: "FromClause",
        span: cover(kw.span, last),
        keyword: kw,
        ...(dataset && { dataset }),
        extraDatasets,
        ...(alias && { alias }),
      };
    });
  });

  /** The alternatives of `datasetRef`, built once: an inline list would be allocated on every call. */
  protected readonly datasetRefAlternatives: OrMethodOpts<NonNullable<Ast.FromClause["dataset"]>> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      // No GATE: `datasetRef` is entered at `(` only before `SELECT` (`atDatasetStart`).
      { ALT: () => this.SUBRULE(this.subquery) },
      { ALT: () => this.leaf(T.DoubleQuotedString, identifier) },
      {
        ALT: () => {
          const parts: IToken[] = [this.CONSUME(T.Identifier)];
          this.MANY({
            GATE: () => this.is(2, T.Identifier),
            DEF: () => {
              this.CONSUME(T.Dot);
              parts.push(this.CONSUME2(T.Identifier));
            },
          });
          return this.ACTION((): Ast.Identifier | Ast.QualifiedName => {
            const ids = parts.map(identifier);
            const last = ids[ids.length - 1] as Ast.Identifier;
            if (ids.length === 1) return last;
            return {
              kind: "QualifiedName",
              span: cover((ids[0] as Ast.Identifier).span, last.span),
              qualifiers: ids.slice(0, -1),
              name: last,
            };
          });
        },
      },
    ],
  };

  protected readonly datasetRef = this.RULE("datasetRef", (): NonNullable<Ast.FromClause["dataset"]> => {
    return this.OR(this.datasetRefAlternatives);
  });

  protected readonly joinClause = this.RULE("joinClause", (): Ast.JoinClause => {
    const first: IToken[] = [];
    this.MANY(() => {
      first.push(this.OR(JOIN_MODIFIERS.map((type) => ({ ALT: () => this.CONSUME(type) }))));
    });
    const join = this.CONSUME(T.Join);
    let dataset: Ast.JoinClause["dataset"];
    let on: Ast.ConditionList | undefined;
    this.OPTION({ GATE: () => this.atDatasetStart(), DEF: () => (dataset = this.SUBRULE(this.datasetRef)) });
    this.OPTION2({
      GATE: () => this.is(1, T.Identifier) && !this.is(1, T.On) && !this.atContextualClause(),
      DEF: () => this.SUBRULE(this.alias),
    });
    let onToken: IToken | undefined;
    this.OPTION3(() => {
      onToken = this.CONSUME(T.On);
      on = this.SUBRULE(this.conditionList);
    });
    return this.ACTION((): Ast.JoinClause => {
      const kw = keyword(first[0] ?? join, first.length > 0 ? join : undefined);
      const lastCondition = on && lastOf(on.conditions);
      const last = lastCondition?.span ?? (onToken && spanOf(onToken)) ?? dataset?.span;
      return {
        kind: "JoinClause",
        span: cover(kw.span, last),
        keyword: kw,
        ...(dataset && { dataset }),
        ...(on && { on }),
      };
    });
  });
}
