/**
 * The Chevrotain grammar. It builds the AST directly (embedded actions) and accepts a superset of the
 * language: clauses in any order and repeated, SQL constructs the language lacks, and missing parts
 * (every part after a clause keyword is optional here). `validate.ts` then reports what is not the
 * language, with precise messages. Because nearly everything is optional and stray tokens form an
 * `InvalidClause`, Chevrotain's own error recovery (enabled) is a last resort rather than the rule.
 *
 * Rule bodies run once in Chevrotain's "recording phase", where CONSUME and SUBRULE return
 * placeholders: node construction therefore happens inside `ACTION`, which that phase skips.
 */
import {
  EmbeddedActionsParser,
  type IOrAlt,
  type IToken,
  type OrMethodOpts,
  type TokenType,
  tokenMatcher,
} from "chevrotain";
import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import {
  buildOperator,
  buildQuery,
  cover,
  EMPTY_CONDITIONS,
  identifier,
  isDefined,
  keyword,
  ListBuilder,
  lastOf,
  listEnd,
  numberLiteral,
  qualifiedName,
  stringLiteral,
} from "./nodes.js";
import { ERROR_MESSAGES } from "./recognition.js";
import { tokenSpan } from "./token.js";
import * as T from "./tokens.js";

/** Sort directions written out in full, which the language lacks. */
const SPELLED_DIRECTION = /^(asc|desc)ending$/i;

const JOIN_MODIFIERS: readonly TokenType[] = [T.Inner, T.Left, T.Right, T.Full, T.Cross, T.Outer];

const spanOf = tokenSpan;

/** The report query grammar; one instance per process (see `parse.ts`). */
export class QueryParser extends EmbeddedActionsParser {
  /** Nesting depth of sub-queries; a `)` at depth 0 is a stray token. */
  private depth = 0;

  constructor(options: { validate?: boolean } = {}) {
    super([...T.ALL_TOKENS], {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: ERROR_MESSAGES,
      skipValidations: options.validate !== true,
    });
    this.performSelfAnalysis();
  }

  // Token choices used on hot paths, built once (an inline list is allocated on every call).
  private readonly nameWord = this.tokenChoice(T.Identifier, T.NumberWord);
  private readonly connector = this.tokenChoice(T.And, T.Or);
  private readonly inOrLike = this.tokenChoice(T.In, T.Like);
  private readonly direction: IOrAlt<IToken>[] = [
    ...this.tokenChoice(T.Asc, T.Desc),
    { GATE: () => SPELLED_DIRECTION.test(this.LA(1).image), ALT: () => this.CONSUME(T.Identifier) },
  ];
  private readonly offsetSeparator = this.tokenChoice(T.Offset, T.Comma);

  /** Alternatives that each consume one token of these types. */
  private tokenChoice(...types: TokenType[]): IOrAlt<IToken>[] {
    return types.map((type) => ({ ALT: () => this.CONSUME(type) }));
  }

  /** Parses the tokens of one query (no `;`) into its clauses. */
  parseQuery(tokens: IToken[]): Ast.Clause[] {
    this.input = tokens;
    this.depth = 0;
    // If recovery fails all the way up, the rule returns `undefined`: an empty query, reported as RQ1101.
    return this.query() ?? [];
  }

  /**
   * Consumes one token and builds its node. Uses the indexed `consume` (occurrence 0): callers must not
   * consume the same token type again in the same rule without a higher index.
   */
  private leaf<N>(type: TokenType, build: (token: IToken) => N): N {
    const token = this.consume(0, type);
    return this.ACTION(() => build(token));
  }

