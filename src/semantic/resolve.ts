/**
 * `resolveQuery(query, catalog)`: the executable meaning of a parsed query. Every name is bound to
 * the catalog's column (case-insensitively, as the specification says names are), every value is
 * typed, and every default the documentation gives is made explicit (`ORDER BY` without a direction
 * sorts descending; no `TIMESPAN` means the last six months).
 *
 * This is not a checker: `check` decides whether the service accepts a query and explains why not.
 * Resolution refuses only what cannot be executed at all (an unknown name, a construct the language
 * lacks, a part that did not parse), and returns those refusals as values. Pure; never throws.
 */
import type * as Ast from "../syntax/ast.js";
import { TIMESPAN_VALUES } from "../syntax/language.js";
import type { Span } from "../text/span.js";
import { type Catalog, type ColumnInfo, catalogOption, type DatasetInfo } from "./catalog.js";

/** A dimension groups rows; a metric is aggregated per distinct combination of the dimensions. */
export type ColumnRole = "dimension" | "metric";

/** A name bound to its catalog column. */
export interface ResolvedColumn {
  readonly column: ColumnInfo;
  readonly role: ColumnRole;
  /** The name as written (the catalog's spelling may differ in case). */
  readonly written: string;
  readonly span: Span;
}

/** A value as written: numbers and strings stay apart, since each column converts them its own way. */
export type Literal =
  | { readonly kind: "number"; readonly value: number; readonly text: string; readonly span: Span }
  | { readonly kind: "string"; readonly text: string; readonly span: Span };

export type ComparisonOperator = "=" | "!=" | "<" | ">" | "<=" | ">=";

/** One `WHERE` condition; conditions are joined by `AND`, the only connector the language has. */
export type ResolvedCondition =
  | {
      readonly kind: "compare";
      readonly column: ResolvedColumn;
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: "like";
      readonly column: ResolvedColumn;
      readonly negated: boolean;
      readonly pattern: Literal;
    }
  | {
      readonly kind: "in";
      readonly column: ResolvedColumn;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    };

/** One sort key. `explicit` is false when the documented default (`DESC`) was applied. */
export interface ResolvedOrder {
  readonly column: ResolvedColumn;
  readonly direction: "ASC" | "DESC";
  readonly explicit: boolean;
}

/** The 13 documented TIMESPAN values. */
export type TimespanValue =
  | "TODAY"
  | "YESTERDAY"
  | "LAST_7_DAYS"
  | "LAST_14_DAYS"
  | "LAST_30_DAYS"
  | "LAST_90_DAYS"
  | "LAST_180_DAYS"
  | "LAST_365_DAYS"
  | "LAST_MONTH"
  | "LAST_3_MONTHS"
  | "LAST_6_MONTHS"
  | "LAST_1_YEAR"
  | "LIFETIME";

/** A query ready to execute. */
export interface ResolvedQuery {
  readonly dataset: DatasetInfo;
  /** Selected columns in order; a repeated name (a warning for the checker) is kept once. */
  readonly select: readonly ResolvedColumn[];
  readonly distinct: boolean;
  readonly where: readonly ResolvedCondition[];
  readonly orderBy: readonly ResolvedOrder[];
  readonly limit: number | undefined;
  /** `explicit` is false when the query had no TIMESPAN and the documented six months apply. */
  readonly timespan: { readonly value: TimespanValue; readonly explicit: boolean };
}

/** Why a query cannot be executed. */
export interface ResolveProblem {
  readonly code: "missing" | "unknown-dataset" | "unknown-column" | "unsupported" | "invalid-value";
  readonly message: string;
  readonly span: Span;
}

export type ResolveResult =
  | { readonly ok: true; readonly query: ResolvedQuery }
  | { readonly ok: false; readonly problems: readonly ResolveProblem[] };

/** The period that applies when a query has no TIMESPAN (both first-call pages say six months). */
export const DEFAULT_TIMESPAN: TimespanValue = "LAST_6_MONTHS";

const TIMESPANS: ReadonlySet<string> = new Set(TIMESPAN_VALUES);
const COMPARISONS: ReadonlySet<string> = new Set(["=", "!=", "<", ">", "<=", ">="]);

/**
 * Binds a parsed query to a catalog. `check(text, { resolve: true })` calls it from the semantic pass
 * with the dataset that pass already bound (`bound`); called alone, it looks the dataset up.
 */
