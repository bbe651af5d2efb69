/**
 * From query text to rows, for the HTTP layer: one query, parsed, resolved and run. The checker's
 * verdict (what the service would answer 400 to) is the HTTP layer's to ask first; this refuses only
 * what cannot run, as values.
 */
import type { Catalog } from "../semantic/catalog.js";
import { type ResolvedQuery, type ResolveProblem, resolveQuery } from "../semantic/resolve.js";
import { parse } from "../syntax/parse.js";
import type { EmulatorEngine, EngineProblem, QueryRows, RunOptions } from "./engine.js";

export type PreparedQuery =
  | { readonly ok: true; readonly query: ResolvedQuery }
  | { readonly ok: false; readonly problems: readonly Pick<ResolveProblem, "code" | "message" | "span">[] };

/** The one query of a text, resolved; a text with no query or several is refused. */
export function prepareQuery(text: string, catalog: Catalog): PreparedQuery {
  const queries = parse(text).document.queries.filter((q) => q.clauses.length > 0);
  const [query, second] = queries;
  if (query === undefined)
    return {
      ok: false,
      problems: [{ code: "missing", message: "No query", span: { start: 0, end: text.length } }],
    };
  if (second !== undefined)
    return {
      ok: false,
      problems: [{ code: "unsupported", message: "One query at a time", span: second.span }],
    };
  return resolveQuery(query, catalog);
}

/** Parses, resolves and runs one query. */
export async function runQueryText(
  engine: EmulatorEngine,
  text: string,
  options: RunOptions = {},
): Promise<QueryRows | EngineProblem | Extract<PreparedQuery, { ok: false }>> {
  const prepared = prepareQuery(text, engine.catalog);
  return prepared.ok ? engine.run(prepared.query, options) : prepared;
}
