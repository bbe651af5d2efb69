/** The diagnostic reference is generated from the catalog; a stale copy fails here. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { renderConfigSchema } from "../../scripts/config-schema.js";
import { renderDiagnosticsDoc } from "../../scripts/diagnostics-doc.js";

it("docs/diagnostics.md is up to date (run `npm run gen`)", () => {
  const committed = readFileSync(join(import.meta.dirname, "../../docs/diagnostics.md"), "utf8");
  expect(committed).toBe(renderDiagnosticsDoc());
});

it("schemas/reportql.config.schema.json is up to date (run `npm run gen`)", () => {
  const committed = readFileSync(
    join(import.meta.dirname, "../../schemas/reportql.config.schema.json"),
    "utf8",
  );
  expect(committed).toBe(renderConfigSchema());
});
