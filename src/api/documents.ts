/**
 * What gets checked in a file. A `.rql` file is one document; a `.json` file holding Create Report
 * Query bodies (`{"Name", "Description", "Query"}` or an array of them) gives one document per `Query`
 * string. Each document maps its offsets back to the file, through JSON escapes (`\n`, `\"`, `\u2018`),
 * and encodes replacement text for the file, so diagnostics and fixes land at the right place.
 */

import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { containersTooDeep } from "../text/json-depth.js";

type Span = { readonly start: number; readonly end: number };

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
  /** Raw line breaks inside strings, the whole error when set: each is written `\n` to fix it. */
  readonly lineBreaks?: readonly { readonly start: number; readonly end: number }[];
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

/** Whether a path is a request file (`.http` or `.rest`). */
export function isRequestFilePath(path: string): boolean {
  return /\.(http|rest)$/i.test(path);
}

/** The documents of a file. */
export function extractDocuments(path: string, text: string): Extraction {
  // From plain JavaScript: a path or text that is not a string counts as none.
  const source = textOrEmpty(text);
  if (!isJsonPath(textOrEmpty(path)))
    return { kind: "documents", documents: [rqlDocument(source)], notQueryStrings: [] };
  return extractJsonDocuments(source);
}

/**
 * Nesting beyond which JSON is not read: a request body is three levels deep at most (an array of
 * objects of values), and the tree parser recurses, so a text nested thousands deep would exhaust the
 * stack (sooner on Node 22 than 20).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The text with everything inside each container made spaces (same offsets; the brackets stay); the
 * last container runs to the text's end when it is `unclosed`.
 */
function emptied(text: string, containers: readonly Span[], unclosed: boolean): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const [i, c] of containers.entries()) {
    const end = unclosed && i === containers.length - 1 ? c.end : c.end - 1;
    parts.push(text.slice(cursor, c.start + 1), " ".repeat(end - c.start - 1));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/**
 * `jsonc-parser`'s tree of a JSON text, with what is nested deeper than `MAX_JSON_DEPTH` left empty
 * (the containers at depth 65 stay, as `[]` or `{}`), so the rest is still read; `deep` says where
 * that was. Every JSON tree reportql builds from user text goes through here.
 */
export function parseJsonTree(
  text: string,
  errors: ParseError[],
  options: { allowTrailingComma?: boolean; disallowComments?: boolean } = {},
): { root: JsonNode | undefined; deep: readonly Span[] } {
  const { deep, unclosed } = containersTooDeep(text, MAX_JSON_DEPTH);
  return { root: parseTree(deep.length > 0 ? emptied(text, deep, unclosed) : text, errors, options), deep };
}

/** A JSON text parsed once, as the API reads it: its tree and its first syntax error. */
export interface ParsedJson {
  /** The text parsed: the file's, with a byte-order mark turned into a space (offsets still match). */
  readonly source: string;
  /** `undefined` for an empty text. */
  readonly root: JsonNode | undefined;
  /**
   * The arrays and objects opening at depth `MAX_JSON_DEPTH + 1`, with their file offsets: the tree
   * holds them empty, so what they hold is not checked.
   */
  readonly deep: readonly Span[];
  /** The first JSON syntax error, if any (later ones are often its echoes). */
  readonly jsonError?: JsonSyntaxError;
  /**
   * The text its strings are read from: the file's, or with the raw line breaks inside strings made
   * spaces when that is the file's one error (same offsets).
   */
  readonly read: string;
  /** Offsets of strings cut at the end of their line (a string left open): not read as queries. */
  readonly cut: ReadonlySet<number>;
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
  const tree = parseJsonTree(tail, errors, { allowTrailingComma: false, disallowComments: true });
  const { root } = tree;
  if (root !== undefined && from > 0) shiftTree(root, from);
  const deep = tree.deep.map((d) => ({ start: d.start + from, end: d.end + from }));
  const first = errors[0];
  if (first === undefined) return { source, root, deep, read: source, cut: NONE_CUT };
  // A query pasted over several lines into a JSON string: the string ends at the first line break, and
  // the rest of the query read as JSON gave a cascade (and a query with "no FROM"). When spaces in
  // place of the line breaks make the file valid, that is the one error, and the query is read whole.
  const joined = first.error === UNEXPECTED_END_OF_STRING ? joinedLines(source) : undefined;
  if (joined !== undefined) {
    const [firstBreak] = joined.lineBreaks as [Span];
    const jsonError: JsonSyntaxError = {
      offset: firstBreak.start,
      length: firstBreak.end - firstBreak.start,
      reason: "a string holds a line break, which JSON writes `\\n`",
      lineBreaks: joined.lineBreaks,
    };
    return { source, root: joined.root, deep, jsonError, read: joined.text, cut: NONE_CUT };
  }
  const reason = words(printParseErrorCode(first.error));
  const cut = new Set(errors.filter((e) => e.error === UNEXPECTED_END_OF_STRING).map((e) => e.offset + from));
  return {
    source,
    root,
    deep,
    jsonError: { offset: first.offset + from, length: first.length, reason },
    read: source,
    cut,
  };
}

/**
 * Moves a tree's offsets by `delta` (the tree is at most `MAX_JSON_DEPTH + 1` deep). The parser's nodes
 * are plain objects, typed read-only; this tree was just made here, so nobody else holds it.
 */
function shiftTree(node: JsonNode, delta: number): void {
  const mutable = node as { offset: number; colonOffset?: number };
  mutable.offset += delta;
  if (mutable.colonOffset !== undefined) mutable.colonOffset += delta;
  for (const child of node.children ?? []) shiftTree(child, delta);
}

const NONE_CUT: ReadonlySet<number> = new Set();

/** The bodies of a parsed JSON text: the root object, or each element of a root array, with its label. */
export function jsonBodyCandidates(root: JsonNode): { node: JsonNode; label: string }[] {
  return root.type === "array"
    ? (root.children ?? []).map((node, i) => ({ node, label: `$[${i}]` }))
    : [{ node: root, label: "$" }];
}

function extractJsonDocuments(text: string): Extraction {
  return documentsOfJson(parseRequestJson(text));
}

/** The query documents of a parsed JSON text. */
export function documentsOfJson(parsed: ParsedJson): Extraction {
  const { root, jsonError, read, cut } = parsed;
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
    // A string cut at the end of its line holds part of a query: checked, it would report a false
    // "no FROM"; the JSON error says what is wrong.
    else if (cut.has(query.offset)) continue;
    else documents.push(jsonStringDocument(read, query, `${label}.Query`));
  }
  if (found === 0) return { kind: "skip" };
  return { kind: "documents", documents, notQueryStrings, ...(jsonError && { jsonError }) };
}

