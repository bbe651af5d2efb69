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

/**
 * Where a name was seen, strongest evidence first: `service` is a recorded response of the live service
 * (a query it accepted, or a system query's text as it returned it); the others are the public
 * documentation; `user` is a catalog the user supplied.
 */
export type Provenance =
  | "service"
  | "dataset-json"
  | "system-query"
  | "example"
  | "data-definitions"
  | "user";

/** A public source, cited by a name's evidence or a domain value. */
export interface Citation {
  /** What the source is and what it shows. */
  readonly title: string;
  /** The page's address, or where a copy of public code is found. */
  readonly url: string;
  /** The page's own date (`YYYY-MM-DD`, or less precise when that is all that is known). */
  readonly date: string;
}

/** One piece of evidence for a name, with its source. */
export interface Evidence {
  readonly kind: Provenance;
  readonly source: Citation;
  readonly note?: string;
}

/** One documented value of a column, with the sources that give it. */
export interface DomainValue {
  readonly value: string | number;
  /** What the value means, when the source says. */
  readonly meaning?: string;
  readonly sources: readonly Citation[];
}

/** The values the documentation enumerates for a column. */
export interface ValueDomain {
  /** Whether the values are numbers (`IsDuplicateRowForPGA`: 0/1) or strings (`SKUBillingType`: Paid/Free). */
  readonly type: "string" | "number";
  /** `insensitive`: the specification says values compare without regard to case. */
  readonly case: "insensitive" | "sensitive";
  /** The sources of the case rule. */
  readonly caseSources?: readonly Citation[];
  /** True when the source gives the list as complete ("the possible values are"); false for examples or a wording that leaves the stored spelling open. */
  readonly exhaustive: boolean;
  /** True when the source says the column can also be null. */
  readonly nullable?: boolean;
  readonly values: readonly DomainValue[];
  readonly note?: string;
}

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
  /** Evidence beyond the documentation kinds in `seen`, each with its source (recorded service responses). */
  readonly evidence?: readonly Evidence[];
  /** A source newer than every one that lists the name and that no longer has it: the name is not confirmed. */
  readonly dropped?: { readonly source: Citation; readonly note: string };
  /** The values the documentation enumerates. */
  readonly values?: ValueDomain;
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
  /**
   * `none-published`: the dataset publishes no TIMESPAN ranges at all (the live ScheduledDataset gives no
   * `availableDateRanges`); omitted when ranges are listed or simply not documented.
   */
  readonly timespans?: "none-published";
  /** A snapshot dataset (Profile): its rows describe the present, not a period. */
  readonly snapshot?: boolean;
  /** What is known about the dataset's time spans, with sources. */
  readonly timespanNote?: { readonly text: string; readonly sources: readonly Citation[] };
  readonly columns: readonly ColumnEntry[];
}

/** A whole catalog file. */
export interface CatalogFile {
  readonly format: "reportql-catalog";
  readonly version: 1;
  readonly name: string;
  readonly datasets: readonly DatasetEntry[];
}
