/**
 * Dataset catalogs: which datasets exist, their columns and metrics, and the TIMESPAN values they
 * accept. Built once from data (a built-in catalog, reportql's catalog format, or a saved
 * `ScheduledDataset` response); every lookup is case-insensitive, as the specification says names are.
 */
import type {
  CatalogFile,
  Citation,
  ColumnEntry,
  ColumnType,
  DatasetEntry,
  Evidence,
  Provenance,
  ValueDomain,
} from "./catalog-format.js";
import { INSIGHTS_CATALOG } from "./catalogs/insights.generated.js";
import { MARKETPLACE_CATALOG } from "./catalogs/marketplace.generated.js";

/** A column or metric of one dataset. */
export interface ColumnInfo {
  readonly name: string;
  readonly kind: "column" | "metric";
  /** Where the name was seen, strongest evidence first. */
  readonly seen: readonly Provenance[];
  /** Seen only in documentation older than the current pages. */
  readonly legacy: boolean;
  /** Seen only in the data definitions (download report): not confirmed selectable (RQ2003). */
  readonly unconfirmed: boolean;
  /** The same fact under the name the checker's `info` finding will use: listed only in the data definitions. */
  readonly definitionsOnly: boolean;
  /**
   * How sure the catalog is that the service accepts the name:
   * `accepted` (a recorded service response shows it), `documented` (a dataset JSON, system query or
   * example lists it), `definitions-only` (only the download report's data definitions), `dropped` (a
   * newer source no longer has it; see `dropped`), `user` (a user catalog, taken as given).
   */
  readonly confidence: Confidence;
  /** Evidence with sources beyond the kinds in `seen` (recorded service responses). */
  readonly evidence: readonly Evidence[];
  /** The newer source that no longer has the name. */
  readonly dropped?: { readonly source: Citation; readonly note: string };
  /** The values the documentation enumerates, with sources. */
  readonly values?: ValueDomain;
  readonly type?: ColumnType;
  readonly description?: string;
}

/** See `ColumnInfo.confidence`. */
export type Confidence = "accepted" | "documented" | "definitions-only" | "dropped" | "user";

/** One dataset, with its names indexed. */
export class DatasetInfo {
  readonly name: string;
  readonly description: string | undefined;
  readonly family: "insights" | "marketplace" | undefined;
  /** TIMESPAN values the dataset accepts, or `null` when not documented. */
  readonly dateRanges: readonly string[] | null;
  readonly minimumRecurrenceInterval: number | null;
  /**
   * `listed`: `dateRanges` gives the accepted values; `undocumented`: nothing is known (any documented
   * value is accepted); `none-published`: the dataset publishes no ranges (a snapshot such as Profile),
   * so advising a TIMESPAN would be wrong.
   */
  readonly timespans: "listed" | "undocumented" | "none-published";
  /** A snapshot dataset: its rows describe the present, not a period. */
  readonly snapshot: boolean;
  /** What is known about the dataset's time spans, with sources. */
  readonly timespanNote: { readonly text: string; readonly sources: readonly Citation[] } | undefined;
  /** Columns first, then metrics, in catalog order. */
  readonly columns: readonly ColumnInfo[];
  /** False when the catalog did not list the dataset's columns: then names cannot be judged. */
  readonly columnsKnown: boolean;
  private readonly byName: ReadonlyMap<string, ColumnInfo>;
  /** By the catalog's own spelling, the one nearly every query uses: found without lower-casing. */
  private readonly bySpelling: ReadonlyMap<string, ColumnInfo>;

  constructor(entry: DatasetEntry, columnsKnown = true) {
    this.name = entry.name;
    this.description = entry.description;
    this.family = entry.family;
    this.dateRanges = entry.dateRanges;
    this.minimumRecurrenceInterval = entry.minimumRecurrenceInterval;
    this.timespans =
      entry.timespans === "none-published"
        ? "none-published"
        : entry.dateRanges === null
          ? "undocumented"
          : "listed";
    this.snapshot = entry.snapshot === true;
    this.timespanNote = entry.timespanNote;
    this.columns = entry.columns.map(toColumnInfo);
    this.columnsKnown = columnsKnown;
    this.byName = new Map(this.columns.map((c) => [c.name.toLowerCase(), c]));
    this.bySpelling = new Map(this.columns.map((c) => [c.name, c]));
  }

  /** The column or metric with this name, ignoring case. */
  column(name: string): ColumnInfo | undefined {
    return this.bySpelling.get(name) ?? this.byName.get(name.toLowerCase());
  }
}

function confidenceOf(seen: readonly Provenance[], dropped: boolean): Confidence {
  // A newer source that dropped the name outweighs older evidence, a recorded acceptance included.
  if (dropped) return "dropped";
  if (seen.includes("service")) return "accepted";
  if (seen.length > 0 && seen.every((s) => s === "data-definitions")) return "definitions-only";
  if (seen.every((s) => s === "user")) return "user";
  return "documented";
}