export function resolveQuery(query: Ast.Query, given: Catalog, bound?: DatasetInfo): ResolveResult {
  const catalog = catalogOption(given);
  const problems: ResolveProblem[] = [];
  const dataset = resolveDataset(query, catalog, problems, bound);
  refuseForeignClauses(query, problems);
  if (dataset === undefined) return { ok: false, problems };
  const binder = new Binder(dataset, problems);
  const select = binder.selectList(query);
  const where = query.where === undefined ? [] : binder.conditions(query.where);
  const orderBy = query.orderBy === undefined ? [] : binder.orderBy(query.orderBy);
  const limit = resolveLimit(query.limit, problems);
  const timespan = resolveTimespan(query.timespan, problems);
  if (problems.length > 0) return { ok: false, problems };
  const distinct = query.select?.distinct !== undefined;
  return { ok: true, query: { dataset, select, distinct, where, orderBy, limit, timespan } };
}

function problem(code: ResolveProblem["code"], message: string, span: Span): ResolveProblem {
  return { code, message, span };
}

function resolveDataset(
  query: Ast.Query,
  catalog: Catalog,
  out: ResolveProblem[],
  bound: DatasetInfo | undefined,
): DatasetInfo | undefined {
  const ref = query.from?.dataset;
  if (query.select === undefined || ref === undefined) {
    out.push(problem("missing", "A query needs `SELECT` names and `FROM` a dataset", query.span));
    return undefined;
  }
  if (ref.kind !== "Identifier") {
    out.push(problem("unsupported", "`FROM` takes one dataset name", ref.span));
    return undefined;
  }
  const dataset = bound ?? catalog.dataset(ref.name);
  if (dataset === undefined)
    out.push(problem("unknown-dataset", `Unknown dataset \`${ref.name}\``, ref.span));
  else if (query.from?.extraDatasets.length || query.from?.alias)
    out.push(problem("unsupported", "`FROM` takes one dataset name, without alias", query.from.span));
  return dataset;
}

/** SQL clauses the language lacks: executing them some other way would hide the mistake. */
function refuseForeignClauses(query: Ast.Query, out: ResolveProblem[]): void {
  const seen = new Set<string>();
  for (const clause of query.clauses) {
    const foreign = ["GroupByClause", "HavingClause", "JoinClause", "InvalidClause"].includes(clause.kind);
    if (foreign || seen.has(clause.kind))
      out.push(problem("unsupported", "This clause is not part of the query language here", clause.span));
    seen.add(clause.kind);
  }
  if (query.select?.top !== undefined)
    out.push(problem("unsupported", "`TOP` is not supported", query.select.top.span));
}

class Binder {
  constructor(
    private readonly dataset: DatasetInfo,
    private readonly out: ResolveProblem[],
  ) {}

  /** A name in a column position, bound to the dataset's column. */
  column(expression: Ast.Expression): ResolvedColumn | undefined {
    if (expression.kind !== "Identifier") {
      this.out.push(problem("unsupported", "Only column and metric names are allowed here", expression.span));
      return undefined;
    }
    const column = this.dataset.column(expression.name);
    if (column === undefined) {
      const message = `Unknown column \`${expression.name}\` in \`${this.dataset.name}\``;
      this.out.push(problem("unknown-column", message, expression.span));
      return undefined;
    }
    const role: ColumnRole = column.kind === "metric" ? "metric" : "dimension";
    return { column, role, written: expression.name, span: expression.span };
  }

  selectList(query: Ast.Query): ResolvedColumn[] {
    const items = query.select?.items ?? [];
    if (items.length === 0) this.out.push(problem("missing", "`SELECT` needs at least one name", query.span));
    const bound: ResolvedColumn[] = [];
    for (const item of items) {
      if (item.alias !== undefined)
        this.out.push(problem("unsupported", "Aliases are not supported", item.alias.span));
      const column = this.column(item.expression);
      if (column !== undefined && !bound.some((b) => b.column === column.column)) bound.push(column);
    }
    return bound;
  }

  conditions(where: Ast.WhereClause): ResolvedCondition[] {
    for (const connector of where.connectors)
      if (connector.text !== "AND")
        this.out.push(problem("unsupported", "Conditions join with `AND` only", connector.span));
    if (where.connectors.length >= where.conditions.length && where.conditions.length > 0)
      this.out.push(problem("missing", "A condition is missing after the last `AND`", where.span));
    const out: ResolvedCondition[] = [];
    for (const condition of where.conditions) {
      const resolved = this.condition(condition);
      if (resolved !== undefined) out.push(resolved);
    }
    return out;
  }

