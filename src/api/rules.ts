/**
 * The checks of one request body: its shape from the Zod schema (`schemas.ts`), each failed check
 * turned into a diagnostic on the value or key at fault, then the rules the schema cannot state
 * (the clock, the dataset's minimum interval, what `ExecuteNow` changes, families). Never throws.
 */

import { getNodeValue, type Node as JsonNode } from "jsonc-parser";
import type { z } from "zod";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { diagnosticArguments, makeDiagnostic, makeVariant, type TemplateData } from "../diagnostics/make.js";
import { builtinCatalog, type Catalog } from "../semantic/catalog.js";
import { closestNames } from "../semantic/suggest.js";
import { parse } from "../syntax/parse.js";
import { append } from "../text/append.js";
import { type Span, span } from "../text/span.js";
import { composeCallback, withoutFragment } from "./callback-url.js";
import {
  apiOfCatalog,
  CALLBACK_METHODS,
  CATALOG_FAMILY,
  type Family,
  MAX_REPORT_TEXT_LENGTH,
  RECURRENCE_INTERVAL,
  REPORT_FORMATS,
  START_TIME_LEAD_HOURS,
  systemQuery,
} from "./facts.js";
import { removePropertyFix, replaceValueFix } from "./json-edits.js";
import { type Field, keyBody } from "./keys.js";
import type { QuotaCounts } from "./quotas.js";
import {
  BODY_TITLES,
  type BodyKind,
  bodySchema,
  type ContractOptions,
  type FamilyOrAny,
  maxRecurrenceInterval,
} from "./schemas.js";
import { correctTime, earliestStartTime, formatServiceTime, isServiceTime } from "./times.js";

/** Options of the request checks. */
export interface RequestCheckOptions extends ContractOptions {
  /** The clock `StartTime` must be 4 hours ahead of; the current time by default. */
  readonly now?: Date;
  /** Datasets, for the minimum interval and the family of a query's dataset; built-in by default. */
  readonly catalog?: Catalog;
  /**
   * The dataset of a user-defined query id the caller knows (a query defined in the project): called
   * with the `QueryId` as written, `{{variable}}` included.
   */
  readonly datasetOfQuery?: (queryId: string) => string | undefined;
  /**
   * The bodies counted towards the quotas in the files before this one, when a whole run is checked
   * (`src/lint/project.ts`); without it, quotas are counted over this file alone.
   */
  readonly quotaCountsBefore?: QuotaCounts;
}

/** What a body is checked against. */
export interface BodyContext {
  /** The file text the JSON nodes' offsets point into. */
  readonly text: string;
  /** The endpoint's family, or `any` for a `.json` file. */
  readonly family: FamilyOrAny;
  readonly options: RequestCheckOptions;
}

/** Fields of free text: a Swagger placeholder there is a valid, if odd, value. */
const FREE_TEXT = new Set(["Name", "Description", "ReportName", "Query"]);
const TIME_FIELDS = new Set(["StartTime", "QueryStartTime", "QueryEndTime"]);

/** Diagnostics for one body of a known kind. */
export function checkBody(body: JsonNode, kind: BodyKind, context: BodyContext): Diagnostic[] {
  const keyed = keyBody(context.text, body, kind, context.family);
  const out = [...keyed.diagnostics];
  const values = new Map<string, unknown>();
  const settled = new Set<string>();
  for (const field of keyed.fields.values()) {
    const value = getNodeValue(field.value) as unknown;
    values.set(field.name, value);
    if (typeof value === "string" && value.includes("{{")) settled.add(field.name);
    else if (isPlaceholder(field.name, value)) {
      out.push(diagnostic("RQ3015", field.value, { field: field.name, value: String(value) }));
      settled.add(field.name);
    }
  }
  const executeNow = values.get("ExecuteNow") === true;
  const schema = bodySchema(kind, context.family, context.options);
  const parsed = schema.safeParse(Object.fromEntries(values));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const name = String(issue.path[0] ?? "");
    if (settled.has(name)) continue;
    const field = keyed.fields.get(name);
    if (field === undefined) {
      if (!keyed.meant.has(name) && name !== "")
        out.push(
          makeDiagnostic("RQ3001", span(body.offset, body.offset + 1), {
            field: name,
            body: BODY_TITLES[kind],
          }),
        );
    } else out.push(shapeDiagnostic(field, issue, context));
    settled.add(name);
  }
  if (kind !== "createQuery") append(out, reportRules(keyed.fields, settled, executeNow, kind, context));
  else append(out, queryRules(keyed.fields, settled, context));
  return out;
}

function isPlaceholder(name: string, value: unknown): boolean {
  return typeof value === "string" && value.toLowerCase() === "string" && !FREE_TEXT.has(name);
}

