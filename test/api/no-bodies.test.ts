/**
 * `plainlyNoBodies`, the shortcut that lets a large JSON file with no request body (a lock file an
 * editor opens) skip the tree the checks build: whenever it says there is nothing, the full check
 * must find no body and no query either; and a body key in any case or spacing is never missed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import { checkJsonBodies, plainlyNoBodies } from "../../src/api/json-bodies.js";

const bodyKey = fc
  .tuple(
    fc.constantFrom("Query", "ReportName", "QueryId", "query", "REPORTNAME", "queryId"),
    fc.constantFrom("", " "),
  )
  .map(([key, pad]) => `${pad}${key}${pad}`);
const key = fc.oneof(
  fc.string(),
  bodyKey,
  fc.constantFrom("name", "Queries", "queryText", "jquery", "StartTime", "ExecuteNow", "RecurrenceInterval"),
);
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("plainlyNoBodies", () => {
  it("says 'nothing here' only when the full check finds no body and no query", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent) ?? "null";
        if (!plainlyNoBodies(text)) return true;
        const full = checkJsonBodies(text, { text, family: "any", options: {} });
        return full.bodies.length === 0 && full.extraction.kind === "skip";
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['{"name": "x", "packages": {"node_modules/jquery": {"version": "1.0.0"}}}', true],
    ['[{"a": 1}, 2, "Query"]', true],
    ['{" query ": "SELECT A FROM B"}', false],
    ['[{"x": 1}, {"ReportName": "r"}]', false],
    ['{"Q\\u0075ery": "SELECT A FROM B"}', false],
    ['{"name": "x",}', false],
  ])("%s: %s", (text, expected) => {
    expect(plainlyNoBodies(text)).toBe(expected);
  });

  it("still checks the bodies of a file it does not skip", () => {
    const text = '[{"name": 1}, {"Query": "SELECT OrderId FROM ISVOrder"}]';
    const result = checkRequestFile("bodies.json", text);
    // The body lacks its Name (RQ3001), and its query goes on to the query checks.
    expect([result.diagnostics.map((d) => d.code), result.queries.length]).toEqual([["RQ3001"], 1]);
  });
});
