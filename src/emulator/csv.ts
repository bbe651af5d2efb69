/**
 * The report files: a header row with the selected columns in order, then one line per row.
 *
 * No public page shows a downloaded file, so the emulator's choices are the plain ones the API's
 * own examples suggest: dates `2024-05-01`, timestamps `2024-05-01 13:45:00` (UTC), numbers in plain
 * decimal notation (never `1e+21`, never grouped), an empty field for no value, lines ending CRLF.
 * - CSV: RFC 4180, written by csv-stringify; a field is quoted when it holds a comma, a quote, CR or
 *   LF, and quotes inside are doubled.
 * - TSV: tab-separated with the usual escapes (`\t`, `\n`, `\r`, `\\`), since a TSV field cannot
 *   hold a tab or a line break and TSV has no quoting.
 */
import type { stringify } from "csv-stringify/sync";
import type { Cell, QueryRows } from "./engine.js";

export type ReportFormat = "CSV" | "TSV";

/** A cell as file text. */
export function formatCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "";
  const plain = String(value);
  // String() switches to exponents beyond 1e21 and below 1e-6.
  return plain.includes("e")
    ? value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 })
    : plain;
}

function records(result: Pick<QueryRows, "columns" | "rows">): string[][] {
  return [
    [...result.columns],
    ...result.rows.map((row) => result.columns.map((name) => formatCell(row[name] ?? null))),
  ];
}

/** The rows as RFC 4180 CSV. */
export function writeCsv(
  result: Pick<QueryRows, "columns" | "rows">,
  stringifyCsv: typeof stringify,
): string {
  return stringifyCsv(records(result), { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

/** One TSV field: backslash escapes for the characters a field cannot hold. */
export function escapeTsv(field: string): string {
  return field.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** The rows as TSV. */
export function writeTsv(result: Pick<QueryRows, "columns" | "rows">): string {
  return records(result)
    .map((fields) => `${fields.map(escapeTsv).join("\t")}\r\n`)
    .join("");
}

/** The report file in the report's format (`Format` is case-insensitive: the docs send `csv` and `CSV`). */
export function writeReport(
  format: string,
  result: Pick<QueryRows, "columns" | "rows">,
  stringifyCsv: typeof stringify,
): string {
  return format.toUpperCase() === "TSV" ? writeTsv(result) : writeCsv(result, stringifyCsv);
}
