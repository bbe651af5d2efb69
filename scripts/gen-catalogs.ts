/**
 * Generates the built-in catalogs (`src/semantic/catalogs/*.generated.ts`) from the reference files in
 * `data/sources/` (see `data/README.md`). Run by `npm run gen`; a test fails when the output is stale.
 *
 * Provenance comes from each name's `nameSources`: dataset JSON examples, system queries, other
 * examples (samples, spec and API examples), and the data definitions (download-report dictionaries).
 * Insights names listed only in `dataDefinitionColumns` are added as data-definitions-only columns,
 * which the checker reports as "not confirmed selectable" rather than unknown.
 *
 * `data/sources/evidence.json` (hand-maintained, see `data/README.md`) adds what the reference import
 * lacks: recorded responses of the live service (provenance `service`, with source and date), names a
 * newer source dropped, snapshot datasets without TIMESPAN ranges, and value domains whose every value
 * cites its sources. A name, dataset or source id there that does not resolve fails the build.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  CatalogFile,
  Citation,
  ColumnEntry,
  DatasetEntry,
  Evidence,
  Provenance,
  ValueDomain,
} from "../src/semantic/catalog-format.js";

interface SourceDataset {
  datasetName: string;
  selectableColumns: string[];
  availableMetrics: string[];
  availableDateRanges: string[] | null;
  minimumRecurrenceInterval: number | null;
  nameSources: Record<string, string[]>;
  dataDefinitionColumns?: string[];
  dataDefinitionSection?: string;
  columnTypes?: Record<string, string>;
}

/** `data/sources/evidence.json`: sources by id, and per dataset what they add. */
interface EvidenceFile {
  sources: Record<string, { title: string; url: string; copy?: string; date: string; kind: string }>;
  datasets: Record<string, EvidenceDataset>;
}

interface EvidenceDataset {
  /** Names a newer source adds that the reference import lacks, with the source. */
  add?: { name: string; kind: "column" | "metric"; source: string; note?: string }[];
  snapshot?: boolean;
  timespans?: "none-published";
  timespanSources?: string[];
  timespanNote?: string;
  columns: Record<string, EvidenceColumn>;
}

interface EvidenceColumn {
  evidence?: { kind: Provenance; source: string; note?: string }[];
  dropped?: { source: string; note: string };
  values?: {
    type: "string" | "number";
    case: "insensitive" | "sensitive";
    caseSources?: string[];
    exhaustive: boolean;
    nullable?: boolean;
    note?: string;
    values: { value: string | number; meaning?: string; sources: string[] }[];
  };
}

const root = join(import.meta.dirname, "..");
const ORDER: readonly Provenance[] = [
  "service",
  "dataset-json",
  "system-query",
  "example",
  "data-definitions",
];

function readEvidence(): EvidenceFile {
  return JSON.parse(readFileSync(join(root, "data", "sources", "evidence.json"), "utf8")) as EvidenceFile;
}

function fail(message: string): never {
  throw new Error(`gen-catalogs: ${message}`);
}

function citation(file: EvidenceFile, id: string, where: string): Citation {
  const s = file.sources[id] ?? fail(`${where}: unknown source id "${id}"`);
  // The copy the page was read from is named too, so a reviewer can check the exact text.
  const url = s.copy !== undefined ? `${s.url} (read from ${s.copy})` : s.url;
  return { title: s.title, url, date: s.date };
}

function domain(file: EvidenceFile, v: NonNullable<EvidenceColumn["values"]>, where: string): ValueDomain {
  if (v.values.length === 0) fail(`${where}: a domain needs values`);
  return {
    type: v.type,
    case: v.case,
    ...(v.caseSources && { caseSources: v.caseSources.map((id) => citation(file, id, where)) }),
    exhaustive: v.exhaustive,
    ...(v.nullable === true && { nullable: true }),
    values: v.values.map((x) => {
      if (typeof x.value !== v.type) fail(`${where}: ${JSON.stringify(x.value)} is not a ${v.type}`);
      if (x.sources.length === 0) fail(`${where}: ${JSON.stringify(x.value)} cites no source`);
      return {
        value: x.value,
        ...(x.meaning !== undefined && { meaning: x.meaning }),
        sources: x.sources.map((id) => citation(file, id, where)),
      };
    }),
    ...(v.note !== undefined && { note: v.note }),
  };
}

