/** Writes `docs/diagnostics.md` and `schemas/reportql.config.schema.json` from the catalog (`npm run gen`). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigSchema } from "./config-schema.js";
import { renderDiagnosticsDoc } from "./diagnostics-doc.js";

const path = join(import.meta.dirname, "..", "docs", "diagnostics.md");
mkdirSync(join(path, ".."), { recursive: true });
writeFileSync(path, renderDiagnosticsDoc());
console.log(`wrote ${path}`);

const schemaPath = join(import.meta.dirname, "..", "schemas", "reportql.config.schema.json");
mkdirSync(join(schemaPath, ".."), { recursive: true });
writeFileSync(schemaPath, renderConfigSchema());
console.log(`wrote ${schemaPath}`);
