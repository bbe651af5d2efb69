/**
 * Request files through the CLI: `.json` bodies of every kind and `.http` request files get the API
 * contract's rules and the query checker, with positions in the file, and `--fix` writes through their
 * encodings. `reportql openapi` prints the contract's document.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-requests-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const HTTP = [
  "@token = secret",
  "",
  "### Try a query",
  "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=SELECT%20OrderId%20FROM%20ISVOrder%20WHERE%20OrderStatus%20%3C%3E%20'Active'",
  "",
  "### Schedule a report",
  "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledReport",
  "Authorization: Bearer {{token}}",
  "Content-Type: application/json",
  "",
  '{"ReportName": "Orders", "QueryId": "string", "StartTime": "2030-01-01 00:00:00", "RecurrenceInterval": 1, "Format": "xlsx"}',
].join("\n");

describe("request files", () => {
  it("checks an .http file's requests and the query in exportQuery, with positions in the file", async () => {
    const run = await cli(["check", "--no-config", "--format", "compact", "api.http"], {
      cwd: folder({ "api.http": HTTP }),
    });
    expect(run.code).toBe(1);
    const codes = run.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(": ")[1]?.split(" ").slice(0, 2).join(" "));
    expect(codes).toEqual(
      expect.arrayContaining([
        "error RQ3033",
        "error RQ1005",
        "error RQ3015",
        "error RQ3007",
        "error RQ3009",
        "error RQ3012",
      ]),
    );
    // The `<>` in the URL is reported where `%3C%3E` stands on line 4.
    expect(run.stdout).toMatch(/api\.http:4:\d+: error RQ1005/);
  });

  it("fixes the query in exportQuery and writes it back URL-encoded", async () => {
    const dir = folder({ "api.http": HTTP });
    await cli(["check", "--no-config", "--fix", "api.http"], { cwd: dir });
    const fixed = readFileSync(join(dir, "api.http"), "utf8");
    expect(fixed).toContain("OrderStatus%20!%3D%20'Active'");
    expect(fixed.split("\n").slice(4)).toEqual(HTTP.split("\n").slice(4));
  });

  it("checks a Create Report body in a .json file (it holds no query text)", async () => {
    const body = {
      ReportName: "Orders",
      QueryId: "not-an-id",
      StartTime: "2030-01-01T00:00:00Z",
      RecurrenceInterval: 24,
    };
    const run = await cli(["check", "--no-config", "--format", "compact", "report.json"], {
      cwd: folder({ "report.json": JSON.stringify(body) }),
    });
    expect([run.code, run.stdout]).toEqual([1, expect.stringMatching(/^report\.json:1:\d+: error RQ3021 /)]);
  });
});

describe("reportql openapi", () => {
  it("prints an OpenAPI 3.1 document with every root's paths", async () => {
    const run = await cli(["openapi"], { cwd: tmpdir() });
    const document = JSON.parse(run.stdout);
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/insights/v1/mpn/ScheduledQueries"]),
    );
    const documented = JSON.parse((await cli(["openapi", "--documented-only"], { cwd: tmpdir() })).stdout);
    expect(Object.keys(documented.paths).some((p) => p.startsWith("/insights/v1.1/"))).toBe(false);
  });

  it("counts quotas over every request file of the run, not file by file", async () => {
    const queries = (from: number, count: number) =>
      JSON.stringify(
        Array.from({ length: count }, (_, i) => ({
          Name: `q${from + i}`,
          Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
        })),
      );
    const cwd = folder({ "a.json": queries(1, 60), "b.json": queries(61, 60) });
    const run = await cli(["check", "--no-config", "--format", "json", "."], { cwd });
    const report = JSON.parse(run.stdout) as {
      files: { path: string; diagnostics: { code: string }[] }[];
    };
    const quota = report.files.map((f) => [f.path, f.diagnostics.filter((d) => d.code === "RQ3042").length]);
    // Bodies 101 to 120 of the run are over the 100 active queries; each file alone is under it.
    expect(quota).toEqual([
      ["a.json", 0],
      ["b.json", 20],
    ]);
    const alone = await cli(["check", "--no-config", "--format", "json", "b.json"], { cwd });
    expect(alone.stdout).not.toContain("RQ3042");
  });
});
