/**
 * What gets checked in a file. A `.rql` file is one document; a `.json` file holding Create Report
 * Query bodies (`{"Name", "Description", "Query"}` or an array of them) gives one document per `Query`
 * string. Each document maps its offsets back to the file, through JSON escapes (`\n`, `\"`, `\u2018`),
 * and encodes replacement text for the file, so diagnostics and fixes land at the right place.
 */
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type DiagnosticArguments, makeDiagnostic } from "../diagnostics/make.js";
import { words } from "./config.js";

/** A problem with a whole file (unreadable, not a body, ...): a diagnostic at its start. */
export function fileDiagnostic<C extends DiagnosticCode>(
  code: C,
  ...args: DiagnosticArguments<C>
): Diagnostic {
  return makeDiagnostic(code, { start: 0, end: 0 }, ...args);
}

/** One query text inside a file. */
export interface Document {
  /** The text that is checked (the decoded `Query` string for JSON). */
  readonly text: string;
  /** The file offset of a document offset (0..text.length). */
  toFile(offset: number): number;
  /** The text to write into the file for replacement text in the document. */
  encode(text: string): string;
  /** For JSON: which body, as a JSON path (`$[2].Query`). */
  readonly label?: string;
}

/** A JSON syntax error: the API refuses such a body, so it is an error even when queries were recovered. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly length: number;
  readonly reason: string;
}

/** The documents of a file, or why there are none. */
export type Extraction =
  | {
      readonly kind: "documents";
      readonly documents: readonly Document[];
      readonly notQueryStrings: readonly { offset: number; label: string }[];
      /** The first JSON syntax error, if any (later ones are often its echoes). */
      readonly jsonError?: JsonSyntaxError;
    }
  | {
      readonly kind: "skip";
      /** RQ9106 or RQ9107, at the start of the file. */
      readonly diagnostic: Diagnostic;
      readonly jsonError?: JsonSyntaxError;
    };

/** A whole `.rql` file. */
export function rqlDocument(text: string): Document {
  return { text, toFile: (offset) => offset, encode: (t) => t };
}

/** Whether a path is checked as JSON request bodies. */
export function isJsonPath(path: string): boolean {
  return path.toLowerCase().endsWith(".json");
}

/** The documents of a file. */
export function extractDocuments(path: string, text: string): Extraction {
  if (!isJsonPath(path)) return { kind: "documents", documents: [rqlDocument(text)], notQueryStrings: [] };
  return extractJsonDocuments(path, text);
}

function extractJsonDocuments(path: string, text: string): Extraction {
  const errors: ParseError[] = [];
  // A byte-order mark becomes a space of the same length, so offsets still match the file.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  // Strict JSON, as the API reads it: comments and trailing commas are errors. The tree is recovered
  // past errors, so the queries it still holds are checked too.
  const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  const jsonError = first && {
    offset: first.offset,
    length: first.length,
    reason: words(printParseErrorCode(first.error)),
  };
  if (root === undefined) {
    return {
      kind: "skip",
      diagnostic: fileDiagnostic("RQ9107", { path, reason: jsonError?.reason ?? "the file is empty" }),
      ...(jsonError && { jsonError }),
    };
  }
  const bodies =
    root.type === "array"
      ? (root.children ?? []).map((child, i) => ({ node: child, label: `$[${i}]` }))
      : [{ node: root, label: "$" }];
  const documents: Document[] = [];
  const notQueryStrings: { offset: number; label: string }[] = [];
  let found = 0;
  for (const { node, label } of bodies) {
    if (node.type !== "object") continue;
    const query = queryProperty(node);
    if (query === undefined) continue;
    found++;
    if (query.type !== "string") notQueryStrings.push({ offset: query.offset, label: `${label}.Query` });
    else documents.push(jsonStringDocument(text, query, `${label}.Query`));
  }
  if (found === 0) {
    return jsonError
      ? { kind: "skip", diagnostic: fileDiagnostic("RQ9107", { path, reason: jsonError.reason }), jsonError }
      : { kind: "skip", diagnostic: fileDiagnostic("RQ9106", { path }) };
  }
  return { kind: "documents", documents, notQueryStrings, ...(jsonError && { jsonError }) };
}

/**
 * The `Query` property of a body; the API's field names are matched without regard to case. When the
 * key is repeated the last one counts, as JSON parsers keep the last.
 */
function queryProperty(body: JsonNode): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const property of body.children ?? []) {
    const [key, value] = property.children ?? [];
    if (typeof key?.value === "string" && key.value.trim().toLowerCase() === "query") found = value;
  }
  return found;
}

/**
 * A document for a JSON string token. `offsets[i]` is the file offset of decoded code unit `i`, so any
 * span of the decoded text maps to whole escape sequences in the file.
 */
function jsonStringDocument(fileText: string, node: JsonNode, label: string): Document {
  const value = String(node.value);
  const offsets = new Array<number>(value.length + 1);
  let raw = node.offset + 1;
  const rawEnd = node.offset + node.length - 1;
  let decoded = 0;
  while (raw < rawEnd && decoded < value.length) {
    offsets[decoded] = raw;
    if (fileText.charCodeAt(raw) === 92 /* \ */) raw += fileText.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2;
    else raw += 1;
    decoded++;
  }
  offsets[value.length] = rawEnd;
  return {
    text: value,
    label,
    toFile: (offset) => offsets[Math.max(0, Math.min(offset, value.length))] ?? rawEnd,
    encode: (t) => JSON.stringify(t).slice(1, -1),
  };
}
