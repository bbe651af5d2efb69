/**
 * The one entry for the lint pipeline: `checkRequestFile(path, text, options)` checks the API requests
 * a file holds and hands back the query texts inside them, each mapped to the file, for the query
 * checker (`check`) to run on. Pure: no file or process access, usable in the browser.
 *
 * - `.json`: Create Report Query, Create Report and Update Report bodies (or an array of them),
 *   recognised by their keys. The endpoint, hence the family, is unknown: both families' rules apply.
 *   The file is parsed once; what the lint layer reports about the JSON itself (a syntax error,
 *   RQ9107; a `Query` that is not a string, RQ9108) is handed back in `json`, not diagnosed here.
 * - `.http` / `.rest`: every request to a report API root; others (a token request) are skipped.
 * - Any other path: nothing.
 */

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import { textArgument, textOrEmpty } from "../diagnostics/text-argument.js";
import { type Document, isRequestFilePath, type JsonSyntaxError } from "./documents.js";
import { checkHttpFile } from "./http-check.js";
import { type BodyReport, checkJsonBodies, plainlyNoBodies } from "./json-bodies.js";
import { NO_QUOTA_COUNTS, quotaDiagnostics } from "./quotas.js";
import type { RequestCheckOptions } from "./rules.js";

/** What `checkRequestFile` found. */
export interface RequestFileResult {
  /** Request diagnostics (RQ3xxx), sorted, spans in the file's UTF-16 offsets. */
  readonly diagnostics: readonly Diagnostic[];
  /** Query texts to run the query checker on: `toFile` maps offsets, `encode` writes fix text. */
  readonly queries: readonly Document[];
  /** The request bodies found, with their kind. */
  readonly bodies: readonly BodyReport[];
  /** For a `.json` file: what the one parse found about the JSON itself. */
  readonly json?: JsonFileFacts;
  /**
   * Global variables that will hold the id of a query this file creates (a JetBrains response
   * handler's `client.global.set`), with the dataset that query reads: `{{name}}` in another file.
   */
  readonly queryVariables: ReadonlyMap<string, string>;
}

/** What the lint layer needs of a `.json` file besides the request diagnostics and the queries. */
export interface JsonFileFacts {
  /** No body has a `Query` key and none is a request body: a settings file, nobody's business. */
  readonly skipped: boolean;
  /** The first JSON syntax error, if any. */
  readonly syntaxError?: JsonSyntaxError;
  /** `Query` values that are not strings, by offset and JSON path. */
  readonly notQueryStrings: readonly { readonly offset: number; readonly label: string }[];
}

export { isRequestFilePath };

/** Checks the API requests in a file. Never throws. */
export function checkRequestFile(
  givenPath: string,
  givenText: string,
  options: RequestCheckOptions = {},
): RequestFileResult {
  // From plain JavaScript: a path that is not a string is none; a text that is not one is "" (RQ9114).
  const path = textOrEmpty(givenPath);
  const { text, problem } = textArgument(givenText, "checkRequestFile");
  if (problem !== undefined)
    return { diagnostics: [problem], queries: [], bodies: [], queryVariables: new Map() };
  if (isRequestFilePath(path)) {
    const result = checkHttpFile(text, options);
    const quotas = quotasOf(result.bodies, options);
    return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...quotas]) };
  }
  if (!/\.json$/i.test(path)) return { diagnostics: [], queries: [], bodies: [], queryVariables: new Map() };
  if (plainlyNoBodies(text))
    return { diagnostics: [], queries: [], bodies: [], json: NO_BODIES, queryVariables: new Map() };
  const { bodies, extraction } = checkJsonBodies(text, { text, family: "any", options });
  const found = extraction.kind === "documents";
  const syntaxError = found ? extraction.jsonError : undefined;
  const json: JsonFileFacts = {
    skipped: bodies.length === 0 && !found,
    notQueryStrings: found ? extraction.notQueryStrings : [],
    ...(syntaxError && { syntaxError }),
  };
  return {
    diagnostics: sortDiagnostics([...bodies.flatMap((b) => b.diagnostics), ...quotasOf(bodies, options)]),
    queries: bodies.flatMap((b) => (b.query ? [b.query] : [])),
    bodies,
    json,
    queryVariables: new Map(),
  };
}

/** A JSON file with no request body: a settings file or a lock file, nobody's business. */
const NO_BODIES: JsonFileFacts = { skipped: true, notQueryStrings: [] };

/** Quotas over this file, or over the run so far when the caller counted the files before it. */
function quotasOf(bodies: readonly BodyReport[], options: RequestCheckOptions) {
  const before = options.quotaCountsBefore;
  return quotaDiagnostics(bodies, before ?? NO_QUOTA_COUNTS, before ? "run" : "file").diagnostics;
}