function nodeSpan(node: JsonNode): Span {
  return span(node.offset, node.offset + node.length);
}

function diagnostic<C extends DiagnosticCode>(
  code: C,
  node: JsonNode,
  data: TemplateData<C>,
  fixes: readonly Fix[] = [],
): Diagnostic {
  return makeDiagnostic(
    code,
    span(node.offset, node.offset + node.length),
    ...diagnosticArguments(data, { fixes }),
  );
}

/** The JSON type of a value, as JSON Schema names it. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value;
}

/** The JSON type a schema issue expects (the API's numbers are whole). */
const EXPECTED: Readonly<Record<string, string>> = {
  string: "string",
  number: "integer",
  int: "integer",
  boolean: "boolean",
};

/** The diagnostic of a schema issue on a field that is present. */
function shapeDiagnostic(field: Field, issue: z.core.$ZodIssue, context: BodyContext): Diagnostic {
  const value = getNodeValue(field.value) as unknown;
  const name = field.name;
  const wrongJsonType =
    issue.code === "invalid_type" && !(typeof value === "number" && issue.expected === "int");
  if (
    wrongJsonType ||
    (issue.code === "invalid_union" && typeof value !== "string" && name !== "RecurrenceInterval")
  ) {
    return wrongType(field, value, issue.code === "invalid_type" ? issue.expected : "string");
  }
  if (TIME_FIELDS.has(name)) return timeFormat(field, String(value));
  switch (name) {
    case "RecurrenceInterval":
      return intervalRange(field, value, context.family, context.options);
    case "RecurrenceCount":
      return diagnostic("RQ3011", field.value, { value: JSON.stringify(value) });
    case "Format":
      return enumDiagnostic("RQ3012", field, String(value), REPORT_FORMATS);
    case "CallbackMethod":
      return enumDiagnostic("RQ3013", field, String(value), CALLBACK_METHODS);
    case "CallbackUrl":
      return diagnostic("RQ3014", field.value, { value: String(value) });
    case "QueryId":
      return diagnostic("RQ3021", field.value, { field: name, value: String(value) });
  }
  return textDiagnostic(field, String(value));
}

function wrongType(field: Field, value: unknown, expected: string): Diagnostic {
  const wanted = EXPECTED[expected] ?? expected;
  const fixes: Fix[] = [];
  if (typeof value === "string") {
    const trimmed = value.trim();
    if ((expected === "int" || expected === "number") && /^-?\d+$/.test(trimmed))
      fixes.push(replaceValueFix("Write the number", "safe", field.value, Number(trimmed)));
    if (expected === "boolean" && /^(true|false)$/i.test(trimmed))
      fixes.push(replaceValueFix("Write the boolean", "safe", field.value, trimmed.toLowerCase() === "true"));
  }
  return diagnostic(
    "RQ3006",
    field.value,
    { field: field.name, expectedType: wanted, actualType: jsonType(value) },
    fixes,
  );
}

function timeFormat(field: Field, value: string): Diagnostic {
  const corrected = correctTime(value);
  const fixes = corrected
    ? [replaceValueFix(`Write \`${corrected.value}\``, corrected.applicability, field.value, corrected.value)]
    : [];
  const at = span(field.value.offset, field.value.offset + field.value.length);
  // Nothing to write in its place: the format alone, not "write `yyyy-MM-ddTHH:mm:ssZ`" twice.
  if (corrected === undefined) return makeVariant("RQ3007", "formatOnly", at, { field: field.name });
  return diagnostic("RQ3007", field.value, { field: field.name, suggestion: corrected.value }, fixes);
}

function intervalRange(
  field: Field,
  value: unknown,
  family: FamilyOrAny,
  options: ContractOptions,
): Diagnostic {
  const describedFamily: Family = family === "cmp" ? "cmp" : "mpn";
  const maximum = maxRecurrenceInterval(family, options);
  const configured = options.maxRecurrenceInterval?.[describedFamily] !== undefined;
  return diagnostic("RQ3009", field.value, {
    minimum: RECURRENCE_INTERVAL.minimum,
    maximum,
    family: family === "any" ? "mpn or cmp" : family,
    source: configured
      ? "maxRecurrenceInterval option"
      : family === "any"
        ? RECURRENCE_INTERVAL.anySource
        : RECURRENCE_INTERVAL.maximum[describedFamily].source,
    value: JSON.stringify(value),
  });
}

function enumDiagnostic(
  code: "RQ3012" | "RQ3013",
  field: Field,
  value: string,
  allowed: readonly string[],
): Diagnostic {
  const [closest] = closestNames(value.trim(), allowed, 1);
  const exact = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  const suggestion = exact ?? closest;
  const fixes = suggestion
    ? [replaceValueFix(`Write \`${suggestion}\``, exact ? "safe" : "unsafe", field.value, suggestion)]
    : [];
  return diagnostic(code, field.value, { value }, fixes);
}

