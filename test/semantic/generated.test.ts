/** The built-in catalogs are generated from `data/sources/`; a stale committed copy fails here. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generateCatalogModules } from "../../scripts/gen-catalogs.js";

it("built-in catalog modules are up to date (run `npm run gen`)", () => {
  for (const [path, content] of Object.entries(generateCatalogModules())) {
    expect(readFileSync(join(import.meta.dirname, "../..", path), "utf8"), path).toBe(content);
  }
});