/** jsonc-parser's `ParseErrorCode.UnexpectedEndOfString` (a `const enum`, which this build cannot import). */
const UNEXPECTED_END_OF_STRING = 12;

/**
 * The text with each raw line break inside a string (`\n`, `\r`, `\r\n`) made spaces of the same
 * length, so offsets still match the file, when that makes it valid JSON; otherwise `undefined` (a
 * string that is really left open is not joined to whatever follows). One pass, and one parse.
 */
function joinedLines(
  text: string,
): { text: string; root: JsonNode | undefined; lineBreaks: Span[] } | undefined {
  const lineBreaks: Span[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) {
      if (c === 34 /* " */) inString = true;
    } else if (c === 92 /* \ */) i++;
    else if (c === 34) inString = false;
    else if (c === 10 || c === 13) {
      const end = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lineBreaks.push({ start: i, end });
      i = end - 1;
    }
  }
  if (lineBreaks.length === 0) return undefined;
  const parts: string[] = [];
  let cursor = 0;
  for (const b of lineBreaks) {
    parts.push(text.slice(cursor, b.start), " ".repeat(b.end - b.start));
    cursor = b.end;
  }
  parts.push(text.slice(cursor));
  const joined = parts.join("");
  const errors: ParseError[] = [];
  const { root } = parseJsonTree(joined, errors, { allowTrailingComma: false, disallowComments: true });
  return errors.length === 0 ? { text: joined, root, lineBreaks } : undefined;
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
 * A document for a JSON string token, decoded here as jsonc-parser decodes it (so that the text is the
 * parser's value) while recording `offsets[i]`, the file offset of decoded code unit `i`: any span of
 * the decoded text maps to whole escape sequences in the file. An invalid escape (`\q`, `\u12`)
 * decodes to nothing, as the parser drops it, and the next character maps past it.
 */
function jsonStringDocument(fileText: string, node: JsonNode, label: string): Document {
  const tokenEnd = node.offset + node.length;
  const rawEnd = closed(fileText, node.offset + 1, tokenEnd) ? tokenEnd - 1 : tokenEnd;
  const { value, offsets } = decodeJsonString(fileText, node.offset + 1, rawEnd);
  return {
    text: value,
    label,
    toFile: (offset) => offsets[Math.max(0, Math.min(offset, value.length))] ?? rawEnd,
    encode: (t) => JSON.stringify(t).slice(1, -1),
  };
}

/** Whether the string token `[start - 1, end)` ends with its closing quote (not an escaped one). */
function closed(text: string, start: number, end: number): boolean {
  if (end - 1 < start || text.charCodeAt(end - 1) !== 34 /* " */) return false;
  let backslashes = 0;
  while (end - 2 - backslashes >= start && text.charCodeAt(end - 2 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 0;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** The value of the string literal's contents `[start, end)` and each code unit's file offset. */
function decodeJsonString(text: string, start: number, end: number): { value: string; offsets: number[] } {
  const parts: string[] = [];
  const offsets: number[] = [];
  let raw = start;
  while (raw < end) {
    const from = raw;
    if (text.charCodeAt(raw) !== 92 /* \ */) {
      // A run of plain characters, copied at once.
      let next = text.indexOf("\\", raw);
      if (next < 0 || next > end) next = end;
      parts.push(text.slice(raw, next));
      for (; raw < next; raw++) offsets.push(raw);
      continue;
    }
    const escaped = text.charAt(raw + 1);
    raw = Math.min(end, raw + 2);
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      parts.push(simple);
      offsets.push(from);
    } else if (escaped === "u") {
      const hex = /^[0-9a-fA-F]{0,4}/.exec(text.slice(raw, Math.min(end, raw + 4)))?.[0] ?? "";
      raw += hex.length;
      if (hex.length === 4) {
        parts.push(String.fromCharCode(Number.parseInt(hex, 16)));
        offsets.push(from);
      }
    }
  }
  offsets.push(end);
  return { value: parts.join(""), offsets };
}

/** A JSON parse error code (`CommaExpected`) as words (`comma expected`). */
export function words(code: string): string {
  if (code === "InvalidCommentToken") return "comments are not allowed in JSON";
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
