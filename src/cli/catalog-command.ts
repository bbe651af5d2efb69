/** `reportql catalog`: the datasets of a catalog (`list`), or one dataset's columns and metrics (`show`). */
import { Catalog } from "../semantic/catalog.js";
import { toCatalogFile } from "../semantic/load-catalog.js";
import { closestNames } from "../semantic/suggest.js";
import { loadProject, type ProjectOptions } from "./config.js";
import type { CliEnvironment } from "./environment.js";
import { plural } from "./report.js";
import { resolveCatalog, UsageError } from "./shared.js";
import { terminalSafe } from "./terminal.js";

/** The parsed options of `catalog`. */
export interface CatalogCommandOptions {
  readonly action: "list" | "show";
  readonly dataset?: string;
  readonly catalog?: string;
  readonly json: boolean;
  readonly project: ProjectOptions;
}

const SOURCES: Readonly<Record<string, string>> = {
  service: "accepted by the service",
  "dataset-json": "dataset JSON",
  "system-query": "system query",
  example: "example",
  "data-definitions": "data definitions",
  user: "catalog file",
};

/** Runs `catalog`; returns the exit code. */
export async function catalogCommand(
  options: CatalogCommandOptions,
  environment: CliEnvironment,
): Promise<number> {
  const { config } = await loadProject(options.project, environment.cwd, (m) =>
    environment.stderr.write(`reportql: ${m}\n`),
  );
  const { catalog } = await resolveCatalog(options.catalog, config, environment.cwd);
  // The text shows names from catalog files (a saved service response): made terminal-safe.
  const out = (line = "") => environment.stdout.write(`${terminalSafe(line)}\n`);
  const json = (value: unknown) => environment.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  if (options.action === "list") {
    if (options.json) {
      json(toCatalogFile(catalog));
      return 0;
    }
    const width = longest(["dataset", ...catalog.datasets.map((d) => d.name)]);
    out(`${"dataset".padEnd(width)}  family       columns  metrics  TIMESPAN values`);
    for (const d of catalog.datasets) {
      const columns = d.columns.filter((c) => c.kind === "column").length;
      const metrics = d.columns.length - columns;
      const ranges =
        d.timespans === "none-published"
          ? "none published (snapshot)"
          : d.dateRanges === null
            ? "any (not documented)"
            : d.dateRanges.join(", ");
      out(
        `${d.name.padEnd(width)}  ${(d.family ?? "-").padEnd(11)}  ${String(columns).padStart(7)}  ${String(metrics).padStart(7)}  ${ranges}`,
      );
    }
    out();
    out(
      `${plural(catalog.datasets.length, "dataset")} in catalog ${catalog.name}. reportql catalog show DATASET lists a dataset's names.`,
    );
    return 0;
  }
  const name = options.dataset ?? "";
  const dataset = catalog.dataset(name);
  if (dataset === undefined) {
    const suggestions = closestNames(
      name,
      catalog.datasets.map((d) => d.name),
    );
    throw new UsageError(
      `no dataset ${JSON.stringify(name)} in catalog ${catalog.name}${suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : ""}`,
    );
  }
  if (options.json) {
    // A whole catalog file holding the one dataset, so that it can be edited and loaded with --catalog.
    json(toCatalogFile(new Catalog(`${catalog.name}: ${dataset.name}`, [dataset])));
    return 0;
  }
  out(`${dataset.name}${dataset.family ? ` (${dataset.family})` : ""}`);
  if (dataset.description) out(dataset.description);
  out(
    `TIMESPAN values: ${dataset.dateRanges === null ? "not documented (any of the 13 is accepted)" : dataset.dateRanges.join(", ")}`,
  );
  if (dataset.minimumRecurrenceInterval !== null)
    out(`Minimum recurrence interval: ${dataset.minimumRecurrenceInterval} hours`);
  if (!dataset.columnsKnown) out("Columns: not listed by the catalog");
  for (const kind of ["column", "metric"] as const) {
    const names = dataset.columns.filter((c) => c.kind === kind);
    if (names.length === 0) continue;
    out();
    out(`${kind === "column" ? "Columns" : "Metrics"} (${names.length}):`);
    const width = longest(names.map((c) => c.name));
    for (const c of names) {
      const seen = c.seen.map((s) => SOURCES[s] ?? s).join(", ");
      const dropped = c.dropped === undefined ? "" : `; no longer listed since ${c.dropped.source.date}`;
      const values =
        c.values === undefined ? "" : `; values: ${c.values.values.map((v) => String(v.value)).join(", ")}`;
      out(
        `  ${c.name.padEnd(width)}  ${seen}${c.legacy ? " (older pages only)" : ""}${c.type ? `, ${c.type}` : ""}${dropped}${values}`,
      );
    }
  }
  return 0;
}

/**
 * The length of the longest name. A loop, not `Math.max(...lengths)`: a catalog file can hold 100k+
 * names, past V8's argument limit.
 */
function longest(names: readonly string[]): number {
  let width = 0;
  for (const name of names) width = Math.max(width, name.length);
  return width;
}
