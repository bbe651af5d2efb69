/**
 * Validation of each clause on its own: `SELECT` (with `TOP`, `DISTINCT`, lists), `FROM` (the dataset,
 * `JOIN`), `ORDER BY`, `LIMIT` (with `OFFSET`), `TIMESPAN`, and stray tokens between clauses.
 */

import type { Edit, Fix } from "../diagnostics/diagnostic.js";
import { singleEditFix } from "../diagnostics/make.js";
import { firstAtOrAfter } from "../text/sorted.js";
import { emptySpan, type Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { CLAUSE_ORDER } from "./language.js";
import { ConditionRules } from "./validate-conditions.js";
import { clauseRank, RESERVED, UNCLOSED_QUOTE } from "./validate-context.js";

export class ClauseRules extends ConditionRules {
  protected checkClause(clause: Ast.Clause): void {
    switch (clause.kind) {
      case "SelectClause":
        this.checkSelect(clause);
        return;
      case "FromClause":
        this.checkFrom(clause);
        return;
      case "WhereClause":
        this.checkConditionList(clause, clause.keyword);
        return;
      case "OrderByClause":
        this.checkOrderBy(clause);
        return;
      case "LimitClause":
        this.checkLimit(clause);
        return;
      case "TimespanClause":
        if (clause.value === undefined) this.report("RQ1115", clause.keyword.span);
        return;
      case "GroupByClause":
        this.report(
          "RQ1204",
          clause.span,
          {},
          { fixes: [this.removalFix("Remove `GROUP BY`", clause.span)] },
        );
        return;
      case "HavingClause":
        this.report("RQ1205", clause.keyword.span);
        return;
      case "JoinClause":
        this.report("RQ1210", clause.span);
        return;
      case "InvalidClause":
        this.checkInvalid(clause);
        return;
    }
  }

  protected checkInvalid(clause: Ast.InvalidClause): void {
    if (clause === this.query.clauses[0] && this.query.select === undefined) return; // Reported as RQ1102.
    const firstToken = clause.tokens[0] as Span;
    // A lone or unclosed quote is already reported by the lexer (RQ1010, RQ1003).
    if (UNCLOSED_QUOTE.test(this.slice(firstToken))) return;
    const word = this.slice(firstToken);
    // `SELECT In, Email`: a slip that lands on a keyword reads as a name to the user; say why it is not.
    const reserved = RESERVED.has(word.toUpperCase()) && this.wantsName(clause);
    const { expected, orEnd } = this.expectedAfter(clause);
    const data = { found: word, expected };
    if (expected.length === 0) this.reportVariant("RQ1101", "onlyEnd", clause.span, data);
    else if (reserved)
      this.reportVariant("RQ1101", orEnd ? "reservedWordOrEnd" : "reservedWord", clause.span, data);
    else if (orEnd) this.reportVariant("RQ1101", "orEnd", clause.span, data);
    else this.report("RQ1101", clause.span, data);
  }

  /** Whether a name is missing right before `clause`: a list that is empty or ends with a comma, or `FROM` alone. */
  protected wantsName(clause: Ast.Clause): boolean {
    const previous = this.query.clauses[this.query.clauses.indexOf(clause) - 1];
    if (previous?.kind === "FromClause") return previous.dataset === undefined;
    if (previous?.kind !== "SelectClause" && previous?.kind !== "OrderByClause") return false;
    const last = previous.items[previous.items.length - 1];
    return last === undefined || last.comma !== undefined;
  }

  /**
   * What may follow the clause before `clause`: the rest of that clause's list, or a later clause
   * (`expected`, as code), and whether the query may also end there.
   */
  protected expectedAfter(clause: Ast.Clause): { expected: string[]; orEnd: boolean } {
    const index = this.query.clauses.indexOf(clause);
    const previous = this.query.clauses.slice(0, index).findLast((c) => c.kind !== "InvalidClause");
    const rank = previous === undefined ? -1 : (clauseRank(previous) ?? -1);
    const options: string[] = [];
    if (previous?.kind === "SelectClause" || previous?.kind === "OrderByClause") options.push(",");
    if (previous?.kind === "WhereClause") options.push("AND");
    for (const name of CLAUSE_ORDER.slice(rank + 1)) options.push(name);
    return { expected: options, orEnd: rank >= 1 && options.length > 0 };
  }

  protected checkSelect(clause: Ast.SelectClause): void {
    if (clause.items.length === 0) this.report("RQ1105", clause.keyword.span);
    if (clause.top !== undefined) this.reportTop(clause.top);
    this.checkList(clause.items, clause.extraCommas);
    for (const item of clause.items) {
      this.checkNameExpression(item.expression, "select");
      if (item.alias !== undefined) this.reportAlias(item.expression.span.end, item.alias);
    }
  }

  /**
   * `ASC` after each sort item with no direction. A query written for SQL (`TOP`, `ORDER BY 2`) sorts
   * ascending by default, this language descending: a fix that turns the SQL into the language writes
   * the direction the author meant, or the first ten rows would become the last ten.
   */
  protected sqlAscendingEdits(): Edit[] {
    return (this.query.orderBy?.items ?? [])
      .filter((item) => item.direction === undefined && item.expression.kind !== "NumberLiteral")
      .map((item) => ({ span: emptySpan(item.expression.span.end), newText: " ASC" }));
  }

  protected reportTop(top: NonNullable<Ast.SelectClause["top"]>): void {
    if (top.count === undefined) {
      // No number to carry over: no made-up `LIMIT n` in the advice.
      this.reportVariant("RQ1216", "noCount", top.span, {});
      return;
    }
    const count = top.count.raw;
    const fixes: Fix[] = [];
    if (this.query.limit === undefined) {
      const insertAt =
        this.query.timespan !== undefined ? this.query.timespan.span.start : this.query.span.end;
      const insertText = this.query.timespan !== undefined ? `LIMIT ${count} ` : ` LIMIT ${count}`;
      // The edits of one fix never overlap: the removal stops where `LIMIT` goes when the query ends
      // inside its trailing space (`SELECT TOP 2 \n`), and an `ASC` and the `LIMIT` inserted at the
      // same offset (the query ends with the sort item) are one insertion, in that order.
      const spaced = this.withTrailingSpace(top.span);
      const removal =
        insertAt > spaced.start && insertAt < spaced.end ? { start: spaced.start, end: insertAt } : spaced;
      fixes.push({
        title: `Replace \`TOP ${count}\` with \`LIMIT ${count}\``,
        applicability: "safe",
        edits: mergeInsertions([
          { span: removal, newText: "" },
          ...this.sqlAscendingEdits(),
          { span: emptySpan(insertAt), newText: insertText },
        ]),
      });
    }
    this.report("RQ1216", top.span, { count }, { fixes });
  }

  /** Missing commas between items, and commas with no item after them. */
  protected checkList(
    items: readonly (Ast.SelectItem | Ast.OrderItem)[],
    extraCommas: readonly Span[],
  ): void {
    for (const [index, item] of items.entries()) {
      const next = items[index + 1];
      if (
        next !== undefined &&
        item.comma === undefined &&
        !this.unreadBetween(item.span.end, next.span.start)
      ) {
        const end = item.span.end;
        this.report(
          "RQ1106",
          { start: end, end: next.span.start },
          { left: this.slice(item.span), right: this.slice(next.expression.span) },
          { fixes: [singleEditFix("Insert a comma", "unsafe", emptySpan(end), ",")] },
        );
      }
      if (next === undefined && item.comma !== undefined) this.reportExtraComma(item.comma);
    }
    for (const comma of extraCommas) this.reportExtraComma(comma);
  }

  /**
   * Whether an unreadable run lies in `[start, end)`. The runs are sorted and disjoint, so the first
   * one starting at or after `start` is the only candidate: a binary search, not a scan of every run
   * per item, which was quadratic in a list full of unreadable characters (704 KB: 8 s).
   */
  private unreadBetween(start: number, end: number): boolean {
    const run = this.unknown[firstAtOrAfter(this.unknown, start, (u) => u.start)];
    return run !== undefined && run.end <= end;
  }

  protected checkFrom(clause: Ast.FromClause): void {
    const dataset = clause.dataset;
    if (dataset === undefined) this.report("RQ1104", clause.keyword.span);
    else this.checkDataset(dataset);
    for (const extra of clause.extraDatasets)
      this.report("RQ1212", extra.span, { text: this.slice(extra.span) });
    if (clause.alias !== undefined && dataset !== undefined) this.reportAlias(dataset.span.end, clause.alias);
  }

  protected checkDataset(dataset: NonNullable<Ast.FromClause["dataset"]>): void {
    if (dataset.kind === "Subquery") this.report("RQ1211", dataset.span);
    else if (dataset.kind === "QualifiedName") this.reportQualifiedName(dataset, "dataset");
    else this.checkQuotedName(dataset);
  }

  protected checkOrderBy(clause: Ast.OrderByClause): void {
    if (clause.by === undefined) {
      this.report(
        "RQ1116",
        clause.keyword.span,
        {},
        { fixes: [singleEditFix("Insert `BY`", "safe", emptySpan(clause.keyword.span.end), " BY")] },
      );
    }
    if (clause.items.length === 0) this.report("RQ1118", clause.keyword.span);
    this.checkList(clause.items, clause.extraCommas);
    for (const item of clause.items) {
      if (item.expression.kind === "NumberLiteral") this.reportOrderByPosition(item.expression);
      else this.checkNameExpression(item.expression, "order");
      const direction = item.direction;
      if (direction !== undefined && direction.text !== "ASC" && direction.text !== "DESC") {
        const short = direction.text.slice(0, direction.text.startsWith("ASC") ? 3 : 4);
        this.reportVariant(
          "RQ1101",
          "direction",
          direction.span,
          { found: this.slice(direction.span) },
          { fixes: [singleEditFix(`Write \`${short}\``, "safe", direction.span, short)] },
        );
      }
    }
  }

  protected reportOrderByPosition(position: Ast.NumberLiteral): void {
    const selected = this.query.select?.items[position.value - 1]?.expression;
    const name = selected?.kind === "Identifier" && selected.quoted === undefined ? selected.name : undefined;
    const item = this.query.orderBy?.items.find((i) => i.expression === position);
    // SQL sorts ascending when no direction is given; the fix keeps that meaning.
    const text = item !== undefined && item.direction === undefined ? `${name} ASC` : name;
    const fixes =
      name !== undefined && text !== undefined ? [this.writeName(position.span, text, "safe")] : [];
    if (name !== undefined) this.report("RQ1218", position.span, { name }, { fixes });
    else if (selected === undefined)
      this.reportVariant("RQ1218", "noSuchItem", position.span, { position: position.raw }, { fixes });
    else this.reportVariant("RQ1218", "notAName", position.span, {}, { fixes });
  }

  protected checkLimit(clause: Ast.LimitClause): void {
    if (clause.count === undefined) this.report("RQ1114", clause.keyword.span);
    const offset = clause.offset;
    if (offset === undefined) return;
    const isComma = this.slice(offset.span).startsWith(",");
    const fixes: Fix[] = [];
    if (isComma && offset.count !== undefined && clause.count !== undefined) {
      // MySQL's `LIMIT offset, count`: keep the count.
      fixes.push(
        singleEditFix(
          "Keep only the row count",
          "unsafe",
          { start: clause.count.span.start, end: offset.span.end },
          offset.count.raw,
        ),
      );
    } else if (!isComma) {
      fixes.push(this.removalFix("Remove the offset", offset.span, "unsafe"));
    }
    this.report("RQ1215", offset.span, {}, { fixes });
  }
}

/** Edits sorted by position (stably), with insertions at one offset joined into one, in order. */
function mergeInsertions(edits: Edit[]): Edit[] {
  const sorted = edits
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1]);
  const out: Edit[] = [];
  for (const [edit] of sorted) {
    const last = out[out.length - 1];
    const isInsertion = (e: Edit) => e.span.start === e.span.end;
    if (last !== undefined && isInsertion(last) && isInsertion(edit) && last.span.start === edit.span.start)
      out[out.length - 1] = { span: last.span, newText: last.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}
