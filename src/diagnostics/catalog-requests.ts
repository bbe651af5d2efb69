/**
 * Catalog entries of the request codes (RQ3xxx): API request bodies, query parameters and request
 * files, checked against the API contract (`src/api/`). Same shape and rules as `catalog.ts`, which
 * includes them in `DIAGNOSTICS` between the semantic and the tooling codes.
 */
import type { DiagnosticDefinition } from "./catalog.js";

export const REQUEST_DIAGNOSTICS = [] as const satisfies readonly DiagnosticDefinition[];
