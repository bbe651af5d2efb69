/**
 * A run linted as a project (`lintProject`): quotas counted over all its files, and a report's
 * interval checked against the dataset of a query another file creates, through a JetBrains global
 * variable. `lintFile` alone sees one file: the same files give less.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { lintFile } from "../../src/lint/lint.js";
import { lintProject, type ProjectFile } from "../../src/lint/project.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const CMP = "https://api.partnercenter.microsoft.com/insights/v1/cmp";
const MPN = "https://api.partnercenter.microsoft.com/insights/v1/mpn";

const queries = (from: number, count: number) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      Name: `q${from + i}`,
      Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
    })),
    null,
    1,
  );

const request = (root: string, path: string, body: object, handler = "") =>
  `POST ${root}/${path}\nAuthorization: Bearer t\nContent-Type: application/json\n\n${JSON.stringify(body)}\n${handler}`;

const report = (reportName: string, queryId: string, interval: number) => ({
  ReportName: reportName,
  QueryId: queryId,
  StartTime: "2026-02-01T00:00:00Z",
  RecurrenceInterval: interval,
});

function codesByFile(results: readonly { diagnostics: readonly { code: string }[] }[]) {
  return results.map((r) => r.diagnostics.map((d) => d.code));
}

describe("quotas", () => {
  it("count Create Report Query bodies over every file of the run, in order", () => {
    const files: ProjectFile[] = [
      { path: "a.json", text: queries(1, 40) },
      { path: "b.json", text: queries(41, 40) },
      { path: "notes.rql", text: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" },
      { path: "c.json", text: queries(81, 40) },
    ];
    const results = lintProject(files, { now: NOW });
    const flagged = results.map((r) => r.diagnostics.filter((d) => d.code === "RQ3042"));
    expect(flagged.map((f) => f.length)).toEqual([0, 0, 0, 20]);
    expect(flagged[3]?.[0]?.message).toMatch(
      /^This is Create Report Query body 101 of this run, over .* 100 active queries/,
    );
    // The same files one by one: each is under the quota.
    for (const { path, text } of files)
      expect(lintFile(path, text, { now: NOW }).diagnostics.map((d) => d.code)).not.toContain("RQ3042");
  });

  it("count each file from the files before it, even when two files share a path", () => {
    // Editors may pass unsaved buffers, or a caller the same file twice: counts go by position.
    const files: ProjectFile[] = [
      { path: "a.json", text: queries(1, 60) },
      { path: "a.json", text: queries(61, 60) },
    ];
    const flagged = lintProject(files, { now: NOW }).map(
      (r) => r.diagnostics.filter((d) => d.code === "RQ3042").length,
    );
    expect(flagged).toEqual([0, 20]);
  });

  it("count one file alone when it is linted alone", () => {
    const flagged = lintFile("many.json", queries(1, 101), { now: NOW }).diagnostics.filter(
      (d) => d.code === "RQ3042",
    );
    expect(flagged.map((d) => d.message.slice(0, 49))).toEqual([
      "This is Create Report Query body 101 of this file",
    ]);
  });

  it("count marketplace requests and .json bodies, not insights requests (no documented quota)", () => {
    const oneOff = (root: string, i: number) =>
      request(root, "ScheduledReport", {
        ReportName: `Now${i}`,
        QueryId:
          root === MPN ? "6209a8fd-93af-442e-8b3f-3df0f77e8463" : "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
        ExecuteNow: true,
      });
    const files: ProjectFile[] = [
      { path: "cmp.http", text: [1, 2, 3].map((i) => oneOff(CMP, i)).join("\n###\n") },
      { path: "mpn.http", text: [4, 5, 6].map((i) => oneOff(MPN, i)).join("\n###\n") },
      {
        path: "more.json",
        text: JSON.stringify(
          [7, 8, 9].map((i) => ({
            ReportName: `Now${i}`,
            QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
            ExecuteNow: true,
          })),
        ),
      },
    ];
    const results = lintProject(files, { now: NOW });
    expect(codesByFile(results).map((codes) => codes.filter((c) => c === "RQ3042").length)).toEqual([
      0, 0, 1,
    ]);
    expect(results[2]?.diagnostics.find((d) => d.code === "RQ3042")?.message).toContain(
      "`ExecuteNow` Create Report body 6 of this run",
    );
  });
});

describe("queries defined in another file", () => {
  const create = request(
    MPN,
    "ScheduledQueries",
    { Name: "dyn", Query: "SELECT SubscriptionId FROM DynamicsUsage TIMESPAN LAST_MONTH" },
    '\n> {%\n  client.global.set("dynamicsQuery", response.body.value[0].queryId);\n%}\n',
  );
  const schedule = request(MPN, "ScheduledReport", report("Dynamics", "{{dynamicsQuery}}", 6));

  it("give the dataset's minimum interval through a global variable set by a response handler", () => {
    const files: ProjectFile[] = [
      { path: "create.http", text: create },
      { path: "schedule.http", text: schedule },
      { path: "schedule.json", text: JSON.stringify(report("Dynamics", "{{dynamicsQuery}}", 12)) },
    ];
    const results = lintProject(files, { now: NOW });
    expect(codesByFile(results)).toEqual([[], ["RQ3010"], ["RQ3010"]]);
    expect(results[1]?.diagnostics[0]?.message).toContain("dataset DynamicsUsage");
    // Alone, the report's file cannot know the query's dataset.
    expect(lintFile("schedule.http", schedule, { now: NOW }).diagnostics).toEqual([]);
  });

  it("stay unknown for a literal id, which only the service assigns", () => {
    const literal = request(
      MPN,
      "ScheduledReport",
      report("Dynamics", "0b8c43b1-8f4c-4f4a-9b5b-3c4c2a0a5a11", 6),
    );
    const results = lintProject(
      [
        { path: "create.http", text: create },
        { path: "r.http", text: literal },
      ],
      { now: NOW },
    );
    expect(codesByFile(results)).toEqual([[], []]);
  });
});

describe("a run of one request file", () => {
  // The CLI skips the project pass when a run has a single request file: it must add nothing (the
  // quota message then says "of this file" rather than "of this run", which is the same body count).
  const dir = join(import.meta.dirname, "..", "api", "fixtures");
  const fixtures = readdirSync(dir).filter((name) => /\.(http|json)$/.test(name));

  it.each(fixtures)("%s: the project gives what lintFile alone gives", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const options = { now: NOW };
    const [alone] = codesAndSpans([lintFile(name, text, options)]);
    const [inProject] = codesAndSpans(lintProject([{ path: name, text }], options));
    expect(inProject).toEqual(alone);
  });
});

function codesAndSpans(results: readonly { diagnostics: readonly Diagnostic[] }[]) {
  return results.map((r) =>
    r.diagnostics.map(
      (d) => `${d.code}@${d.span.start}-${d.span.end}: ${d.message.replace("this run", "this file")}`,
    ),
  );
}
