/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one rule per code reported in the run
 * (with its documentation as help and a link to its entry), one result per diagnostic, safe fixes as
 * SARIF fixes, and a fingerprint that survives lines moving. Only reported rules are listed, as ESLint
 * does: the whole catalog would make every log a copy of the documentation.
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { type DiagnosticDefinition, lookupDiagnostic } from "../../diagnostics/catalog.js";
import type { Severity } from "../../diagnostics/diagnostic.js";
import { diagnosticDocUrl, shortSummary } from "../../diagnostics/docs-url.js";
import { type FileReport, fingerprints, type Range } from "../report.js";
import { type Chunks, jsonChunks, LazyArray } from "./chunks.js";

const LEVELS: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = {
  error: "error",
  warning: "warning",
  info: "note",
  hint: "note",
};

function region(r: Range): Sarif.Region {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/**
 * Where a file is: relative paths (the usual case) are relative URIs under `%SRCROOT%`, each segment
 * percent-encoded (a `#` or `?` in a name must not read as a fragment or a query); an absolute path,
 * which has no place under the source root, is a `file:` URI.
 */
function artifactLocationOf(path: string): Sarif.ArtifactLocation {
  const posix = path.replace(/\\/g, "/");
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: posix.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/** The SARIF rule of a catalog code. */
export function sarifRule(d: DiagnosticDefinition): Sarif.ReportingDescriptor {
  return {
    id: d.code,
    name: d.name,
    shortDescription: { text: shortSummary(d) },
    fullDescription: { text: d.summary },
    helpUri: diagnosticDocUrl(d),
    help: {
      text: `${d.summary}\n\nExample:\n${d.example}\n\nFix: ${d.fix}`,
      markdown: `${d.summary}\n\nExample:\n\n\`\`\`sql\n${d.example}\n\`\`\`\n\n**Fix:** ${d.fix}`,
    },
    defaultConfiguration: { level: LEVELS[d.severity] },
    properties: { tags: ["reportql", d.phase] },
  };
}

/** The rules of the codes reported, ordered by code, and each code's index among them. */
function reportedRules(reports: readonly FileReport[]): {
  rules: Sarif.ReportingDescriptor[];
  ruleIndex: ReadonlyMap<string, number>;
} {
  const codes = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const definitions = codes.flatMap((code) => lookupDiagnostic(code) ?? []);
  return {
    rules: definitions.map(sarifRule),
    ruleIndex: new Map(definitions.map((d, i) => [d.code, i])),
  };
}

/** Renders the SARIF format, in pieces (a log can outgrow the longest string). */
export function* formatSarif(reports: readonly FileReport[], toolVersion: string): Chunks {
  const { rules, ruleIndex } = reportedRules(reports);
  // Results are made as they are written: the log's text is never held whole.
  const results = new LazyArray(resultsOf(reports, ruleIndex), resultWeight) as unknown as Sarif.Result[];
  const log: Sarif.Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "reportql", version: toolVersion, semanticVersion: toolVersion, rules } },
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  yield* jsonChunks(log);
  yield "\n";
}

/** The characters of a result's strings that can be long: its messages, its file's URI, fixes' texts. */
function resultWeight(result: Sarif.Result): number {
  const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
  let characters = (result.message.text?.length ?? 0) + uri.length;
  for (const related of result.relatedLocations ?? []) characters += related.message?.text?.length ?? 0;
  for (const fix of result.fixes ?? []) characters += JSON.stringify(fix).length;
  return characters;
}

/** One SARIF result per diagnostic. */
function* resultsOf(
  reports: readonly FileReport[],
  ruleIndex: ReadonlyMap<string, number>,
): Generator<Sarif.Result> {
  for (const report of reports) {
    const artifactLocation = artifactLocationOf(report.path);
    const prints = fingerprints(report, "sha256");
    for (const [i, d] of report.diagnostics.entries())
      yield resultOf(d, artifactLocation, ruleIndex, prints[i] as string);
  }
}

/**
 * A diagnostic as a SARIF result, built in one literal (spreads of optional members cost a 15,000-result
 * log a third of its build): an absent optional member is `undefined`, which JSON leaves out.
 */
function resultOf(
  d: FileReport["diagnostics"][number],
  artifactLocation: Sarif.ArtifactLocation,
  ruleIndex: ReadonlyMap<string, number>,
  fingerprint: string,
): Sarif.Result {
  const safe = d.fixes.filter((f) => f.applicability === "safe");
  return {
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code),
    level: LEVELS[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation, region: region(d) } }],
    relatedLocations:
      d.related.length === 0
        ? undefined
        : d.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation, region: region(r) },
          })),
    partialFingerprints: { "reportql/v1": fingerprint },
    fixes:
      safe.length === 0
        ? undefined
        : safe.map((f) => ({
            description: { text: f.title },
            artifactChanges: [
              {
                artifactLocation,
                replacements: f.edits.map((e) => ({
                  deletedRegion: region(e),
                  insertedContent: { text: e.newText },
                })),
              },
            ],
          })),
  };
}