  private is(offset: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(offset), type);
  }

  /** A SQL clause that starts with a contextual word: `GROUP BY`, `HAVING`, `[INNER|LEFT...] JOIN`. */
  private atContextualClause(): boolean {
    const type = this.LA(1).tokenType;
    if (type === T.Group) return this.is(2, T.By);
    if (type === T.Having || type === T.Join) return true;
    if (JOIN_MODIFIERS.includes(type))
      return this.is(2, T.Join) || (this.is(2, T.Outer) && this.is(3, T.Join));
    return false;
  }

  /** Whether the next token can start an item of a select or ORDER BY list. */
  private atExpressionStart(): boolean {
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

  private atListContinuation(): boolean {
    return this.is(1, T.Comma) || this.atExpressionStart();
  }

  private atDatasetStart(offset = 1): boolean {
    return (
      this.is(offset, T.Identifier) ||
      this.is(offset, T.DoubleQuotedString) ||
      (this.is(offset, T.LParen) && this.is(offset + 1, T.Select))
    );
  }

  private atConditionStart(): boolean {
    if (this.is(1, T.Not) || this.is(1, T.LParen)) return true;
    return this.atExpressionStart();
  }

  private atValueStart(): boolean {
    return (
      this.is(1, T.NumberLiteral) ||
      this.is(1, T.StringValue) ||
      this.is(1, T.LParen) ||
      ((this.is(1, T.Identifier) || this.is(1, T.NumberWord)) && !this.atContextualClause())
    );
  }

  private readonly query = this.RULE("query", (): Ast.Clause[] => {
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
  private readonly clauseAlternatives: OrMethodOpts<Ast.Clause> = {
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

  private readonly clause = this.RULE("clause", (): Ast.Clause => {
    return this.OR(this.clauseAlternatives);
  });

  private readonly invalidClause = this.RULE("invalidClause", (): Ast.InvalidClause => {
    const tokens: IToken[] = [this.CONSUME(T.Stray)];
    this.MANY({ GATE: () => !this.atContextualClause(), DEF: () => tokens.push(this.CONSUME2(T.Stray)) });
    return this.ACTION(() => {
      const spans = tokens.map(spanOf);
      return { kind: "InvalidClause", span: cover(spans[0] as Span, spans[spans.length - 1]), tokens: spans };
    });
  });

  private readonly selectClause = this.RULE("selectClause", (): Ast.SelectClause => {
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
    const list = new ListBuilder<Ast.SelectItem>();
    // Built once per list, not once per item.
    const commaOrItem: IOrAlt<void>[] = [
      { ALT: () => list.addComma(this.CONSUME(T.Comma)) },
      { ALT: () => list.addItem(this.SUBRULE(this.selectItem)) },
    ];
    this.MANY({ GATE: () => this.atListContinuation(), DEF: () => this.OR(commaOrItem) });
    return this.ACTION((): Ast.SelectClause => {
      const kw = keyword(selectToken);
      const distinctKw = distinct && keyword(distinct);
      const topNode = top && {
        keyword: keyword(top.keyword),
        count: numberLiteral(top.count),
        span: cover(spanOf(top.keyword), spanOf(top.count)),
      };
      const last = lastOf(list.items)?.span ?? topNode?.span ?? distinctKw?.span;
      const lastComma = lastOf(list.extraCommas);
      const end =
        lastComma !== undefined && (last === undefined || lastComma.end > last.end) ? lastComma : last;
      return {
        kind: "SelectClause",
        span: cover(kw.span, end),
        keyword: kw,
        ...(distinctKw && { distinct: distinctKw }),
        ...(topNode && { top: topNode }),
        items: list.items,
        extraCommas: list.extraCommas,
      };
    });
  });

  private readonly selectItem = this.RULE("selectItem", (): Ast.SelectItem | undefined => {
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

  private readonly alias = this.RULE("alias", (): Ast.Alias | undefined => {
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
  private readonly expressionAlternatives: OrMethodOpts<Ast.Expression> = {
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

  private readonly expression = this.RULE("expression", (): Ast.Expression => {
    return this.OR(this.expressionAlternatives);
  });

  private readonly nameOrCall = this.RULE(
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

  private readonly callArguments = this.RULE("callArguments", (name: IToken): Ast.FunctionCall => {
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

  private readonly subquery = this.RULE("subquery", (): Ast.Subquery => {
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

  private readonly fromClause = this.RULE("fromClause", (): Ast.FromClause => {
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
  private readonly datasetRefAlternatives: OrMethodOpts<NonNullable<Ast.FromClause["dataset"]>> = {
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

  private readonly datasetRef = this.RULE("datasetRef", (): NonNullable<Ast.FromClause["dataset"]> => {
    return this.OR(this.datasetRefAlternatives);
  });

  private readonly joinClause = this.RULE("joinClause", (): Ast.JoinClause => {
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

  private readonly whereClause = this.RULE("whereClause", (): Ast.WhereClause => {
    const whereToken = this.CONSUME(T.Where);
    const list: Ast.ConditionList = this.SUBRULE(this.conditionList) ?? EMPTY_CONDITIONS;
    return this.ACTION((): Ast.WhereClause => {
      const kw = keyword(whereToken);
      return { kind: "WhereClause", span: cover(kw.span, listEnd(list)), keyword: kw, ...list };
    });
  });

  private readonly havingClause = this.RULE("havingClause", (): Ast.HavingClause => {
    const havingToken = this.CONSUME(T.Having);
    const list: Ast.ConditionList = this.SUBRULE(this.conditionList) ?? EMPTY_CONDITIONS;
    return this.ACTION((): Ast.HavingClause => {
      const kw = keyword(havingToken);
      return { kind: "HavingClause", span: cover(kw.span, listEnd(list)), keyword: kw, ...list };
    });
  });

  private readonly conditionList = this.RULE("conditionList", (): Ast.ConditionList => {
    const conditions: (Ast.Condition | undefined)[] = [];
    const connectors: IToken[] = [];
    this.OPTION({
      GATE: () => this.atConditionStart(),
      DEF: () => conditions.push(this.SUBRULE(this.condition)),
    });
    this.MANY(() => {
      connectors.push(this.OR(this.connector));
      this.OPTION2({
        GATE: () => this.atConditionStart(),
        DEF: () => conditions.push(this.SUBRULE2(this.condition)),
      });
    });
    return this.ACTION(() => ({
      conditions: conditions.filter(isDefined),
      connectors: connectors.map((t) => keyword(t)),
    }));
  });

  /** The alternatives of `condition`, built once: an inline list would be allocated on every call. */
  private readonly conditionAlternatives: OrMethodOpts<Ast.Condition | undefined> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.is(1, T.Not),
        ALT: () => {
          const not = this.CONSUME(T.Not);
          let inner: Ast.Condition | undefined;
          this.OPTION({
            GATE: () => this.atConditionStart(),
            DEF: () => (inner = this.SUBRULE(this.condition)),
          });
          return this.ACTION((): Ast.NotCondition => {
            const kw = keyword(not);
            return {
              kind: "NotCondition",
              span: cover(kw.span, inner?.span),
              not: kw,
              ...(inner && { condition: inner }),
            };
          });
        },
      },
      {
        GATE: () => this.is(1, T.LParen) && !this.is(2, T.Select),
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const list: Ast.ConditionList = this.SUBRULE(this.conditionList) ?? EMPTY_CONDITIONS;
          let close: IToken | undefined;
          this.OPTION2(() => {
            close = this.CONSUME(T.RParen);
          });
          return this.ACTION(
            (): Ast.ParenthesizedConditions => ({
              kind: "ParenthesizedConditions",
              span: cover(spanOf(open), close ? spanOf(close) : listEnd(list)),
              conditions: list,
              closed: close !== undefined,
            }),
          );
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ],
  };

  private readonly condition = this.RULE("condition", (): Ast.Condition | undefined => {
    return this.OR(this.conditionAlternatives);
  });

  private readonly predicate = this.RULE("predicate", (): Ast.Predicate | undefined => {
    const subject: Ast.Expression | undefined = this.SUBRULE(this.expression);
    const operatorTokens: IToken[] = [];
    let value: Ast.Value | undefined;
    let betweenAnd: IToken | undefined;
    let high: Ast.Value | undefined;
    this.OPTION(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        // No GATEs: two tokens of lookahead tell `NOT =` from `NOT IN`, `NOT LIKE` and `NOT BETWEEN`,
        // and an OR without gates is decided without re-reading predicates on every call.
        DEF: [
          {
            ALT: () => {
              operatorTokens.push(this.CONSUME(T.ComparisonOperator));
              this.OPTION2({
                GATE: () => this.atValueStart(),
                DEF: () => (value = this.SUBRULE(this.value)),
              });
            },
          },
          {
            // `x NOT = 'v'`: a prefix NOT in the wrong place, reported with a fix to the negated operator.
            ALT: () => {
              operatorTokens.push(this.CONSUME3(T.Not));
              operatorTokens.push(this.CONSUME2(T.ComparisonOperator));
              this.option(10, {
                GATE: () => this.atValueStart(),
                DEF: () => (value = this.SUBRULE5(this.value)),
              });
            },
          },
          {
            ALT: () => {
              this.OPTION3(() => operatorTokens.push(this.CONSUME(T.Not)));
              this.OR2([
                {
                  ALT: () => {
                    operatorTokens.push(this.OR3(this.inOrLike));
                    this.OPTION4({
                      GATE: () => this.atValueStart(),
                      DEF: () => (value = this.SUBRULE2(this.value)),
                    });
                  },
                },
                {
                  ALT: () => {
                    operatorTokens.push(this.CONSUME(T.Between));
                    this.OPTION5({
                      GATE: () => this.atValueStart(),
                      DEF: () => (value = this.SUBRULE3(this.value)),
                    });
                    this.OPTION6(() => {
                      betweenAnd = this.CONSUME(T.And);
                      this.OPTION7({
                        GATE: () => this.atValueStart(),
                        DEF: () => (high = this.SUBRULE4(this.value)),
                      });
                    });
                  },
                },
              ]);
            },
          },
          {
            ALT: () => {
              operatorTokens.push(this.CONSUME(T.Is));
              this.OPTION8(() => operatorTokens.push(this.CONSUME2(T.Not)));
              this.OR4([
                { ALT: () => operatorTokens.push(this.CONSUME(T.Null)) },
                // `x IS 'v'`, `x IS NOT 'v'`: SQL habits for `=` and `!=`, reported with that fix.
                { GATE: () => this.atValueStart(), ALT: () => (value = this.SUBRULE6(this.value)) },
                { ALT: () => undefined },
              ]);
            },
          },
        ],
      });
    });
    return this.ACTION((): Ast.Predicate | undefined => {
      if (subject === undefined) return undefined;
      const operator = operatorTokens.length > 0 ? buildOperator(operatorTokens) : undefined;
      const betweenPart = betweenAnd && { and: keyword(betweenAnd), ...(high && { high }) };
      const end = high?.span ?? (betweenAnd && spanOf(betweenAnd)) ?? value?.span ?? operator?.span;
      const node: Mutable<Ast.Predicate> = { kind: "Predicate", span: cover(subject.span, end), subject };
      if (operator) node.operator = operator;
      if (value) node.value = value;
      if (betweenPart) node.between = betweenPart;
      return node;
    });
  });

  /** The alternatives of `value`, built once: an inline list would be allocated on every call. */
  private readonly valueAlternatives: OrMethodOpts<Ast.Value> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.leaf(T.NumberLiteral, numberLiteral) },
      { ALT: () => this.leaf(T.StringValue, stringLiteral) },
      {
        ALT: () => {
          const word = this.OR2(this.nameWord);
          // `c.CustomerId` in a JOIN condition is one unquoted value, not a value and stray tokens.
          const parts: IToken[] = [word];
          this.MANY({
            GATE: () => this.is(2, T.Identifier),
            DEF: () => {
              this.CONSUME(T.Dot);
              parts.push(this.CONSUME2(T.Identifier));
            },
          });
          return this.ACTION((): Ast.UnquotedValue => {
            const last = parts[parts.length - 1] as IToken;
            return {
              kind: "UnquotedValue",
              span: cover(spanOf(word), spanOf(last)),
              text: parts.map((p) => p.image).join("."),
            };
          });
        },
      },
      // One gate-free alternative for `(`: an OR with any GATE re-reads its predicates on every call,
      // and `value` is on the hot path; the sub-query or list decision is made in `parenthesizedValue`.
      { ALT: () => this.SUBRULE(this.parenthesizedValue) },
    ],
  };

  private readonly subqueryOrList: OrMethodOpts<Ast.Subquery | Ast.ValueList> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { GATE: () => this.is(2, T.Select), ALT: () => this.SUBRULE(this.subquery) },
      { ALT: () => this.SUBRULE(this.valueList) },
    ],
  };

  private readonly parenthesizedValue = this.RULE("parenthesizedValue", (): Ast.Subquery | Ast.ValueList => {
    return this.OR(this.subqueryOrList);
  });

  private readonly value = this.RULE("value", (): Ast.Value => {
    const first = this.OR(this.valueAlternatives);
    // `2020-06-30`, `6096-xx`: words and numbers glued to a bare value are one unquoted value, so the
    // message and the quoting fix cover all of it, not its first piece.
    const glued: IToken[] = [];
    // MANY2: the word alternative of `valueAlternatives`, part of this rule, has the first MANY.
    this.MANY2({
      GATE: () => this.atGluedPiece(first),
      DEF: () => glued.push(this.CONSUME(T.Stray)),
    });
    return this.ACTION((): Ast.Value => {
      const last = lastOf(glued);
      if (last === undefined || first === undefined) return first;
      const span = cover(first.span, spanOf(last));
      const head =
        first.kind === "UnquotedValue" ? first.text : first.kind === "NumberLiteral" ? first.raw : "";
      const text = head + glued.map((t) => t.image).join("");
      return { kind: "UnquotedValue", span, text };
    });
  });

  /** Whether the next token is a number or a word written right against a bare value (no space). */
  private atGluedPiece(first: Ast.Value | undefined): boolean {
    if (first?.kind !== "NumberLiteral" && first?.kind !== "UnquotedValue") return false;
    const next = this.LA(1);
    const type = next.tokenType;
    const isPiece = type === T.NumberLiteral || type === T.NumberWord || tokenMatcher(next, T.Identifier);
    return isPiece && next.startOffset === this.LA(0).startOffset + this.LA(0).image.length;
  }

  private readonly valueList = this.RULE("valueList", (): Ast.ValueList => {
    const open = this.CONSUME(T.LParen);
    const items: Ast.Value[] = [];
    const pushItem = (item: Ast.Value | undefined) => {
      if (item !== undefined) items.push(item);
    };
    const commas: IToken[] = [];
    const extraCommas: Span[] = [];
    const missingCommaBefore: number[] = [];
    let close: IToken | undefined;
    let expectingItem = true;
    // Built once per list, not once per item.
    const commaOrItem: IOrAlt<void>[] = [
      {
        ALT: () => {
          const comma = this.CONSUME(T.Comma);
          this.ACTION(() => {
            if (expectingItem) extraCommas.push(spanOf(comma));
            else commas.push(comma);
            expectingItem = true;
          });
        },
      },
      {
        ALT: () => {
          const item = this.SUBRULE(this.value);
          this.ACTION(() => {
            if (!expectingItem && item !== undefined) missingCommaBefore.push(items.length);
            pushItem(item);
            expectingItem = false;
          });
        },
      },
    ];
    this.MANY({ GATE: () => this.is(1, T.Comma) || this.atValueStart(), DEF: () => this.OR(commaOrItem) });
    this.OPTION(() => {
      close = this.CONSUME(T.RParen);
    });
    return this.ACTION((): Ast.ValueList => {
      // A comma after the last item is extra too: `(1, 2,)`.
      const lastComma = lastOf(commas);
      const lastItem = lastOf(items);
      if (lastComma && lastItem && lastComma.startOffset > lastItem.span.start)
        extraCommas.push(spanOf(lastComma));
      const end = close
        ? spanOf(close)
        : [lastItem?.span, ...extraCommas].reduce<Span | undefined>(
            (a, b) => (b && (!a || b.end > a.end) ? b : a),
            undefined,
          );
      return {
        kind: "ValueList",
        span: cover(spanOf(open), end),
        items,
        extraCommas,
        missingCommaBefore,
        closed: close !== undefined,
      };
    });
  });

  private readonly orderByClause = this.RULE("orderByClause", (): Ast.OrderByClause => {
    const orderToken = this.CONSUME(T.Order);
    let byToken: IToken | undefined;
    this.OPTION(() => {
      byToken = this.CONSUME(T.By);
    });
    const list = new ListBuilder<Ast.OrderItem>();
    // Built once per list, not once per item.
    const commaOrItem: IOrAlt<void>[] = [
      { ALT: () => list.addComma(this.CONSUME(T.Comma)) },
      { ALT: () => list.addItem(this.SUBRULE(this.orderItem)) },
    ];
    this.MANY({ GATE: () => this.atListContinuation(), DEF: () => this.OR(commaOrItem) });
    return this.ACTION((): Ast.OrderByClause => {
      const kw = keyword(orderToken, byToken);
      const lastItem = lastOf(list.items)?.span;
      const lastComma = lastOf(list.extraCommas);
      const end = lastComma && (!lastItem || lastComma.end > lastItem.end) ? lastComma : lastItem;
      return {
        kind: "OrderByClause",
        span: cover(kw.span, end),
        keyword: kw,
        ...(byToken && { by: keyword(byToken) }),
        items: list.items,
        extraCommas: list.extraCommas,
      };
    });
  });

  private readonly orderItem = this.RULE("orderItem", (): Ast.OrderItem | undefined => {
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

  private readonly limitClause = this.RULE("limitClause", (): Ast.LimitClause => {
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

  private readonly timespanClause = this.RULE("timespanClause", (): Ast.TimespanClause => {
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

  private readonly groupByClause = this.RULE("groupByClause", (): Ast.GroupByClause => {
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
