/**
 * Validation of `WHERE` (and `HAVING`) conditions and values: connectors (`OR` with its rewrite to `IN`),
 * prefix `NOT`, parentheses, operators (`IS`, `BETWEEN`, negated comparisons), and the values compared
 * (unquoted words, nested lists).
 */

import type { Edit, Fix } from "../diagnostics/diagnostic.js";
import { quoteSafeFix, singleEditFix } from "../diagnostics/make.js";
import { emptySpan } from "../text/span.js";
import type * as Ast from "./ast.js";
import { QUOTE_CHARACTERS } from "./language.js";
import { FLAG_WORDS, literal, NEGATIONS } from "./validate-context.js";
import { NameRules } from "./validate-names.js";

export class ConditionRules extends NameRules {
  protected checkConditionList(list: Ast.ConditionList, owner: Ast.Keyword): void {
    this.checkConnectors(list, owner);
    this.reportOrs(list.connectors, this.orToInFix(list, undefined));
    for (const condition of list.conditions) this.checkCondition(condition);
  }

  /**
   * Each `OR` is reported; the rewrite to `IN (…)` goes with the first only: it covers them all, and a
   * copy on each would make reports grow with the square of the number of `OR`s.
   */
  protected reportOrs(connectors: readonly Ast.Keyword[], orFix: Fix | undefined): void {
    let fixes = orFix ? [orFix] : [];
    for (const connector of connectors) {
      if (connector.text !== "OR") continue;
      this.report("RQ1206", connector.span, {}, { fixes });
      fixes = [];
    }
  }

  /**
   * Conditions and connectors must alternate, starting and ending with a condition: a keyword
   * (`WHERE`, `AND`, `(`) with no condition after it is reported, conditions and connectors walked in
   * order.
   */
  protected checkConnectors(list: Ast.ConditionList, owner: Ast.Keyword): void {
    const { conditions, connectors } = list;
    let pendingKeyword: Ast.Keyword | undefined = owner;
    let c = 0;
    let k = 0;
    for (;;) {
      const condition = conditions[c];
      const connector = connectors[k];
      const connectorNext =
        connector !== undefined && (condition === undefined || connector.span.start < condition.span.start);
      if (pendingKeyword !== undefined && (connectorNext || condition === undefined))
        this.report("RQ1117", pendingKeyword.span, { keyword: pendingKeyword.text });
      if (connectorNext) {
        pendingKeyword = connector;
        k++;
      } else if (condition !== undefined) {
        pendingKeyword = undefined;
        c++;
      } else return;
    }
  }

  /**
   * `c = v1 OR c = v2 ...` on one column, with nothing else in the list, is `c IN (v1, v2, ...)`.
   * `parens` is the enclosing parenthesised group, which the rewrite replaces as a whole.
   */
  protected orToInFix(
    list: Ast.ConditionList,
    parens: Ast.ParenthesizedConditions | undefined,
  ): Fix | undefined {
    if (list.connectors.length === 0 || list.connectors.some((c) => c.text !== "OR")) return undefined;
    if (list.conditions.length !== list.connectors.length + 1) return undefined;
    const predicates = list.conditions.filter((c): c is Ast.Predicate => c.kind === "Predicate");
    if (predicates.length !== list.conditions.length) return undefined;
    const column = predicates[0]?.subject;
    if (column?.kind !== "Identifier" || column.quoted !== undefined) return undefined;
    const values: string[] = [];
    for (const p of predicates) {
      const sameColumn =
        p.subject.kind === "Identifier" && p.subject.name.toLowerCase() === column.name.toLowerCase();
      const v = p.value;
      if (!sameColumn || p.operator?.op !== "=" || !literal(v) || v === undefined) return undefined;
      values.push(this.slice(v.span));
    }
    const first = list.conditions[0] as Ast.Condition;
    const last = list.conditions[list.conditions.length - 1] as Ast.Condition;
    const span = parens?.closed ? parens.span : { start: first.span.start, end: last.span.end };
    return singleEditFix(
      `Rewrite as \`${column.name} IN (…)\``,
      "safe",
      span,
      `${column.name} IN (${values.join(", ")})`,
    );
  }

  /**
   * `underNot`: the condition is directly negated. Rewrites that are safe on their own (removing
   * parentheses, expanding BETWEEN) would then change what the NOT applies to, so they are not offered.
   */
  protected checkCondition(condition: Ast.Condition, underNot = false): void {
    switch (condition.kind) {
      case "Predicate":
        this.checkPredicate(condition, underNot);
        return;
      case "NotCondition":
        this.report("RQ1207", condition.not.span, {}, { fixes: this.notPrefixFix(condition) });
        if (condition.condition === undefined) this.report("RQ1117", condition.not.span, { keyword: "NOT" });
        else this.checkCondition(condition.condition, true);
        return;
      case "ParenthesizedConditions":
        this.checkParentheses(condition, underNot);
        return;
    }
  }

