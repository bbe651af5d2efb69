/**
 * A half-open range `[start, end)` of UTF-16 code-unit offsets into a document.
 * Every span inside reportql uses this convention; line/column pairs exist only at the edges.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The zero-width span at `offset`, used for things that are missing (an absent dataset, a missing comma). */
export function emptySpan(offset: number): Span {
  return { start: offset, end: offset };
}
