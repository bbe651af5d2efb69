/**
 * A half-open range `[start, end)` of UTF-16 code-unit offsets into a document.
 * Every span inside reportql uses this convention; line/column pairs exist only at the edges.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Builds a span; `end` is clamped so that a span is never inverted. */
export function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** The zero-width span at `offset`, used for things that are missing (an absent dataset, a missing comma). */
export function emptySpan(offset: number): Span {
  return { start: offset, end: offset };
}

/** The smallest span that covers both spans. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Whether `offset` lies inside the span or touches its end (a cursor right after a word is "in" the word). */
export function spanTouches(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}

/** The text a span covers. */
export function sliceSpan(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}
