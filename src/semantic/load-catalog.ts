/**
 * Loading catalogs from untrusted JSON: reportql's catalog format, or the live API's
 * `GET .../ScheduledDataset` response as users save it (the envelope with `value`, a bare array, or a
 * single dataset). Problems are values naming the JSON path (`$.value[3].selectableColumns[2]`); a
 * broken dataset is skipped and the others are kept. Never throws.
 *
 * Keys are matched without regard to case or surrounding spaces, because the published samples write
 * `"DatasetName "`, `Value` and `value` for the same fields.
 */

import { type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { RESERVED_WORDS } from "../syntax/language.js";
import { firstTooDeep } from "../text/json-depth.js";
import { LineMap } from "../text/line-map.js";
import { Catalog, DatasetInfo } from "./catalog.js";
import type {
  CatalogFile,
  Citation,
  ColumnEntry,
  ColumnType,
  DatasetEntry,
  DomainValue,
  Evidence,
  Provenance,
  ValueDomain,
} from "./catalog-format.js";

/** A problem found in catalog data, at a JSON path. */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
  /** `error`: something was skipped; `warning`: something was assumed. */
  readonly severity: "error" | "warning";
}

/** A loaded catalog and what was wrong with its data. */
export interface LoadedCatalog {
  /** Undefined only when nothing usable was found. */
  readonly catalog: Catalog | undefined;
  readonly problems: readonly CatalogProblem[];
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Looks a key up ignoring case and surrounding whitespace. */
function field(object: Record<string, Json>, name: string): Json {
  if (name in object) return object[name];
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.trim().toLowerCase() === wanted) return value;
  return undefined;
}

class Loader {
  readonly problems: CatalogProblem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: "error" });
  }

  warning(path: string, message: string): void {
    this.problems.push({ path, message, severity: "warning" });
  }

  /**
   * An array of names; non-string and empty elements are reported and skipped, and so are names that
   * are not a word when `words` (a column name with a space could never be written in a query).
   */
  names(value: Json, path: string, words = false): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.error(path, `expected an array of names, found ${describe(value)}`);
      return undefined;
    }
    const names: string[] = [];
    value.forEach((item, i) => {
      if (typeof item === "string" && item.trim() !== "" && (!words || isWord(item.trim())))
        names.push(item.trim());
      else if (words) this.error(`${path}[${i}]`, `expected a name of ${WORD_RULE}, found ${describe(item)}`);
      else this.error(`${path}[${i}]`, `expected a name (a non-empty string), found ${describe(item)}`);
    });
    return names;
  }

  optionalNumber(value: Json, path: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    this.error(path, `expected a number, found ${describe(value)}`);
    return null;
  }
}

/**
 * Names a query can spell: the lexer's identifiers (letters, digits and `_`, not starting with a
 * digit), except its keywords (a column named `From` would end the select list).
 */
const WORD = /^[A-Za-z_]\w*$/;
const KEYWORDS: ReadonlySet<string> = new Set(RESERVED_WORDS.map((w) => w.text));
const WORD_RULE = "letters, digits and _ (not starting with a digit, not a keyword such as FROM)";

function isWord(name: string): boolean {
  return WORD.test(name) && !KEYWORDS.has(name.toUpperCase());
}

function describe(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** Loads catalog data already parsed from JSON. `name` names the resulting catalog. */
export function loadCatalog(data: Json, name = "custom"): LoadedCatalog {
  const loader = new Loader();
  const datasets =
    isObject(data) && field(data, "format") === "reportql-catalog"
      ? fromCatalogFile(data, loader)
      : fromScheduledDataset(data, loader);
  if (datasets.length === 0) {
    if (!loader.problems.some((p) => p.severity === "error")) loader.error("$", "no dataset found");
    return { catalog: undefined, problems: loader.problems };
  }
  return { catalog: new Catalog(name, datasets), problems: loader.problems };
}

/** Parses JSON text and loads it; a syntax error is reported with its position. */
export function loadCatalogText(text: string, name = "custom"): LoadedCatalog {
  let data: Json;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      catalog: undefined,
      problems: [
        { path: "$", message: `not valid JSON${syntaxErrorPlace(source, message)}`, severity: "error" },
      ],
    };
  }
  return loadCatalog(data, name);
}

