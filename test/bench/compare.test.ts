/**
 * `--compare`: reading saved reports (this format and the one before rounds) and the comparison lines.
 */
import { describe, expect, it } from "vitest";
import { compareReports, parseReport, type SavedReport } from "../../bench/compare.js";

const BEFORE = JSON.stringify({
  date: "2026-11-23T10:00:00.000Z",
  // The format before rounds: plain numbers.
  ratios: { checkVsNodeSqlParser: 8.6, lexVsScanner: 0.24 },
  results: [
    { name: "check", itemsPerSecond: 20000, p50: 31 },
    { name: "cli-10k", seconds: 2, itemsPerSecond: 5000 },
    { name: "cli-cold", p50: 220000 },
    { name: "gone", mbPerSecond: 1 },
  ],
});

const AFTER: SavedReport = {
  date: "2026-11-24T10:00:00.000Z",
  quick: false,
  ratios: { checkVsNodeSqlParser: 16.6, lexVsScanner: 0.3, parseVsNodeSqlParser: 21 },
  results: [
    { name: "check", itemsPerSecond: 35000, p50: 23 },
    { name: "cli-10k", seconds: 2.5, itemsPerSecond: 4000 },
    { name: "cli-cold", p50: 110000 },
    { name: "new", mbPerSecond: 5 },
  ],
};

describe("bench --compare", () => {
  it("reads both report formats and compares ratios and scenarios", () => {
    const parsed = parseReport(BEFORE, "old.json");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.report.ratios).toEqual({ checkVsNodeSqlParser: 8.6, lexVsScanner: 0.24 });
    const withSpreads = parseReport(
      JSON.stringify({
        ...JSON.parse(BEFORE),
        ratios: { lexVsScanner: { median: 0.25, min: 0.2, max: 0.3 } },
      }),
      "new.json",
    );
    expect("report" in withSpreads && withSpreads.report.ratios).toEqual({ lexVsScanner: 0.25 });
    const quick = parseReport(JSON.stringify({ ...JSON.parse(BEFORE), quick: true }), "quick.json");
    expect("report" in quick && compareReports(quick.report, AFTER)[1]).toBe(
      "(one of the two runs is --quick, on small inputs: the numbers do not compare)",
    );

    expect(compareReports(parsed.report, AFTER)).toEqual([
      "compared with the run of 2026-11-23T10:00:00.000Z:",
      "",
      "ratios to the baselines (median per round):",
      "  checkVsNodeSqlParser: 8.60x -> 16.6x",
      "  lexVsScanner: 0.240x -> 0.300x",
      "  parseVsNodeSqlParser: 21.0x (not in the earlier run)",
      "",
      "scenarios (absolute numbers from two sessions: machine noise alone moves them by 10% or more):",
      "  check: 1.75x better (itemsPerSecond)",
      "  cli-10k: 0.80x worse (itemsPerSecond)",
      "  cli-cold: 2.00x better (p50)",
      "  new: not comparable",
    ]);
  });

  it.each([
    ["{", /^old\.json: not JSON/],
    ["[]", /^old\.json: not a benchmark report \(no "results" list\)$/],
    ['{"results": [{"p50": 1}]}', /^old\.json: results\[0\] has no scenario name$/],
    [
      '{"results": [{"name": "check", "p50": -1}]}',
      /^old\.json: results\[0\]\.p50 is not a positive number$/,
    ],
    ['{"results": [{"name": "check", "seconds": "2"}]}', /^old\.json: results\[0\]\.seconds is not/],
  ])("names the file and the place for %s", (text, message) => {
    const parsed = parseReport(text, "old.json");
    expect("error" in parsed && parsed.error).toMatch(message);
  });
});
