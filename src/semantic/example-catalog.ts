import type { DiagnosticDefinition } from "../diagnostics/catalog.js";
import { builtinCatalog, type Catalog } from "./catalog.js";
import { loadCatalogText } from "./load-catalog.js";

/** The catalog a diagnostic's documented example is checked against: its own, or the built-in `all`. */
export function exampleCatalog(definition: DiagnosticDefinition): Catalog {
  if (definition.exampleCatalog === undefined) return builtinCatalog("all");
  const loaded = loadCatalogText(definition.exampleCatalog, `${definition.code}-example`);
  if (loaded.catalog === undefined)
    throw new Error(`Bug: the example catalog of ${definition.code} does not load`);
  return loaded.catalog;
}