/** A catalog nests a few levels (datasets, their columns, values); far past that it is not one. */
const MAX_CATALOG_DEPTH = 64;

/**
 * Where the JSON goes wrong, as a line and column an editor goes to, and why: a catalog file is a
 * saved response of thousands of lines. `JSON.parse` gives no position for most errors (Node 20), so
 * the text is read again with jsonc-parser, which does.
 */
function syntaxErrorPlace(source: string, message: string): string {
  // Too deep for the tree parser: say where the nesting goes past any catalog's, which is the place.
  const deep = firstTooDeep(source, MAX_CATALOG_DEPTH);
  if (deep !== undefined) {
    const { line, column } = new LineMap(source).position(deep);
    return ` at line ${line}, column ${column}: nested deeper than ${MAX_CATALOG_DEPTH} levels`;
  }
  const errors: ParseError[] = [];
  parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first === undefined) return `: ${message}`;
  const { line, column } = new LineMap(source).position(first.offset);
  const code = printParseErrorCode(first.error);
  const reason =
    code === "InvalidCommentToken"
      ? "comments are not allowed"
      : code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return ` at line ${line}, column ${column}: ${reason}`;
}

function fromScheduledDataset(data: Json, loader: Loader): DatasetInfo[] {
  let items: Json[];
  let path = "$";
  if (Array.isArray(data)) items = data;
  else if (isObject(data) && Array.isArray(field(data, "value"))) {
    items = field(data, "value") as Json[];
    path = "$.value";
  } else if (isObject(data) && field(data, "datasetName") !== undefined) {
    items = [data];
  } else {
    loader.error(
      "$",
      `expected a ScheduledDataset response (an object with "value", or an array of datasets), found ${describe(data)}`,
    );
    return [];
  }
  const datasets: DatasetInfo[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const itemPath = path === "$" && !Array.isArray(data) ? "$" : `${path}[${i}]`;
    const dataset = scheduledDataset(item, itemPath, loader);
    if (dataset === undefined) return;
    if (seen.has(dataset.name.toLowerCase())) {
      loader.error(
        `${itemPath}.datasetName`,
        `dataset ${dataset.name} is listed twice; the first entry is kept`,
      );
      return;
    }
    seen.add(dataset.name.toLowerCase());
    datasets.push(dataset);
  });
  return datasets;
}

function scheduledDataset(item: Json, path: string, loader: Loader): DatasetInfo | undefined {
  if (!isObject(item)) {
    loader.error(path, `expected a dataset object, found ${describe(item)}`);
    return undefined;
  }
  const name = field(item, "datasetName");
  if (typeof name !== "string" || !isWord(name.trim())) {
    loader.error(
      `${path}.datasetName`,
      `expected the dataset name, found ${describe(name)}; the dataset is skipped`,
    );
    return undefined;
  }
  const columnNames = loader.names(field(item, "selectableColumns"), `${path}.selectableColumns`, true);
  const metricNames = loader.names(field(item, "availableMetrics"), `${path}.availableMetrics`, true) ?? [];
  if (columnNames === undefined)
    loader.warning(`${path}.selectableColumns`, `missing: the columns of ${name.trim()} are not checked`);
  const dateRanges = listedRanges(
    loader.names(field(item, "availableDateRanges"), `${path}.availableDateRanges`),
  );
  const columns: ColumnEntry[] = [];
  const seen = new Set<string>();
  for (const [list, kind] of [
    [metricNames, "metric"],
    [columnNames ?? [], "column"],
  ] as const) {
    for (const n of list) {
      if (seen.has(n.toLowerCase())) continue;
      seen.add(n.toLowerCase());
      columns.push({ name: n, kind, seen: ["user"] });
    }
  }
  const entry: DatasetEntry = {
    name: name.trim(),
    dateRanges,
    minimumRecurrenceInterval: loader.optionalNumber(
      field(item, "minimumRecurrenceInterval"),
      `${path}.minimumRecurrenceInterval`,
    ),
    columns,
  };
  return new DatasetInfo(entry, columnNames !== undefined);
}

const COLUMN_TYPES = new Set<ColumnType>(["string", "number", "date", "boolean"]);
const PROVENANCES = new Set<Provenance>([
  "service",
  "dataset-json",
  "system-query",
  "example",
  "data-definitions",
  "user",
]);

