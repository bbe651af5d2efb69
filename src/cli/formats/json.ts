/**
 * The JSON format: a stable, versioned schema (documented in the README). Bump `version` on any change
 * that could break a consumer; adding fields is not such a change.
 */
import type { FileReport, Summary } from "../report.js";

/** Version of the JSON output schema. */
export const JSON_SCHEMA_VERSION = 1;

/** Renders the JSON format. */
export function formatJson(reports: readonly FileReport[], summary: Summary, toolVersion: string): string {
  const files = reports.map((r) => {
    const count = (s: string) => r.diagnostics.filter((d) => d.severity === s).length;
    return {
      path: r.path,
      errorCount: count("error"),
      warningCount: count("warning"),
      infoCount: count("info"),
      hintCount: count("hint"),
      fixableCount: r.diagnostics.filter((d) => d.fixes.some((f) => f.applicability === "safe")).length,
      diagnostics: r.diagnostics.map(({ sourceLine: _, ...d }) => d),
      ...(r.output !== undefined && { output: r.output }),
    };
  });
  return `${JSON.stringify({ version: JSON_SCHEMA_VERSION, tool: { name: "reportql", version: toolVersion }, files, summary }, null, 2)}\n`;
}
