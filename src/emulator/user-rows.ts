/**
 * A user's own rows for a dataset, from CSV: a header row naming catalog columns (any case, any
 * order, any subset; absent columns are empty), then one row per record. Cells stay text until the
 * engine converts them to each column's type, and the first cell that does not convert is reported
 * with its row and column. Empty cells are empty (NULL). The CSV is read by csv-parse (RFC 4180,
 * a UTF-8 BOM allowed).
 */
import type { parse } from "csv-parse/sync";
import type { ColumnPlan } from "./data.js";
import { quoteIdentifier, type StorageType } from "./sql.js";

export interface UserTable {
  readonly relation: string;
  readonly rows: number;
}

/** A statement whose list parameters carry the cells of one column each. */
export interface LoadStep {
  readonly sql: string;
  readonly params: readonly (readonly (string | null)[])[];
}

export type LoadPlan =
  | {
      readonly ok: true;
      readonly steps: readonly LoadStep[];
      /** A query returning the first cell that does not convert (line, column, text), no row otherwise. */
      readonly check: string;
      readonly rows: number;
    }
  | { readonly ok: false; readonly message: string };

/** Parses CSV text; a problem value when it is not CSV. */
function parseRows(parseCsv: typeof parse, text: string): string[][] | string {
  try {
    return parseCsv(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return `Not valid CSV: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Matches the header to the dataset's columns: the plan for each CSV column, in CSV order. */
function bindHeader(header: readonly string[], plans: readonly ColumnPlan[]): ColumnPlan[] | string {
  const byName = new Map(plans.map((p) => [p.column.name.toLowerCase(), p]));
  const bound: ColumnPlan[] = [];
  for (const name of header) {
    const plan = byName.get(name.trim().toLowerCase());
    if (plan === undefined) return `The header names \`${name}\`, which the dataset does not have`;
    if (bound.includes(plan)) return `The header names \`${name}\` twice`;
    bound.push(plan);
  }
  return bound;
}

/** The statements that load CSV text into `relation`, typed per the dataset's plans. */
export function loadRowsSql(
  parseCsv: typeof parse,
  text: string,
  plans: readonly ColumnPlan[],
  relation: string,
): LoadPlan {
  const records = parseRows(parseCsv, text);
  if (typeof records === "string") return { ok: false, message: records };
  const [header, ...rows] = records;
  if (header === undefined) return { ok: false, message: "The CSV has no header row" };
  const bound = bindHeader(header, plans);
  if (typeof bound === "string") return { ok: false, message: bound };
  const raw = quoteIdentifier(`${relation}_raw`);
  const columns = bound.map((_, j) =>
    rows.map((row) => (row[j] === undefined || row[j] === "" ? null : row[j])),
  );
  const unnest = bound.map(
    (p, j) => `unnest(CAST($${j + 1} AS VARCHAR[])) AS ${quoteIdentifier(`c${p.index}`)}`,
  );
  const present = new Map(bound.map((p) => [p.index, p]));
  const typed = plans.map((p) => {
    const name = quoteIdentifier(`c${p.index}`);
    return present.has(p.index)
      ? `${convert(name, p.storage)} AS ${name}`
      : `CAST(NULL AS ${p.storage}) AS ${name}`;
  });
  const steps: LoadStep[] = [
    { sql: `CREATE OR REPLACE TABLE ${raw} AS SELECT ${unnest.join(", ")}`, params: columns },
    {
      sql: `CREATE OR REPLACE TABLE ${quoteIdentifier(relation)} AS SELECT ${typed.join(", ")} FROM ${raw}`,
      params: [],
    },
  ];
  return { ok: true, steps, check: checkSql(raw, bound), rows: rows.length };
}

function convert(name: string, type: StorageType): string {
  if (type === "VARCHAR") return name;
  // Dates may be written with a time (`2024-05-01 00:00:00`); the time is dropped.
  if (type === "DATE") return `CAST(TRY_CAST(${name} AS TIMESTAMP) AS DATE)`;
  if (type === "BIGINT") return `CAST(TRY_CAST(${name} AS DOUBLE) AS BIGINT)`;
  return `TRY_CAST(${name} AS ${type})`;
}

function checkSql(raw: string, bound: readonly ColumnPlan[]): string {
  const typed = bound.filter((p) => p.storage !== "VARCHAR");
  if (typed.length === 0) return "SELECT 1, 1, '' WHERE FALSE";
  // Only positions and the cell come back: the message is written in JavaScript (`badCellMessage`).
  const tests = typed.map((p) => {
    const name = quoteIdentifier(`c${p.index}`);
    return `SELECT n, ${p.index} AS c, ${name} AS v FROM (SELECT *, row_number() OVER () AS n FROM ${raw})
      WHERE ${name} IS NOT NULL AND ${convert(name, p.storage)} IS NULL`;
  });
  return `SELECT n, c, v FROM (${tests.join(" UNION ALL ")}) ORDER BY n, c LIMIT 1`;
}

/** The message for the first cell that did not convert, from the check's row (`n`, column index, cell). */
export function badCellMessage(
  row: readonly unknown[] | undefined,
  plans: readonly ColumnPlan[],
): string | undefined {
  if (row === undefined) return undefined;
  const [n, index, value] = row;
  const plan = plans[Number(index)];
  if (plan === undefined) return undefined;
  // Line 1 is the header.
  return `Line ${Number(n) + 1}: \`${plan.column.name}\` is not a ${plan.storage.toLowerCase()}: ${String(value)}`;
}