  private condition(condition: Ast.Condition): ResolvedCondition | undefined {
    if (condition.kind !== "Predicate" || condition.between !== undefined) {
      this.out.push(
        problem("unsupported", "Only `name operator value` conditions are supported", condition.span),
      );
      return undefined;
    }
    const { operator, value } = condition;
    const column = this.column(condition.subject);
    if (operator === undefined || value === undefined) {
      this.out.push(problem("missing", "The condition needs an operator and a value", condition.span));
      return undefined;
    }
    if (column === undefined) return undefined;
    const op = operator.op;
    if (COMPARISONS.has(op)) return this.comparison(column, op as ComparisonOperator, value);
    if (op === "LIKE" || op === "NOT LIKE") return this.like(column, op === "NOT LIKE", value);
    if (op === "IN" || op === "NOT IN") return this.list(column, op === "NOT IN", value);
    this.out.push(
      problem("unsupported", `\`${operator.raw}\` is not an operator of the language`, operator.span),
    );
    return undefined;
  }

  private comparison(
    column: ResolvedColumn,
    operator: ComparisonOperator,
    value: Ast.Value,
  ): ResolvedCondition | undefined {
    const literal = this.literal(value);
    return literal === undefined ? undefined : { kind: "compare", column, operator, value: literal };
  }

  private like(column: ResolvedColumn, negated: boolean, value: Ast.Value): ResolvedCondition | undefined {
    if (value.kind !== "StringLiteral") {
      this.out.push(problem("invalid-value", "`LIKE` takes a quoted pattern", value.span));
      return undefined;
    }
    const pattern = this.literal(value);
    return pattern === undefined ? undefined : { kind: "like", column, negated, pattern };
  }

  private list(column: ResolvedColumn, negated: boolean, value: Ast.Value): ResolvedCondition | undefined {
    if (value.kind !== "ValueList" || !value.closed || value.items.length === 0) {
      this.out.push(problem("invalid-value", "`IN` takes a parenthesised list of values", value.span));
      return undefined;
    }
    const values: Literal[] = [];
    for (const item of value.items) {
      const literal = this.literal(item);
      if (literal !== undefined) values.push(literal);
    }
    return values.length === value.items.length ? { kind: "in", column, negated, values } : undefined;
  }

  /** A single value; lists, sub-queries and unquoted words are refused. */
  private literal(value: Ast.Value): Literal | undefined {
    if (value.kind === "NumberLiteral")
      return { kind: "number", value: value.value, text: value.raw, span: value.span };
    if (value.kind === "StringLiteral" && value.quote !== "unterminated" && value.quote !== "unopened")
      return { kind: "string", text: value.value, span: value.span };
    this.out.push(problem("invalid-value", "Expected a number or a quoted value", value.span));
    return undefined;
  }

  orderBy(clause: Ast.OrderByClause): ResolvedOrder[] {
    if (clause.by === undefined || clause.items.length === 0)
      this.out.push(problem("missing", "`ORDER BY` needs at least one name", clause.span));
    const out: ResolvedOrder[] = [];
    for (const item of clause.items) {
      const column = this.column(item.expression);
      if (column === undefined) continue;
      const written = item.direction?.text;
      // The specification's default is DESC, unlike SQL's ASC.
      const direction = written === "ASC" ? "ASC" : "DESC";
      out.push({ column, direction, explicit: written !== undefined });
    }
    return out;
  }
}

function resolveLimit(clause: Ast.LimitClause | undefined, out: ResolveProblem[]): number | undefined {
  if (clause === undefined) return undefined;
  const count = clause.count;
  if (
    count === undefined ||
    !Number.isSafeInteger(count.value) ||
    count.value <= 0 ||
    count.raw.includes(".")
  ) {
    out.push(problem("invalid-value", "`LIMIT` takes a positive whole number", count?.span ?? clause.span));
    return undefined;
  }
  if (clause.offset !== undefined)
    out.push(problem("unsupported", "`OFFSET` is not supported", clause.offset.span));
  return count.value;
}

function resolveTimespan(
  clause: Ast.TimespanClause | undefined,
  out: ResolveProblem[],
): ResolvedQuery["timespan"] {
  if (clause === undefined) return { value: DEFAULT_TIMESPAN, explicit: false };
  const value = clause.value;
  const upper = value?.kind === "Identifier" ? value.name.toUpperCase() : undefined;
  if (upper === undefined || !TIMESPANS.has(upper)) {
    out.push(
      problem("invalid-value", "`TIMESPAN` takes one of the documented periods", value?.span ?? clause.span),
    );
    return { value: DEFAULT_TIMESPAN, explicit: true };
  }
  return { value: upper as TimespanValue, explicit: true };
}