function fromCatalogFile(data: Record<string, Json>, loader: Loader): DatasetInfo[] {
  const version = field(data, "version");
  if (version !== 1)
    loader.warning("$.version", `expected version 1, found ${describe(version)}; reading it as version 1`);
  const datasets = field(data, "datasets");
  if (!Array.isArray(datasets)) {
    loader.error("$.datasets", `expected an array of datasets, found ${describe(datasets)}`);
    return [];
  }
  const result: DatasetInfo[] = [];
  const seenDatasets = new Set<string>();
  datasets.forEach((item, i) => {
    const path = `$.datasets[${i}]`;
    const name = isObject(item) ? field(item, "name") : undefined;
    if (!isObject(item) || typeof name !== "string" || !isWord(name.trim())) {
      loader.error(`${path}.name`, `expected a dataset name of ${WORD_RULE}; the dataset is skipped`);
      return;
    }
    if (seenDatasets.has(name.trim().toLowerCase())) {
      loader.error(`${path}.name`, `dataset ${name.trim()} is listed twice; the first entry is kept`);
      return;
    }
    seenDatasets.add(name.trim().toLowerCase());
    const columnsValue = field(item, "columns");
    const columns: ColumnEntry[] = [];
    const seenColumns = new Set<string>();
    if (!Array.isArray(columnsValue))
      loader.error(`${path}.columns`, `expected an array of columns, found ${describe(columnsValue)}`);
    else
      columnsValue.forEach((c, j) => {
        const column = catalogColumn(c, `${path}.columns[${j}]`, loader);
        if (column === undefined) return;
        if (seenColumns.has(column.name.toLowerCase()))
          loader.error(
            `${path}.columns[${j}]`,
            `column ${column.name} is listed twice; the first entry is kept`,
          );
        else {
          seenColumns.add(column.name.toLowerCase());
          columns.push(column);
        }
      });
    const dateRanges = listedRanges(loader.names(field(item, "dateRanges"), `${path}.dateRanges`));
    const description = field(item, "description");
    const family = field(item, "family");
    if (family !== undefined && family !== "insights" && family !== "marketplace") {
      loader.error(`${path}.family`, `expected "insights" or "marketplace", found ${describe(family)}`);
    }
    const timespans = field(item, "timespans");
    if (timespans !== undefined && timespans !== "none-published")
      loader.error(`${path}.timespans`, `expected "none-published", found ${describe(timespans)}`);
    const snapshot = field(item, "snapshot");
    if (snapshot !== undefined && typeof snapshot !== "boolean")
      loader.error(`${path}.snapshot`, `expected true or false, found ${describe(snapshot)}`);
    const timespanNote = note(field(item, "timespanNote"), `${path}.timespanNote`, loader);
    const entry: DatasetEntry = {
      name: name.trim(),
      ...(typeof description === "string" && { description }),
      ...((family === "insights" || family === "marketplace") && { family }),
      dateRanges,
      minimumRecurrenceInterval: loader.optionalNumber(
        field(item, "minimumRecurrenceInterval"),
        `${path}.minimumRecurrenceInterval`,
      ),
      ...(timespans === "none-published" && { timespans }),
      ...(snapshot === true && { snapshot: true }),
      ...(timespanNote !== undefined && { timespanNote }),
      columns,
    };
    result.push(new DatasetInfo(entry, Array.isArray(columnsValue)));
  });
  return result;
}

