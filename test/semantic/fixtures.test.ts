/**
 * Semantic fixtures: each `.rql` under `fixtures/` is checked against a catalog and compared with its
 * reviewed golden (`.golden.txt`: diagnostics, then the text after fixes). A first-line directive
 * `-- @catalog: NAME` picks a built-in catalog (`all` by default) or a file under `catalogs/`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { type BuiltinCatalogName, builtinCatalog, type Catalog } from "../../src/semantic/catalog.js";
import { check } from "../../src/semantic/check.js";
import { loadCatalogText } from "../../src/semantic/load-catalog.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";

const root = join(import.meta.dirname, "fixtures");

function catalogFor(text: string): Catalog {
  const name = /^-- @catalog: (\S+)/.exec(text)?.[1] ?? "all";
  if (["all", "insights", "marketplace"].includes(name)) return builtinCatalog(name as BuiltinCatalogName);
  const loaded = loadCatalogText(readFileSync(join(import.meta.dirname, "catalogs", name), "utf8"), name);
  if (loaded.catalog === undefined) throw new Error(`fixture catalog ${name} does not load`);
  return loaded.catalog;
}

describe("semantic fixtures", () => {
  for (const file of readdirSync(root)
    .filter((f) => f.endsWith(".rql"))
    .sort()) {
    it(file, () => {
      const path = join(root, file);
      const text = readFileSync(path, "utf8");
      const catalog = catalogFor(text);
      const diagnose = (t: string) => check(t, { catalog }).diagnostics;
      expectGolden(path.replace(/\.rql$/, ".golden.txt"), renderDiagnostics(text, diagnose(text), diagnose));
    });
  }
});
