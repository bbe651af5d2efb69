/**
 * `npx tsx bench/emulator.ts [--rows N] [--runs N]`: the emulator's try query over a dataset of N
 * synthetic rows (default 1,000,000). Reports the first run (which builds the columns it touches),
 * the median of the warm runs (the target: under a second), and the process's peak memory.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { EmulatorEngine, TRY_QUERY_ROW_CAP } from "../src/emulator/engine.js";
import { builtinCatalog } from "../src/semantic/catalog.js";
import { resolveQuery } from "../src/semantic/resolve.js";
import { parse } from "../src/syntax/parse.js";

const { values } = parseArgs({ options: { rows: { type: "string" }, runs: { type: "string" } } });
const rows = Number(values.rows ?? 1_000_000);
const runs = Number(values.runs ?? 5);

/** Grouped (a metric per customer and offer), filtered by `=` and `LIKE`, sorted by the metric. */
const QUERIES = [
  "SELECT CustomerId, OfferName, NormalizedUsage FROM ISVUsage WHERE SKUBillingType = 'Paid' AND OfferName LIKE '%contoso%' ORDER BY NormalizedUsage TIMESPAN LAST_6_MONTHS",
  "SELECT OrderId, CustomerCountry, OrderPurchaseDate FROM ISVOrder WHERE OrderStatus IN ('Active') ORDER BY OrderPurchaseDate TIMESPAN LIFETIME",
];

const catalog = builtinCatalog("all");
const opened = performance.now();
const engine = await EmulatorEngine.open({ catalog, rows, seed: 1 });
if ("kind" in engine) {
  console.error(engine.message);
  process.exit(1);
}
console.log(
  `engine open: ${(performance.now() - opened).toFixed(0)} ms; ${rows.toLocaleString("en-US")} rows per dataset`,
);
for (const text of QUERIES) {
  const query = parse(text).document.queries[0];
  const resolved = query === undefined ? undefined : resolveQuery(query, catalog);
  if (resolved === undefined || !resolved.ok) throw new Error(`bench query does not resolve: ${text}`);
  const times: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    const used = process.cpuUsage();
    const result = await engine.run(resolved.query, { rowCap: TRY_QUERY_ROW_CAP.insights });
    times.push(performance.now() - start);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
    if (!result.ok) throw new Error(result.message);
    count = result.rows.length;
  }
  const [cold, ...warm] = times;
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? Number.NaN;
  // CPU time (all of DuckDB's threads) is steadier than wall time on a shared machine.
  console.log(
    `\n${text}\n  first run (builds its columns): ${cold?.toFixed(0)} ms wall, ${cpu[0]?.toFixed(0)} ms CPU`,
  );
  console.log(
    `  warm median of ${warm.length}: ${median.toFixed(0)} ms (target < 1000 ms); ${count} rows returned`,
  );
}
console.log(
  `\nload average: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
engine.close();
