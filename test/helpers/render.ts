/**
 * Text renderings of diagnostics and fixes for goldens: one line per diagnostic with 1-based
 * positions, its related spans and fixes indented below, so a golden diff reads like a review.
 */
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { LineMap } from "../../src/text/line-map.js";
import type { Span } from "../../src/text/span.js";

function where(map: LineMap, s: Span): string {
  const r = map.range(s);
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** Renders diagnostics, then the text after applying safe fixes (and unsafe ones, when they differ). */
export function renderDiagnostics(
  text: string,
  diagnostics: readonly Diagnostic[],
  diagnose: (t: string) => readonly Diagnostic[],
): string {
  const map = new LineMap(text);
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${d.severity} ${d.code} ${d.name} at ${where(map, d.span)}: ${d.message}`);
    for (const r of d.related ?? []) lines.push(`  related ${where(map, r.span)}: ${r.message}`);
    for (const f of d.fixes ?? []) {
      const edits = f.edits.map((e) => `${where(map, e.span)} ${JSON.stringify(e.newText)}`).join("; ");
      lines.push(`  fix (${f.applicability}) ${f.title}: ${edits}`);
    }
  }
  if (diagnostics.length === 0) lines.push("no diagnostics");
  const safe = fixUntilStable(text, diagnose);
  if (safe.fixCount > 0) lines.push("", "after safe fixes:", safe.text.trimEnd());
  const all = fixUntilStable(text, diagnose, { unsafe: true });
  if (all.text !== safe.text) lines.push("", "after all fixes:", all.text.trimEnd());
  return lines.join("\n");
}
