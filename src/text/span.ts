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

/**
 * An offset a caller passed, as a whole number within `[0, length]`. Plain JavaScript callers can pass
 * anything: a fraction is rounded down (it would otherwise yield spans between code units), and what
 * is not a number at all (`NaN`, a string) is the start of the text.
 */
export function clampOffset(offset: unknown, length: number): number {
  if (typeof offset !== "number" || Number.isNaN(offset)) return 0;
  return Math.max(0, Math.min(Math.floor(offset), length));
}
