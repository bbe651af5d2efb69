/** Shared set-up of the emulator tests: an engine over a catalog, and queries from text. */
import { loadEmulatorDeps } from "../../src/emulator/deps.js";
import { EmulatorEngine, type EngineOptions } from "../../src/emulator/engine.js";
import type { Catalog } from "../../src/semantic/catalog.js";
import { type ResolvedQuery, resolveQuery } from "../../src/semantic/resolve.js";
import { parse } from "../../src/syntax/parse.js";

export async function openEngine(options: Omit<EngineOptions, "deps">): Promise<EmulatorEngine> {
  const deps = await loadEmulatorDeps();
  if ("kind" in deps) throw new Error(deps.message);
  const engine = await EmulatorEngine.open({ ...options, deps });
  if ("kind" in engine) throw new Error(engine.message);
  return engine;
}

/** A query's resolution; the test fails when it does not resolve. */
export function resolveText(text: string, catalog: Catalog): ResolvedQuery {
  const query = parse(text).document.queries[0];
  if (query === undefined) throw new Error(`no query in ${text}`);
  const result = resolveQuery(query, catalog);
  if (!result.ok) throw new Error(`${text}: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.query;
}
