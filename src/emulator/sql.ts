/**
 * A resolved query as parameterised SQL for the embedded engine (DuckDB's dialect).
 *
 * Safety: identifiers come from the table layout (positional names the engine made from the catalog),
 * always quoted; every value the user wrote is a bound parameter, converted by the engine
 * (`TRY_CAST`), so the SQL text depends only on the query's shape, never on its values.
 *
 * Semantics, as the specification defines them:
 * - metrics are summed per distinct combination of the selected dimensions; a query that selects,
 *   filters or sorts by a metric, or says `DISTINCT`, is grouped by its selected dimensions;
 * - a condition on a metric tests the metric's total (a `HAVING`), since metrics behave like
 *   aggregation functions;
 * - `ORDER BY` without a direction is descending (resolved before this step); ties, and queries
 *   without `ORDER BY`, are ordered by the selected columns, ascending, so results are repeatable;
 * - values are case-insensitive: text compares lower-cased, `LIKE` is `ILIKE`;
 * - `LIKE` patterns: `%` any run of characters, `_` any one character, nothing else is special
 *   (no escape character);
 * - a value that does not convert to the column's type matches nothing (`'False'` against a 0/1
 *   column, as the FAQ describes), and `!=`/`NOT IN` such a value matches every non-empty row;
 * - the time column is limited to the TIMESPAN window (see window.ts).
 */
import type { ColumnInfo } from "../semantic/catalog.js";
import type { ResolvedColumn, ResolvedCondition, ResolvedQuery } from "../semantic/resolve.js";
import { sqlTimestamp, type TimeWindow, timespanWindow } from "./window.js";

/** How the engine stores a column. */
export type StorageType = "VARCHAR" | "DOUBLE" | "BIGINT" | "DATE" | "TIMESTAMP";

/** Where a dataset's rows are: a relation and, per catalog column, a stored column. */
export interface TableLayout {
  readonly relation: string;
  readonly columns: ReadonlyMap<ColumnInfo, { readonly name: string; readonly type: StorageType }>;
  /** The column TIMESPAN limits; none for datasets without dates. */
  readonly timeColumn: ColumnInfo | undefined;
}

export interface TranslateOptions {
  /** The clock reading TIMESPAN windows are relative to. */
  readonly now: Date;
  /** Replaces the TIMESPAN window (`QueryStartTime`/`QueryEndTime`, try-query `startTime`/`endTime`). */
  readonly window?: TimeWindow;
  /** The try query's row cap, applied on top of `LIMIT`. */
  readonly rowCap?: number;
}

/** A bound value; a list binds as `VARCHAR[]` (the synthetic data's pools). */
export type SqlValue = string | number | readonly string[];

export interface Translation {
  readonly sql: string;
  /** Values of `$1`, `$2`, ... in order. */
  readonly params: readonly SqlValue[];
  /** Output columns in order: the catalog's names and stored types. */
  readonly columns: readonly { readonly name: string; readonly type: StorageType }[];
}

export type TranslateResult =
  | { readonly ok: true; readonly translation: Translation }
  | { readonly ok: false; readonly message: string };

/** `"name"` with quotes doubled: the only way an identifier enters the SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Translates a resolved query for a table layout. */
export function translate(
  query: ResolvedQuery,
  layout: TableLayout,
  options: TranslateOptions,
): TranslateResult {
  const missing = [
    ...query.select,
    ...query.where.map((c) => c.column),
    ...query.orderBy.map((o) => o.column),
  ].find((c) => !layout.columns.has(c.column));
  if (missing !== undefined) return { ok: false, message: `No stored column for \`${missing.column.name}\`` };
  return { ok: true, translation: new Builder(query, layout, options).build() };
}

const TIME_TYPES: ReadonlySet<StorageType> = new Set(["DATE", "TIMESTAMP"]);

class Builder {
  private readonly params: SqlValue[] = [];
  private readonly grouped: boolean;

  constructor(
    private readonly query: ResolvedQuery,
    private readonly layout: TableLayout,
    private readonly options: TranslateOptions,
  ) {
    const usesMetric = (c: ResolvedColumn) => c.role === "metric";
    this.grouped =
      query.distinct ||
      query.select.some(usesMetric) ||
      query.where.some((c) => usesMetric(c.column)) ||
      query.orderBy.some((o) => usesMetric(o.column));
  }