function catalogColumn(value: Json, path: string, loader: Loader): ColumnEntry | undefined {
  const name = isObject(value) ? field(value, "name") : value;
  if (typeof name !== "string" || !isWord(name.trim())) {
    const found = describe(isObject(value) && name !== undefined ? name : value);
    loader.error(path, `expected a column name of ${WORD_RULE}, or { "name": ... }, found ${found}`);
    return undefined;
  }
  if (typeof value === "string") return { name: name.trim(), kind: "column", seen: ["user"] };
  if (!isObject(value)) return undefined;
  const kind = field(value, "kind");
  const type = field(value, "type");
  const description = field(value, "description");
  if (kind !== undefined && kind !== "column" && kind !== "metric")
    loader.error(`${path}.kind`, `expected "column" or "metric", found ${describe(kind)}`);
  if (type !== undefined && !COLUMN_TYPES.has(type as ColumnType))
    loader.error(`${path}.type`, `expected string, number, date or boolean, found ${describe(type)}`);
  const seenValue = field(value, "seen");
  const seen = Array.isArray(seenValue)
    ? seenValue.filter((p): p is Provenance => PROVENANCES.has(p as Provenance))
    : [];
  if (seenValue !== undefined && (!Array.isArray(seenValue) || seen.length !== seenValue.length)) {
    loader.error(
      `${path}.seen`,
      `expected a list of ${[...PROVENANCES].join(", ")}, found ${describe(seenValue)}`,
    );
  }
  const evidence = evidenceList(field(value, "evidence"), `${path}.evidence`, loader);
  const dropped = droppedBy(field(value, "dropped"), `${path}.dropped`, loader);
  const values = valueDomain(field(value, "values"), `${path}.values`, loader);
  return {
    name: name.trim(),
    kind: kind === "metric" ? "metric" : "column",
    seen: seen.length > 0 ? seen : ["user"],
    ...(field(value, "legacy") === true && { legacy: true }),
    ...(evidence !== undefined && { evidence }),
    ...(dropped !== undefined && { dropped }),
    ...(values !== undefined && { values }),
    ...(COLUMN_TYPES.has(type as ColumnType) && { type: type as ColumnType }),
    ...(typeof description === "string" && { description }),
  };
}

/** A citation `{ title, url, date }`; anything else is reported and dropped. */
function citation(value: Json, path: string, loader: Loader): Citation | undefined {
  if (isObject(value)) {
    const title = field(value, "title");
    const url = field(value, "url");
    const date = field(value, "date");
    if (typeof title === "string" && typeof url === "string" && typeof date === "string")
      return { title, url, date };
  }
  loader.error(path, `expected a source { "title", "url", "date" } (strings), found ${describe(value)}`);
  return undefined;
}

function citations(value: Json, path: string, loader: Loader): Citation[] {
  if (!Array.isArray(value)) {
    loader.error(path, `expected a list of sources, found ${describe(value)}`);
    return [];
  }
  return value.flatMap((c, i) => citation(c, `${path}[${i}]`, loader) ?? []);
}

function note(value: Json, path: string, loader: Loader): { text: string; sources: Citation[] } | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof field(value, "text") !== "string") {
    loader.error(path, `expected { "text", "sources" }, found ${describe(value)}`);
    return undefined;
  }
  return {
    text: field(value, "text") as string,
    sources: citations(field(value, "sources") ?? [], `${path}.sources`, loader),
  };
}

function evidenceList(value: Json, path: string, loader: Loader): Evidence[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    loader.error(path, `expected a list of evidence, found ${describe(value)}`);
    return undefined;
  }
  const list = value.flatMap((item, i): Evidence[] => {
    const at = `${path}[${i}]`;
    const kind = isObject(item) ? field(item, "kind") : undefined;
    if (!isObject(item) || !PROVENANCES.has(kind as Provenance)) {
      loader.error(
        at,
        `expected evidence { "kind": one of ${[...PROVENANCES].join(", ")}, "source" }, found ${describe(item)}`,
      );
      return [];
    }
    const source = citation(field(item, "source"), `${at}.source`, loader);
    const itemNote = field(item, "note");
    if (source === undefined) return [];
    return [{ kind: kind as Provenance, source, ...(typeof itemNote === "string" && { note: itemNote }) }];
  });
  return list.length > 0 ? list : undefined;
}

function droppedBy(
  value: Json,
  path: string,
  loader: Loader,
): { source: Citation; note: string } | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof field(value, "note") !== "string") {
    loader.error(path, `expected { "source", "note" }, found ${describe(value)}`);
    return undefined;
  }
  const source = citation(field(value, "source"), `${path}.source`, loader);
  return source === undefined ? undefined : { source, note: field(value, "note") as string };
}

/**
 * A value domain. A value of the wrong type, or one without a source, is reported and skipped; a domain
 * left with no values is dropped, so a broken domain never makes the checker flag good values.
 */
