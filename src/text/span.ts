/**
 * A half-open range `[start, end)` of UTF-16 code-unit offsets into a document.
 * Every span inside reportql uses this convention; line/column pairs exist only at the edges.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A span from `start` to `end`; an `end` before `start` makes an empty span at `start`. */
export function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** The zero-width span at `offset`, used for things that are missing (an absent dataset, a missing comma). */
export function emptySpan(offset: number): Span {
  return { start: offset, end: offset };
}