  protected notPrefixFix(condition: Ast.NotCondition): Fix[] {
    const inner = condition.condition;
    if (inner?.kind !== "Predicate" || inner.operator === undefined || inner.value === undefined) return [];
    const negated = NEGATIONS[inner.operator.op];
    if (negated === undefined) return [];
    const edits: Edit[] = [
      { span: { start: condition.not.span.start, end: inner.span.start }, newText: "" },
      { span: inner.operator.span, newText: negated },
    ];
    return [{ title: `Use \`${negated}\``, applicability: "safe", edits }];
  }

  /** Unclosed groups whose `)` the fix of an enclosing unclosed group inserts. */
  private readonly closedByOuterFix = new Set<Ast.ParenthesizedConditions>();

  protected checkParentheses(group: Ast.ParenthesizedConditions, underNot: boolean): void {
    const orFix = this.orToInFix(group.conditions, group);
    const onlyAnd = group.conditions.connectors.every((c) => c.text === "AND");
    const fixes: Fix[] = [];
    if (group.closed && onlyAnd && group.conditions.conditions.length > 0 && !underNot) {
      fixes.push({
        title: "Remove the parentheses",
        applicability: "safe",
        edits: [
          { span: { start: group.span.start, end: group.span.start + 1 }, newText: "" },
          { span: { start: group.span.end - 1, end: group.span.end }, newText: "" },
        ],
      });
    }
    if (orFix === undefined || !group.closed) this.report("RQ1214", group.span, {}, { fixes });
    if (!group.closed) {
      // Unclosed groups nested to the same end (`WHERE ((((((`) get one fix that closes them all, on the
      // outermost: one `)` each, inserted at the same offset, conflicted, so each pass closed one and
      // the parentheses fix removed what the last pass had closed, to no fixed point.
      let count = 1;
      for (let inner = lastUnclosedGroup(group); inner !== undefined; inner = lastUnclosedGroup(inner)) {
        this.closedByOuterFix.add(inner);
        count++;
      }
      const fixes = this.closedByOuterFix.has(group)
        ? []
        : [
            singleEditFix(
              count === 1 ? "Insert `)`" : `Insert ${count} \`)\``,
              "safe",
              emptySpan(group.span.end),
              ")".repeat(count),
            ),
          ];
      this.report("RQ1119", emptySpan(group.span.end), {}, { fixes });
    }
    const inner = group.conditions;
    this.checkConnectors(inner, {
      kind: "Keyword",
      span: { start: group.span.start, end: group.span.start + 1 },
      text: "(",
    });
    this.reportOrs(inner.connectors, orFix);
    for (const condition of inner.conditions) this.checkCondition(condition);
  }

  protected checkPredicate(predicate: Ast.Predicate, underNot: boolean): void {
    this.checkNameExpression(predicate.subject, "condition");
    const operator = predicate.operator;
    if (operator === undefined) {
      this.report("RQ1110", predicate.subject.span, { column: this.slice(predicate.subject.span) });
      return;
    }
    const negated = /^NOT ([!=<>]+)$/.exec(operator.op)?.[1];
    if (negated !== undefined) this.reportNotComparison(operator, negated);
    if (operator.op === "BETWEEN" || operator.op === "NOT BETWEEN")
      this.reportBetween(predicate, operator, underNot);
    else if (operator.op === "IS" || operator.op === "IS NOT") this.reportIsComparison(operator);
    else if (operator.op === "IS NULL" || operator.op === "IS NOT NULL") {
      this.report("RQ1209", operator.span, { operator: operator.op });
      return;
    }
    const value = predicate.value;
    if (value === undefined) this.report("RQ1111", operator.span, { operator: operator.raw });
    else if (value.kind === "UnquotedValue" && value.text.toUpperCase() === "NULL")
      // `x = NULL`: a null test in SQL's wrong spelling; there is none in the language either.
      this.report(
        "RQ1209",
        { start: operator.span.start, end: value.span.end },
        { operator: `${operator.raw} ${value.text}` },
      );
    else this.checkValue(value);
    if (predicate.between?.high !== undefined) this.checkValue(predicate.between.high);
  }

  /** `x IS 'v'`, `x IS NOT 'v'`: SQL's null-test words used as `=` and `!=`. */
  protected reportIsComparison(operator: Ast.Operator): void {
    const replacement = operator.op === "IS" ? "=" : "!=";
    this.report(
      "RQ1220",
      operator.span,
      { operator: operator.raw, replacement },
      { fixes: [singleEditFix(`Write \`${replacement}\``, "safe", operator.span, replacement)] },
    );
  }

  /** `x NOT = 'v'`: a NOT in front of a comparison is the negated comparison (`!=`). */
  protected reportNotComparison(operator: Ast.Operator, comparison: string): void {
    const replacement = NEGATIONS[comparison];
    const fixes =
      replacement === undefined
        ? []
        : [singleEditFix(`Use \`${replacement}\``, "safe", operator.span, replacement)];
    this.report("RQ1207", { start: operator.span.start, end: operator.span.start + 3 }, {}, { fixes });
  }