function toColumnInfo(entry: ColumnEntry): ColumnInfo {
  const seen = entry.seen ?? ["user"];
  // Computed once here: the checker asks it of every name in every query.
  const definitionsOnly = seen.length > 0 && seen.every((s) => s === "data-definitions");
  return {
    name: entry.name,
    kind: entry.kind,
    seen,
    legacy: entry.legacy === true,
    unconfirmed: definitionsOnly,
    definitionsOnly,
    confidence: confidenceOf(seen, entry.dropped !== undefined),
    evidence: entry.evidence ?? [],
    ...(entry.dropped !== undefined && { dropped: entry.dropped }),
    ...(entry.values !== undefined && { values: entry.values }),
    ...(entry.type !== undefined && { type: entry.type }),
    ...(entry.description !== undefined && { description: entry.description }),
  };
}

/** A set of datasets. Immutable and reusable across any number of checks. */
export class Catalog {
  private readonly byName: ReadonlyMap<string, DatasetInfo>;
  private readonly bySpelling: ReadonlyMap<string, DatasetInfo>;
  private readonly byColumn: ReadonlyMap<string, readonly DatasetInfo[]>;

  constructor(
    readonly name: string,
    readonly datasets: readonly DatasetInfo[],
  ) {
    this.byName = new Map(datasets.map((d) => [d.name.toLowerCase(), d]));
    this.bySpelling = new Map(datasets.map((d) => [d.name, d]));
    const byColumn = new Map<string, DatasetInfo[]>();
    for (const d of datasets) {
      for (const c of d.columns) {
        const key = c.name.toLowerCase();
        const list = byColumn.get(key);
        if (list === undefined) byColumn.set(key, [d]);
        else list.push(d);
      }
    }
    this.byColumn = byColumn;
  }

  /** Builds a catalog from reportql's catalog format. */
  static fromFile(file: CatalogFile): Catalog {
    return new Catalog(
      file.name,
      file.datasets.map((d) => new DatasetInfo(d)),
    );
  }

  /** The union of several catalogs; on a name clash the first catalog wins. */
  static union(name: string, ...catalogs: readonly Catalog[]): Catalog {
    const seen = new Set<string>();
    const datasets: DatasetInfo[] = [];
    for (const catalog of catalogs) {
      for (const d of catalog.datasets) {
        if (seen.has(d.name.toLowerCase())) continue;
        seen.add(d.name.toLowerCase());
        datasets.push(d);
      }
    }
    return new Catalog(name, datasets);
  }

  /** The dataset with this name, ignoring case. */
  dataset(name: string): DatasetInfo | undefined {
    return this.bySpelling.get(name) ?? this.byName.get(name.toLowerCase());
  }

  /** Every dataset that has a column or metric with this name, ignoring case. */
  datasetsWithColumn(name: string): readonly DatasetInfo[] {
    return this.byColumn.get(name.toLowerCase()) ?? [];
  }
}

/** Names of the built-in catalogs. */
export type BuiltinCatalogName = "insights" | "marketplace" | "all";

/** The names of the built-in catalogs, `all` (the default) first. */
export const BUILTIN_CATALOG_NAMES: readonly BuiltinCatalogName[] = ["all", "insights", "marketplace"];

const builtins = new Map<BuiltinCatalogName, Catalog>();

/** A built-in catalog, built on first use and shared afterwards; an unknown name is `all`. */
export function builtinCatalog(requested: BuiltinCatalogName = "all"): Catalog {
  // Only the three names are cached: a plain JavaScript caller's other values must not grow the cache.
  const name: BuiltinCatalogName = BUILTIN_CATALOG_NAMES.includes(requested) ? requested : "all";
  let catalog = builtins.get(name);
  if (catalog === undefined) {
    catalog =
      name === "insights"
        ? Catalog.fromFile(INSIGHTS_CATALOG)
        : name === "marketplace"
          ? Catalog.fromFile(MARKETPLACE_CATALOG)
          : Catalog.union("all", builtinCatalog("insights"), builtinCatalog("marketplace"));
    builtins.set(name, catalog);
  }
  return catalog;
}

/**
 * The catalog a `catalog` option gives: a catalog, or the name of a built-in one. Anything else that a
 * plain JavaScript caller may pass (a missing value, a catalog file's JSON) is the built-in `all`
 * catalog, as when the option is left out, rather than a `TypeError` deep inside a check.
 */
export function catalogOption(value: unknown): Catalog {
  if (value instanceof Catalog || isCatalogLike(value)) return value;
  if (typeof value === "string" && (BUILTIN_CATALOG_NAMES as readonly string[]).includes(value))
    return builtinCatalog(value as BuiltinCatalogName);
  return builtinCatalog("all");
}

/** A catalog made by another copy of this module (a bundle and the package side by side). */
function isCatalogLike(value: unknown): value is Catalog {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof Catalog, unknown>>;
  return (
    typeof candidate.dataset === "function" &&
    typeof candidate.datasetsWithColumn === "function" &&
    Array.isArray(candidate.datasets)
  );
}