/** Adds a dataset's evidence to its generated entry; every name must be one of the dataset's. */
function withEvidence(entry: DatasetEntry, file: EvidenceFile): DatasetEntry {
  const extra = file.datasets[entry.name];
  if (extra === undefined) return entry;
  const added = (extra.add ?? []).map((a): ColumnEntry => {
    if (entry.columns.some((c) => c.name.toLowerCase() === a.name.toLowerCase()))
      fail(`evidence.json: ${entry.name} already has ${a.name}`);
    const source = citation(file, a.source, `evidence.json ${entry.name}.add`);
    const kind = (file.sources[a.source]?.kind ?? "") as Provenance;
    if (!ORDER.includes(kind)) fail(`evidence.json: ${a.source} is not a provenance kind (${kind})`);
    return {
      name: a.name,
      kind: a.kind,
      seen: [kind],
      evidence: [{ kind, source, ...(a.note !== undefined && { note: a.note }) }],
    };
  });
  entry = { ...entry, columns: [...entry.columns, ...added] };
  const byName = new Map(entry.columns.map((c) => [c.name.toLowerCase(), c]));
  for (const name of Object.keys(extra.columns)) {
    if (!byName.has(name.toLowerCase())) fail(`evidence.json: ${entry.name} has no column ${name}`);
  }
  const columns = entry.columns.map((c): ColumnEntry => {
    const key = Object.keys(extra.columns).find((n) => n.toLowerCase() === c.name.toLowerCase());
    const e = key === undefined ? undefined : extra.columns[key];
    if (e === undefined) return c;
    const where = `evidence.json ${entry.name}.${c.name}`;
    const evidence: Evidence[] = [
      ...(c.evidence ?? []),
      ...(e.evidence ?? []).map((x) => ({
        kind: x.kind,
        source: citation(file, x.source, where),
        ...(x.note !== undefined && { note: x.note }),
      })),
    ];
    const seen = new Set([...(c.seen ?? []), ...evidence.map((x) => x.kind)]);
    return {
      ...c,
      seen: ORDER.filter((p) => seen.has(p)),
      ...(evidence.length > 0 && { evidence }),
      ...(e.dropped && {
        dropped: { source: citation(file, e.dropped.source, where), note: e.dropped.note },
      }),
      ...(e.values && { values: domain(file, e.values, where) }),
    };
  });
  const where = `evidence.json ${entry.name}`;
  return {
    ...entry,
    ...(extra.timespans && { timespans: extra.timespans }),
    ...(extra.snapshot === true && { snapshot: true }),
    ...(extra.timespanNote !== undefined && {
      timespanNote: {
        text: extra.timespanNote,
        sources: (extra.timespanSources ?? []).map((id) => citation(file, id, where)),
      },
    }),
    columns,
  };
}

function provenanceOf(source: string): Provenance | undefined {
  const kind = source.split(":")[0] ?? "";
  if (kind.startsWith("dataset-json")) return "dataset-json";
  if (kind === "system-query") return "system-query";
  if (kind === "sample" || kind === "spec-example" || kind === "api-example") return "example";
  if (kind === "data-dictionary") return "data-definitions";
  return undefined;
}

/** A name is legacy when every source that mentions it is marked as an older version. */
function isLegacy(sources: readonly string[]): boolean {
  return sources.length > 0 && sources.every((s) => /older version|\(2021-07\)/.test(s));
}

function column(
  name: string,
  kind: ColumnEntry["kind"],
  sources: readonly string[],
  inDefinitions: boolean,
): ColumnEntry {
  const seen = new Set<Provenance>();
  for (const s of sources) {
    const p = provenanceOf(s);
    if (p !== undefined) seen.add(p);
  }
  if (inDefinitions) seen.add("data-definitions");
  return {
    name,
    kind,
    seen: ORDER.filter((p) => seen.has(p)),
    ...(isLegacy(sources) && { legacy: true }),
  };
}

function dataset(source: SourceDataset, family: "insights" | "marketplace"): DatasetEntry {
  const definitions = new Set((source.dataDefinitionColumns ?? []).map((n) => n.toLowerCase()));
  const seen = new Set<string>();
  const columns: ColumnEntry[] = [];
  const add = (name: string, kind: ColumnEntry["kind"]) => {
    const key = name.toLowerCase();
    if (seen.has(key) || !/^[A-Za-z_]\w*$/.test(name)) return;
    seen.add(key);
    columns.push(column(name, kind, source.nameSources[name] ?? [], definitions.has(key)));
  };
  for (const name of source.availableMetrics) add(name, "metric");
  for (const name of source.selectableColumns) add(name, "column");
  for (const name of source.dataDefinitionColumns ?? []) add(name, "column");
  return {
    name: source.datasetName,
    ...(source.dataDefinitionSection && {
      description: `Matches the "${source.dataDefinitionSection}" download report.`,
    }),
    family,
    dateRanges: source.availableDateRanges,
    minimumRecurrenceInterval: source.minimumRecurrenceInterval,
    columns,
  };
}

function generate(name: "insights" | "marketplace"): string {
  const sources = JSON.parse(
    readFileSync(join(root, "data", "sources", `catalog-${name}.json`), "utf8"),
  ) as SourceDataset[];
  const evidence = readEvidence();
  const file: CatalogFile = {
    format: "reportql-catalog",
    version: 1,
    name,
    datasets: sources.map((s) => withEvidence(dataset(s, name), evidence)),
  };
  const constant = name.toUpperCase();
  return [
    `// Generated by scripts/gen-catalogs.ts from data/sources/catalog-${name}.json; do not edit.`,
    `import type { CatalogFile } from "../catalog-format.js";`,
    "",
    `/** The built-in \`${name}\` catalog (${file.datasets.length} datasets). */`,
    `export const ${constant}_CATALOG: CatalogFile = ${JSON.stringify(file)};`,
    "",
  ].join("\n");
}

/** The generated modules, by path relative to the repository root. */
export function generateCatalogModules(): Record<string, string> {
  const evidence = readEvidence();
  const known = new Set(
    (["insights", "marketplace"] as const).flatMap((n) =>
      (
        JSON.parse(
          readFileSync(join(root, "data", "sources", `catalog-${n}.json`), "utf8"),
        ) as SourceDataset[]
      ).map((d) => d.datasetName),
    ),
  );
  for (const name of Object.keys(evidence.datasets)) {
    if (!known.has(name)) fail(`evidence.json names dataset ${name}, which no catalog has`);
  }
  return {
    "src/semantic/catalogs/insights.generated.ts": generate("insights"),
    "src/semantic/catalogs/marketplace.generated.ts": generate("marketplace"),
  };
}

if (process.argv[1] === import.meta.filename) {
  for (const [path, content] of Object.entries(generateCatalogModules())) {
    writeFileSync(join(root, path), content);
    console.log(`wrote ${path}`);
  }
}
