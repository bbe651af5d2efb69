/**
 * `npm run bench [-- --quick] [-- --rounds N]`: runs every scenario in a fresh process, N rounds
 * interleaved (round 1 runs every scenario, then round 2, ...), so each baseline runs next to what it is
 * compared with, under the same machine load. Prints a table of each scenario's median round (MB/s,
 * items per second, per-item latency, peak RSS) and the ratios to the baselines as the median of the
 * per-round ratios with their range; writes everything, rounds included, as JSON
 * (`bench/results/latest.json`) for later comparison. `--quick` runs small inputs once: a smoke test
 * that every scenario works, not a measurement. `--compare FILE` ends with a comparison to a saved
 * report (see `compare.ts`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compareReports, parseReport, type SavedReport, score } from "./compare.js";
import type { Result } from "./scenario.js";

export const SCENARIOS = [
  "lex",
  "scanner",
  "json-parse",
  "parse",
  "check",
  "check-150",
  "node-sql-parser",
  "format",
  "complete",
  "check-1mb",
  "check-10mb",
  "cli-10k",
  "cli-cold",
  "doc-vs-queries",
  "lint-file-1mb",
  "lint-file-10mb",
  "lint-file-32mb",
  "cli-1mb",
  "cli-report-15k",
] as const;

/** The ratios the targets are stated in, computed within each round. */
const RATIOS = {
  checkVsNodeSqlParser: (r: Round) => ratio(r.check?.itemsPerSecond, r["node-sql-parser"]?.itemsPerSecond),
  parseVsNodeSqlParser: (r: Round) => ratio(r.parse?.itemsPerSecond, r["node-sql-parser"]?.itemsPerSecond),
  lexVsScanner: (r: Round) => ratio(r.lex?.mbPerSecond, r.scanner?.mbPerSecond),
  lexVsJsonParse: (r: Round) => ratio(r.lex?.mbPerSecond, r["json-parse"]?.mbPerSecond),
  checkVsJsonParse: (r: Round) => ratio(r.check?.mbPerSecond, r["json-parse"]?.mbPerSecond),
  coldStartVsNode: (r: Round) => ratio(r["cli-cold"]?.p50, r["cli-cold"]?.baselineP50),
  documentVsQueries: (r: Round) => r["doc-vs-queries"]?.ratio,
  cliVsNodeSqlParser: (r: Round) => r["cli-1mb"]?.ratio,
  reportVsCheck: (r: Round) => r["cli-report-15k"]?.ratio,
};

type Round = Partial<Record<string, Result>>;

interface Spread {
  median: number;
  min: number;
  max: number;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

function spread(values: readonly (number | undefined)[]): Spread | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return undefined;
  return { median: median(present), min: Math.min(...present), max: Math.max(...present) };
}

/** The round whose primary number (throughput, or time for whole-run scenarios) is the median. */
function medianRound(runs: readonly Result[]): Result {
  const sorted = [...runs].sort((a, b) => score(a) - score(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as Result;
}

function runScenario(root: string, scenario: string, quick: boolean): Result {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "scenario.ts"), scenario, ...(quick ? ["--quick"] : [])],
    { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{")) {
    console.error(`scenario ${scenario} failed:\n${run.stderr}`);
    process.exit(1);
  }
  return JSON.parse(line) as Result;
}

function roundsOption(args: readonly string[], quick: boolean): number {
  const index = args.indexOf("--rounds");
  if (index < 0) return quick ? 1 : 3;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error("--rounds takes a whole number of rounds, 1 or more");
    process.exit(2);
  }
  return value;
}

