/**
 * The one lint pipeline, from text to the diagnostics a user sees: `check` (syntax and semantics),
 * request-body rules, rule severities, suppression comments, and fixes. Pure: no file or process I/O,
 * so the CLI, Monaco, the language server and library users get the same verdict on the same text.
 */

import { checkRequestFile, isRequestFilePath } from "../api/check-request-file.js";
import { extractDocuments, isJsonPath } from "../api/documents.js";
import type { RequestCheckOptions } from "../api/rules.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make.js";
import { type FileAnalysis, type FileLintResult, type LintFileOptions, lintAnalysed } from "./lint-query.js";

export type {
  FileLintResult,
  FixLevel,
  LintFileOptions,
  LintOptions,
  LintResult,
} from "./lint-query.js";
export { isQueryFilePath, lint, lintQueryFile, lintText, toFile } from "./lint-query.js";

/**
 * Lints a file by its path and text: a `.rql` file is one document; a `.json` file of API request
 * bodies (Create Report Query, Create Report, Update Report) and a `.http`/`.rest` request file get
 * the API contract's request rules (RQ3xxx) and one document per query text they hold (a `Query`
 * string, an `exportQuery` parameter). With `fix`, fixes are applied until stable, document by
 * document, and the diagnostics are those of the fixed text.
 */
export function lintFile(path: string, text: string, options: LintFileOptions = {}): FileLintResult {
  return lintAnalysed((t) => analyseFile(path, t, options), text, options);
}

function analyseFile(path: string, text: string, options: LintFileOptions): FileAnalysis {
  if (isRequestFilePath(path)) {
    const requests = checkRequestFile(path, text, requestOptions(options));
    return { skipped: false, documents: requests.queries, fileDiagnostics: requests.diagnostics };
  }
  const extraction = extractDocuments(path, text);
  if (!isJsonPath(path))
    return {
      skipped: false,
      documents: extraction.kind === "documents" ? extraction.documents : [],
      fileDiagnostics: [],
    };
  const requests = checkRequestFile(path, text, requestOptions(options));
  if (requests.bodies.length === 0 && extraction.kind === "skip")
    return { skipped: true, documents: [], fileDiagnostics: [] };
  const fileDiagnostics: Diagnostic[] = [];
  const jsonError = extraction.kind === "documents" ? extraction.jsonError : undefined;
  if (jsonError !== undefined) {
    const { offset, length, reason } = jsonError;
    fileDiagnostics.push(makeDiagnostic("RQ9107", { start: offset, end: offset + length }, { path, reason }));
  }
  for (const bad of extraction.kind === "documents" ? extraction.notQueryStrings : [])
    fileDiagnostics.push(makeDiagnostic("RQ9108", { start: bad.offset, end: bad.offset }));
  // A `Query` that is not a string is RQ9108's (above); the contract's wrong-type finding would repeat it.
  for (const d of requests.diagnostics)
    if (!(d.code === "RQ3006" && d.data?.field === "Query")) fileDiagnostics.push(d);
  return { skipped: false, documents: requests.queries, fileDiagnostics };
}

function requestOptions(options: LintFileOptions): RequestCheckOptions {
  return {
    ...options.requests,
    ...(options.catalog !== undefined && { catalog: options.catalog }),
    ...(options.now !== undefined && { now: options.now }),
  };
}
