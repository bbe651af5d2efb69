/**
 * Linting a project: every file of one run together, for what only the whole run can tell. Pure,
 * like `lintFile`; the caller reads the files.
 *
 * - Quotas (RQ3042): the marketplace's 100 active queries, 50 active reports and 5 `ExecuteNow`
 *   reports an hour are counted over the request bodies of all the files, in the order given, and
 *   the bodies past a quota are flagged (`lintFile` alone counts one file).
 * - The dataset of a query defined in another file, for a report's `RecurrenceInterval` against the
 *   dataset's minimum (RQ3010). The id of a query is assigned by the service when it is created, so a
 *   literal `QueryId` can only be a system query's or one the caller looks up: what a project can
 *   know is a JetBrains HTTP Client global variable that a Create Report Query request's response
 *   handler sets (`client.global.set("queryId", response.body...)`) and that a Create Report in any
 *   file of the run uses as `{{queryId}}`. `.rql` files and `.json` Create Report Query bodies create
 *   no id, so they cannot be linked to a report.
 */

import { checkRequestFile, isRequestFilePath } from "../api/check-request-file.js";
import { isJsonPath } from "../api/documents.js";
import { NO_QUOTA_COUNTS, type QuotaCounts, quotaDiagnostics } from "../api/quotas.js";
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { type FileLintResult, type LintFileOptions, lintFile } from "./lint.js";
import { lintOptions } from "./options.js";

/** A file of the project, read by the caller. */
export interface ProjectFile {
  readonly path: string;
  readonly text: string;
}

/** What the whole run knows, for linting each of its files. */
export interface ProjectContext {
  /** The quota counts of the files before each file, by path. */
  readonly quotaCountsBefore: ReadonlyMap<string, QuotaCounts>;
  /** Datasets of the queries whose ids global variables will hold, by variable name. */
  readonly queryVariables: ReadonlyMap<string, string>;
}

/**
 * Gathers what the run knows: one pass of the request contract over its request files. A path listed
 * twice keeps the counts before its first file (`lintProject` counts each file, not each path).
 */
export function projectContext(files: readonly ProjectFile[], given: LintFileOptions = {}): ProjectContext {
  const { context } = gather(files, given);
  return context;
}

/** The project's context, and the quota counts before each file, by its index in `files`. */
function gather(
  files: readonly ProjectFile[],
  given: LintFileOptions,
): { context: ProjectContext; before: (QuotaCounts | undefined)[] } {
  const options = lintOptions(given);
  const quotaCountsBefore = new Map<string, QuotaCounts>();
  const queryVariables = new Map<string, string>();
  const before: (QuotaCounts | undefined)[] = [];
  let counts = NO_QUOTA_COUNTS;
  const requests = { ...options.requests, ...(options.catalog && { catalog: options.catalog }) };
  for (const { path, text } of files) {
    if (!isRequestFilePath(path) && !isJsonPath(path)) {
      before.push(undefined);
      continue;
    }
    before.push(counts);
    if (!quotaCountsBefore.has(path)) quotaCountsBefore.set(path, counts);
    const result = checkRequestFile(path, text, requests);
    counts = quotaDiagnostics(result.bodies, counts).after;
    for (const [name, dataset] of result.queryVariables) queryVariables.set(name, dataset);
  }
  return { context: { quotaCountsBefore, queryVariables }, before };
}

/** The options `lintFile` takes for one file of a project. */
export function projectFileOptions(
  path: string,
  context: ProjectContext,
  given: LintFileOptions = {},
): LintFileOptions {
  const options = lintOptions(given);
  const own = options.requests?.datasetOfQuery;
  const datasetOfQuery = (id: string) => {
    const variable = /^\s*\{\{\s*([\w.-]+)\s*\}\}\s*$/.exec(id)?.[1];
    return (variable && context.queryVariables.get(variable)) || own?.(id);
  };
  const before = context.quotaCountsBefore.get(path);
  return {
    ...options,
    requests: { ...options.requests, datasetOfQuery, ...(before && { quotaCountsBefore: before }) },
  };
}

/** Lints every file of a run together: each file's `lintFile` result, in the order given. */
export function lintProject(list: readonly ProjectFile[], given: LintFileOptions = {}): FileLintResult[] {
  const options = lintOptions(given);
  // From plain JavaScript: no array is no files, and a path that is not a string is none; a text
  // that is not a string is `lintFile`'s to report.
  const files = (Array.isArray(list) ? (list as unknown[]) : []).map((f) => {
    const file = (typeof f === "object" && f !== null ? f : {}) as Partial<ProjectFile>;
    return { path: textOrEmpty(file.path), text: file.text as string };
  });
  const { context, before } = gather(files, options);
  // Each file counts from the files before it, even when another file of the list has its path.
  return files.map(({ path, text }, i) => {
    const counts = before[i];
    const own = { ...context, quotaCountsBefore: new Map(counts === undefined ? [] : [[path, counts]]) };
    return lintFile(path, text, projectFileOptions(path, own, options));
  });
}