  protected reportBetween(predicate: Ast.Predicate, operator: Ast.Operator, underNot: boolean): void {
    const column = this.slice(predicate.subject.span);
    const lowValue = predicate.value;
    const highValue = predicate.between?.high;
    // A bound is missing (`x BETWEEN 1`): no made-up words (`x <= high`) where the value should stand.
    if (lowValue === undefined || highValue === undefined) {
      const variant = operator.op === "BETWEEN" ? "incomplete" : "notIncomplete";
      this.reportVariant("RQ1208", variant, operator.span, { column });
      return;
    }
    const low = this.slice(lowValue.span);
    const high = this.slice(highValue.span);
    const fixes: Fix[] = [];
    if (
      !underNot &&
      operator.op === "BETWEEN" &&
      predicate.subject.kind === "Identifier" &&
      literal(predicate.value) &&
      literal(predicate.between?.high)
    ) {
      fixes.push(
        singleEditFix(
          "Rewrite as two conditions",
          "safe",
          predicate.span,
          `${column} >= ${low} AND ${column} <= ${high}`,
        ),
      );
    }
    // `NOT BETWEEN` would need `OR`, which the language lacks too.
    if (operator.op === "BETWEEN") this.report("RQ1208", operator.span, { column, low, high }, { fixes });
    else this.reportVariant("RQ1208", "not", operator.span, { column, low, high }, { fixes });
  }

  protected checkValue(value: Ast.Value): void {
    switch (value.kind) {
      case "UnquotedValue":
        this.reportUnquotedValue(value);
        return;
      case "StringLiteral":
        if (value.quote === "double" || value.quote === "bracket" || value.quote === "backtick") {
          const suggestion = `'${value.value}'`;
          const fixes = value.value.includes("'")
            ? []
            : [
                quoteSafeFix(
                  this.text,
                  `Write ${suggestion}`,
                  "safe",
                  value.span,
                  suggestion,
                  QUOTE_CHARACTERS,
                ),
              ];
          if (value.quote === "double") this.report("RQ1004", value.span, { suggestion }, { fixes });
          else this.reportVariant("RQ1004", value.quote, value.span, { suggestion }, { fixes });
        }
        return;
      case "Subquery":
        this.report("RQ1211", value.span);
        return;
      case "ValueList":
        for (const item of value.items) {
          // `IN (('a'))`: a list is never an item of a list.
          if (item.kind === "ValueList") this.reportNestedList(item);
          else this.checkValue(item);
        }
        for (const index of value.missingCommaBefore) {
          const left = value.items[index - 1] as Ast.Value;
          const right = value.items[index] as Ast.Value;
          this.report(
            "RQ1106",
            { start: left.span.end, end: right.span.start },
            { left: this.slice(left.span), right: this.slice(right.span) },
            { fixes: [singleEditFix("Insert a comma", "unsafe", emptySpan(left.span.end), ",")] },
          );
        }
        for (const comma of value.extraCommas) this.reportExtraComma(comma);
        if (!value.closed) {
          const end = value.span.end;
          this.report(
            "RQ1119",
            { start: value.span.start, end: value.span.start + 1 },
            {},
            { fixes: [singleEditFix("Insert `)`", "safe", emptySpan(end), ")")] },
          );
        }
        return;
      case "NumberLiteral":
        return;
    }
  }

  /** A bare word as a value: quoted it is a string; `TRUE`/`FALSE` mean 1/0 (flag columns hold 0 and 1). */
  protected reportUnquotedValue(value: Ast.UnquotedValue): void {
    const flag = FLAG_WORDS.get(value.text.toUpperCase());
    const replacement = flag ?? `'${value.text}'`;
    const title = flag !== undefined ? `Write \`${flag}\`` : `Quote \`${value.text}\``;
    const extras = {
      fixes: [quoteSafeFix(this.text, title, "unsafe", value.span, replacement, QUOTE_CHARACTERS)],
    };
    if (flag !== undefined) this.reportVariant("RQ1112", "flag", value.span, { text: value.text }, extras);
    else this.report("RQ1112", value.span, { text: value.text }, extras);
  }

  /** `IN (('a', 'b'))`: the inner parentheses go; the list they hold is the list. */
  protected reportNestedList(inner: Ast.ValueList): void {
    const close = inner.closed ? { start: inner.span.end - 1, end: inner.span.end } : undefined;
    const fixes: Fix[] = close
      ? [
          {
            title: "Remove the inner parentheses",
            applicability: "safe",
            edits: [
              { span: { start: inner.span.start, end: inner.span.start + 1 }, newText: "" },
              { span: close, newText: "" },
            ],
          },
        ]
      : [];
    this.reportVariant(
      "RQ1101",
      "nestedList",
      { start: inner.span.start, end: inner.span.start + 1 },
      {},
      { fixes },
    );
    for (const item of inner.items) this.checkValue(item);
  }
}

/** The unclosed group that ends a group where the group itself ends, if any. */
function lastUnclosedGroup(group: Ast.ParenthesizedConditions): Ast.ParenthesizedConditions | undefined {
  const conditions = group.conditions.conditions;
  const last = conditions[conditions.length - 1];
  return last?.kind === "ParenthesizedConditions" && !last.closed && last.span.end === group.span.end
    ? last
    : undefined;
}
