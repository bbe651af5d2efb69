/**
 * The JSON format: a stable, versioned schema (documented in the README). Bump `version` on any change
 * that could break a consumer; adding fields is not such a change.
 */
import type { FileReport, Summary } from "../report.js";
import { type Chunks, jsonChunks, LazyArray } from "./chunks.js";

/** Version of the JSON output schema. */
export const JSON_SCHEMA_VERSION = 1;

/** Renders the JSON format, in pieces (a report can outgrow the longest string). */
export function formatJson(reports: readonly FileReport[], summary: Summary, toolVersion: string): Chunks {
  const files = new LazyArray(
    (function* () {
      for (const r of reports) {
        const count = (s: string) => r.diagnostics.filter((d) => d.severity === s).length;
        yield {
          path: r.path,
          errorCount: count("error"),
          warningCount: count("warning"),
          infoCount: count("info"),
          hintCount: count("hint"),
          fixableCount: r.diagnostics.filter((d) => d.fixes.some((f) => f.applicability === "safe")).length,
          diagnostics: new LazyArray(withoutSourceLines(r)),
          ...(r.output !== undefined && { output: r.output }),
        };
      }
    })(),
  );
  return (function* () {
    yield* jsonChunks({
      version: JSON_SCHEMA_VERSION,
      tool: { name: "reportql", version: toolVersion },
      files,
      summary,
    });
    yield "\n";
  })();
}

function* withoutSourceLines(report: FileReport) {
  for (const { sourceLine: _, ...d } of report.diagnostics) yield d;
}