function textDiagnostic(field: Field, value: string): Diagnostic {
  if (value === "") return diagnostic("RQ3038", field.value, { field: field.name });
  if (field.name === "ReportName" && value.includes(";")) {
    const fix = replaceValueFix("Write `_` for `;`", "unsafe", field.value, value.replaceAll(";", "_"));
    return diagnostic("RQ3016", field.value, {}, [fix]);
  }
  return diagnostic("RQ3017", field.value, {
    field: field.name,
    length: value.length,
    maximum: MAX_REPORT_TEXT_LENGTH,
  });
}

/** Rules of Create Report and Update Report bodies beyond their shape. */
function reportRules(
  fields: ReadonlyMap<string, Field>,
  settled: ReadonlySet<string>,
  executeNow: boolean,
  kind: BodyKind,
  context: BodyContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const valid = (name: string) => (settled.has(name) ? undefined : fields.get(name));
  if (executeNow) {
    for (const name of ["StartTime", "RecurrenceInterval", "RecurrenceCount"]) {
      const field = fields.get(name);
      if (field && field.value.type !== "null")
        out.push(
          diagnostic("RQ3026", field.key, { field: name }, [
            removePropertyFix(context.text, field.key, "safe"),
          ]),
        );
    }
  } else if (kind === "createReport") {
    for (const name of ["QueryStartTime", "QueryEndTime"]) {
      const field = fields.get(name);
      if (field && field.value.type !== "null")
        out.push(
          diagnostic("RQ3018", field.key, { field: name }, [
            removePropertyFix(context.text, field.key, "unsafe"),
          ]),
        );
    }
    const start = valid("StartTime");
    if (start) append(out, startTimeRule(start, context.options.now ?? new Date()));
  }
  const callback = valid("CallbackUrl");
  if (callback && callback.value.type === "string") {
    append(out, publicCallback(callback));
    append(out, callbackQuery(callback, valid("CallbackMethod")));
  }
  const queryStart = valid("QueryStartTime");
  const queryEnd = valid("QueryEndTime");
  if (queryStart && queryEnd) append(out, endAfterStart(timedValue(queryStart), timedValue(queryEnd)));
  const queryId = fields.get("QueryId");
  const interval = valid("RecurrenceInterval");
  if (queryId && queryId.value.type === "string") {
    append(out, queryIdRules(queryId, settled.has("QueryId"), interval, executeNow, context));
  }
  return out;
}

function startTimeRule(field: Field, now: Date): Diagnostic[] {
  const value = String(getNodeValue(field.value));
  const earliest = earliestStartTime(now, START_TIME_LEAD_HOURS);
  if (!isServiceTime(value) || new Date(value).getTime() >= now.getTime() + START_TIME_LEAD_HOURS * 3_600_000)
    return [];
  const text = formatServiceTime(earliest);
  return [
    diagnostic("RQ3008", field.value, { value, now: formatServiceTime(now), earliest: text }, [
      replaceValueFix(`Write \`${text}\``, "unsafe", field.value, text),
    ]),
  ];
}

/**
 * The service calls the callback from the internet: a loopback, private or link-local host cannot be
 * reached (the documentation asks for a publicly reachable URL).
 */
