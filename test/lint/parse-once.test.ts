/**
 * `lintFile` parses a `.json` file once: the request contract's parse also gives the query documents,
 * the JSON syntax error and the non-string `Query` values the lint layer reports.
 */
import { expect, it, vi } from "vitest";
import { lintFile } from "../../src/lint/lint.js";

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock("jsonc-parser", async (importOriginal) => {
  const real = await importOriginal<typeof import("jsonc-parser")>();
  return {
    ...real,
    parseTree: (...args: Parameters<typeof real.parseTree>) => {
      calls.count++;
      return real.parseTree(...args);
    },
  };
});

it.each([
  [
    '[{"Name": "a", "Query": "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH"}, {"Name": "b", "Query": 3}]',
    ["RQ2002", "RQ9108"],
  ],
  ['{"Name": "a", "Query": "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",}', ["RQ9107"]],
  ['{"ReportName": "r", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "ExecuteNow": true}', []],
])("parses %s once and reports %j", (text, codes) => {
  calls.count = 0;
  const result = lintFile("body.json", text, { now: new Date("2026-01-01T00:00:00Z") });
  expect(result.diagnostics.map((d) => d.code)).toEqual(codes);
  expect(calls.count).toBe(1);
});
