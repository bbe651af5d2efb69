/**
 * A retired code whose check lives on under another code. No such code exists yet (RQ9106 was retired
 * with no successor), so the catalog is replaced for this file by one where RQ9106 was replaced by
 * RQ2015 (default-timespan): every way of naming it must warn, name RQ2015, and apply to RQ2015.
 */
import { describe, expect, it, vi } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { readConfig } from "../../src/lint/config.js";
import { lintText } from "../../src/lint/lint-query.js";
import { severitiesOption } from "../../src/lint/severities.js";
import { OptionsResolver } from "../../src/lsp/settings.js";
import { cli } from "../helpers/cli.js";
import { withProject } from "../helpers/temp-project.js";

vi.mock("../../src/diagnostics/catalog.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/diagnostics/catalog.js")>();
  const DIAGNOSTICS = real.DIAGNOSTICS.map((d) => (d.code === "RQ9106" ? { ...d, replacedBy: "RQ2015" } : d));
  const byCode = new Map<string, (typeof DIAGNOSTICS)[number]>(DIAGNOSTICS.map((d) => [d.code, d]));
  return { ...real, DIAGNOSTICS, lookupDiagnostic: (code: string) => byCode.get(code) };
});

const NO_TIMESPAN = "SELECT OrderId FROM ISVOrder";

describe("a configuration naming a replaced code", () => {
  it("warns naming the replacement and applies the setting to it", () => {
    const { config, problems } = readConfig('{"rules": {"RQ9106": "off"}}', "c.json", "/r", undefined);
    expect(problems.map((p) => [p.severity, String(p)])).toEqual([
      [
        "warning",
        "c.json:1:12: `rules.RQ9106`: RQ9106 (not-a-query-body) is retired and replaced by RQ2015 (default-timespan); the setting applies to RQ2015: write `RQ2015` instead",
      ],
    ]);
    expect(config.severities).toEqual(new Map([["RQ2015", "off"]]));
  });

  it("is RQ9207 at the key, with a safe fix writing the replacement unless that is set already", () => {
    const [problem] = readConfig('{"rules": {"RQ9106": "off"}}', "c.json", "/r", undefined).problems;
    expect(problem?.diagnostic?.code).toBe("RQ9207");
    expect(problem?.diagnostic?.span).toEqual({ start: 11, end: 19 });
    expect(problem?.diagnostic?.fixes).toEqual([
      {
        title: "Write `RQ2015`",
        applicability: "safe",
        edits: [{ span: { start: 11, end: 19 }, newText: '"RQ2015"' }],
      },
    ]);
    const both = readConfig(
      '{"rules": {"RQ9106": "off", "default-timespan": "warn"}}',
      "c.json",
      "/r",
      undefined,
    );
    expect(both.problems.map((p) => [p.diagnostic?.code, p.diagnostic?.fixes])).toEqual([
      ["RQ9207", undefined],
    ]);
  });

  it("suggests the replacement's name when the setting uses a name", () => {
    const { problems } = readConfig('{"rules": {"not-a-query-body": "off"}}', "c.json", "/r", undefined);
    expect(String(problems[0])).toContain("write `default-timespan` instead");
  });

  it("lets the replacement's own setting win, wherever it is written", () => {
    for (const rules of ['{"RQ9106": "off", "RQ2015": "error"}', '{"RQ2015": "error", "RQ9106": "off"}']) {
      const { config } = readConfig(`{"rules": ${rules}}`, "c.json", "/r", undefined);
      expect(config.severities).toEqual(new Map([["RQ2015", "error"]]));
    }
  });

  it("applies from a library caller's severities too", () => {
    expect(severitiesOption({ RQ9106: "off" })).toEqual(new Map([["RQ2015", "off"]]));
    expect(lintText(NO_TIMESPAN, { severities: severitiesOption({ RQ9106: "off" }) })).toEqual([]);
  });

  it("applies from the editor's reportql.rules, with a message", () => {
    const resolver = new OptionsResolver(() => undefined);
    resolver.setSettings({ rules: { RQ9106: "off" } });
    const resolved = resolver.forFolder("/proj");
    expect(resolved.options.severities).toEqual(new Map([["RQ2015", "off"]]));
    expect(resolved.problems).toEqual([
      "setting reportql.rules.RQ9106: RQ9106 (not-a-query-body) is retired and replaced by RQ2015 (default-timespan); the setting applies to RQ2015: write `RQ2015` instead",
    ]);
  });

  it("applies from the CLI's configuration and --rule, each with a warning", async () => {
    const files = { "reportql.config.json": '{"rules": {"RQ9106": "error"}}', "q.rql": `${NO_TIMESPAN}\n` };
    await withProject(files, async (dir) => {
      const fromFile = await cli(["check", "q.rql"], { cwd: dir });
      expect([fromFile.code, fromFile.stdout]).toEqual([1, expect.stringContaining("RQ2015")]);
      expect(fromFile.stderr).toContain("replaced by RQ2015 (default-timespan)");
      const fromFlag = await cli(["check", "q.rql", "--rule", "RQ9106:off"], { cwd: dir });
      expect(fromFlag.code).toBe(0);
      expect(fromFlag.stderr).toContain(
        "--rule RQ9106: RQ9106 (not-a-query-body) is retired and replaced by RQ2015",
      );
    });
  });
});

describe("a suppression naming a replaced code", () => {
  const text = `-- reportql-ignore RQ9106\n${NO_TIMESPAN}`;

  it("silences the replacement, and says to write it with a safe fix", () => {
    const diagnostics = lintText(text);
    expect(diagnostics.map((d) => [d.code, d.message, text.slice(d.span.start, d.span.end)])).toEqual([
      [
        "RQ9004",
        "`RQ9106` is retired and replaced by `RQ2015`; write `RQ2015` (this suppression applies to it meanwhile)",
        "RQ9106",
      ],
    ]);
    const fixed = fixUntilStable(text, (t) => lintText(t));
    expect(fixed.text).toBe(`-- reportql-ignore RQ2015\n${NO_TIMESPAN}`);
    expect(lintText(fixed.text)).toEqual([]);
  });

  it("is reported as unused when the replacement is not there to silence", () => {
    const quiet = `-- reportql-ignore RQ9106\n${NO_TIMESPAN} TIMESPAN LAST_MONTH`;
    expect(lintText(quiet).map((d) => d.code)).toEqual(["RQ9004"]);
  });
});

it("removes the retired code from a suppression that names its replacement already", () => {
  const text = `-- reportql-ignore RQ2015, RQ9106\n${NO_TIMESPAN}`;
  expect(lintText(text).map((d) => d.code)).toEqual(["RQ9004"]);
  expect(fixUntilStable(text, (t) => lintText(t)).text).toBe(`-- reportql-ignore RQ2015\n${NO_TIMESPAN}`);
});

it("is explained with the code that replaced it", async () => {
  const run = await cli(["explain", "RQ9106"], { cwd: "/" });
  expect(run.stdout).toContain("Replaced by RQ2015: settings and suppressions naming this code apply to it.");
});
