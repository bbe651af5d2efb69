/**
 * The benchmark suite's smoke test (what CI runs): every scenario runs in its own process on small
 * inputs and reports well-formed numbers. Nothing here judges speed.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SCENARIOS } from "../../bench/run.js";

it("runs every benchmark scenario and reports well-formed results", () => {
  const root = join(import.meta.dirname, "..", "..");
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "bench", "run.ts"), "--quick", "--json"],
    { cwd: root, encoding: "utf8" },
  );
  expect(run.stderr.replace(/npm warn.*\n/g, "")).toBe("");
  const report = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
  expect(report.results.map((r: { name: string }) => r.name)).toEqual([...SCENARIOS]);
  for (const result of report.results) {
    const numbers = [
      result.mbPerSecond,
      result.itemsPerSecond,
      result.p50,
      result.p99,
      result.seconds,
    ].filter((n) => n !== undefined);
    expect(numbers.length, result.name).toBeGreaterThan(0);
    for (const n of numbers) expect(Number.isFinite(n) && n > 0, `${result.name}: ${n}`).toBe(true);
    expect(result.peakRssMb).toBeGreaterThan(0);
  }
  expect(Object.keys(report.ratios)).toEqual([
    "checkVsNodeSqlParser",
    "parseVsNodeSqlParser",
    "lexVsScanner",
    "lexVsJsonParse",
    "checkVsJsonParse",
    "coldStartVsNode",
    "documentVsQueries",
    "cliVsNodeSqlParser",
    "reportVsCheck",
  ]);
  for (const [name, value] of Object.entries(report.ratios)) {
    const { median, min, max } = value as { median: number; min: number; max: number };
    expect(Number.isFinite(median) && min <= median && median <= max, name).toBe(true);
  }
  expect(report.byRound).toHaveLength(report.rounds);
}, 300_000);
