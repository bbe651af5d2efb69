/**
 * `reportql catalog` on a catalog file of 100k+ names (a catalog file may be up to 32 MB): the width
 * of the name column was `Math.max(...lengths)`, past V8's argument limit, an internal error.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

function catalogFile(datasets: readonly { name: string; columns: { name: string }[] }[]): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-catalog-size-"));
  writeFileSync(join(dir, "big.json"), JSON.stringify({ format: "reportql-catalog", version: 1, datasets }));
  return dir;
}

it("lists a catalog of 150,000 datasets", async () => {
  const datasets = Array.from({ length: 150_000 }, (_, i) => ({ name: `D${i}`, columns: [{ name: "A" }] }));
  const run = await cli(["catalog", "list", "--catalog", "big.json", "--no-config"], {
    cwd: catalogFile(datasets),
  });
  expect([run.code, run.stderr]).toEqual([0, ""]);
  expect(run.stdout).toMatch(/^dataset {2}family/);
  expect(run.stdout).toContain("150000 datasets in catalog big.json.");
});

it("shows a dataset of 200,000 columns", async () => {
  const columns = Array.from({ length: 200_000 }, (_, i) => ({ name: `C${i}` }));
  const dir = catalogFile([{ name: "Big", columns }]);
  const run = await cli(["catalog", "show", "Big", "--catalog", "big.json", "--no-config"], { cwd: dir });
  expect([run.code, run.stderr]).toEqual([0, ""]);
  expect(run.stdout).toContain("Columns (200000):\n  C0      ");
});
