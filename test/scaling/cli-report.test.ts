import { FORMATS, render } from "../../src/cli/check-command.js";
import { addToSummary, EMPTY_SUMMARY, type FileReport, locate } from "../../src/cli/report.js";
import { lintFile } from "../../src/lint/lint.js";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { describeGrowth, type Family, type Measured, repeat } from "./measure.js";

const FAMILIES: readonly Family[] = [
  {
    name: "escaped names, one line (h)",
    base: 100,
    make: (n) => `SELECT ${"Order\\_Id,".repeat(n)} FROM ISVOrder`,
  },
  {
    name: "repeated columns, one line (5)",
    base: 100,
    make: (n) => `SELECT OrderId${", OrderId".repeat(n)} FROM ISVOrder`,
  },
  {
    name: "many diagnostics, one line",
    base: 25,
    make: (n) => `SELECT TOP 5 a FROM X WHERE ${repeat(n, (i) => `c${i} == "v" OR d <> 1`, " AND ")}`,
  },
  {
    name: "many diagnostics, many lines",
    base: 25,
    make: (n) =>
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH;\n".repeat(n),
  },
  {
    name: "a suppression comment per query (9)",
    base: 25,
    make: (n) =>
      "-- reportql-ignore RQ1005\nSELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active';\n".repeat(n),
  },
];

const catalog = builtinCatalog("all");
const display = { color: false, width: 80, ignored: 0 };

/** A text linted and located as `reportql check` does it. */
function lintReport(text: string): FileReport {
  const result = lintFile("q.rql", text, { catalog });
  return { path: "q.rql", diagnostics: locate(result.text, result.diagnostics) };
}

/**
 * The reports of the texts being timed, so that each format's row times its rendering alone (the
 * `lint` row times what comes before); two sizes are timed at a time.
 */
const linted = new Map<string, FileReport>();
function lintedReport(text: string): FileReport {
  let report = linted.get(text);
  if (report === undefined) {
    if (linted.size >= 2) linted.clear();
    report = lintReport(text);
    linted.set(text, report);
  }
  return report;
}

/** The report of a text as `reportql check --format <format>` renders it; returns its length. */
function reportLength(format: (typeof FORMATS)[number], text: string): number {
  const report = lintedReport(text);
  let length = 0;
  for (const chunk of render(format, [report], addToSummary(EMPTY_SUMMARY, report), display))
    length += chunk.length;
  return length;
}

/** What `--fix` does before it writes: fixes until stable, then lints the fixed text. */
const fix = (text: string) => lintFile("q.rql", text, { catalog, fix: "safe" }).text.length;

const FUNCTIONS: readonly Measured[] = [
  ["lint", lintReport],
  ...FORMATS.map((f): [string, (text: string) => unknown] => [
    `report ${f}`,
    (text) => reportLength(f, text),
  ]),
  ["fix", fix],
];

describeGrowth(
  "scaling of the CLI report: growth from 4x to 16x of a size is at most 8x",
  FAMILIES,
  FUNCTIONS,
);
