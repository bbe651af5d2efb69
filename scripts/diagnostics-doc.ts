/**
 * Renders the diagnostic reference (`docs/diagnostics.md`) from the catalog. Each entry shows what
 * reportql actually reports on the documented example, so the page cannot drift from the code.
 */
import { fixUntilStable } from "../src/diagnostics/apply-fixes.js";
import { DIAGNOSTICS, type DiagnosticDefinition } from "../src/diagnostics/catalog.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { configDiagnostics } from "../src/lint/config.js";
import { lintFile } from "../src/lint/lint.js";
import { check } from "../src/semantic/check.js";
import { exampleCatalog } from "../src/semantic/example-catalog.js";

const PHASE_TITLES: Record<DiagnosticDefinition["phase"], string> = {
  lexical: "Lexical (RQ10xx)",
  syntax: "Syntax (RQ11xx)",
  sql: "SQL constructs the language lacks (RQ12xx)",
  semantic: "Semantic (RQ2xxx)",
  request: "Requests: API bodies, parameters and request files (RQ3xxx)",
  tooling: "Tooling: suppressions, files and configuration (RQ9xxx)",
};

/**
 * What an example is, which picks its code block's language and how it is checked: a query (or a
 * suppression comment) is `sql`, a request body `json`, a request of a request file `http`; a command
 * line or a library call, described in words, is `text` and is not run.
 */
type ExampleKind = "sql" | "json" | "http" | "text";

function exampleKind(d: DiagnosticDefinition): ExampleKind {
  if (d.phase !== "tooling" && d.phase !== "request") return "sql";
  if (/^\s*[[{]/.test(d.example)) return "json";
  if (/^(GET|POST|PUT|PATCH|DELETE) /.test(d.example)) return "http";
  if (/^\s*(--|SELECT\b)/i.test(d.example)) return "sql";
  return "text";
}

/** The file name a request or suppression example is linted under: its extension picks the handling. */
const EXAMPLE_FILE: Partial<Record<ExampleKind, string>> = {
  json: "example.json",
  http: "example.http",
  sql: "example.rql",
};

/**
 * Requests are checked as on this date, so the rules about `StartTime` (the 4-hour rule, a time in
 * the past) give the same verdict whenever the page is generated.
 */
const REQUEST_NOW = new Date("2026-01-01T00:00:00Z");

function fence(text: string, kind: ExampleKind): string {
  return [`\`\`\`${kind}`, text, "```"].join("\n");
}

/** What reportql reports on the example (only the entry's code), and the text after every fix. */
function runExample(d: DiagnosticDefinition): { reported: Diagnostic[]; fixed?: string } {
  const catalog = exampleCatalog(d);
  const kind = exampleKind(d);
  if (d.phase !== "tooling" && d.phase !== "request") {
    const diagnose = (t: string) => check(t, { catalog }).diagnostics;
    const fixed = fixUntilStable(d.example, diagnose, { unsafe: true });
    const reported = diagnose(d.example).filter((x) => x.code === d.code);
    return fixed.fixCount > 0 ? { reported, fixed: fixed.text } : { reported };
  }
  const path = EXAMPLE_FILE[kind];
  if (path === undefined) return { reported: [] };
  if (kind === "json" && d.code.startsWith("RQ92")) return runConfigExample(d);
  // Only this code's own fixes: the example shows what they do, not what other notes' fixes would add.
  const diagnose = (t: string) =>
    lintFile(path, t, { catalog, now: REQUEST_NOW }).diagnostics.filter((x) => x.code === d.code);
  const reported = diagnose(d.example);
  const fixed = fixUntilStable(d.example, diagnose, { unsafe: true });
  return fixed.fixCount > 0 ? { reported, fixed: fixed.text } : { reported };
}

/** A configuration code's example, read as a `reportql.config.json`. */
function runConfigExample(d: DiagnosticDefinition): { reported: Diagnostic[]; fixed?: string } {
  const diagnose = (t: string) =>
    configDiagnostics(t, "reportql.config.json", "/", undefined).filter((x) => x.code === d.code);
  const reported = diagnose(d.example);
  const fixed = fixUntilStable(d.example, diagnose, { unsafe: true });
  return fixed.fixCount > 0 ? { reported, fixed: fixed.text } : { reported };
}

/** A message template with its placeholders shown as `‹name›`. */
function template(message: string): string {
  return message.replace(/\{(\w+)(?::\w+)?\}/g, "‹$1›");
}

function entry(d: DiagnosticDefinition): string {
  const kind = exampleKind(d);
  const { reported, fixed } = runExample(d);
  const lines = [
    `### ${d.code} ${d.name}`,
    "",
    ...(d.retired === undefined ? [] : [`**Retired:** ${d.retired}`, ""]),
    `Severity: ${d.severity}. Message: ${template(d.message)}`,
    ...Object.entries(d.variants ?? {}).map(([name, message]) => `- or (${name}): ${template(message)}`),
    "",
    d.summary,
    "",
    ...(d.exampleCatalog !== undefined
      ? ["Example (with the catalog `" + d.exampleCatalog + "`):"]
      : ["Example:"]),
    "",
    fence(d.example, kind),
    "",
    ...reported.map(
      (x) =>
        `Reported: ${x.message}${x.fixes?.[0] ? ` (fix, ${x.fixes[0].applicability}: ${x.fixes[0].title})` : ""}`,
    ),
    "",
    `Fix: ${d.fix}`,
  ];
  if (fixed !== undefined) lines.push("", "After the fixes:", "", fence(fixed, kind));
  return lines.join("\n");
}

/** The whole reference page. */
export function renderDiagnosticsDoc(): string {
  const sections = (Object.keys(PHASE_TITLES) as DiagnosticDefinition["phase"][]).flatMap((phase) => {
    const entries: readonly DiagnosticDefinition[] = DIAGNOSTICS.filter((d) => d.phase === phase);
    return entries.length === 0
      ? []
      : [`## ${PHASE_TITLES[phase]}`, "", ...entries.map((e) => `${entry(e)}\n`)];
  });
  const index = (DIAGNOSTICS as readonly DiagnosticDefinition[]).map(
    (d) =>
      `| [${d.code}](#${d.code.toLowerCase()}-${d.name}) | ${d.name} | ${d.retired === undefined ? d.severity : "retired"} |`,
  );
  return [
    "<!-- Generated by `npm run gen` from src/diagnostics/catalog.ts and catalog-requests.ts; do not edit. -->",
    "# Diagnostics",
    "",
    "Every problem reportql reports has a stable code. This page lists them all, with an example and",
    "what reportql says about it. Fixes marked safe are applied by `--fix`; unsafe ones need `--unsafe-fixes`.",
    "A retired code is no longer reported; its entry says why.",
    "Request examples are checked as `reportql check` would check them in a `.json` or `.http` file on",
    `${REQUEST_NOW.toISOString().slice(0, 10)}, the day the \`StartTime\` rules are measured from.`,
    "",
    "| code | name | severity |",
    "| --- | --- | --- |",
    ...index,
    "",
    ...sections,
  ].join("\n");
}
