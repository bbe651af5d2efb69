/**
 * Request bodies in JSON text: which kind each is (by its keys; a body with `QueryId` and
 * `ReportName` is a Create Report), its diagnostics, and the query text it carries. The query text's
 * offset mapping through JSON escapes is the CLI's (`extractDocuments` in `src/cli/documents.ts`),
 * reused rather than written again.
 */
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { type Document, extractDocuments } from "../cli/documents.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { closestNames } from "../semantic/suggest.js";
import { type Span, span } from "../text/span.js";
import { type BodyContext, checkBody } from "./rules.js";
import { type BodyKind, bodyFields } from "./schemas.js";

/** One body found in a file. */
export interface BodyReport {
  readonly kind: BodyKind;
  /** Its place as a JSON path: `$`, `$[2]`. */
  readonly label: string;
  readonly span: Span;
  readonly diagnostics: readonly Diagnostic[];
  /** The `Query` string of a Create Report Query body, mapped to the file. */
  readonly query?: Document;
}

/** The bodies of a JSON text, or the syntax error that stopped it. */
export interface JsonBodies {
  readonly bodies: readonly BodyReport[];
  readonly syntaxError?: { readonly span: Span; readonly reason: string };
}

const ALL_FIELDS = [
  ...new Set(
    (["createQuery", "createReport", "updateReport"] as const).flatMap((k) =>
      bodyFields(k).map((f) => f.name),
    ),
  ),
];

/** A key as the documented field it most likely is (case, spaces and small slips forgiven). */
function fieldOfKey(key: string): string | undefined {
  const trimmed = key.trim().toLowerCase();
  return ALL_FIELDS.find((f) => f.toLowerCase() === trimmed) ?? closestNames(trimmed, ALL_FIELDS, 1)[0];
}

/** The kind of a body by its keys, or undefined when it is none of the request bodies. */
export function detectBodyKind(body: JsonNode): BodyKind | undefined {
  if (body.type !== "object") return undefined;
  const keys = new Set(
    (body.children ?? [])
      .map((p) => p.children?.[0]?.value)
      .flatMap((k) => (typeof k === "string" ? [fieldOfKey(k)] : [])),
  );
  const createOnly = ["QueryId", "ExecuteNow", "QueryStartTime", "QueryEndTime"].some((k) => keys.has(k));
  if (keys.has("ReportName")) return createOnly ? "createReport" : "updateReport";
  if (
    keys.has("QueryId") &&
    (keys.has("StartTime") || keys.has("RecurrenceInterval") || keys.has("ExecuteNow"))
  )
    return "createReport";
  if (keys.has("Query") || (keys.has("Name") && !keys.has("StartTime"))) return "createQuery";
  return undefined;
}

/**
 * Parses `text` (offsets are the file's) and checks each body: the root object, or each object of a
 * root array. `expected` forces the kind (a request file's endpoint knows it).
 */
export function checkJsonBodies(text: string, context: BodyContext, expected?: BodyKind): JsonBodies {
  const errors: ParseError[] = [];
  // A byte-order mark becomes a space of the same length, so offsets still match the file.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  const syntaxError = first && {
    span: span(first.offset, first.offset + first.length),
    reason: printParseErrorCode(first.error)
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase(),
  };
  if (root === undefined) return syntaxError ? { bodies: [], syntaxError } : { bodies: [] };
  const candidates =
    root.type === "array"
      ? (root.children ?? []).map((node, i) => ({ node, label: `$[${i}]` }))
      : [{ node: root, label: "$" }];
  // Query strings, found the CLI's way, by the label of their body.
  const extraction = extractDocuments("bodies.json", source);
  const documents = extraction.kind === "documents" ? extraction.documents : [];
  const bodies: BodyReport[] = [];
  for (const { node, label } of candidates) {
    const kind = expected ?? detectBodyKind(node);
    if (kind === undefined || node.type !== "object") continue;
    const query = kind === "createQuery" ? documents.find((d) => d.label === `${label}.Query`) : undefined;
    bodies.push({
      kind,
      label,
      span: span(node.offset, node.offset + node.length),
      diagnostics: checkBody(node, kind, context),
      ...(query && { query }),
    });
  }
  return syntaxError ? { bodies, syntaxError } : { bodies };
}

/** The root node of a JSON text (for a request body whose kind the endpoint decides). */
export function parseJsonRoot(text: string): JsonNode | undefined {
  return parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
}
