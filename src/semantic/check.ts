/**
 * `check(text, { catalog })`: syntax and semantic diagnostics for a document. The semantic pass
 * validates every part that parsed, whatever else is wrong with the query: names against the query's
 * dataset, TIMESPAN against the 13 documented periods and the dataset's ranges, `LIMIT`, and the shape
 * of each condition's value. Never throws; catalogs are reused across calls.
 */

import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import {
  type CodeWithVariants,
  type DiagnosticArguments,
  makeDiagnostic,
  makeVariant,
  singleEditFix,
  sortDiagnostics,
  type VariantArguments,
  type VariantOf,
  wordSafeFix,
} from "../diagnostics/make.js";
import { type FormatOptions, format } from "../format/format.js";
import type * as Ast from "../syntax/ast.js";
import { TIMESPAN_VALUES } from "../syntax/language.js";
import { type ParseResult, parse, withoutFixes } from "../syntax/parse.js";
import { predicates } from "../syntax/walk.js";
import { emptySpan, type Span } from "../text/span.js";
import { builtinCatalog, type Catalog, type ColumnInfo, type DatasetInfo } from "./catalog.js";
import { closestNames } from "./suggest.js";

/** Options of `check`. */
export interface CheckOptions {
  /** The datasets to check against; the built-in `all` catalog by default. */
  readonly catalog?: Catalog;
}

/** A parse result whose diagnostics include the semantic ones, sorted by position. */
export type CheckResult = ParseResult;

/** Checks a document against a catalog. */
export function check(text: string, options: CheckOptions = {}): CheckResult {
  const parsed = parse(text);
  const catalog = options.catalog ?? builtinCatalog("all");
  const diagnostics = [...parsed.diagnostics];
  // Starts of the SQL-construct diagnostics (`TOP`, `ORDER BY 2`, ...), in order: a query holding one
  // was written with SQL's meaning in mind. One pointer walks them along the queries.
  const sqlConstructs = parsed.sqlConstructs;
  let next = 0;
  for (const [index, query] of parsed.document.queries.entries()) {
    const uncertain = parsed.uncertain[index] === true;
    const found: Diagnostic[] = [];
    const end = query.terminator?.end ?? query.span.end;
    while (next < sqlConstructs.length && (sqlConstructs[next] as Span).start < query.span.start) next++;
    const writtenForSql = next < sqlConstructs.length && (sqlConstructs[next] as Span).start < end;
    new QueryChecker(query, text, catalog, found, uncertain, writtenForSql).run();
    // A query whose structure is uncertain gets no semantic fixes (see ParseResult.uncertain).
    diagnostics.push(...(uncertain ? found.map(withoutFixes) : found));
  }
  // `EstimatedExtendedCharge(CC)` is a name written with parentheses (RQ2002 says which), not a call:
  // the syntax error about functions would only mislead.
  const namesAsCalls = diagnostics.filter((d) => d.code === "RQ2002" && d.data?.writtenAsCall === true);
  if (namesAsCalls.length === 0) return { ...parsed, diagnostics: sortDiagnostics(diagnostics) };
  const kept = diagnostics.filter(
    (d) =>
      d.code !== "RQ1202" ||
      !namesAsCalls.some((n) => n.span.start === d.span.start && n.span.end === d.span.end),
  );
  return { ...parsed, diagnostics: sortDiagnostics(kept) };
}

const TIMESPANS = new Set(TIMESPAN_VALUES);
/**
 * The list operator an `=` or `!=` with a list means. A map and a set rather than `in` on an object:
 * the operator is a fresh string, which `in` looks up in V8's string table on every condition.
 */
const LIST_OPERATORS: ReadonlyMap<string, string> = new Map([
  ["=", "IN"],
  ["!=", "NOT IN"],
]);
const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(["=", "!=", "<", ">", "<=", ">="]);

class QueryChecker {
  private dataset: DatasetInfo | undefined;

  constructor(
    private readonly query: Ast.Query,
    private readonly text: string,
    private readonly catalog: Catalog,
    private readonly out: Diagnostic[],
    /** The structure may be wrong: nothing is inferred from a part being absent. */
    private readonly uncertain: boolean,
    /** The query uses SQL constructs, so its author had SQL's meaning (ascending sorts) in mind. */
    private readonly writtenForSql: boolean,
  ) {}

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

