/**
 * The grammar of conditions (`WHERE`, `HAVING`, `JOIN ... ON`): connectors, `NOT`, parentheses,
 * predicates with their operators, and values (literals, bare words, lists, sub-queries).
 */

import { type IOrAlt, type IToken, type OrMethodOpts, tokenMatcher } from "chevrotain";
import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { QueryGrammar } from "./grammar-query.js";
import {
  buildOperator,
  cover,
  EMPTY_CONDITIONS,
  isDefined,
  keyword,
  lastOf,
  listEnd,
  numberLiteral,
  stringLiteral,
} from "./nodes.js";
import { tokenSpan } from "./token.js";
import * as T from "./tokens.js";

const spanOf = tokenSpan;

/** Conditions and values. */
export abstract class ConditionGrammar extends QueryGrammar {
  protected readonly whereClause = this.RULE("whereClause", (): Ast.WhereClause => {
    const whereToken = this.CONSUME(T.Where);
    const list: Ast.ConditionList = this.SUBRULE(this.conditionList) ?? EMPTY_CONDITIONS;
    return this.ACTION((): Ast.WhereClause => {
      const kw = keyword(whereToken);
      return { kind: "WhereClause", span: cover(kw.span, listEnd(list)), keyword: kw, ...list };
    });
  });

  protected readonly havingClause = this.RULE("havingClause", (): Ast.HavingClause => {
    const havingToken = this.CONSUME(T.Having);
    const list: Ast.ConditionList = this.SUBRULE(this.conditionList) ?? EMPTY_CONDITIONS;
    return this.ACTION((): Ast.HavingClause => {
      const kw = keyword(havingToken);
      return { kind: "HavingClause", span: cover(kw.span, listEnd(list)), keyword: kw, ...list };
    });
  });

  protected readonly conditionList = this.RULE("conditionList", (): Ast.ConditionList => {
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
  protected readonly conditionAlternatives: OrMethodOpts<Ast.Condition | undefined> = {
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

  protected readonly condition = this.RULE("condition", (): Ast.Condition | undefined => {
    return this.OR(this.conditionAlternatives);
  });

  protected readonly predicate = this.RULE("predicate", (): Ast.Predicate | undefined => {
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
  protected readonly valueAlternatives: OrMethodOpts<Ast.Value> = {
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

  protected readonly subqueryOrList: OrMethodOpts<Ast.Subquery | Ast.ValueList> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { GATE: () => this.is(2, T.Select), ALT: () => this.SUBRULE(this.subquery) },
      { ALT: () => this.SUBRULE(this.valueList) },
    ],
  };

  protected readonly parenthesizedValue = this.RULE(
    "parenthesizedValue",
    (): Ast.Subquery | Ast.ValueList => {
      return this.OR(this.subqueryOrList);
    },
  );

  protected readonly value = this.RULE("value", (): Ast.Value => {
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
  protected atGluedPiece(first: Ast.Value | undefined): boolean {
    if (first?.kind !== "NumberLiteral" && first?.kind !== "UnquotedValue") return false;
    const next = this.LA(1);
    const type = next.tokenType;
    const isPiece = type === T.NumberLiteral || type === T.NumberWord || tokenMatcher(next, T.Identifier);
    return isPiece && next.startOffset === this.LA(0).startOffset + this.LA(0).image.length;
  }

  protected readonly valueList = this.RULE("valueList", (): Ast.ValueList => {
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
}
