/**
 * Imports the reference data (published queries and dataset catalogs) into the repository.
 *
 * Usage: npx tsx scripts/import-reference.ts [SOURCE_DIR]
 *
 * SOURCE_DIR defaults to `../shared/reference` next to the repository root, so the script also works
 * from a sibling checkout. It writes `test/corpus/queries.jsonl` and copies the two catalogs into
 * `data/sources/`. The output depends only on the source files, so running it twice gives identical
 * files and a regenerated corpus shows up in review as a plain diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A published query as it appears in the source file. */
interface SourceQuery {
  query: string;
  dataset: string | null;
  source: string;
  kind: string;
  /** Null when the page gave no id: every system query has one, only some API examples do. */
  queryId: string | null;
  notes: string;
}

/** A corpus entry: the source fields with a stable id first and a flag for partial queries. */
interface CorpusEntry extends SourceQuery {
  id: string;
  fragment?: true;
}

const CATALOG_FILES = ["catalog-insights.json", "catalog-marketplace.json"] as const;

// The repository root is found from this file rather than the working directory, so the script behaves
// the same whichever directory it is run from.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function fail(message: string): never {
  console.error(`import-reference: ${message}`);
  process.exit(1);
}

/** Lower-kebab-case with only [a-z0-9-], so ids are safe in file names and test titles. */
function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Whether an entry is a piece of a query (a lone clause or condition) rather than a whole one.
 *
 * The notes are the authority, not the text: one published system query has no SELECT keyword but is
 * still meant as a complete query, and a linter should report it as broken rather than skip it.
 */
function isFragment(entry: SourceQuery): boolean {
  return /\bfragment\b|not a complete query/i.test(entry.notes);
}

function parseSourceQuery(line: string, lineNumber: number, file: string): SourceQuery {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    fail(`${file}:${lineNumber}: invalid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`${file}:${lineNumber}: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const key of ["query", "source", "kind", "notes"]) {
    if (typeof record[key] !== "string") fail(`${file}:${lineNumber}: field "${key}" must be a string`);
  }
  for (const key of ["dataset", "queryId"]) {
    if (record[key] !== null && typeof record[key] !== "string") {
      fail(`${file}:${lineNumber}: field "${key}" must be a string or null`);
    }
  }
  if ("id" in record || "fragment" in record) {
    fail(`${file}:${lineNumber}: the source already has an "id" or "fragment" field`);
  }
  return record as unknown as SourceQuery;
}

function readSourceQueries(file: string): SourceQuery[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const queries: SourceQuery[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    queries.push(parseSourceQuery(line, index + 1, file));
  });
  return queries;
}

/** Adds ids numbered per (kind, dataset) in source order, so adding a query elsewhere leaves ids alone. */
function toCorpus(queries: SourceQuery[]): CorpusEntry[] {
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  return queries.map((query) => {
    const prefix = `${kebab(query.kind)}-${kebab(query.dataset ?? "fragment")}`;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const id = `${prefix}-${n}`;
    // Two different (kind, dataset) pairs could collapse to the same kebab prefix; ids must stay unique.
    if (seen.has(id)) fail(`duplicate id ${id}`);
    seen.add(id);
    // The id goes first so that a line is easy to find by id when reading the file.
    const entry: CorpusEntry = { id, ...query };
    if (isFragment(query)) entry.fragment = true;
    return entry;
  });
}

/** Checks that serialising kept every query string exactly, since the corpus exists to test odd input. */
function checkRoundTrip(queries: SourceQuery[], text: string): void {
  const written = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as CorpusEntry);
  if (written.length !== queries.length) fail("the written corpus has a different number of entries");
  written.forEach((entry, index) => {
    if (entry.query !== queries[index]?.query) fail(`query of ${entry.id} changed when written`);
  });
}

/** Number of datasets in a catalog file, after checking that it is the expected JSON array. */
function countDatasets(file: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${file}: invalid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) fail(`${file}: expected an array of datasets`);
  return parsed.length;
}

function main(): void {
  const sourceDir = resolve(process.argv[2] ?? join(repoRoot, "..", "shared", "reference"));
  const corpusDir = join(repoRoot, "test", "corpus");
  const dataDir = join(repoRoot, "data", "sources");
  // Everything is read and checked before anything is written, so a bad SOURCE_DIR or a broken source
  // file leaves the existing files untouched.
  for (const name of ["queries.jsonl", ...CATALOG_FILES]) {
    if (!existsSync(join(sourceDir, name))) fail(`${join(sourceDir, name)} not found (usage: [SOURCE_DIR])`);
  }

  const queries = readSourceQueries(join(sourceDir, "queries.jsonl"));
  const corpus = toCorpus(queries);
  const text = corpus.map((entry) => JSON.stringify(entry)).join("\n") + "\n";
  checkRoundTrip(queries, text);
  const datasetCounts = CATALOG_FILES.map((name) => countDatasets(join(sourceDir, name)));

  mkdirSync(corpusDir, { recursive: true });
  writeFileSync(join(corpusDir, "queries.jsonl"), text);

  mkdirSync(dataDir, { recursive: true });
  // The bytes are copied rather than re-serialised so that the later build step sees exactly the source.
  // copyFileSync is avoided because it also copies the mode, and the sources may be read-only, which
  // would make the next run fail to overwrite them.
  for (const name of CATALOG_FILES) writeFileSync(join(dataDir, name), readFileSync(join(sourceDir, name)));

  const fragments = corpus.filter((entry) => entry.fragment).length;
  const catalogs = CATALOG_FILES.map((name, i) => `${name} (${datasetCounts[i]} datasets)`).join(", ");
  console.log(
    `import-reference: ${corpus.length} queries (${fragments} fragments) -> ` +
      `${relative(repoRoot, join(corpusDir, "queries.jsonl"))}; ${catalogs} -> ${relative(repoRoot, dataDir)}/`,
  );
}

main();