  build(): Translation {
    const outputs = this.query.select.map((c) => this.output(c));
    const parts = [
      `SELECT ${outputs.map((e, i) => `${e} AS "_${i}"`).join(", ")}`,
      `FROM ${quoteIdentifier(this.layout.relation)}`,
    ];
    const where = [...this.windowConditions(), ...this.conditions("dimension")];
    if (where.length > 0) parts.push(`WHERE ${where.join(" AND ")}`);
    const dimensions = this.query.select.filter((c) => c.role === "dimension");
    if (this.grouped && dimensions.length > 0)
      parts.push(`GROUP BY ${dimensions.map((c) => this.ref(c)).join(", ")}`);
    // An aggregate without dimensions gives one row even over no rows; an empty window gives none.
    const having = [
      ...this.conditions("metric"),
      ...(this.grouped && dimensions.length === 0 ? ["COUNT(*) > 0"] : []),
    ];
    if (having.length > 0) parts.push(`HAVING ${having.join(" AND ")}`);
    parts.push(`ORDER BY ${this.orderKeys(outputs).join(", ")}`);
    const limit = Math.min(this.query.limit ?? Infinity, this.options.rowCap ?? Infinity);
    if (Number.isFinite(limit)) parts.push(`LIMIT ${this.param(limit)}`);
    const columns = this.query.select.map((c) => ({ name: c.column.name, type: this.stored(c.column).type }));
    return { sql: parts.join(" "), params: this.params, columns };
  }

  private param(value: SqlValue): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  private stored(column: ColumnInfo): { readonly name: string; readonly type: StorageType } {
    return this.layout.columns.get(column) as { name: string; type: StorageType };
  }

  private ref(c: ResolvedColumn | ColumnInfo): string {
    return quoteIdentifier(this.stored("column" in c ? c.column : c).name);
  }

  /** A column in a row context, or its total in a grouped one. */
  private output(c: ResolvedColumn): string {
    return this.grouped && c.role === "metric" ? `SUM(${this.ref(c)})` : this.ref(c);
  }

  private orderKeys(outputs: readonly string[]): string[] {
    const keys = this.query.orderBy.map((o) => {
      const selected = this.query.select.some((s) => s.column === o.column.column);
      // An unselected dimension of a grouped query sorts by its extreme in each group.
      const expression =
        !this.grouped || selected || o.column.role === "metric"
          ? this.output(o.column)
          : `${o.direction === "ASC" ? "MIN" : "MAX"}(${this.ref(o.column)})`;
      return `${expression} ${o.direction} NULLS LAST`;
    });
    return [...keys, ...outputs.map((e) => `${e} ASC NULLS LAST`)];
  }

  private windowConditions(): string[] {
    const time = this.layout.timeColumn;
    if (time === undefined || !this.layout.columns.has(time)) return [];
    const window = this.options.window ?? timespanWindow(this.query.timespan.value, this.options.now);
    const t = `CAST(${this.ref(time)} AS TIMESTAMP)`;
    const out: string[] = [];
    if (window.start !== undefined)
      out.push(`${t} >= CAST(${this.param(sqlTimestamp(window.start))} AS TIMESTAMP)`);
    const end = `CAST(${this.param(sqlTimestamp(window.end))} AS TIMESTAMP)`;
    out.push(`${t} ${window.endInclusive ? "<=" : "<"} ${end}`);
    return out;
  }

  private conditions(role: "dimension" | "metric"): string[] {
    // Metric conditions test totals, so they need a grouped query (which `grouped` guarantees).
    return this.query.where.filter((c) => c.column.role === role).map((c) => this.condition(c));
  }

  private condition(c: ResolvedCondition): string {
    const type = this.grouped && c.column.role === "metric" ? "DOUBLE" : this.stored(c.column.column).type;
    const column = this.output(c.column);
    if (c.kind === "like") {
      const test = `${asText(column, type)} ILIKE ${this.param(c.pattern.text)} ESCAPE ''`;
      return c.negated ? `(${column} IS NOT NULL AND NOT (${test}))` : test;
    }
    const left = comparable(column, type);
    if (c.kind === "in") {
      const list = `list_value(${c.values.map((v) => converted(this.param(v.text), type)).join(", ")})`;
      const test = `list_contains(${list}, ${left})`;
      return c.negated ? `(${left} IS NOT NULL AND NOT ${test})` : test;
    }
    const right = converted(this.param(c.value.text), type);
    return c.operator === "!="
      ? `(${left} IS NOT NULL AND ${left} IS DISTINCT FROM ${right})`
      : `${left} ${c.operator} ${right}`;
  }
}

/** The column's side of a comparison: text lower-cased, dates as timestamps. */
function comparable(expression: string, type: StorageType): string {
  if (type === "VARCHAR") return `lower(${expression})`;
  return TIME_TYPES.has(type) ? `CAST(${expression} AS TIMESTAMP)` : expression;
}

/** A written value converted to the column's type, or NULL when it does not convert. */
function converted(param: string, type: StorageType): string {
  if (type === "VARCHAR") return `lower(${param})`;
  return TIME_TYPES.has(type) ? `TRY_CAST(${param} AS TIMESTAMP)` : `TRY_CAST(${param} AS DOUBLE)`;
}

/** The column as the text `LIKE` matches: what the CSV shows (see csv.ts). */
function asText(expression: string, type: StorageType): string {
  if (type === "DATE") return `strftime(${expression}, '%Y-%m-%d')`;
  if (type === "TIMESTAMP") return `strftime(${expression}, '%Y-%m-%d %H:%M:%S')`;
  return type === "VARCHAR" ? expression : `CAST(${expression} AS VARCHAR)`;
}
