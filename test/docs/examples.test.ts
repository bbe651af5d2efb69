/**
 * `examples/` is what the README says it is: the queries outside `broken/` check without errors and
 * are already formatted (a user's first `reportql format --check` on them passes), every file in
 * `broken/` has errors, and one body of `create-report-queries.json` is broken on purpose.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format, LineMap, lintFile } from "../../src/index.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");
const read = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");
const errors = (name: string) => lintFile(name, read(name)).diagnostics.filter((d) => d.severity === "error");

describe("examples/", () => {
  const queries = readdirSync(EXAMPLES).filter((name) => name.endsWith(".rql"));
  const broken = readdirSync(join(EXAMPLES, "broken")).map((name) => `broken/${name}`);

  it("holds the files the README names", () => {
    expect(queries).toContain("active-orders.rql");
    expect(broken.length).toBeGreaterThan(0);
  });

  for (const name of queries) {
    it(`${name} checks without errors and is formatted`, () => {
      expect(errors(name)).toEqual([]);
      expect(format(read(name))).toBe(read(name));
    });
  }

  for (const name of broken) {
    it(`${name} is broken on purpose`, () => {
      expect(errors(name).length).toBeGreaterThan(0);
    });
  }

  it("create-report-queries.json has one broken body", () => {
    const name = "create-report-queries.json";
    const lines = new LineMap(read(name));
    const bodyLines = new Set(errors(name).map((d) => lines.position(d.span.start).line));
    expect(bodyLines.size).toBe(1);
  });
});
