/**
 * The contract's one schema source (Zod 4, see docs/decisions/api-schema-library.md): request bodies,
 * response items and the response envelope. TypeScript types (`z.infer`), runtime validation
 * (`safeParse`), the JSON Schemas in `schemas/` and the OpenAPI document are all derived from these.
 *
 * Bodies are built per family (`mpn`, `cmp`, or `any` for files whose endpoint is unknown) because the
 * families differ in small ways (`facts.ts`, api-facts §3.6–3.8). Keys are the documented PascalCase
 * spellings; the service matches keys without regard to case, so the rules (`rules.ts`) map each
 * key to its documented spelling before validating.
 */
import * as z from "zod";
import {
  CALLBACK_METHODS,
  EXECUTION_STATUSES,
  type Family,
  MAX_REPORT_TEXT_LENGTH,
  QUERY_TYPES,
  RECURRENCE_INTERVAL,
  REPORT_FORMATS,
  REPORT_STATUSES,
  SYSTEM_QUERIES,
  TIME_FORMAT,
} from "./facts.js";

/** The family a schema is built for; `any` accepts what either family documents. */
export type FamilyOrAny = Family | "any";

/** Options that change the contract: the contradictory interval bound (api-facts §5.14). */
export interface ContractOptions {
  /** The largest `RecurrenceInterval` per family; the newest documentation's 2160 by default. */
  readonly maxRecurrenceInterval?: Partial<Record<Family, number>>;
}

/** The three request bodies. */
export type BodyKind = "createQuery" | "createReport" | "updateReport";
export const BODY_KINDS: readonly BodyKind[] = ["createQuery", "createReport", "updateReport"];

/** The documentation's name of each body, used in messages. */
export const BODY_TITLES: Readonly<Record<BodyKind, string>> = {
  createQuery: "Create Report Query",
  createReport: "Create Report",
  updateReport: "Update Report",
};

/** The largest interval for a family under the options (for `any`, the larger of the two). */
export function maxRecurrenceInterval(family: FamilyOrAny, options: ContractOptions = {}): number {
  const of = (f: Family) => options.maxRecurrenceInterval?.[f] ?? RECURRENCE_INTERVAL.maximum[f].value;
  return family === "any" ? Math.max(of("mpn"), of("cmp")) : of(family);
}

/** `yyyy-MM-ddTHH:mm:ssZ`: a real UTC date and time, whole seconds, `Z`. */
export const utcTime = z.iso
  .datetime({ precision: 0 })
  .meta({ description: `UTC time written ${TIME_FORMAT}`, examples: ["2026-12-01T08:00:00Z"] });

/** An id the service generates: 8-4-4-4-12 hex digits (not checked for RFC variant bits). */
export const guid = z.guid().meta({ description: "A UUID (8-4-4-4-12 hex digits)" });

/** A value from a short list, in any case (the docs send `CSV` and `csv`); editors complete the list. */
function anyCaseOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  const letters = (v: string) =>
    [...v].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join("");
  return z
    .union([z.enum(values), z.string().regex(new RegExp(`^(${values.map(letters).join("|")})$`))])
    .meta({ description });
}

/** A query id: a UUID, or one of the family's system query ids (one of which is not a UUID). */
function queryId(family: FamilyOrAny) {
  const system = SYSTEM_QUERIES.filter((q) => family === "any" || q.family === family).map((q) =>
    z.literal(q.id).meta({ description: `System query of ${q.dataset} (${q.family})` }),
  );
  return z
    .union([guid, ...system])
    .meta({ description: "The id of a user-defined query (a UUID) or of a system query" });
}

const reportName = z
  .string()
  .min(1)
  .max(MAX_REPORT_TEXT_LENGTH)
  .regex(/^[^;]*$/)
  .meta({ description: `Name of the report; no ';', at most ${MAX_REPORT_TEXT_LENGTH} characters` });
const reportDescription = z
  .string()
  .max(MAX_REPORT_TEXT_LENGTH)
  .nullable()
  .meta({ description: `At most ${MAX_REPORT_TEXT_LENGTH} characters` });
const recurrenceCount = z
  .int()
  .min(1)
  .nullable()
  .meta({ description: "How many reports to generate; a positive integer, indefinite when absent" });
const format = anyCaseOf(REPORT_FORMATS, "Format of the exported file, CSV by default (any case)");
const callbackMethod = anyCaseOf(CALLBACK_METHODS, "HTTP method of the callback, POST by default");
const callbackUrl = z
  .url({ protocol: /^https?$/ })
  .nullable()
  .meta({ description: "Publicly reachable http(s) URL called when a report is ready" });

function recurrenceInterval(family: FamilyOrAny, options: ContractOptions) {
  return z
    .int()
    .min(RECURRENCE_INTERVAL.minimum)
    .max(maxRecurrenceInterval(family, options))
    .meta({ description: "Hours between two reports; at least the dataset's minimumRecurrenceInterval" });
}

