/**
 * The query half of the lint pipeline: `lint`/`lintText` on a query document (check, severities,
 * suppressions), a request body's query rules, fixes until stable, and `lintQueryFile` for a file
 * that is one query document. It imports nothing of the API contract beyond the document model
 * (`api/documents.ts`, no Zod), so a front end that checks `.rql` files loads no schema library;
 * `lint.ts` adds request files and re-exports all of this.
 */

import { type Document, isJsonPath, isRequestFilePath, rqlDocument } from "../api/documents.js";
import type { RequestCheckOptions } from "../api/rules.js";
import { fixUntilStable } from "../diagnostics/apply-fixes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  makeDiagnostic,
  makeVariant,
  moveDiagnostic,
  singleEditFix,
  sortDiagnostics,
} from "../diagnostics/make.js";
import { textArgument } from "../diagnostics/text-argument.js";
import { builtinCatalog, type Catalog } from "../semantic/catalog.js";
import { type CheckResult, check } from "../semantic/check.js";
import { lintOptions } from "./options.js";
import { endsCleanly, pieceEnd, shifted, splittable } from "./pieces.js";
import { applyCheckedSeverities, type RuleSeverities } from "./severities.js";
import { findSuppressions, SuppressionIndex, suppressionProblems } from "./suppressions.js";

/** What linting needs besides the text. */
export interface LintOptions {
  /** The datasets to check against; the built-in `all` catalog by default. */
  readonly catalog?: Catalog;
  /** Configured severities by code (`off` drops a code). */
  readonly severities?: RuleSeverities;
  /** Also resolve each query to its executable model (`checked.resolved`), as `check` does. */
  readonly resolve?: boolean;
}