function publicCallback(field: Field): Diagnostic[] {
  const value = String(getNodeValue(field.value));
  const host = URL.canParse(value) ? new URL(value).hostname.replace(/^\[|\]$/g, "").toLowerCase() : "";
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  const local =
    host === "localhost" ||
    /\.(localhost|local|internal)$/.test(host) ||
    (ipv4 && /^(127\.|10\.|192\.168\.|169\.254\.|0\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) ||
    (host.includes(":") && /^(::1$|f[cd][0-9a-f]{2}:|fe80:)/.test(host));
  return local ? [diagnostic("RQ3039", field.value, { value, host })] : [];
}

/**
 * The service composes the callback by text (`callback-url.ts`; POST, the default, appends
 * `/<reportId>`): a query string then takes the report id into its last value, and a fragment is
 * never sent, with the id in it for POST. GET adds `reportId` to the query, so only its fragment is
 * worth a warning.
 */
function callbackQuery(field: Field, methodField: Field | undefined): Diagnostic[] {
  const value = String(getNodeValue(field.value));
  if (!URL.canParse(value)) return [];
  const method = methodField === undefined ? "POST" : String(getNodeValue(methodField.value));
  const composed = composeCallback(value, method, "<reportId>");
  const called = withoutFragment(composed.url);
  const base = withoutFragment(value);
  const post = composed.method === "POST";
  if (base !== value) {
    const fix = replaceValueFix("Remove the fragment", "unsafe", field.value, base);
    const lost = post ? ", without the report id, which went into the fragment" : "";
    return [
      makeVariant("RQ3045", "fragment", nodeSpan(field.value), { value, called, lost }, { fixes: [fix] }),
    ];
  }
  if (!post || !base.includes("?")) return [];
  return [diagnostic("RQ3045", field.value, { value, called })];
}

/** A time value with its name and place, from a body or a query string. */
export interface TimedValue {
  readonly name: string;
  readonly text: string;
  readonly span: Span;
}

function timedValue(field: Field): TimedValue {
  return { name: field.name, text: String(getNodeValue(field.value)), span: nodeSpan(field.value) };
}

/** Two valid times: the end must come after the start. */
export function endAfterStart(start: TimedValue, end: TimedValue): Diagnostic[] {
  if (!isServiceTime(start.text) || !isServiceTime(end.text) || end.text > start.text) return [];
  return [
    makeDiagnostic(
      "RQ3019",
      end.span,
      { endField: end.name, end: end.text, startField: start.name, start: start.text },
      { related: [{ span: start.span, message: `\`${start.name}\` is here` }] },
    ),
  ];
}

/** The family mismatch of a system query id, and the interval against the query's dataset. */
function queryIdRules(
  queryId: Field,
  invalid: boolean,
  interval: Field | undefined,
  executeNow: boolean,
  context: BodyContext,
): Diagnostic[] {
  const id = String(getNodeValue(queryId.value));
  const system = systemQuery(id);
  const out: Diagnostic[] = [];
  if (!invalid && system && context.family !== "any" && system.family !== context.family) {
    out.push(
      diagnostic("RQ3023", queryId.value, {
        value: id,
        dataset: system.dataset,
        queryFamily: system.family,
        family: context.family,
      }),
    );
  }
  const datasetName = system?.dataset ?? context.options.datasetOfQuery?.(id);
  const value = interval ? (getNodeValue(interval.value) as unknown) : undefined;
  if (executeNow || datasetName === undefined || interval === undefined || typeof value !== "number")
    return out;
  const dataset = (context.options.catalog ?? builtinCatalog("all")).dataset(datasetName);
  const minimum = dataset?.minimumRecurrenceInterval ?? null;
  if (minimum !== null && value < minimum) {
    out.push(
      diagnostic("RQ3010", interval.value, { value, minimum, dataset: dataset?.name ?? datasetName }, [
        replaceValueFix(`Write ${minimum}`, "unsafe", interval.value, minimum),
      ]),
    );
  }
  return out;
}

/** A Create Report Query sent to a family: its dataset should belong to that family. */
function queryRules(
  fields: ReadonlyMap<string, Field>,
  settled: ReadonlySet<string>,
  context: BodyContext,
): Diagnostic[] {
  const query = fields.get("Query");
  if (
    context.family === "any" ||
    query === undefined ||
    settled.has("Query") ||
    query.value.type !== "string"
  )
    return [];
  const expected = CATALOG_FAMILY[context.family];
  const catalog = context.options.catalog ?? builtinCatalog("all");
  // Parsing the query is most of a body's check: skip it when no dataset could be of another family
  // (the emulator checks against its family's catalog, then lints the query anyway).
  if (!hasOtherFamily(catalog, expected)) return [];
  const dataset = datasetOfQueryText(String(getNodeValue(query.value)), catalog);
  if (dataset === undefined || dataset.family === undefined || dataset.family === expected) return [];
  return [
    diagnostic("RQ3024", query.value, {
      dataset: dataset.name,
      datasetFamily: dataset.family,
      datasetApi: apiOfCatalog(dataset.family),
      family: context.family,
    }),
  ];
}

const catalogFamilies = new WeakMap<Catalog, Set<string>>();

/** Whether a catalog holds a dataset of a family other than `family` (cached per catalog). */
function hasOtherFamily(catalog: Catalog, family: "insights" | "marketplace"): boolean {
  let families = catalogFamilies.get(catalog);
  if (families === undefined) {
    families = new Set(catalog.datasets.flatMap((d) => (d.family === undefined ? [] : [d.family])));
    catalogFamilies.set(catalog, families);
  }
  return [...families].some((f) => f !== family);
}

/** The catalog dataset a query text reads `FROM`, if it parses that far and the catalog knows it. */
export function datasetOfQueryText(text: string, catalog: Catalog = builtinCatalog("all")) {
  const from = parse(text).document.queries[0]?.from?.dataset;
  return from?.kind === "Identifier" ? catalog.dataset(from.name) : undefined;
}