/** `POST {root}/ScheduledQueries` [mpn] [cmp]. */
export function createQueryBody() {
  return z
    .object({
      Name: z.string().min(1).meta({ description: "Friendly name of the query" }),
      Description: z.string().nullable().optional().meta({ description: "What the query returns" }),
      Query: z.string().min(1).meta({ description: "The report query text" }),
    })
    .meta({ title: "Create Report Query body" });
}

/**
 * `StartTime` and `RecurrenceInterval` are required unless `ExecuteNow` is true, when the service
 * ignores them [mpn] (a public Python client sends neither). Zod states it as refinements (run even
 * when other fields fail, so every problem is reported at once) and JSON Schema as `if`/`then`,
 * side by side here.
 */
const SCHEDULE_FIELDS = ["StartTime", "RecurrenceInterval"];
const SCHEDULE_REQUIRED_UNLESS_EXECUTE_NOW = {
  if: { not: { properties: { ExecuteNow: { const: true } }, required: ["ExecuteNow"] } },
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword; this object is never awaited.
  then: { required: SCHEDULE_FIELDS },
};

function presentUnlessExecuteNow(field: string) {
  return (body: unknown) => {
    if (typeof body !== "object" || body === null) return true;
    const record = body as Record<string, unknown>;
    return record.ExecuteNow === true || record[field] !== undefined;
  };
}

function scheduleIssue(field: string) {
  return { path: [field], message: `${field} is required unless ExecuteNow is true`, when: () => true };
}

/** `POST {root}/ScheduledReport` [mpn] [cmp]. */
export function createReportBody(family: FamilyOrAny = "any", options: ContractOptions = {}) {
  return z
    .object({
      ReportName: reportName,
      Description: reportDescription.optional(),
      QueryId: queryId(family),
      StartTime: utcTime
        .optional()
        .meta({ description: `First run, UTC ${TIME_FORMAT}, at least 4 hours ahead; not with ExecuteNow` }),
      ExecuteNow: z
        .boolean()
        .optional()
        .meta({ description: "Run once, now; StartTime and the recurrence fields are then ignored" }),
      QueryStartTime: utcTime
        .nullable()
        .optional()
        .meta({ description: "Overrides TIMESPAN; ExecuteNow only" }),
      QueryEndTime: utcTime
        .nullable()
        .optional()
        .meta({ description: "Overrides TIMESPAN; ExecuteNow only" }),
      RecurrenceInterval: recurrenceInterval(family, options).optional(),
      RecurrenceCount: recurrenceCount.optional(),
      Format: format.optional(),
      CallbackUrl: callbackUrl.optional(),
      CallbackMethod: callbackMethod.optional(),
    })
    .refine(presentUnlessExecuteNow("StartTime"), scheduleIssue("StartTime"))
    .refine(presentUnlessExecuteNow("RecurrenceInterval"), scheduleIssue("RecurrenceInterval"))
    .meta({ title: "Create Report body", ...SCHEDULE_REQUIRED_UNLESS_EXECUTE_NOW });
}

/**
 * `PUT {root}/ScheduledReport/{reportId}` [mpn] [cmp]: no `QueryId` (a report's query cannot change);
 * the cmp page marks `Format` and `CallbackUrl` required, the mpn page optional.
 */
export function updateReportBody(family: FamilyOrAny = "any", options: ContractOptions = {}) {
  const cmp = family === "cmp";
  return z
    .object({
      ReportName: reportName,
      Description: reportDescription.optional(),
      StartTime: utcTime,
      RecurrenceInterval: recurrenceInterval(family, options).optional(),
      RecurrenceCount: recurrenceCount.optional(),
      Format: cmp ? format : format.optional(),
      CallbackUrl: cmp ? callbackUrl : callbackUrl.optional(),
      CallbackMethod: callbackMethod.optional(),
    })
    .meta({ title: "Update Report body" });
}

function buildBodySchema(kind: BodyKind, family: FamilyOrAny, options: ContractOptions) {
  if (kind === "createQuery") return createQueryBody();
  return kind === "createReport" ? createReportBody(family, options) : updateReportBody(family, options);
}

const builtBodySchemas = new Map<string, ReturnType<typeof buildBodySchema>>();

/**
 * The schema of a body kind, built once per kind, family and interval bound: building a Zod schema
 * (and compiling its fast path) costs far more than using one, and the emulator checks a body per
 * request. Schemas are immutable, so sharing them is safe.
 */
export function bodySchema(kind: BodyKind, family: FamilyOrAny = "any", options: ContractOptions = {}) {
  const key = `${kind} ${family} ${maxRecurrenceInterval(family, options)}`;
  let schema = builtBodySchemas.get(key);
  if (schema === undefined) {
    schema = buildBodySchema(kind, family, options);
    builtBodySchemas.set(key, schema);
  }
  return schema;
}

