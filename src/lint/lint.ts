/**
 * The one lint pipeline, from text to the diagnostics a user sees: `check` (syntax and semantics),
 * request-body rules, rule severities, suppression comments, and fixes. Pure: no file or process I/O,
 * so the CLI, Monaco, the language server and library users get the same verdict on the same text.
 */

import { checkRequestFile, isRequestFilePath } from "../api/check-request-file.js";
import { isJsonPath, rqlDocument } from "../api/documents.js";
import type { RequestCheckOptions } from "../api/rules.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make.js";
import { textArgument, textOrEmpty } from "../diagnostics/text-argument.js";
import { type FileAnalysis, type FileLintResult, type LintFileOptions, lintAnalysed } from "./lint-query.js";
import { lintOptions } from "./options.js";

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
export function lintFile(path: string, text: string, given: LintFileOptions = {}): FileLintResult {
  const options = lintOptions(given);
  // From plain JavaScript: a path that is not a string counts as none (a query file); a text, as "".
  const file = textOrEmpty(path);
  const { text: source, problem } = textArgument(text, "lintFile");
  if (problem !== undefined)
    return { diagnostics: [problem], text: "", fixed: false, skipped: false, documents: [] };
  return lintAnalysed((t) => analyseFile(file, t, options), source, options);
}

function analyseFile(path: string, text: string, options: LintFileOptions): FileAnalysis {
  if (!isRequestFilePath(path) && !isJsonPath(path))
    return { skipped: false, documents: [rqlDocument(text)], fileDiagnostics: [] };
  // One pass over the file: the contract's checks hand back the queries and, for JSON, what the
  // single parse found about the JSON itself.
  const requests = checkRequestFile(path, text, requestOptions(options));
  const json = requests.json;
  if (json === undefined)
    return { skipped: false, documents: requests.queries, fileDiagnostics: requests.diagnostics };
  if (json.skipped) return { skipped: true, documents: [], fileDiagnostics: [] };
  const fileDiagnostics: Diagnostic[] = [];
  if (json.syntaxError !== undefined) {
    const { offset, length, reason, lineBreaks } = json.syntaxError;
    // Line breaks in a string are written `\n`, which keeps the query as it reads.
    const edits = (lineBreaks ?? []).map((span) => ({ span, newText: "\\n" }));
    const fixes = edits.length > 0 ? [{ title: "Write `\\n`", applicability: "safe" as const, edits }] : [];
    const span = { start: offset, end: offset + length };
    fileDiagnostics.push(makeDiagnostic("RQ9107", span, { path, reason }, { fixes }));
  }
  for (const bad of json.notQueryStrings)
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
