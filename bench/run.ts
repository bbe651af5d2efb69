/**
 * `npm run bench [-- --quick]`: runs every scenario in a fresh process, prints a table of MB/s,
 * items per second and per-item latency with the ratios to the baselines run in the same session, and
 * writes the results as JSON (`bench/results/latest.json`) for later comparison. `--quick` runs small
 * inputs: a smoke test that every scenario works, not a measurement.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  "check-10mb",
  "cli-10k",
  "cli-cold",
] as const;

const quick = process.argv.includes("--quick");
const jsonOnly = process.argv.includes("--json");
const root = join(import.meta.dirname, "..");

const results: Result[] = [];
for (const scenario of SCENARIOS) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "scenario.ts"), scenario, ...(quick ? ["--quick"] : [])],
    {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{")) {
    console.error(`scenario ${scenario} failed:\n${run.stderr}`);
    process.exit(1);
  }
  results.push(JSON.parse(line) as Result);
}

const by = (name: string) => results.find((r) => r.name === name);
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
const ratios = {
  checkVsNodeSqlParser: ratio(by("check")?.itemsPerSecond, by("node-sql-parser")?.itemsPerSecond),
  lexVsScanner: ratio(by("lex")?.mbPerSecond, by("scanner")?.mbPerSecond),
  lexVsJsonParse: ratio(by("lex")?.mbPerSecond, by("json-parse")?.mbPerSecond),
};
const report = { date: new Date().toISOString(), node: process.version, quick, results, ratios };

mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(
  join(import.meta.dirname, "results", quick ? "quick.json" : "latest.json"),
  `${JSON.stringify(report, null, 2)}\n`,
);

if (jsonOnly) console.log(JSON.stringify(report));
else {
  const f = (n: number | undefined, digits = 1) => (n === undefined ? "" : n.toFixed(digits));
  console.log(
    `${"scenario".padEnd(16)} ${"MB/s".padStart(8)} ${"items/s".padStart(10)} ${"p50 µs".padStart(9)} ${"p99 µs".padStart(9)} ${"s".padStart(6)} ${"RSS MB".padStart(7)}  note`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(16)} ${f(r.mbPerSecond).padStart(8)} ${f(r.itemsPerSecond, 0).padStart(10)} ${f(r.p50).padStart(9)} ${f(r.p99).padStart(9)} ${f(r.seconds, 2).padStart(6)} ${String(r.peakRssMb).padStart(7)}  ${r.note ?? ""}`,
    );
  }
  console.log(`\ncheck vs node-sql-parser astify: ${f(ratios.checkVsNodeSqlParser)}x queries/s`);
  console.log(
    `lex vs hand-written scanner: ${f(ratios.lexVsScanner, 2)}x MB/s; lex vs JSON.parse: ${f(ratios.lexVsJsonParse, 3)}x MB/s`,
  );
  if (quick) console.log("(--quick: small inputs, a smoke test; the numbers are not measurements)");
}