  private slice(node: { span: { start: number; end: number } }): string {
    return this.text.slice(node.span.start, node.span.end);
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

  private checkDataset(): void {
    const ref = this.query.from?.dataset;
    const id = ref?.kind === "QualifiedName" ? ref.name : ref;
    if (id === undefined || id.kind !== "Identifier") return;
    this.dataset = this.catalog.dataset(id.name);
    if (this.dataset !== undefined) {
      if (!this.dataset.columnsKnown) this.report("RQ2018", id.span, { dataset: this.dataset.name });
      return;
    }
    const suggestions = closestNames(
      id.name,
      this.catalog.datasets.map((d) => d.name),
    );
    const extras = { fixes: replaceFixes(id, suggestions) };
    if (suggestions.length > 0)
      this.reportVariant("RQ2001", "didYouMean", id.span, { name: id.name, suggestions }, extras);
    else this.report("RQ2001", id.span, { name: id.name, suggestions }, extras);
  }

  /**
   * Every name in a column position (selected, tested, sorted, grouped or passed to a call), in
   * document order; names written as calls (`Name(Suffix)`) go to `calls`.
   */
  private nameUses(calls: Ast.FunctionCall[]): Ast.Identifier[] {
    const uses: Ast.Identifier[] = [];
    const fromExpression = (e: Ast.Expression | undefined) => {
      if (e === undefined) return;
      if (e.kind === "Identifier") uses.push(e);
      else if (e.kind === "QualifiedName" && e.name?.kind === "Identifier") uses.push(e.name);
      else if (e.kind === "FunctionCall") {
        if (this.nameWrittenAsCall(e) !== undefined) calls.push(e);
        else for (const arg of e.args) fromExpression(arg);
      }
    };
    for (const clause of this.query.clauses) {
      if (clause.kind === "SelectClause") for (const item of clause.items) fromExpression(item.expression);
      else if (clause.kind === "WhereClause" || clause.kind === "HavingClause")
        for (const p of predicates(clause)) fromExpression(p.subject);
      else if (clause.kind === "OrderByClause")
        for (const item of clause.items) fromExpression(item.expression);
      else if (clause.kind === "GroupByClause") for (const item of clause.items) fromExpression(item);
    }
    return uses;
  }

  private checkNames(): void {
    const dataset = this.dataset;
    if (dataset === undefined || !dataset.columnsKnown) return;
    const calls: Ast.FunctionCall[] = [];
    const uses = this.nameUses(calls);
    for (const call of calls) {
      // `EstimatedExtendedCharge(CC)`, as a spec example writes it, is the metric `EstimatedExtendedChargeCC`.
      const name = this.nameWrittenAsCall(call) as string;
      this.reportVariant(
        "RQ2002",
        "didYouMean",
        call.span,
        {
          name: this.slice(call),
          dataset: dataset.name,
          suggestions: [name],
          elsewhere: [],
          writtenAsCall: true,
        },
        { fixes: [singleEditFix(`Write \`${name}\``, "unsafe", call.span, name)] },
      );
    }
    for (const id of uses) {
      const column = dataset.column(id.name);
      if (column === undefined) {
        // A name holding an unreadable character is already reported (RQ1001). Tested only for names
        // the catalog lacks (a test per name was a few percent of check): a name it has is known.
        if (isPlainName(id.name)) this.reportUnknownColumn(id, dataset);
        continue;
      }
      if (column.unconfirmed) this.report("RQ2003", id.span, { name: column.name, dataset: dataset.name });
    }
  }

  private reportUnknownColumn(id: Ast.Identifier, dataset: DatasetInfo): void {
    const suggestions = closestNames(
      id.name,
      dataset.columns.map((c) => c.name),
    );
    const elsewhere = this.catalog
      .datasetsWithColumn(id.name)
      .filter((d) => d !== dataset)
      .map((d) => d.name);
    const data = { name: id.name, dataset: dataset.name, suggestions, elsewhere: elsewhere.slice(0, 3) };
    const extras = { fixes: replaceFixes(id, suggestions) };
    const others = elsewhere.length > 3;
    if (elsewhere.length === 0) {
      if (suggestions.length > 0) this.reportVariant("RQ2002", "didYouMean", id.span, data, extras);
      else this.report("RQ2002", id.span, data, extras);
    } else if (suggestions.length > 0)
      this.reportVariant(
        "RQ2002",
        others ? "didYouMeanExistsInOthers" : "didYouMeanExistsIn",
        id.span,
        data,
        extras,
      );
    else this.reportVariant("RQ2002", others ? "existsInOthers" : "existsIn", id.span, data, extras);
  }

  /** The column a call such as `Name(Suffix)` spells with parentheses, if the dataset has one. */
  private nameWrittenAsCall(call: Ast.FunctionCall): string | undefined {
    const [arg, ...rest] = call.args;
    if (arg?.kind !== "Identifier" || rest.length > 0) return undefined;
    return this.dataset?.column(call.name.name + arg.name)?.name;
  }

  private checkSelectList(): void {
    const select = this.query.select;
    if (select === undefined) return;
    const dataset = this.dataset;
    // Keyed by the catalog's column when the dataset has it (no lower-cased copy per name; the name's
    // hash is cached from the name check's lookup), by the lower-cased name otherwise: names are
    // case-insensitive either way.
    const seen = new Map<ColumnInfo | string, Ast.SelectItem>();
    for (let index = 0; index < select.items.length; index++) {
      const item = select.items[index] as Ast.SelectItem;
      if (item.expression.kind !== "Identifier") continue;
      const name = item.expression.name;
      const key = dataset?.column(name) ?? name.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, item);
        continue;
      }
      // Remove the repeated item with the comma before it, so the list stays well formed.
      const previous = select.items[index - 1];
      const removal = previous?.comma
        ? { start: previous.comma.start, end: item.expression.span.end }
        : item.span;
      this.report(
        "RQ2004",
        item.expression.span,
        { name: item.expression.name },
        {
          related: [{ span: first.expression.span, message: "First selected here" }],
          fixes: [singleEditFix("Remove the repetition", "safe", removal, "")],
        },
      );
    }
    if (select.distinct !== undefined && dataset !== undefined) {
      const hasMetric = select.items.some(
        (i) => i.expression.kind === "Identifier" && dataset.column(i.expression.name)?.kind === "metric",
      );
      if (hasMetric) {
        const end = select.items[0]?.span.start ?? select.distinct.span.end;
        this.report(
          "RQ2005",
          select.distinct.span,
          {},
          {
            fixes: [
              singleEditFix("Remove `DISTINCT`", "safe", { start: select.distinct.span.start, end }, ""),
            ],
          },
        );
      }
    }
  }

  private checkTimespan(): void {
    const clause = this.query.timespan;
    if (clause === undefined) {
      if (this.query.select !== undefined && this.query.from !== undefined && !this.uncertain) {
        const end = this.query.clauses[this.query.clauses.length - 1]?.span.end ?? this.query.span.end;
        this.report(
          "RQ2015",
          emptySpan(end),
          {},
          {
            fixes: [
              wordSafeFix(
                this.text,
                "Add `TIMESPAN LAST_6_MONTHS`",
                "unsafe",
                emptySpan(end),
                " TIMESPAN LAST_6_MONTHS",
              ),
            ],
          },
        );
      }
      return;
    }
    const value = clause.value;
    if (value === undefined) return;
    if (value.kind !== "Identifier") {
      const inner = value.kind === "StringLiteral" ? value.value.trim().toUpperCase() : value.raw;
      const fixes = TIMESPANS.has(inner)
        ? [singleEditFix(`Write \`${inner}\``, "safe", value.span, inner)]
        : [];
      this.report(
        "RQ2017",
        value.span,
        { value: TIMESPANS.has(inner) ? `\`${inner}\`` : "a period such as `LAST_MONTH`" },
        { fixes },
      );
      return;
    }
    const upper = value.name.toUpperCase();
    if (!TIMESPANS.has(upper)) {
      if (this.reportSpacedTimespan(value, upper)) return;
      const byPeriod = samePeriod(upper);
      const suggestions = [
        ...byPeriod,
        ...closestNames(value.name, TIMESPAN_VALUES).filter((n) => !byPeriod.includes(n)),
      ].slice(0, 3);
      const extras = { fixes: replaceFixes(value, suggestions) };
      if (suggestions.length > 0)
        this.reportVariant("RQ2006", "didYouMean", value.span, { value: value.name, suggestions }, extras);
      else
        this.report(
          "RQ2006",
          value.span,
          { value: value.name, allowed: TIMESPAN_VALUES, suggestions },
          extras,
        );
      return;
    }
    const ranges = this.dataset?.dateRanges;
    if (this.dataset !== undefined && ranges !== null && ranges !== undefined && !ranges.includes(upper)) {
      this.report("RQ2007", value.span, {
        dataset: this.dataset.name,
        value: value.name,
        ranges: [...ranges],
      });
    }
  }

  /** `LAST 6 MONTHS`: the value written with spaces; the underscores make it one word. */
  private reportSpacedTimespan(value: Ast.Identifier, upper: string): boolean {
    const rest = /^(?:[ \t]+(\d+))?[ \t]+(DAYS?|MONTHS?|YEARS?)\b/i.exec(this.text.slice(value.span.end));
    if (rest === null) return false;
    const candidate = `${upper}${rest[1] ? `_${rest[1]}` : ""}_${(rest[2] as string).toUpperCase()}`;
    if (!TIMESPANS.has(candidate)) return false;
    const span = { start: value.span.start, end: value.span.end + rest[0].length };
    this.reportVariant(
      "RQ2006",
      "didYouMean",
      span,
      { value: this.slice({ span }), suggestions: [candidate] },
      { fixes: [singleEditFix(`Write \`${candidate}\``, "safe", span, candidate)] },
    );
    return true;
  }

  private checkLimit(): void {
    const count = this.query.limit?.count;
    if (count === undefined) return;
    if (!Number.isInteger(count.value) || count.value <= 0 || count.raw.includes("."))
      this.report("RQ2008", count.span, { value: count.raw });
  }

  private checkConditions(): void {
    const where = this.query.where;
    if (where === undefined) return;
    for (const predicate of predicates(where)) this.checkPredicate(predicate);
  }

  private checkPredicate(predicate: Ast.Predicate): void {
    const operator = predicate.operator;
    const value = predicate.value;
    if (operator === undefined || value === undefined) return;
    const op = operator.op;
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

  private checkList(list: Ast.ValueList, operator: string): void {
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
        edits: numbers.map((n) => ({ span: n.span, newText: `'${this.slice(n)}'` })),
      };
      this.report("RQ2010", list.span, {}, { fixes: [fix] });
    }
  }

  /** Values against a column type, where the catalog gives one. */
  private checkValueType(subject: Ast.Expression, value: Ast.Value): void {
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

  private checkOrderDirections(): void {
    const orderBy = this.query.orderBy;
    if (orderBy === undefined) return;
    for (const item of orderBy.items) {
      // Only names sort; other items are reported by the syntax checks.
      if (item.direction !== undefined || item.expression.kind !== "Identifier") continue;
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

/** Lengths in days of the TIMESPAN values that are a period ending now, and the unit each is written in. */
const PERIODS: readonly { value: string; days: number; unit: "day" | "month" }[] = [
  { value: "LAST_7_DAYS", days: 7, unit: "day" },
  { value: "LAST_14_DAYS", days: 14, unit: "day" },
  { value: "LAST_30_DAYS", days: 30, unit: "day" },
  { value: "LAST_90_DAYS", days: 90, unit: "day" },
  { value: "LAST_180_DAYS", days: 180, unit: "day" },
  { value: "LAST_365_DAYS", days: 365, unit: "day" },
  { value: "LAST_MONTH", days: 30, unit: "month" },
  { value: "LAST_3_MONTHS", days: 91, unit: "month" },
  { value: "LAST_6_MONTHS", days: 182, unit: "month" },
  { value: "LAST_1_YEAR", days: 365, unit: "month" },
];

const DAYS_PER_UNIT: Readonly<Record<string, number>> = { DAY: 1, WEEK: 7, MONTH: 30.4, YEAR: 365 };

/**
 * The TIMESPAN value closest in length to a period written another way (`LAST_12_MONTHS`,
 * `LAST_2_WEEKS`), in the same kind of unit when there is a tie: edit distance alone would offer
 * `LAST_3_MONTHS` for `LAST_12_MONTHS`.
 */
function samePeriod(written: string): string[] {
  const match = /^LAST_(?:(\d+)_)?(DAY|WEEK|MONTH|YEAR)S?$/.exec(written);
  if (match === null) return [];
  const unit = match[2] as string;
  const days = Number(match[1] ?? "1") * (DAYS_PER_UNIT[unit] ?? 1);
  // Longer than any period: all the history there is.
  if (days > 400) return ["LIFETIME"];
  const family = unit === "DAY" || unit === "WEEK" ? "day" : "month";
  const distance = (p: (typeof PERIODS)[number]) => Math.abs(Math.log(p.days / days));
  const best = [...PERIODS].sort(
    (a, b) => distance(a) - distance(b) || Number(b.unit === family) - Number(a.unit === family),
  )[0];
  return best === undefined || distance(best) > Math.log(1.5) ? [] : [best.value];
}

/** Letters, digits and `_` only (what `/^\w+$/` matches), tested without a regular expression. */
function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const isWordChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
    if (!isWordChar) return false;
  }
  return true;
}

/** The closest suggestion as an unsafe fix: the user confirms that this name was meant. */
function replaceFixes(id: { span: { start: number; end: number } }, suggestions: readonly string[]): Fix[] {
  const best = suggestions[0];
  return best === undefined ? [] : [singleEditFix(`Write \`${best}\``, "unsafe", id.span, best)];
}

/** Formats a document and writes dataset and column names in the catalog's spelling. */
export function formatWithCatalog(
  text: string,
  catalog: Catalog = builtinCatalog("all"),
  options: FormatOptions = {},
): string {
  return format(text, {
    ...options,
    canonicalName: (name, role, dataset) => {
      if (role === "dataset") return catalog.dataset(name)?.name;
      if (role === "timespan") return TIMESPANS.has(name.toUpperCase()) ? name.toUpperCase() : undefined;
      return dataset === undefined ? undefined : catalog.dataset(dataset)?.column(name)?.name;
    },
  });
}
