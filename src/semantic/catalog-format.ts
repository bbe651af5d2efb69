/**
 * reportql's own catalog file format (version 1): what the built-in catalogs are generated in, and
 * what users can write by hand. A live `ScheduledDataset` response is the other accepted input.
 *
 * ```json
 * { "format": "reportql-catalog", "version": 1, "name": "my-catalog",
 *   "datasets": [{ "name": "ISVOrder", "description": "...", "family": "marketplace",
 *     "dateRanges": ["LAST_MONTH"], "minimumRecurrenceInterval": 24,
 *     "columns": [{ "name": "OrderId", "kind": "column", "seen": ["system-query"], "type": "string" }] }] }
 * ```
 */

/** Where a name was seen in the public documentation, strongest evidence first. */
export type Provenance = "dataset-json" | "system-query" | "example" | "data-definitions" | "user";

/** The value type of a column, when known. */
export type ColumnType = "string" | "number" | "date" | "boolean";

/** One column or metric as written in a catalog file. */
export interface ColumnEntry {
  readonly name: string;
  /** Metrics aggregate per distinct combination of the selected columns. */
  readonly kind: "column" | "metric";
  /** Where the name was seen; omitted in user catalogs (then: `user`). */
  readonly seen?: readonly Provenance[];
  /** True when the name appears only in documentation older than the current pages. */
  readonly legacy?: boolean;
  readonly type?: ColumnType;
  readonly description?: string;
}

/** One dataset as written in a catalog file. */
export interface DatasetEntry {
  readonly name: string;
  readonly description?: string;
  /** `insights` (the `/insights/v1/mpn` APIs) or `marketplace` (`/insights/v1/cmp`). */
  readonly family?: "insights" | "marketplace";
  /** TIMESPAN values the dataset accepts; `null` when not documented (then any documented value is accepted). */
  readonly dateRanges: readonly string[] | null;
  /** Smallest RecurrenceInterval in hours, when documented. */
  readonly minimumRecurrenceInterval: number | null;
  readonly columns: readonly ColumnEntry[];
}

/** A whole catalog file. */
export interface CatalogFile {
  readonly format: "reportql-catalog";
  readonly version: 1;
  readonly name: string;
  readonly datasets: readonly DatasetEntry[];
}
