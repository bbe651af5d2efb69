/**
 * Text renderings of diagnostics and fixes for goldens, to be read in a review: each diagnostic is
 * its code frame (the source lines with `^` under the span), then one line with the severity, code,
 * name, 1-based positions and message; its related spans (each with its own frame) and fixes are
 * indented below. A blank line separates diagnostics.
 */
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { LineMap } from "../../src/text/line-map.js";
import type { Span } from "../../src/text/span.js";
import { codeFrame } from "./frame.js";

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
  const gutter = String(map.lineCount).length;
  const lines: string[] = [];
  for (const [i, d] of diagnostics.entries()) {
    if (i > 0) lines.push("");
    lines.push(...codeFrame(map, d.span, gutter));
    lines.push(`${d.severity} ${d.code} ${d.name} at ${where(map, d.span)}: ${d.message}`);
    for (const r of d.related ?? []) {
      lines.push(`  related ${where(map, r.span)}: ${r.message}`);
      lines.push(...codeFrame(map, r.span, gutter, "    "));
    }
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
