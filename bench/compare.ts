/**
 * `npm run bench -- --compare FILE`: compares this run with a saved report (`bench/results/*.json`).
 * The ratios to the baselines are what carry across sessions (each was measured within one round, under
 * one machine load); the scenarios' own numbers are shown too, with that caveat. A file that cannot be
 * read as a report is an error that names it, found before anything runs.
 */

/** One scenario's numbers, as a report stores them. */
export interface SavedResult {
  readonly name: string;
  readonly mbPerSecond?: number;
  readonly itemsPerSecond?: number;
  readonly p50?: number;
  readonly seconds?: number;
}

/** What a comparison needs of a report: its date, its results and its ratios. */
export interface SavedReport {
  readonly date: string;
  /** A `--quick` run: small inputs, not a measurement. */
  readonly quick: boolean;
  readonly results: readonly SavedResult[];
  /** By ratio name: the median (reports before rounds stored a plain number). */
  readonly ratios: Readonly<Record<string, number>>;
}

type Parsed = { readonly report: SavedReport } | { readonly error: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A scenario's headline numbers, in order of preference: the first one a scenario reports is its own. */
export const METRICS = ["itemsPerSecond", "mbPerSecond", "seconds", "p50"] as const;

/** A result's headline number as a score where more is better (times count negatively). */
export function score(result: SavedResult): number {
  for (const metric of METRICS) {
    const value = result[metric];
    if (value !== undefined) return higherIsBetter(metric) ? value : -value;
  }
  return 0;
}

function higherIsBetter(metric: (typeof METRICS)[number]): boolean {
  return metric === "itemsPerSecond" || metric === "mbPerSecond";
}

/** Reads a saved report; `source` names the file in errors. */
export function parseReport(text: string, source: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `${source}: not JSON (${(error as Error).message})` };
  }
  if (!isObject(value) || !Array.isArray(value.results))
    return { error: `${source}: not a benchmark report (no "results" list)` };
  const results: SavedResult[] = [];
  for (const [index, entry] of value.results.entries()) {
    if (!isObject(entry) || typeof entry.name !== "string")
      return { error: `${source}: results[${index}] has no scenario name` };
    const numbers: Record<string, number> = {};
    for (const metric of METRICS) {
      const n = entry[metric];
      if (n === undefined) continue;
      if (typeof n !== "number" || !Number.isFinite(n) || n <= 0)
        return { error: `${source}: results[${index}].${metric} is not a positive number` };
      numbers[metric] = n;
    }
    results.push({ name: entry.name, ...numbers });
  }
  const ratios: Record<string, number> = {};
  if (isObject(value.ratios)) {
    for (const [name, ratio] of Object.entries(value.ratios)) {
      const median = isObject(ratio) ? ratio.median : ratio;
      if (typeof median === "number" && Number.isFinite(median)) ratios[name] = median;
    }
  }
  const date = typeof value.date === "string" ? value.date : "an unknown date";
  return { report: { date, quick: value.quick === true, results, ratios } };
}

/** How much better `after` is than `before` for one scenario (above 1 is better), and in what. */
function change(before: SavedResult, after: SavedResult): { metric: string; factor: number } | undefined {
  for (const metric of METRICS) {
    const a = after[metric];
    const b = before[metric];
    if (a === undefined || b === undefined) continue;
    return { metric, factor: higherIsBetter(metric) ? a / b : b / a };
  }
  return undefined;
}

/** The comparison, as lines for the terminal. */
export function compareReports(before: SavedReport, after: SavedReport): string[] {
  const lines = [`compared with the run of ${before.date}:`];
  if (before.quick !== after.quick)
    lines.push("(one of the two runs is --quick, on small inputs: the numbers do not compare)");
  lines.push("", "ratios to the baselines (median per round):");
  for (const [name, now] of Object.entries(after.ratios)) {
    const then = before.ratios[name];
    lines.push(
      then === undefined
        ? `  ${name}: ${now.toPrecision(3)}x (not in the earlier run)`
        : `  ${name}: ${then.toPrecision(3)}x -> ${now.toPrecision(3)}x`,
    );
  }
  lines.push(
    "",
    "scenarios (absolute numbers from two sessions: machine noise alone moves them by 10% or more):",
  );
  for (const result of after.results) {
    const earlier = before.results.find((r) => r.name === result.name);
    const delta = earlier && change(earlier, result);
    lines.push(
      delta === undefined
        ? `  ${result.name}: not comparable`
        : `  ${result.name}: ${delta.factor.toFixed(2)}x ${delta.factor >= 1 ? "better" : "worse"} (${delta.metric})`,
    );
  }
  return lines;
}
