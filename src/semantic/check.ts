/**
 * `check(text, { catalog })`: syntax and semantic diagnostics for a document. The semantic pass
 * validates every part that parsed, whatever else is wrong with the query: names against the query's
 * dataset, TIMESPAN against the 13 documented periods and the dataset's ranges, `LIMIT`, and the shape
 * of each condition's value. Never throws; catalogs are reused across calls.
 */

import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { quoteSafeEdit, singleEditFix, sortDiagnostics, wordSafeFix } from "../diagnostics/make.js";
import { textArgument } from "../diagnostics/text-argument.js";
import type * as Ast from "../syntax/ast.js";
import { QUOTE_CHARACTERS } from "../syntax/language.js";
import { type ParseResult, parse, withoutFixes } from "../syntax/parse.js";
import { predicates } from "../syntax/walk.js";
import { append } from "../text/append.js";
import { emptySpan, type Span } from "../text/span.js";
import { type Catalog, catalogOption } from "./catalog.js";
import { NameBinding } from "./name-binding.js";
import { type ResolveResult, resolveQuery } from "./resolve.js";
import { domainProblems } from "./value-domains.js";

export { formatWithCatalog } from "./format-with-catalog.js";

/** Options of `check`. */
export interface CheckOptions {
  /** The datasets to check against; the built-in `all` catalog by default. */
  readonly catalog?: Catalog;
  /**
   * Also return each query's executable model (`resolved`), bound by this same pass: what the
   * emulator runs. Off by default, since a linter does not need it.
   */
  readonly resolve?: boolean;
}

/** A parse result whose diagnostics include the semantic ones, sorted by position. */
export interface CheckResult extends ParseResult {
  /** With `resolve: true`: each query's model or why it cannot run, in the order of `document.queries`. */
  readonly resolved?: readonly ResolveResult[];
}

/** Checks a document against a catalog. A `text` that is not a string is read as "" (RQ9114). */
export function check(text: string, options: CheckOptions = {}): CheckResult {
  const given = textArgument(text, "check");
  const checked = checkText(given.text, options);
  return given.problem === undefined ? checked : { ...checked, diagnostics: [given.problem] };
}

function checkText(text: string, options: CheckOptions): CheckResult {
  const parsed = parse(text);
  const catalog = catalogOption(options?.catalog);
  const diagnostics = [...parsed.diagnostics];
  // Starts of the SQL-construct diagnostics (`TOP`, `ORDER BY 2`, ...), in order: a query holding one
  // was written with SQL's meaning in mind. One pointer walks them along the queries.
  const sqlConstructs = parsed.sqlConstructs;
  let next = 0;
  const resolved: ResolveResult[] | undefined = options?.resolve === true ? [] : undefined;
  for (const [index, query] of parsed.document.queries.entries()) {
    const uncertain = parsed.uncertain[index] === true;
    const found: Diagnostic[] = [];
    const end = query.terminator?.end ?? query.span.end;
    while (next < sqlConstructs.length && (sqlConstructs[next] as Span).start < query.span.start) next++;
    const writtenForSql = next < sqlConstructs.length && (sqlConstructs[next] as Span).start < end;
    const checker = new QueryChecker(query, text, catalog, found, uncertain, writtenForSql);
    checker.run();
    resolved?.push(checker.resolve());
    // A query whose structure is uncertain gets no semantic fixes (see ParseResult.uncertain).
    // A loop, not `push(...found)`: a query can hold 100k+ diagnostics, beyond V8's argument limit.
    for (const d of found) diagnostics.push(uncertain ? withoutFixes(d) : d);
  }
  // `EstimatedExtendedCharge(CC)` is a name written with parentheses (RQ2002 says which), not a call:
  // the syntax error about functions would only mislead.
  const namesAsCalls = diagnostics.filter((d) => d.code === "RQ2002" && d.data?.writtenAsCall === true);
  const kept =
    namesAsCalls.length === 0
      ? diagnostics
      : diagnostics.filter(
          (d) =>
            d.code !== "RQ1202" ||
            !namesAsCalls.some((n) => n.span.start === d.span.start && n.span.end === d.span.end),
        );
  const result: CheckResult = { ...parsed, diagnostics: sortDiagnostics(kept) };
  return resolved === undefined ? result : { ...result, resolved };
}

/**
 * The list operator an `=` or `!=` with a list means. A map and a set rather than `in` on an object:
 * the operator is a fresh string, which `in` looks up in V8's string table on every condition.
 */
const LIST_OPERATORS: ReadonlyMap<string, string> = new Map([
  ["=", "IN"],
  ["!=", "NOT IN"],
]);
const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(["=", "!=", "<", ">", "<=", ">="]);

class QueryChecker extends NameBinding {
  /** The query's executable model, on the dataset this pass bound it to. */
  resolve(): ResolveResult {
    return resolveQuery(this.query, this.catalog, this.dataset);
  }

  run(): void {
    this.checkDataset();
    this.checkNames();
    this.checkSelectList();
    this.checkTimespan();
    this.checkLimit();
    this.checkConditions();
    this.checkOrderDirections();
  }

  protected checkLimit(): void {
    const count = this.query.limit?.count;
    if (count === undefined) return;
    if (!Number.isInteger(count.value) || count.value <= 0 || count.raw.includes("."))
      this.report("RQ2008", count.span, { value: count.raw });
  }

