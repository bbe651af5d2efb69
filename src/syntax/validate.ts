/**
 * Syntax validation of one parsed query: the parser accepts a superset of the language, and this pass
 * reports everything in that superset that the language lacks (clause order, SQL constructs, missing
 * parts), each with its own code, a message that says what to write instead, and a fix where one is safe.
 */

import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic, Edit, Fix } from "../diagnostics/diagnostic.js";
import {
  type CodeWithVariants,
  type DiagnosticArguments,
  makeDiagnostic,
  makeVariant,
  singleEditFix,
  type VariantArguments,
  type VariantOf,
  wordSafeFix,
} from "../diagnostics/make.js";
import { emptySpan, type Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import {
  CLAUSE_ORDER,
  type ClauseName,
  CONTEXTUAL_WORDS,
  RESERVED_WORDS,
  TYPOGRAPHIC_QUOTES,
} from "./language.js";

const PLAIN_NAME = /^[A-Za-z_]\w*$/;
const RESERVED: ReadonlySet<string> = new Set(RESERVED_WORDS.map((w) => w.text));
const CONTEXTUAL: ReadonlySet<string> = new Set(CONTEXTUAL_WORDS.map((w) => w.text));
const UNCLOSED_QUOTE = new RegExp(`^(?:[${TYPOGRAPHIC_QUOTES}"]|'[^']*)$`);

const CLAUSE_NAMES: Partial<Record<Ast.Clause["kind"], ClauseName>> = {
  SelectClause: "SELECT",
  FromClause: "FROM",
  WhereClause: "WHERE",
  OrderByClause: "ORDER BY",
  LimitClause: "LIMIT",
  TimespanClause: "TIMESPAN",
};

const CLAUSE_RANKS: Partial<Record<Ast.Clause["kind"], number>> = Object.fromEntries(
  Object.entries(CLAUSE_NAMES).map(([kind, name]) => [kind, CLAUSE_ORDER.indexOf(name)]),
);

/** Position of a clause kind in the required order, or `undefined` for clauses outside the language. */
function clauseRank(clause: Ast.Clause): number | undefined {
  return CLAUSE_RANKS[clause.kind];
}

/** A comment right after a query's last token, on the same line. */
const TRAILING_COMMENT = /^[ \t]*(?:--[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/)/;

const FLAG_WORDS: ReadonlyMap<string, string> = new Map([
  ["TRUE", "1"],
  ["FALSE", "0"],
]);

/** The clause that comes first in the text among `firstOfRank[from...]`. */
function earliest(firstOfRank: readonly (Ast.Clause | undefined)[], from: number): Ast.Clause | undefined {
  let best: Ast.Clause | undefined;
  for (let r = from; r < firstOfRank.length; r++) {
    const clause = firstOfRank[r];
    if (clause !== undefined && (best === undefined || clause.span.start < best.span.start)) best = clause;
  }
  return best;
}

/** Validates one query and appends its diagnostics. */
export function validateQuery(
  query: Ast.Query,
  text: string,
  diagnostics: Diagnostic[],
  unknown: readonly Span[] = [],
): void {
  new QueryValidator(query, text, diagnostics, unknown).run();
}

class QueryValidator {
  constructor(
    private readonly query: Ast.Query,
    private readonly text: string,
    private readonly out: Diagnostic[],
    /** Character runs the lexer could not read; already reported, so nothing is reported across them. */
    private readonly unknown: readonly Span[],
  ) {}

  run(): void {
    this.checkStructure();
    this.checkClauseOrder();
    for (const clause of this.query.clauses) this.checkClause(clause);
  }

  private slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  private report<C extends DiagnosticCode>(code: C, span: Span, ...args: DiagnosticArguments<C>): void {
    this.out.push(makeDiagnostic(code, span, ...args));
  }

  private reportVariant<C extends CodeWithVariants, V extends VariantOf<C>>(
    code: C,
    variant: V,
    span: Span,
    ...args: VariantArguments<C, V>
  ): void {
    this.out.push(makeVariant(code, variant, span, ...args));
  }

  // Whole-query structure.

  private checkStructure(): void {
    const { clauses } = this.query;
    const first = clauses[0];
    if (first === undefined) return;
    if (this.query.select === undefined) {
      if (first.kind === "InvalidClause") this.reportMissingSelect(first);
      else this.report("RQ1102", first.kind === "JoinClause" ? first.span : keywordSpan(first));
    }
    if (this.query.from === undefined && this.query.select !== undefined) {
      this.report("RQ1103", emptySpan(this.query.select.span.end));
    }
    const seen = new Map<string, Ast.Clause>();
    for (const clause of clauses) {
      if (clause.kind === "InvalidClause" || clause.kind === "JoinClause") continue;
      const earlier = seen.get(clause.kind);
      if (earlier === undefined) {
        seen.set(clause.kind, clause);
        continue;
      }
      const name = keywordText(clause);
      this.report(
        "RQ1109",
        keywordSpan(clause),
        { clause: name },
        {
          related: [{ span: keywordSpan(earlier), message: `The first \`${name}\` clause is here` }],
        },
      );
    }
  }

  /** A query that starts with stray tokens: if they are a list of names followed by FROM, SELECT was left out. */
  private reportMissingSelect(first: Ast.InvalidClause): void {
    const parts = first.tokens.map((t) => this.slice(t));
    const isName = (p: string) => PLAIN_NAME.test(p) && !RESERVED.has(p.toUpperCase());
    const isNameList = parts.every((p, i) => (i % 2 === 0 ? isName(p) : p === ",")) && parts.length % 2 === 1;
    const followedByFrom = this.query.clauses[1]?.kind === "FromClause";
    const fixes =
      isNameList && followedByFrom
        ? [singleEditFix("Insert `SELECT`", "safe", emptySpan(first.span.start), "SELECT ")]
        : [];
    this.report("RQ1102", first.span, {}, { fixes });
  }

  private checkClauseOrder(): void {
    // The first clause seen of each rank: the earliest clause of a higher rank is found in six steps.
    const firstOfRank: (Ast.Clause | undefined)[] = [];
    let fix: Fix | undefined;
    for (const clause of this.query.clauses) {
      const rank = clauseRank(clause);
      if (rank === undefined) continue;
      firstOfRank[rank] ??= clause;
      const previous = earliest(firstOfRank, rank + 1);
      if (previous === undefined) continue;
      // Reordering a query with a repeated clause would interleave the copies: no fix then.
      if (fix === undefined && !this.hasRepeatedClause()) fix = this.reorderFix();
      const fixes = fix === undefined ? [] : [fix];
      this.report(
        "RQ1108",
        keywordSpan(clause),
        { clause: keywordText(clause), previous: keywordText(previous) },
        {
          related: [{ span: keywordSpan(previous), message: `\`${keywordText(previous)}\` is here` }],
          fixes,
        },
      );
    }
  }

  private hasRepeatedClause(): boolean {
    const kinds = this.query.clauses.filter((c) => clauseRank(c) !== undefined).map((c) => c.kind);
    return new Set(kinds).size !== kinds.length;
  }

  /**
   * Rewrites the query with its clauses in the required order. Each clause moves with the text that
   * follows it up to the next clause (comments included); clauses outside the language stay attached
   * to the clause before them.
   */
  private reorderFix(): Fix {
    const chunks: { rank: number; text: string }[] = [];
    const clauses = this.query.clauses;
    // A comment on the last clause's line belongs to it and moves with it.
    const queryEnd =
      this.query.span.end + (TRAILING_COMMENT.exec(this.text.slice(this.query.span.end))?.[0].length ?? 0);
    for (const [index, clause] of clauses.entries()) {
      const end = clauses[index + 1]?.span.start ?? queryEnd;
      const chunkText = this.text.slice(clause.span.start, end);
      const rank = clauseRank(clause);
      const last = chunks[chunks.length - 1];
      if (rank === undefined && last !== undefined) last.text += chunkText;
      else chunks.push({ rank: rank ?? -1, text: chunkText });
    }
    const ordered = chunks
      .map((c, i) => ({ ...c, i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((c) => c.text.trimEnd());
    const span = { start: this.query.clauses[0]?.span.start ?? this.query.span.start, end: queryEnd };
    // A query written over several lines keeps one clause per line, with its own line ending; one
    // written on a line stays on it, unless a line comment now ends a clause and needs a break after it.
    const lineBreak = /\r\n|\n|\r/.exec(this.text.slice(span.start, span.end))?.[0];
    const separator = lineBreak ?? (ordered.some((t) => /--[^\n\r]*$/.test(t)) ? "\n" : " ");
    return singleEditFix("Reorder the clauses", "safe", span, ordered.join(separator));
  }

  // Clauses.

  private checkClause(clause: Ast.Clause): void {
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

  private checkInvalid(clause: Ast.InvalidClause): void {
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
  private wantsName(clause: Ast.Clause): boolean {
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
  private expectedAfter(clause: Ast.Clause): { expected: string[]; orEnd: boolean } {
    const index = this.query.clauses.indexOf(clause);
    const previous = this.query.clauses.slice(0, index).findLast((c) => c.kind !== "InvalidClause");
    const rank = previous === undefined ? -1 : (clauseRank(previous) ?? -1);
    const options: string[] = [];
    if (previous?.kind === "SelectClause" || previous?.kind === "OrderByClause") options.push(",");
    if (previous?.kind === "WhereClause") options.push("AND");
    for (const name of CLAUSE_ORDER.slice(rank + 1)) options.push(name);
    return { expected: options, orEnd: rank >= 1 && options.length > 0 };
  }

  private checkSelect(clause: Ast.SelectClause): void {
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
  private sqlAscendingEdits(): Edit[] {
    return (this.query.orderBy?.items ?? [])
      .filter((item) => item.direction === undefined && item.expression.kind !== "NumberLiteral")
      .map((item) => ({ span: emptySpan(item.expression.span.end), newText: " ASC" }));
  }

  private reportTop(top: NonNullable<Ast.SelectClause["top"]>): void {
    const count = top.count?.raw ?? "n";
    const fixes: Fix[] = [];
    if (this.query.limit === undefined && top.count !== undefined) {
      const insertAt =
        this.query.timespan !== undefined ? this.query.timespan.span.start : this.query.span.end;
      const insertText = this.query.timespan !== undefined ? `LIMIT ${count} ` : ` LIMIT ${count}`;
      fixes.push({
        title: `Replace \`TOP ${count}\` with \`LIMIT ${count}\``,
        applicability: "safe",
        edits: [
          { span: this.withTrailingSpace(top.span), newText: "" },
          ...this.sqlAscendingEdits(),
          { span: emptySpan(insertAt), newText: insertText },
        ].sort((a, b) => a.span.start - b.span.start),
      });
    }
    this.report("RQ1216", top.span, { count }, { fixes });
  }

  /** Missing commas between items, and commas with no item after them. */
  private checkList(items: readonly (Ast.SelectItem | Ast.OrderItem)[], extraCommas: readonly Span[]): void {
    for (const [index, item] of items.entries()) {
      const next = items[index + 1];
      const unreadBetween =
        next !== undefined && this.unknown.some((u) => u.start >= item.span.end && u.end <= next.span.start);
      if (next !== undefined && item.comma === undefined && !unreadBetween) {
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

  /** Before `(` removing the comma could turn a name into a call, so that fix needs a look. */
  private reportExtraComma(comma: Span): void {
    const applicability = this.text.slice(comma.end).trimStart().startsWith("(") ? "unsafe" : "safe";
    this.report(
      "RQ1107",
      comma,
      {},
      { fixes: [wordSafeFix(this.text, "Remove the comma", applicability, comma, "")] },
    );
  }

  /** Checks something written where a column or metric name belongs. */
  private checkNameExpression(expression: Ast.Expression, place: "select" | "order" | "condition"): void {
    switch (expression.kind) {
      case "Identifier":
        this.checkQuotedName(expression);
        return;
      case "Star":
        if (place === "select") this.report("RQ1201", expression.span);
        else this.reportVariant("RQ1101", "name", expression.span, { found: "*" });
        return;
      case "FunctionCall":
        this.report("RQ1202", expression.span, { name: expression.name.name });
        return;
      case "QualifiedName":
        this.reportQualifiedName(expression, place);
        return;
      case "Subquery":
        this.report("RQ1211", expression.span);
        return;
      case "StringLiteral":
        // `ORDER BY 'OrderId'`, `SELECT 'OrderId'`: a name written as a value.
        if (expression.quote === "ascii" && PLAIN_NAME.test(expression.value)) {
          this.reportQuotedName(expression.span, expression.value);
          return;
        }
        if (place === "order") {
          this.reportVariant("RQ1101", "name", expression.span, { found: this.slice(expression.span) });
          return;
        }
        this.reportLiteralName(expression, place);
        return;
      case "NumberLiteral":
        this.reportLiteralName(expression, place);
        return;
    }
  }

  /** A number or a value where a name belongs (the order list reports positions on its own). */
  private reportLiteralName(
    expression: Ast.NumberLiteral | Ast.StringLiteral,
    place: "select" | "order" | "condition",
  ): void {
    const text = this.slice(expression.span);
    if (place === "select") this.report("RQ1217", expression.span, { text });
    else if (place === "condition") this.reportVariant("RQ1101", "name", expression.span, { found: text });
  }

  private checkQuotedName(id: Ast.Identifier): void {
    if (id.quoted !== undefined) this.reportQuotedName(id.span, id.name);
  }

  private reportQuotedName(span: Span, name: string): void {
    // Unquoted right before `(` or `.`, the name would read as a call or a qualifier: that fix needs a look.
    const next = this.text.slice(span.end).trimStart().charAt(0);
    const applicability = next === "(" || next === "." ? "unsafe" : "safe";
    const fixes = PLAIN_NAME.test(name) ? [this.writeName(span, name, applicability)] : [];
    this.report("RQ1219", span, { name }, { fixes });
  }

  private reportQualifiedName(
    name: Ast.QualifiedName,
    place: "select" | "order" | "condition" | "dataset",
  ): void {
    if (name.name?.kind === "Star") {
      if (place === "select") this.report("RQ1201", name.span);
      else this.reportVariant("RQ1101", "anyName", name.span, { found: this.slice(name.span) });
      return;
    }
    const last = name.name;
    // Alone, a contextual word (`x.Having`) would read as the SQL keyword: that rewrite needs a look.
    const applicability = last !== undefined && CONTEXTUAL.has(last.name.toUpperCase()) ? "unsafe" : "safe";
    const fixes =
      last !== undefined && last.quoted === undefined
        ? [this.writeName(name.span, last.name, applicability)]
        : [];
    this.report("RQ1213", name.span, { name: last?.name ?? this.slice(name.span) }, { fixes });
  }

  private reportAlias(expressionEnd: number, alias: Ast.Alias): void {
    const removal = { start: expressionEnd, end: alias.span.end };
    this.report(
      "RQ1203",
      alias.span,
      { text: this.slice(alias.span) },
      { fixes: [singleEditFix("Remove the alias", "unsafe", removal, "")] },
    );
  }

  private checkFrom(clause: Ast.FromClause): void {
    const dataset = clause.dataset;
    if (dataset === undefined) this.report("RQ1104", clause.keyword.span);
    else this.checkDataset(dataset);
    for (const extra of clause.extraDatasets)
      this.report("RQ1212", extra.span, { text: this.slice(extra.span) });
    if (clause.alias !== undefined && dataset !== undefined) this.reportAlias(dataset.span.end, clause.alias);
  }

  private checkDataset(dataset: NonNullable<Ast.FromClause["dataset"]>): void {
    if (dataset.kind === "Subquery") this.report("RQ1211", dataset.span);
    else if (dataset.kind === "QualifiedName") this.reportQualifiedName(dataset, "dataset");
    else this.checkQuotedName(dataset);
  }

  private checkOrderBy(clause: Ast.OrderByClause): void {
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

  private reportOrderByPosition(position: Ast.NumberLiteral): void {
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

  private checkLimit(clause: Ast.LimitClause): void {
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

  // Conditions.

  private checkConditionList(list: Ast.ConditionList, owner: Ast.Keyword): void {
    this.checkConnectors(list, owner);
    this.reportOrs(list.connectors, this.orToInFix(list, undefined));
    for (const condition of list.conditions) this.checkCondition(condition);
  }

  /**
   * Each `OR` is reported; the rewrite to `IN (…)` goes with the first only: it covers them all, and a
   * copy on each would make reports grow with the square of the number of `OR`s.
   */
  private reportOrs(connectors: readonly Ast.Keyword[], orFix: Fix | undefined): void {
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
  private checkConnectors(list: Ast.ConditionList, owner: Ast.Keyword): void {
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
  private orToInFix(
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
  private checkCondition(condition: Ast.Condition, underNot = false): void {
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

  private notPrefixFix(condition: Ast.NotCondition): Fix[] {
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

  private checkParentheses(group: Ast.ParenthesizedConditions, underNot: boolean): void {
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
    if (!group.closed)
      this.report(
        "RQ1119",
        emptySpan(group.span.end),
        {},
        { fixes: [singleEditFix("Insert `)`", "safe", emptySpan(group.span.end), ")")] },
      );
    const inner = group.conditions;
    this.checkConnectors(inner, {
      kind: "Keyword",
      span: { start: group.span.start, end: group.span.start + 1 },
      text: "(",
    });
    this.reportOrs(inner.connectors, orFix);
    for (const condition of inner.conditions) this.checkCondition(condition);
  }

  private checkPredicate(predicate: Ast.Predicate, underNot: boolean): void {
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
  private reportIsComparison(operator: Ast.Operator): void {
    const replacement = operator.op === "IS" ? "=" : "!=";
    this.report(
      "RQ1220",
      operator.span,
      { operator: operator.raw, replacement },
      { fixes: [singleEditFix(`Write \`${replacement}\``, "safe", operator.span, replacement)] },
    );
  }

  /** `x NOT = 'v'`: a NOT in front of a comparison is the negated comparison (`!=`). */
  private reportNotComparison(operator: Ast.Operator, comparison: string): void {
    const replacement = NEGATIONS[comparison];
    const fixes =
      replacement === undefined
        ? []
        : [singleEditFix(`Use \`${replacement}\``, "safe", operator.span, replacement)];
    this.report("RQ1207", { start: operator.span.start, end: operator.span.start + 3 }, {}, { fixes });
  }

  private reportBetween(predicate: Ast.Predicate, operator: Ast.Operator, underNot: boolean): void {
    const column = this.slice(predicate.subject.span);
    const low = predicate.value ? this.slice(predicate.value.span) : "low";
    const high = predicate.between?.high ? this.slice(predicate.between.high.span) : "high";
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

  private checkValue(value: Ast.Value): void {
    switch (value.kind) {
      case "UnquotedValue":
        this.reportUnquotedValue(value);
        return;
      case "StringLiteral":
        if (value.quote === "double") {
          const suggestion = `'${value.value}'`;
          const fixes = value.value.includes("'")
            ? []
            : [singleEditFix(`Write ${suggestion}`, "safe", value.span, suggestion)];
          this.report("RQ1004", value.span, { suggestion }, { fixes });
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
  private reportUnquotedValue(value: Ast.UnquotedValue): void {
    const flag = FLAG_WORDS.get(value.text.toUpperCase());
    const replacement = flag ?? `'${value.text}'`;
    const title = flag !== undefined ? `Write \`${flag}\`` : `Quote \`${value.text}\``;
    const extras = { fixes: [singleEditFix(title, "unsafe", value.span, replacement)] };
    if (flag !== undefined) this.reportVariant("RQ1112", "flag", value.span, { text: value.text }, extras);
    else this.report("RQ1112", value.span, { text: value.text }, extras);
  }

  /** `IN (('a', 'b'))`: the inner parentheses go; the list they hold is the list. */
  private reportNestedList(inner: Ast.ValueList): void {
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

  // Helpers.

  private writeName(span: Span, name: string, applicability: Fix["applicability"]): Fix {
    return wordSafeFix(this.text, `Write \`${name}\``, applicability, span, name);
  }

  /** A fix that removes `span` and the whitespace before it, so no double space is left. */
  private removalFix(title: string, span: Span, applicability: Fix["applicability"] = "unsafe"): Fix {
    let start = span.start;
    while (start > 0 && /[ \t]/.test(this.text.charAt(start - 1))) start--;
    return singleEditFix(title, applicability, { start, end: span.end }, "");
  }

  private withTrailingSpace(span: Span): Span {
    let end = span.end;
    while (end < this.text.length && /[ \t]/.test(this.text.charAt(end))) end++;
    return { start: span.start, end };
  }
}

/** A value written as a plain literal: a number or an ASCII-quoted string. */
function literal(value: Ast.Value | undefined): boolean {
  return value?.kind === "NumberLiteral" || (value?.kind === "StringLiteral" && value.quote === "ascii");
}

const NEGATIONS: Readonly<Record<string, string>> = {
  "=": "!=",
  "!=": "=",
  "<": ">=",
  ">": "<=",
  "<=": ">",
  ">=": "<",
  IN: "NOT IN",
  "NOT IN": "IN",
  LIKE: "NOT LIKE",
  "NOT LIKE": "LIKE",
};

function keywordSpan(clause: Ast.Clause): Span {
  return clause.kind === "InvalidClause" ? clause.span : clause.keyword.span;
}

function keywordText(clause: Ast.Clause): string {
  if (clause.kind === "InvalidClause") return "";
  return CLAUSE_NAMES[clause.kind] ?? clause.keyword.text;
}