export type CreateQueryBody = z.infer<ReturnType<typeof createQueryBody>>;
export type CreateReportBody = z.infer<ReturnType<typeof createReportBody>>;
export type UpdateReportBody = z.infer<ReturnType<typeof updateReportBody>>;

/** A body's fields in documented order, each with whether it is required. */
export function bodyFields(
  kind: BodyKind,
  family: FamilyOrAny = "any",
): readonly { name: string; required: boolean }[] {
  const key = `${kind} ${family}`;
  let fields = bodyFieldLists.get(key);
  if (fields === undefined) {
    const shape = bodySchema(kind, family).shape as Record<string, z.ZodType>;
    // A required field is one the schema refuses to see missing. Worked out once per kind and family:
    // each refusal builds an issue, and the emulator keys a body per request.
    fields = Object.entries(shape).map(([name, schema]) => ({
      name,
      required: !schema.safeParse(undefined).success,
    }));
    bodyFieldLists.set(key, fields);
  }
  return fields;
}

const bodyFieldLists = new Map<string, readonly { name: string; required: boolean }[]>();

// Responses (api-facts §2, §3). Timestamps are plain strings: the cmp examples drop the `Z`.

/** The envelope of every answer; cmp examples omit `nextLink` and `dataRedacted`. */
export function envelope<T extends z.ZodType>(item: T, title: string) {
  return z
    .object({
      value: z.array(item),
      nextLink: z.string().nullable().optional().meta({ description: "Next page, when paginated" }),
      totalCount: z.int().meta({ description: "Number of items in value" }),
      message: z.string().nullable().optional(),
      statusCode: z.int().meta({ description: "May say 400 inside an HTTP 200 answer" }),
      dataRedacted: z.boolean().optional(),
    })
    .meta({ title });
}

export function datasetItem(family: FamilyOrAny = "any") {
  return z
    .object({
      datasetName: z.string(),
      selectableColumns: z.array(z.string()),
      availableMetrics: z.array(z.string()),
      availableDateRanges: z.array(z.string()),
      ...(family !== "cmp" && {
        minimumRecurrenceInterval: z
          .int()
          .optional()
          .meta({ description: "Smallest RecurrenceInterval (mpn)" }),
      }),
    })
    .meta({ title: "Dataset" });
}

export function queryItem(family: FamilyOrAny = "any") {
  return z
    .object({
      queryId: z.string(),
      name: z.string(),
      description: z.string().nullable().optional(),
      query: z.string(),
      type: z.enum(QUERY_TYPES),
      user: z.string().nullable().optional(),
      createdTime: z.string(),
      ...(family !== "mpn" && { modifiedTime: z.string().nullable().optional() }),
    })
    .meta({ title: "Report query" });
}

export function reportItem(family: FamilyOrAny = "any") {
  return z
    .object({
      reportId: z.string(),
      reportName: z.string(),
      description: z.string().nullable().optional(),
      queryId: z.string(),
      query: z.string().nullable().optional(),
      user: z.string().nullable().optional(),
      createdTime: z.string(),
      modifiedTime: z.string().nullable().optional(),
      ...(family !== "cmp" && { executeNow: z.boolean().optional() }),
      startTime: z.string().nullable().optional(),
      reportStatus: z.enum(REPORT_STATUSES),
      recurrenceInterval: z.int().nullable().optional(),
      recurrenceCount: z.int().nullable().optional(),
      callbackUrl: z.string().nullable().optional(),
      ...(family !== "cmp" && { callbackMethod: z.string().nullable().optional() }),
      format: z.string(),
    })
    .meta({ title: "Report" });
}

export function executionItem(family: FamilyOrAny = "any") {
  return z
    .object({
      executionId: z.string(),
      reportId: z.string(),
      recurrenceInterval: z.int().nullable().optional(),
      recurrenceCount: z.int().nullable().optional(),
      callbackUrl: z.string().nullable().optional(),
      ...(family !== "cmp" && { callbackMethod: z.string().nullable().optional() }),
      format: z.string(),
      executionStatus: z.enum(EXECUTION_STATUSES),
      ...(family !== "cmp" && { reportLocation: z.string().nullable().optional() }),
      reportAccessSecureLink: z
        .string()
        .nullable()
        .optional()
        .meta({ description: "Download link once Completed" }),
      reportExpiryTime: z.string().nullable().optional(),
      reportGeneratedTime: z.string().nullable().optional(),
    })
    .meta({ title: "Report execution" });
}

/** A try-query row: an object keyed by the selected column names. */
export const resultRow = z.record(z.string(), z.unknown()).meta({ title: "Result row" });