  protected checkConditions(): void {
    const where = this.query.where;
    if (where === undefined) return;
    for (const predicate of predicates(where)) this.checkPredicate(predicate);
  }

  protected checkPredicate(predicate: Ast.Predicate): void {
    const operator = predicate.operator;
    const value = predicate.value;
    if (operator === undefined || value === undefined) return;
    const op = operator.op;
    this.checkDomain(predicate.subject, op, value);
    if (op === "IN" || op === "NOT IN") {
      if (value.kind === "ValueList") this.checkList(value, op);
      else if (value.kind !== "Subquery") {
        const fixes =
          value.kind === "NumberLiteral" || value.kind === "StringLiteral"
            ? [singleEditFix("Add parentheses", "safe", value.span, `(${this.slice(value)})`)]
            : [];
        this.report("RQ2009", value.span, { operator: op }, { fixes });
      }
    } else if (COMPARISON_OPERATORS.has(op)) {
      if (value.kind === "ValueList") {
        const listOperator = LIST_OPERATORS.get(op) ?? "IN";
        // Only a list with values and a closing parenthesis is a list the operator should take.
        const usable = LIST_OPERATORS.has(op) && value.items.length > 0 && value.closed;
        const fixes = usable
          ? [singleEditFix(`Use \`${listOperator}\``, "safe", operator.span, listOperator)]
          : [];
        this.report("RQ2011", value.span, { operator: op, listOperator }, { fixes });
      } else this.checkValueType(predicate.subject, value);
    } else if (op === "LIKE" || op === "NOT LIKE") {
      if (value.kind !== "StringLiteral") this.report("RQ2012", value.span, { operator: op });
      else if (!value.value.includes("%")) {
        this.report("RQ2013", value.span, {
          value: this.slice(value),
          operator: op,
          equivalent: op === "LIKE" ? "=" : "!=",
        });
      }
    }
  }

  protected checkList(list: Ast.ValueList, operator: string): void {
    if (list.items.length === 0) {
      this.report("RQ2009", list.span, { operator });
      return;
    }
    const numbers = list.items.filter((i) => i.kind === "NumberLiteral");
    const strings = list.items.filter((i) => i.kind === "StringLiteral");
    if (numbers.length > 0 && strings.length > 0) {
      const fix: Fix = {
        title: "Quote the numbers",
        applicability: "safe",
        edits: numbers.map((n) => quoteSafeEdit(this.text, n.span, `'${this.slice(n)}'`, QUOTE_CHARACTERS)),
      };
      this.report("RQ2010", list.span, {}, { fixes: [fix] });
    }
  }

  /** Literals against the column's documented values, where the documentation lists them all. */
  protected checkDomain(subject: Ast.Expression | undefined, operator: string, value: Ast.Value): void {
    if (subject?.kind !== "Identifier" || this.dataset === undefined) return;
    const column = this.dataset.column(subject.name);
    if (column === undefined) return;
    append(this.out, domainProblems(column, operator, value));
  }

  /** Values against a column type, where the catalog gives one. */
  protected checkValueType(subject: Ast.Expression, value: Ast.Value): void {
    if (subject.kind !== "Identifier" || this.dataset === undefined) return;
    const column = this.dataset.column(subject.name);
    const type = column?.type;
    if (type === undefined || column === undefined) return;
    const text =
      value.kind === "StringLiteral"
        ? value.value.trim()
        : value.kind === "NumberLiteral"
          ? value.raw
          : undefined;
    if (text === undefined) return;
    const ok =
      type === "number"
        ? text !== "" && Number.isFinite(Number(text))
        : type === "boolean"
          ? /^(true|false|0|1)$/i.test(text)
          : type === "date"
            ? !Number.isNaN(Date.parse(text))
            : true;
    if (!ok) this.report("RQ2014", value.span, { column: column.name, type, value: this.slice(value) });
  }

  protected checkOrderDirections(): void {
    const orderBy = this.query.orderBy;
    if (orderBy === undefined) return;
    for (const item of orderBy.items) {
      // Only names sort; other items are reported by the syntax checks.
      if (item.direction !== undefined || item.expression.kind !== "Identifier") continue;
      // `OrderId, DESC`: the direction is written, after a stray comma whose removal (RQ1107) attaches
      // it; writing another made `--fix` give `OrderId DESC DESC`.
      if (item.comma !== undefined && directionAt(this.text, item.comma.end)) continue;
      const at = emptySpan(item.expression.span.end);
      // `DESC` keeps what the service does; but next to SQL constructs the author meant SQL's ascending
      // default, and which of the two was wanted needs a look.
      const fixes = this.writtenForSql
        ? [
            wordSafeFix(this.text, "Write `ASC` (SQL's default)", "unsafe", at, " ASC"),
            wordSafeFix(this.text, "Write `DESC` (what the service does now)", "unsafe", at, " DESC"),
          ]
        : [wordSafeFix(this.text, "Write `DESC`", "safe", at, " DESC")];
      this.report("RQ2016", item.expression.span, {}, { fixes });
    }
  }
}

/** `ASC` or `DESC` (after spaces) at `offset` of `text`. */
const DIRECTION = /\s*(?:asc|desc)(?![\w])/iy;

function directionAt(text: string, offset: number): boolean {
  DIRECTION.lastIndex = offset;
  return DIRECTION.test(text);
}
