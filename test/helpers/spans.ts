/**
 * Span bounds: every span a parse result reports (tree, comments, diagnostics, related locations, fix
 * edits) lies within its text.
 */
import type { ParseResult } from "../../src/syntax/parse.js";
import type { Span } from "../../src/text/span.js";

function collectSpans(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) collectSpans(v, out);
  else if (typeof value === "object" && value !== null) {
    if ("start" in value && "end" in value && typeof value.start === "number") out.push(value as Span);
    for (const v of Object.values(value)) collectSpans(v, out);
  }
  return out;
}

/** Spans of the tree, comments, diagnostics, related locations and fix edits that fall outside the text. */
export function spansOutOfBounds(result: ParseResult): Span[] {
  const length = result.text.length;
  const spans = [
    ...collectSpans(result.document),
    ...collectSpans(result.comments),
    ...result.diagnostics.flatMap((d) => [
      d.span,
      ...(d.related ?? []).map((r) => r.span),
      ...(d.fixes ?? []).flatMap((f) => f.edits.map((e) => e.span)),
    ]),
  ];
  // One `expect` per document, not per span: vitest's assertions are too slow for millions of spans.
  return spans.filter((s) => !(s.start >= 0 && s.end >= s.start && s.end <= length));
}
