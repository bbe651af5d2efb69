/**
 * Request bodies in JSON text: which kind each is (by its keys; a body with `QueryId` and
 * `ReportName` is a Create Report), its diagnostics, and the query text it carries. The query text's
 * offset mapping through JSON escapes is the CLI's (`extractDocuments` in `src/cli/documents.ts`),
 * reused rather than written again.
 */
import { type Node as JsonNode, type ParseError, printParseErrorCode } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type Span, span } from "../text/span.js";
import { type Document, extractDocuments, parseJsonTree, words } from "./documents.js";
import { type BodyContext, checkBody } from "./rules.js";
import type { BodyKind } from "./schemas.js";

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

/**
 * Parses `text` (offsets are the file's) and checks each body: the root object, or each object of a
 * root array. `expected` forces the kind (a request file's endpoint knows it).
 */
export function checkJsonBodies(text: string, context: BodyContext, expected?: BodyKind): JsonBodies {
  const errors: ParseError[] = [];
  // A byte-order mark becomes a space of the same length, so offsets still match the file.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const root = parseJsonTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  const syntaxError = first && {
    span: span(first.offset, first.offset + first.length),
    reason: words(printParseErrorCode(first.error)),
  };
  if (root === undefined) return syntaxError ? { bodies: [], syntaxError } : { bodies: [] };
  const candidates =
    root.type === "array"
      ? (root.children ?? []).map((node, i) => ({ node, label: `$[${i}]` }))
      : [{ node: root, label: "$" }];
  // Query strings, found the CLI's way, by the label of their body.
  const extraction = extractDocuments("bodies.json", source);
  const documents = extraction.kind === "documents" ? extraction.documents : [];
  // By label: a `find` per body was quadratic (a 10 MB array of bodies took 40 s of CPU).
  const byLabel = new Map(documents.map((d) => [d.label, d]));
  const bodies: BodyReport[] = [];
  for (const { node, label } of candidates) {
    const kind = expected ?? detectBodyKind(node);
    if (kind === undefined || node.type !== "object") continue;
    const query = kind === "createQuery" ? byLabel.get(`${label}.Query`) : undefined;
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
  return parseJsonTree(text, [], { allowTrailingComma: false, disallowComments: true });
}
