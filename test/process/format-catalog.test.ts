/**
 * `reportql format --catalog X` without `--normalize-names`: formatting never reads a catalog, so the
 * executable says the flag is unused and what to add, and formats as without it.
 */
import { expect, it } from "vitest";
import { reportql } from "../helpers/cli.js";

const QUERY = "select orderid from isvorder timespan last_month\n";

it("warns that --catalog needs --normalize-names, and formats as without it", () => {
  const alone = reportql(["format", "--stdin", "--no-config"], { cwd: "/", input: QUERY });
  const withCatalog = reportql(["format", "--stdin", "--no-config", "--catalog", "insights"], {
    cwd: "/",
    input: QUERY,
  });
  expect(withCatalog.code).toBe(0);
  expect(withCatalog.stdout).toBe(alone.stdout);
  expect(alone.stderr).toBe("");
  expect(withCatalog.stderr).toBe(
    "reportql: format: --catalog is used only to write names in the catalog's spelling; add --normalize-names to do that, or leave --catalog out\n",
  );
});

it("says nothing when --normalize-names uses the catalog", () => {
  const run = reportql(
    ["format", "--stdin", "--no-config", "--normalize-names", "--catalog", "marketplace"],
    {
      cwd: "/",
      input: QUERY,
    },
  );
  expect([run.code, run.stderr]).toEqual([0, ""]);
  expect(run.stdout).toContain("SELECT OrderId\nFROM ISVOrder");
});
