/**
 * What gets checked in a file. A `.rql` file is one document; a `.json` file holding Create Report
 * Query bodies (`{"Name", "Description", "Query"}` or an array of them) gives one document per `Query`
 * string. Each document maps its offsets back to the file, through JSON escapes (`\n`, `\"`, `\u2018`),
 * and encodes replacement text for the file, so diagnostics and fixes land at the right place.
 */
import {
  createScanner,
  type Node as JsonNode,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";

/** jsonc-parser's `SyntaxKind` values (a `const enum`, which this build cannot import). */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

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
      /**
       * A JSON file that holds no request body (settings, `tsconfig.json`, locale files): nobody's
       * business, whatever its syntax, so it is skipped without a word.
       */
      readonly kind: "skip";
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
  return extractJsonDocuments(text);
}

/** The deepest nesting of arrays and objects, found with the (iterative) scanner. */
function jsonDepth(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  let deepest = 0;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

/**
 * Nesting beyond which a JSON file is not read as request bodies: a body is three levels deep at most
 * (an array of objects of values), and the tree parser recurses, so a file nested thousands deep
 * would exhaust the stack.
 */
const MAX_JSON_DEPTH = 64;

/**
 * `jsonc-parser`'s tree of a JSON text, or `undefined` for text nested deeper than any request body
 * (the tree parser recurses: thousands of levels would exhaust the stack, sooner on Node 22 than 20).
 * Every JSON tree reportql builds from user text goes through here.
 */
export function parseJsonTree(
  text: string,
  errors: ParseError[],
  options: { allowTrailingComma?: boolean; disallowComments?: boolean } = {},
): JsonNode | undefined {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return undefined;
  return parseTree(text, errors, options);
}

/** A JSON text parsed once, as the API reads it: its tree and its first syntax error. */
export interface ParsedJson {
  /** The text parsed: the file's, with a byte-order mark turned into a space (offsets still match). */
  readonly source: string;
  /** `undefined` for an empty text, or one nested deeper than any request body. */
  readonly root: JsonNode | undefined;
  /** The first JSON syntax error, if any (later ones are often its echoes). */
  readonly jsonError?: JsonSyntaxError;
}

/**
 * Parses a JSON text once for every reader of a file (request rules, query documents, the lint
 * layer): strict JSON, as the API reads it, so comments and trailing commas are errors. The tree is
 * recovered past errors, so the bodies it still holds are checked too.
 */
export function parseRequestJson(text: string, from = 0): ParsedJson {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  // Text before `from` is blank (a request file's body, see `maskedBody`): parsed from there, with the
  // offsets moved back to the file's, rather than scanned space by space.
  const tail = from > 0 ? source.slice(from) : source;
  const root = parseJsonTree(tail, errors, { allowTrailingComma: false, disallowComments: true });
  if (root !== undefined && from > 0) shiftTree(root, from);
  const first = errors[0];
  if (first === undefined) return { source, root };
  const reason = words(printParseErrorCode(first.error));
  return { source, root, jsonError: { offset: first.offset + from, length: first.length, reason } };
}

/**
 * Moves a tree's offsets by `delta` (the tree is at most `MAX_JSON_DEPTH` deep). The parser's nodes
 * are plain objects, typed read-only; this tree was just made here, so nobody else holds it.
 */
function shiftTree(node: JsonNode, delta: number): void {
  const mutable = node as { offset: number; colonOffset?: number };
  mutable.offset += delta;
  if (mutable.colonOffset !== undefined) mutable.colonOffset += delta;
  for (const child of node.children ?? []) shiftTree(child, delta);
}

/** The bodies of a parsed JSON text: the root object, or each element of a root array, with its label. */
export function jsonBodyCandidates(root: JsonNode): { node: JsonNode; label: string }[] {
  return root.type === "array"
    ? (root.children ?? []).map((node, i) => ({ node, label: `$[${i}]` }))
    : [{ node: root, label: "$" }];
}

function extractJsonDocuments(text: string): Extraction {
  return documentsOfJson(text, parseRequestJson(text));
}

/** The query documents of a parsed JSON text (`text` is the file's, for the escapes of its strings). */
export function documentsOfJson(text: string, parsed: ParsedJson): Extraction {
  const { root, jsonError } = parsed;
  if (root === undefined) return { kind: "skip" };
  const documents: Document[] = [];
  const notQueryStrings: { offset: number; label: string }[] = [];
  let found = 0;
  for (const { node, label } of jsonBodyCandidates(root)) {
    if (node.type !== "object") continue;
    const query = queryProperty(node);
    if (query === undefined) continue;
    found++;
    if (query.type !== "string") notQueryStrings.push({ offset: query.offset, label: `${label}.Query` });
    else documents.push(jsonStringDocument(text, query, `${label}.Query`));
  }
  if (found === 0) return { kind: "skip" };
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

/** A JSON parse error code (`CommaExpected`) as words (`comma expected`). */
export function words(code: string): string {
  if (code === "InvalidCommentToken") return "comments are not allowed in JSON";
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
