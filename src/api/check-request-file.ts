/**
 * The one entry for the lint pipeline: `checkRequestFile(path, text, options)` checks the API requests
 * a file holds and hands back the query texts inside them, each mapped to the file, for the query
 * checker (`check`) to run on. Pure: no file or process access, usable in the browser.
 *
 * - `.json`: Create Report Query, Create Report and Update Report bodies (or an array of them),
 *   recognised by their keys. The endpoint, hence the family, is unknown: both families' rules apply.
 *   A JSON syntax error is left to the pipeline (RQ9107), which already reports it for `.json` files.
 * - `.http` / `.rest`: every request to a report API root; others (a token request) are skipped.
 * - Any other path: nothing.
 */

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import { type Document, isRequestFilePath } from "./documents.js";
import { checkHttpFile } from "./http-check.js";
import { type BodyReport, checkJsonBodies } from "./json-bodies.js";
import type { RequestCheckOptions } from "./rules.js";

/** What `checkRequestFile` found. */
export interface RequestFileResult {
  /** Request diagnostics (RQ3xxx), sorted, spans in the file's UTF-16 offsets. */
  readonly diagnostics: readonly Diagnostic[];
  /** Query texts to run the query checker on: `toFile` maps offsets, `encode` writes fix text. */
  readonly queries: readonly Document[];
  /** The request bodies found, with their kind. */
  readonly bodies: readonly BodyReport[];
}

export { isRequestFilePath };

/** Checks the API requests in a file. Never throws. */
export function checkRequestFile(
  path: string,
  text: string,
  options: RequestCheckOptions = {},
): RequestFileResult {
  if (isRequestFilePath(path)) {
    const result = checkHttpFile(text, options);
    return { ...result, diagnostics: sortDiagnostics(result.diagnostics) };
  }
  if (!/\.json$/i.test(path)) return { diagnostics: [], queries: [], bodies: [] };
  const { bodies } = checkJsonBodies(text, { text, family: "any", options });
  return {
    diagnostics: sortDiagnostics(bodies.flatMap((b) => b.diagnostics)),
    queries: bodies.flatMap((b) => (b.query ? [b.query] : [])),
    bodies,
  };
}