/** A linted document: the analysis `check` made, and the diagnostics a user sees. */
export interface LintResult {
  readonly checked: CheckResult;
  /** After severities and suppressions, sorted; in the document's offsets. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Lints one query document (a `.rql` text, or the query of a request body). */
export function lint(text: string, given: LintOptions = {}): LintResult {
  return lintEntry(text, given, "lint");
}

/** The diagnostics of `lint`, for callers that need only them. */
export function lintText(text: string, options: LintOptions = {}): Diagnostic[] {
  return [...lintEntry(text, options, "lintText").diagnostics];
}

/** `lint` as `entry` was called: a `text` that is not a string is linted as "" and said to be (RQ9114). */
function lintEntry(raw: unknown, given: LintOptions, entry: string): LintResult {
  const { text, problem } = textArgument(raw, entry);
  const options = lintOptions(given);
  const catalog = options.catalog ?? builtinCatalog("all");
  const checked = check(text, { catalog, ...(options.resolve === true && { resolve: true }) });
  if (problem !== undefined)
    return { checked: { ...checked, diagnostics: [problem] }, diagnostics: [problem] };
  return { checked, diagnostics: finish(text, checked, checked.diagnostics, options) };
}

/** Severities, then suppressions (and their own problems), on a document's raw diagnostics. */
function finish(
  text: string,
  checked: CheckResult,
  raw: readonly Diagnostic[],
  options: LintOptions,
): Diagnostic[] {
  const severities = options.severities ?? new Map();
  const diagnostics = applyCheckedSeverities(raw, severities);
  const { suppressions, misplaced } = findSuppressions(checked.comments, checked.document.queries, text);
  if (suppressions.length === 0 && misplaced.length === 0) return sortDiagnostics(diagnostics);
  const index = new SuppressionIndex(suppressions);
  const kept = diagnostics.filter((d) => !index.suppresses(d));
  const problems = [...suppressionProblems(suppressions, text), ...misplaced];
  return sortDiagnostics([...kept, ...applyCheckedSeverities(problems, severities)]);
}

/** Lints a request body's `Query` string: the query's diagnostics plus what a body adds (one query, sent as written). */
function lintBodyQuery(text: string, options: LintOptions): Diagnostic[] {
  const checked = check(text, { catalog: options.catalog ?? builtinCatalog("all") });
  return finish(text, checked, [...checked.diagnostics, ...queryBodyProblems(checked)], options);
}

/**
 * What a `Query` string of a request body must be beyond a valid query: exactly one query, with no
 * comment and no `;`, since the body is sent as written (`.rql` files may hold several, with both).
 */
function queryBodyProblems(parsed: CheckResult): Diagnostic[] {
  const queries = parsed.document.queries;
  const first = queries[0];
  if (first === undefined) return [makeDiagnostic("RQ9111", { start: 0, end: parsed.text.length })];
  const out: Diagnostic[] = [];
  const second = queries[1];
  if (second !== undefined) out.push(makeDiagnostic("RQ9112", second.span, { count: queries.length }));
  for (const comment of parsed.comments) out.push(makeDiagnostic("RQ9113", comment.span));
  if (second === undefined && first.terminator !== undefined) {
    const removal = singleEditFix("Remove the `;`", "safe", first.terminator, "");
    out.push(makeVariant("RQ9113", "semicolon", first.terminator, {}, { fixes: [removal] }));
  }
  return out;
}

/** How far `lintFile` fixes: not at all, safe fixes, or unsafe ones too. */
export type FixLevel = "none" | "safe" | "unsafe";

/** Options of `lintFile`. */
export interface LintFileOptions extends LintOptions {
  readonly fix?: FixLevel;
  /** The clock request rules compare with (`StartTime` at least 4 hours ahead); now by default. */
  readonly now?: Date;
  /** Options of the API contract's request rules (the interval's upper bound per family, ...). */
  readonly requests?: RequestCheckOptions;
}

/** A linted file. */
export interface FileLintResult {
  /** In file offsets (of `text`), sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** The file's text after fixes (the input when nothing was fixed). */
  readonly text: string;
  /** Whether fixes changed the text. */
  readonly fixed: boolean;
  /** The file holds nothing to check (a JSON file with no request body): it is nobody's business. */
  readonly skipped: boolean;
  /**
   * The query texts of the (fixed) file, mapped to it: editors reuse them for completion and hover
   * rather than running the request contract a second time.
   */
  readonly documents: readonly Document[];
}

/** A file's query documents and the diagnostics of the file itself (JSON syntax, request rules). */
export interface FileAnalysis {
  readonly skipped: boolean;
  readonly documents: readonly Document[];
  readonly fileDiagnostics: readonly Diagnostic[];
}

/**
 * The file pipeline of `lintFile` over any way of finding a file's documents: `analyse` gives the
 * documents and the file's own diagnostics of a text (the original, then the fixed one).
 */
export function lintAnalysed(
  analyse: (text: string) => FileAnalysis,
  text: string,
  options: LintFileOptions,
): FileLintResult {
  const first = analyse(text);
  if (first.skipped) return { diagnostics: [], text, fixed: false, skipped: true, documents: [] };
  const level = options.fix ?? "none";
  const current =
    level === "none" ? text : fixDocuments(text, first.documents, analyse, options, level === "unsafe");
  // Positions after fixes are those of the fixed text: analyse it again.
  const final = current === text ? first : analyse(current);
  const diagnostics = [...final.fileDiagnostics];
  for (const document of final.documents)
    for (const d of diagnoseDocument(document, options)) diagnostics.push(toFile(d, document));
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return {
    diagnostics,
    text: current,
    fixed: current !== text,
    skipped: final.skipped,
    documents: final.documents,
  };
}

/**
 * `lintFile` for a query file (`.rql`, or any path that is not a request file): one document, the
 * whole text. It needs no part of the API contract, so the CLI checks such files without loading it.
 */
export function lintQueryFile(
  text: string,
  given: LintOptions & { readonly fix?: FixLevel } = {},
): FileLintResult {
  const options = lintOptions(given);
  if ((options.fix ?? "none") === "none" && splittable(text)) return lintInPieces(text, options);
  return lintAnalysed(queryFileAnalysis, text, options);
}

/** `lintQueryFile` of a large file without fixes, piece by piece (see `pieces.ts`). */
function lintInPieces(text: string, options: LintOptions): FileLintResult {
  const diagnostics: Diagnostic[] = [];
  for (let start = 0; start < text.length; ) {
    let end = pieceEnd(text, start);
    let result = lint(text.slice(start, end), options);
    if (end < text.length && !endsCleanly(text.slice(start, end), result.checked)) {
      end = text.length;
      result = lint(text.slice(start), options);
    }
    for (const d of result.diagnostics) diagnostics.push(shifted(d, start));
    start = end;
  }
  // Two pieces can report at the offset where they meet: order them as the whole file would.
  return {
    diagnostics: sortDiagnostics(diagnostics),
    text,
    fixed: false,
    skipped: false,
    documents: [rqlDocument(text)],
  };
}

function queryFileAnalysis(text: string): FileAnalysis {
  return { skipped: false, documents: [rqlDocument(text)], fileDiagnostics: [] };
}

/** Whether a path is a query file for `lintQueryFile`: not a request file (`.json`, `.http`, `.rest`). */
export function isQueryFilePath(path: string): boolean {
  return !isJsonPath(path) && !isRequestFilePath(path);
}

/** A document's diagnostics; a query in a request (a `Query` string, `exportQuery`) is also one request's query. */
function diagnoseDocument(document: Document, options: LintOptions): Diagnostic[] {
  return document.label === undefined
    ? lintText(document.text, options)
    : lintBodyQuery(document.text, options);
}

/**
 * Applies fixes until stable. A query file is its one document. In a JSON or request file the fixes
 * are applied to the file itself, each edit in file offsets with its text encoded as the file writes
 * it (JSON string escapes, URL encoding), so that every byte a fix does not touch stays as written: an
 * escape (`\u2018`, `\/`), even an invalid one, elsewhere in the string is kept.
 */
function fixDocuments(
  text: string,
  documents: readonly Document[],
  analyse: (text: string) => FileAnalysis,
  options: LintOptions,
  unsafe: boolean,
): string {
  const [only] = documents;
  if (documents.length === 1 && only !== undefined && only.label === undefined) {
    const diagnose = (t: string) => diagnoseDocument({ ...only, text: t }, options);
    return fixUntilStable(only.text, diagnose, { unsafe }).text;
  }
  if (documents.length === 0) return text;
  const diagnose = (t: string) =>
    analyse(t).documents.flatMap((d) => diagnoseDocument(d, options).map((x) => toFile(x, d)));
  return fixUntilStable(text, diagnose, { unsafe }).text;
}

/** A diagnostic moved from document offsets to file offsets, with fix text encoded for the file. */
export function toFile(d: Diagnostic, document: Document): Diagnostic {
  return moveDiagnostic(
    d,
    (s) => ({ start: document.toFile(s.start), end: document.toFile(s.end) }),
    document.encode,
  );
}
