/**
 * Conversion between UTF-16 offsets and 1-based line/column positions.
 *
 * This is the only place in reportql that knows about lines. Lines end at `\n`, `\r\n` or a lone `\r`
 * (files with CRLF endings are common in Windows repositories). Columns count UTF-16 code units, as
 * Monaco, LSP and GitHub annotations do, so a column is `offset - lineStart + 1`.
 */

import { clampOffset } from "./span.js";
import { stringValue } from "./string-value.js";

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A 0-based line and character (UTF-16 code units), as the Language Server Protocol counts. */
export interface ZeroBasedPosition {
  readonly line: number;
  readonly character: number;
}

/** A range expressed as 1-based positions, `end` exclusive like the span it comes from. */
export interface LineRange {
  readonly start: Position;
  readonly end: Position;
}

/** A line or column number a caller passed: whole, and at least 1 (`NaN` and non-numbers are 1). */
function wholeAtLeastOne(value: unknown): number {
  return typeof value === "number" && value >= 1 ? Math.floor(value) : 1;
}

/** Maps offsets of one text to positions and back; build it once per text. */
export class LineMap {
  /** Offset of the first character of each line; `lineStarts[0]` is always 0. */
  private readonly lineStarts: readonly number[];

  private readonly text: string;

  constructor(given: string) {
    // A text that is not a string (from plain JavaScript) maps as the empty text; a `String` as its value.
    const text = stringValue(given) ?? "";
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The number of lines (an empty text has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 1-based position of `offset`, which is clamped into `[0, text.length]`. */
  position(offset: number): Position {
    const clamped = clampOffset(offset, this.text.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] ?? 0) + 1 };
  }

  /** The 1-based range of a half-open span. */
  range(span: { start: number; end: number }): LineRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /**
   * The offset of a 1-based position; out-of-range lines and columns are clamped to the text: a line
   * past the last is the end of the text (editors send `{line: lineCount, character: 0}` for "to the
   * end"), and a column past its line is the line's end.
   */
  offset(position: Position): number {
    const line = wholeAtLeastOne(position?.line);
    if (line > this.lineStarts.length) return this.text.length;
    const lineIndex = line - 1;
    const lineStart = this.lineStarts[lineIndex] ?? 0;
    const lineEnd = this.lineEnd(lineIndex);
    return Math.min(lineStart + wholeAtLeastOne(position?.column) - 1, lineEnd);
  }

  /** The 0-based position of `offset` (LSP's coordinates), clamped into the text. */
  zeroBased(offset: number): ZeroBasedPosition {
    const { line, column } = this.position(offset);
    return { line: line - 1, character: column - 1 };
  }

  /** The offset of a 0-based position (LSP's coordinates); clamped to the text like `offset`. */
  offsetOfZeroBased(position: ZeroBasedPosition): number {
    return this.offset({ line: position?.line + 1, column: position?.character + 1 });
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const index = line - 1;
    const start = this.lineStarts[index];
    if (start === undefined) return "";
    return this.text.slice(start, this.lineEnd(index));
  }

  /** Offset just past the last character of a line, before its line break. */
  private lineEnd(index: number): number {
    const next = this.lineStarts[index + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