function valueDomain(value: Json, path: string, loader: Loader): ValueDomain | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    loader.error(path, `expected a value domain object, found ${describe(value)}`);
    return undefined;
  }
  const type = field(value, "type");
  if (type !== "string" && type !== "number") {
    loader.error(
      `${path}.type`,
      `expected "string" or "number", found ${describe(type)}; the domain is skipped`,
    );
    return undefined;
  }
  const caseRule = field(value, "case");
  if (caseRule !== undefined && caseRule !== "insensitive" && caseRule !== "sensitive")
    loader.error(`${path}.case`, `expected "insensitive" or "sensitive", found ${describe(caseRule)}`);
  const exhaustive = field(value, "exhaustive");
  if (exhaustive !== undefined && typeof exhaustive !== "boolean")
    loader.error(`${path}.exhaustive`, `expected true or false, found ${describe(exhaustive)}`);
  const items = field(value, "values");
  if (!Array.isArray(items)) {
    loader.error(
      `${path}.values`,
      `expected a list of values, found ${describe(items)}; the domain is skipped`,
    );
    return undefined;
  }
  const values = items.flatMap((item, i): DomainValue[] => {
    const at = `${path}.values[${i}]`;
    const v = isObject(item) ? field(item, "value") : undefined;
    if (typeof v !== type) {
      loader.error(
        at,
        `expected { "value": a ${type}, "sources" }, found ${describe(isObject(item) ? v : item)}`,
      );
      return [];
    }
    const sources = citations(field(item as Record<string, Json>, "sources"), `${at}.sources`, loader);
    if (sources.length === 0) {
      loader.error(`${at}.sources`, "a domain value must cite at least one source; the value is skipped");
      return [];
    }
    const meaning = field(item as Record<string, Json>, "meaning");
    return [{ value: v as string | number, ...(typeof meaning === "string" && { meaning }), sources }];
  });
  if (values.length === 0) {
    loader.error(`${path}.values`, "no usable value; the domain is skipped");
    return undefined;
  }
  const caseSources = field(value, "caseSources");
  const nullable = field(value, "nullable");
  const domainNote = field(value, "note");
  return {
    type,
    case: caseRule === "sensitive" ? "sensitive" : "insensitive",
    ...(caseSources !== undefined && { caseSources: citations(caseSources, `${path}.caseSources`, loader) }),
    // A list not marked complete is treated as examples: the checker may not call other values wrong.
    exhaustive: exhaustive === true,
    ...(nullable === true && { nullable: true }),
    values,
    ...(typeof domainNote === "string" && { note: domainNote }),
  };
}

/** Serialises a catalog in reportql's format (for `reportql catalog` and round-trip tests). */
export function toCatalogFile(catalog: Catalog): CatalogFile {
  return {
    format: "reportql-catalog",
    version: 1,
    name: catalog.name,
    datasets: catalog.datasets.map((d) => ({
      name: d.name,
      ...(d.description !== undefined && { description: d.description }),
      ...(d.family !== undefined && { family: d.family }),
      dateRanges: d.dateRanges,
      minimumRecurrenceInterval: d.minimumRecurrenceInterval,
      ...(d.timespans === "none-published" && { timespans: "none-published" as const }),
      ...(d.snapshot && { snapshot: true }),
      ...(d.timespanNote !== undefined && { timespanNote: d.timespanNote }),
      columns: d.columns.map((c) => ({
        name: c.name,
        kind: c.kind,
        seen: c.seen,
        ...(c.legacy && { legacy: true }),
        ...(c.evidence.length > 0 && { evidence: c.evidence }),
        ...(c.dropped !== undefined && { dropped: c.dropped }),
        ...(c.values !== undefined && { values: c.values }),
        ...(c.type !== undefined && { type: c.type }),
        ...(c.description !== undefined && { description: c.description }),
      })),
    })),
  };
}

/**
 * A dataset's TIMESPAN values, upper-cased, or null when none are known. An empty list says nothing
 * is documented, not that no TIMESPAN is accepted: the emulator's `ScheduledDataset` answers `[]` for
 * the datasets whose ranges the docs do not give, and reading it as "none" refused every TIMESPAN
 * with "use one of" and nothing after it. (A snapshot dataset says so with `timespans`.)
 */
function listedRanges(names: readonly string[] | undefined): string[] | null {
  return names === undefined || names.length === 0 ? null : names.map((r) => r.toUpperCase());
}
