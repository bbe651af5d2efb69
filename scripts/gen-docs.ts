/** Writes `docs/diagnostics.md` from the catalog (`npm run gen`). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderDiagnosticsDoc } from "./diagnostics-doc.js";

const path = join(import.meta.dirname, "..", "docs", "diagnostics.md");
mkdirSync(join(path, ".."), { recursive: true });
writeFileSync(path, renderDiagnosticsDoc());
console.log(`wrote ${path}`);
