/**
 * Retired codes named by a configuration, a `--rule`, an editor setting or a suppression comment: each
 * is a warning saying so (RQ9004 in a query file, with a safe fix), never silently accepted. The only
 * retired code, RQ9106, was replaced by none; `replaced-code.test.ts` covers a code replaced by another.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/lint/config.js";
import { lintText } from "../../src/lint/lint-query.js";
import { cli } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";
import { withProject } from "../helpers/temp-project.js";

const CASES: readonly [string, string][] = [
  ["alone", "-- reportql-ignore RQ9106\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH"],
  ["first of two", "-- reportql-ignore rq9106, RQ2015\nSELECT OrderId FROM ISVOrder"],
  ["last of two", "-- reportql-ignore RQ2015 RQ9106\nSELECT OrderId FROM ISVOrder"],
  ["in a block comment", "/* reportql-ignore RQ2015 RQ9106 */\nSELECT OrderId FROM ISVOrder"],
  ["file-wide", "-- reportql-ignore-file RQ9106\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH"],
];

describe("a suppression naming a retired code", () => {
  it("is RQ9004 at the code, with a safe fix that keeps the rest of the comment (golden)", () => {
    const rendered = CASES.map(([name, text]) => {
      const diagnose = (t: string) => lintText(t);
      return `== ${name}\n${text}\n\n${renderDiagnostics(text, diagnose(text), diagnose)}`;
    });
    expectGolden(
      join(import.meta.dirname, "goldens", "retired-suppressions.golden.txt"),
      rendered.join("\n\n"),
    );
  });

  it("is not also reported as unused (RQ9001)", () => {
    for (const [, text] of CASES) expect(lintText(text).map((d) => d.code)).not.toContain("RQ9001");
  });
});

describe("a configuration naming a retired code", () => {
  it("warns at the key, and keeps every other setting", () => {
    const text = '{\n  "rules": {\n    "not-a-query-body": "off",\n    "RQ2015": "off"\n  }\n}';
    const { config, problems } = readConfig(text, "c.json", "/r", undefined);
    expect(problems.map((p) => [p.severity, String(p)])).toEqual([
      [
        "warning",
        "c.json:3:5: `rules.not-a-query-body`: RQ9106 (not-a-query-body) is retired and no longer reported, so this setting does nothing; remove it (`reportql explain RQ9106` says why)",
      ],
    ]);
    expect(config.severities).toEqual(new Map([["RQ2015", "off"]]));
  });

  it("is a warning on standard error from the CLI, which still checks (exit 0)", async () => {
    await withProject(
      {
        "reportql.config.json": '{"rules": {"RQ9106": "off"}}',
        "q.rql": "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n",
      },
      async (dir) => {
        const run = await cli(["check", "q.rql", "--rule", "RQ9106:warn"], { cwd: dir });
        expect(run.code).toBe(0);
        expect(run.stderr).toContain("configuration warning in ");
        expect(run.stderr).toContain(
          "reportql.config.json:1:12: `rules.RQ9106`: RQ9106 (not-a-query-body) is retired",
        );
        expect(run.stderr).toContain("reportql: --rule RQ9106: RQ9106 (not-a-query-body) is retired");
      },
    );
  });
});
