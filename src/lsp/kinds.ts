/**
 * Which documents the server analyses and how: the kind of a document picks how its query texts are
 * found (`.rql`: the whole file; `.json` and `.http`/`.rest` request files: each query text the API
 * contract finds in their requests, a `Query` string or an `exportQuery` parameter). Every kind goes
 * through the lint layer, so diagnostics are exactly the CLI's.
 *
 * Adding a kind is one entry in `DOCUMENT_KINDS` plus its extension in `kindOf`: the rest of the
 * server only sees `FileAnalysis`.
 */

import type { Document } from "../api/documents.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type LintOptions, lintFile } from "../lint/lint.js";
import type { CheckResult } from "../semantic/check.js";
import type { AnalysisCache } from "../services/analysis.js";
import { LineMap } from "../text/line-map.js";

/** The kinds of documents served (`config`: a configuration file, see `config-document.ts`). */
export type DocumentKind = QueryFileKind | "config";

/** The kinds of documents whose query texts are linted. */
export type QueryFileKind = "rql" | "json" | "http";

/** A query text inside a file, with its extent in file offsets. */
export interface QueryRegion {
  readonly document: Document;
  readonly start: number;
  readonly end: number;
}

/** One version of a file, analysed. */
export interface FileAnalysis {
  readonly kind: DocumentKind;
  readonly version: number;
  readonly text: string;
  readonly lines: LineMap;
  /** What a user sees, in file offsets, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** The query texts of the file (one for `.rql`). */
  readonly regions: readonly QueryRegion[];
  /** For a `.rql` file: its tokens, comments and queries (semantic tokens, symbols, folding, ignores). */
  readonly checked?: CheckResult;
  /** For a file not linted as queries (a configuration): its diagnostics of any text (fix-all). */
  readonly diagnose?: (text: string) => readonly Diagnostic[];
}

/** What a kind needs to analyse a file. */
interface KindContext {
  readonly id: string;
  readonly path: string;
  readonly version: number;
  readonly text: string;
  readonly options: LintOptions;
  readonly cache: AnalysisCache;
}

type Analyze = (context: KindContext) => FileAnalysis;

const analyzeRql: Analyze = ({ id, version, text, cache }) => {
  const analysis = cache.get(id, version, text);
  const document = { text, toFile: (offset: number) => offset, encode: (t: string) => t };
  return {
    kind: "rql",
    version,
    text,
    lines: analysis.lines,
    diagnostics: analysis.diagnostics,
    regions: [{ document, start: 0, end: text.length }],
    checked: analysis.checked,
  };
};

/**
 * A request file: one `lintFile` run (the request contract once per version; the server caches the
 * result by version) gives the diagnostics and the query texts the file holds.
 */
const analyzeRequestFile =
  (kind: "json" | "http"): Analyze =>
  ({ path, version, text, options }) => {
    const linted = lintFile(path, text, options);
    const documents = linted.documents;
    return {
      kind,
      version,
      text,
      lines: new LineMap(text),
      diagnostics: linted.diagnostics,
      regions: documents.map((document) => ({
        document,
        start: document.toFile(0),
        end: document.toFile(document.text.length),
      })),
    };
  };

/** How each kind of query file is analysed. */
const DOCUMENT_KINDS: Readonly<Record<QueryFileKind, Analyze>> = {
  rql: analyzeRql,
  json: analyzeRequestFile("json"),
  http: analyzeRequestFile("http"),
};

/** The kind of a document by its URI's extension, else its language id; `undefined`: not ours. */
export function kindOf(uri: string, languageId?: string): QueryFileKind | undefined {
  const path = uri.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".rql")) return "rql";
  if (path.endsWith(".json")) return "json";
  if (path.endsWith(".http") || path.endsWith(".rest")) return "http";
  if (languageId === "reportql" || languageId === "rql") return "rql";
  return undefined;
}

/** Analyses one version of a query file of a known kind. */
export function analyzeFile(kind: QueryFileKind, context: KindContext): FileAnalysis {
  return DOCUMENT_KINDS[kind](context);
}

/** The region holding a file offset (ends included: the cursor may stand after the last character). */
export function regionAt(analysis: FileAnalysis, offset: number): QueryRegion | undefined {
  return analysis.regions.find((r) => r.start <= offset && offset <= r.end);
}

/** The document offset of a file offset inside a region: the first code unit at or after it. */
export function toDocumentOffset(region: QueryRegion, offset: number): number {
  let low = 0;
  let high = region.document.text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (region.document.toFile(mid) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
