/**
 * Request bodies in JSON text: which kind each is (by its keys; a body with `QueryId` and
 * `ReportName` is a Create Report), its diagnostics, and the query text it carries. The query text's
 * offset mapping through JSON escapes is `documentsOfJson`'s (`documents.ts`), on the same parse.
 */
import type { Node as JsonNode } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make.js";
import { firstAtOrAfter } from "../text/sorted.js";
import { type Span, span } from "../text/span.js";
import {
  type Document,
  documentsOfJson,
  type Extraction,
  jsonBodyCandidates,
  type ParsedJson,
  parseJsonTree,
  parseRequestJson,
} from "./documents.js";
import { type BodyContext, checkBody } from "./rules.js";
import type { BodyKind, FamilyOrAny } from "./schemas.js";

/** One body found in a file. */
export interface BodyReport {
  readonly kind: BodyKind;
  /** Its place as a JSON path: `$`, `$[2]`. */
  readonly label: string;
  readonly span: Span;
  readonly diagnostics: readonly Diagnostic[];
  /** The `Query` string of a Create Report Query body, mapped to the file. */
  readonly query?: Document;
  /** The family of the endpoint it is sent to; `any` in a `.json` file. */
  readonly family: FamilyOrAny;
  /** Whether `ExecuteNow` is `true` (a one-off report, counted by its own quota). */
  readonly executeNow: boolean;
}

/** The bodies of a JSON text, or the syntax error that stopped it. */
export interface JsonBodies {
  readonly bodies: readonly BodyReport[];
  readonly syntaxError?: { readonly span: Span; readonly reason: string };
  /** The query documents of every body with a `Query` key (whatever its kind), from the same parse. */
  readonly extraction: Extraction;
}

/**
 * The kind of a body by its keys (matched without regard to case or surrounding spaces), or undefined
 * when it is none of the request bodies. Only exact names count, so that an unrelated JSON file (a
 * `package.json` has a `name`) is not taken for a body: a `Query` key makes a Create Report Query, a
 * `ReportName` a Create Report (with a create-only field) or an Update Report.
 */
export function detectBodyKind(body: JsonNode): BodyKind | undefined {
  if (body.type !== "object") return undefined;
  const keys = new Set(
    (body.children ?? []).flatMap((p) => {
      const key = p.children?.[0]?.value;
      return typeof key === "string" ? [key.trim().toLowerCase()] : [];
    }),
  );
  const createOnly = ["queryid", "executenow", "querystarttime", "queryendtime"].some((k) => keys.has(k));
  if (keys.has("reportname")) return createOnly ? "createReport" : "updateReport";
  if (
    keys.has("queryid") &&
    (keys.has("starttime") || keys.has("recurrenceinterval") || keys.has("executenow"))
  )
    return "createReport";
  return keys.has("query") ? "createQuery" : undefined;
}

/** The keys of which a request body has at least one (`detectBodyKind`, `queryProperty`), normalised. */
const BODY_KEYS: ReadonlySet<string> = new Set(["query", "reportname", "queryid"]);

/**
 * Whether `text` is valid JSON in which no candidate body (the root object, or an object of a root
 * array) has a key that a request body needs: then nothing in it is checked, and the native parser
 * tells so in a fraction of the time of the tree `checkJsonBodies` builds (an 11 MB
 * `package-lock.json`, which an editor opens, took 450 ms per edit). False when unsure.
 */
export function plainlyNoBodies(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false; // Not valid JSON (or nested past the parser's stack): the tree decides.
  }
  const candidates: unknown[] = Array.isArray(value) ? value : [value];
  return !candidates.some(
    (candidate) =>
      typeof candidate === "object" &&
      candidate !== null &&
      !Array.isArray(candidate) &&
      Object.keys(candidate).some((key) => BODY_KEYS.has(key.trim().toLowerCase())),
  );
}

/**
 * Parses `text` (offsets are the file's) once, unless the caller already did (`parsed`), and checks
 * each body: the root object, or each object of a root array. `expected` forces the kind (a request
 * file's endpoint knows it).
 */
export function checkJsonBodies(
  text: string,
  context: BodyContext,
  expected?: BodyKind,
  parsed: ParsedJson = parseRequestJson(text),
): JsonBodies {
  const { root, jsonError } = parsed;
  const syntaxError = jsonError && {
    span: span(jsonError.offset, jsonError.offset + jsonError.length),
    reason: jsonError.reason,
  };
  const extraction = documentsOfJson(parsed);
  if (root === undefined)
    return syntaxError ? { bodies: [], syntaxError, extraction } : { bodies: [], extraction };
  // Query strings by the label of their body (a map: a file may hold thousands of bodies).
  const documents = new Map(
    (extraction.kind === "documents" ? extraction.documents : []).map((d) => [d.label, d]),
  );
  const bodies: BodyReport[] = [];
  for (const { node, label } of jsonBodyCandidates(root)) {
    const kind = expected ?? detectBodyKind(node);
    if (kind === undefined || node.type !== "object") continue;
    const query = kind === "createQuery" ? documents.get(`${label}.Query`) : undefined;
    bodies.push({
      kind,
      label,
      span: span(node.offset, node.offset + node.length),
      diagnostics: [...checkBody(node, kind, context), ...deepIn(node, parsed.deep)],
      ...(query && { query }),
      family: context.family,
      executeNow: hasTrue(node, "executenow"),
    });
  }
  return syntaxError ? { bodies, syntaxError, extraction } : { bodies, extraction };
}

/**
 * RQ3044 for the first array or object nested too deep to be read inside a body: its opening bracket
 * (it can run to the end of a large file).
 */
function deepIn(body: JsonNode, deep: readonly Span[]): Diagnostic[] {
  const first = deep[firstAtOrAfter(deep, body.offset, (d) => d.start)];
  if (first === undefined || first.start >= body.offset + body.length) return [];
  return [makeDiagnostic("RQ3044", span(first.start, first.start + 1))];
}

/** Whether an object has a key (matched without regard to case or spaces) whose value is `true`. */
function hasTrue(body: JsonNode, key: string): boolean {
  return (body.children ?? []).some((property) => {
    const [name, value] = property.children ?? [];
    return (
      typeof name?.value === "string" && name.value.trim().toLowerCase() === key && value?.value === true
    );
  });
}

/** The root node of a JSON text (for a request body whose kind the endpoint decides). */
export function parseJsonRoot(text: string): JsonNode | undefined {
  return parseJsonTree(text, [], { allowTrailingComma: false, disallowComments: true }).root;
}
