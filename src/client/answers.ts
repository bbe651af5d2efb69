/**
 * The checks an answer passes at the boundary: the envelope's `nextLink`, and in each item the fields
 * the client and the CLI read (ids, names, statuses, the report link), with the contract's schemas.
 * Only those: a field nobody reads, an unknown field, or a status the contract does not list yet (a
 * new execution status is the wait's business, not a broken answer) passes, so a service that adds
 * to its answers does not break the client. A failure names the first bad field as a path.
 */
import { z } from "zod";
import type { Endpoint } from "../api/endpoints.js";
import type { Family } from "../api/facts.js";
import { datasetItem, executionItem, queryItem, reportItem } from "../api/schemas.js";
import { canonicalKeys } from "./envelope.js";

/** The fields read of each item kind, by the contract's item schema. */
const RELIED = new Map<(family: Family) => z.ZodType, readonly string[]>([
  [queryItem, ["queryId", "name", "query", "type"]],
  [reportItem, ["reportId", "reportName", "queryId", "reportStatus", "format"]],
  [executionItem, ["executionId", "reportId", "executionStatus", "format", "reportAccessSecureLink"]],
  [datasetItem, ["datasetName", "selectableColumns"]],
]);

/** Operations whose answer must hold the item they made: its id is what the caller goes on with. */
const CREATES = new Set(["createQuery", "createReport"]);

/** A report link is fetched: an http(s) URL, or empty or null while there is no file. */
const link = z
  .string()
  .refine((text) => text === "" || /^https?:\/\//i.test(text), { message: "an http(s) URL" })
  .nullable()
  .optional();

/** The contract's field, its enumerations widened to strings (statuses may grow). */
function widened(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodEnum ? z.string() : field;
}

/**
 * An operation's item check: `passes` is the fast path (a typeof per string field, the field's own
 * schema for the others) that a 10,000-item listing runs; `schema` finds the first problem of an
 * item that fails it. Both come from the same fields of the contract.
 */
interface ItemCheck {
  readonly passes: (item: unknown) => boolean;
  readonly schema: z.ZodType;
}

const cache = new Map<string, ItemCheck | null>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The check of an operation's items (null: not checked), made once per endpoint and family. */
function itemCheck(endpoint: Endpoint, family: Family): ItemCheck | null {
  const key = `${endpoint.operationId} ${family}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const relied = RELIED.get(endpoint.item as (family: Family) => z.ZodType);
  let check: ItemCheck | null = null;
  if (relied !== undefined) {
    const shape = (endpoint.item(family) as z.ZodObject).shape as Record<string, z.ZodType>;
    const fields = relied
      .filter((name) => shape[name] !== undefined)
      .map((name): [string, z.ZodType] => [
        name,
        name === "reportAccessSecureLink" ? link : widened(shape[name] as z.ZodType),
      ]);
    const strings = fields.filter(([, f]) => f instanceof z.ZodString).map(([name]) => name);
    const others = fields.filter(([, f]) => !(f instanceof z.ZodString));
    check = {
      schema: z.looseObject(Object.fromEntries(fields)),
      passes: (item) =>
        isRecord(item) &&
        strings.every((name) => typeof item[name] === "string") &&
        others.every(([name, field]) => field.safeParse(item[name]).success),
    };
  } else {
    const schema = z.record(z.string(), z.unknown());
    check = { schema, passes: isRecord };
  }
  cache.set(key, check);
  return check;
}

/** The first problem of an answer: where, what was found, what was expected; undefined when none. */
export interface AnswerProblem {
  readonly field: string;
  readonly found: string;
  readonly expected: string;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A type's name with its article: `a string`, `an array`, `an object`. */
function withArticle(type: string): string {
  return `${/^[aeiou]/i.test(type) ? "an" : "a"} ${type}`;
}

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path)
    value =
      typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/**
 * The first problem of a successful answer (`json` as parsed, `items` its `value` with keys in the
 * contract's spelling), or undefined when the fields relied on are all there.
 */
export function answerProblem(
  endpoint: Endpoint,
  family: Family,
  json: unknown,
  items: readonly unknown[],
): AnswerProblem | undefined {
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const { nextLink } = canonicalKeys(json as Record<string, unknown>, ["nextLink"]);
    if (nextLink !== undefined && nextLink !== null && typeof nextLink !== "string")
      return { field: "nextLink", found: describe(nextLink), expected: "a string or null" };
  }
  if (CREATES.has(endpoint.operationId) && items.length === 0)
    return { field: "value", found: "empty", expected: "the created item" };
  const check = itemCheck(endpoint, family);
  if (check === null) return undefined;
  for (let i = 0; i < items.length; i++) {
    if (check.passes(items[i])) continue;
    const result = check.schema.safeParse(items[i]);
    if (result.success) continue;
    const [issue] = result.error.issues;
    const path = ["value", i, ...(issue?.path ?? [])];
    const expected = issue?.code === "invalid_type" ? withArticle(issue.expected) : (issue?.message ?? "");
    return { field: pathText(path), found: describe(at(items[i], issue?.path ?? [])), expected };
  }
  return undefined;
}