function printTable(results: readonly Result[], ratios: Record<string, Spread | undefined>, rounds: number) {
  const f = (n: number | undefined, digits = 1) => (n === undefined ? "" : n.toFixed(digits));
  console.log(
    `${"scenario".padEnd(16)} ${"MB/s".padStart(8)} ${"items/s".padStart(10)} ${"p50 µs".padStart(9)} ${"p99 µs".padStart(9)} ${"s".padStart(6)} ${"RSS MB".padStart(7)}  note`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(16)} ${f(r.mbPerSecond).padStart(8)} ${f(r.itemsPerSecond, 0).padStart(10)} ${f(r.p50).padStart(9)} ${f(r.p99).padStart(9)} ${f(r.seconds, 2).padStart(6)} ${String(r.peakRssMb).padStart(7)}  ${r.note ?? ""}`,
    );
  }
  const show = (s: Spread | undefined, digits: number) =>
    s === undefined ? "n/a" : `${f(s.median, digits)}x (${f(s.min, digits)}-${f(s.max, digits)})`;
  console.log(`\nmedian of ${rounds} round(s); ratios are per round, median (min-max):`);
  console.log(`check vs node-sql-parser astify: ${show(ratios.checkVsNodeSqlParser, 1)} queries/s`);
  console.log(`parse vs node-sql-parser astify: ${show(ratios.parseVsNodeSqlParser, 1)} queries/s`);
  console.log(`lex vs hand-written scanner: ${show(ratios.lexVsScanner, 2)} MB/s`);
  console.log(`lex vs JSON.parse: ${show(ratios.lexVsJsonParse, 3)} MB/s`);
  console.log(`check vs JSON.parse: ${show(ratios.checkVsJsonParse, 4)} MB/s`);
  console.log(`cold start vs node -e 0: ${show(ratios.coldStartVsNode, 2)} time (target at most 2x)`);
  console.log(
    `document vs its queries one by one: ${show(ratios.documentVsQueries, 2)} throughput (target 0.8x)`,
  );
  console.log(`CLI on 1 MB vs node-sql-parser end to end: ${show(ratios.cliVsNodeSqlParser, 1)} (target 5x)`);
  console.log(
    `reporting 15k diagnostics / checking: ${show(ratios.reportVsCheck, 2)} time, worst format (target 0.5)`,
  );
}

/** The report named by `--compare`, read before anything runs so that a bad file fails at once. */
function earlierReport(args: readonly string[]): SavedReport | undefined {
  const index = args.indexOf("--compare");
  if (index < 0) return undefined;
  const file = args[index + 1];
  if (file === undefined || file.startsWith("--")) {
    console.error("--compare takes the path of a saved report, such as bench/results/latest.json");
    process.exit(2);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    process.exit(2);
  }
  const parsed = parseReport(text, file);
  if ("error" in parsed) {
    console.error(parsed.error);
    process.exit(2);
  }
  return parsed.report;
}

function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const rounds = roundsOption(args, quick);
  const earlier = earlierReport(args);
  const root = join(import.meta.dirname, "..");
  const byRound: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    const round: Round = {};
    for (const scenario of SCENARIOS) round[scenario] = runScenario(root, scenario, quick);
    byRound.push(round);
  }
  const results = SCENARIOS.map((s) => medianRound(byRound.map((r) => r[s] as Result)));
  const ratios = Object.fromEntries(
    Object.entries(RATIOS).map(([name, of]) => [name, spread(byRound.map(of))]),
  );
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    quick,
    rounds,
    results,
    ratios,
    byRound: byRound.map((r) => SCENARIOS.map((s) => r[s])),
  };
  mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(
    join(import.meta.dirname, "results", quick ? "quick.json" : "latest.json"),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  if (args.includes("--json")) console.log(JSON.stringify(report));
  else {
    printTable(results, ratios, rounds);
    if (quick) console.log("(--quick: small inputs, a smoke test; the numbers are not measurements)");
  }
  if (earlier !== undefined) {
    const medians = Object.fromEntries(
      Object.entries(ratios).flatMap(([name, s]) => (s === undefined ? [] : [[name, s.median]])),
    );
    const lines = compareReports(earlier, { date: report.date, quick, results, ratios: medians });
    // With --json, stdout holds the report alone; the comparison goes to stderr.
    const log = args.includes("--json") ? console.error : console.log;
    log(`\n${lines.join("\n")}`);
  }
}

// Imported by the smoke test for the scenario list only.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
