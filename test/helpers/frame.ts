/**
 * Code frames for goldens, as rustc and ESLint print them: the source lines a span covers, with a
 * gutter of line numbers and `^` under each character of the span (one `^` for an empty span, at the
 * place where something would be inserted).
 */
import type { LineMap } from "../../src/text/line-map.js";
import type { Span } from "../../src/text/span.js";

/** Spans over more lines than this show their first lines and their last line. */
const MAX_LINES = 4;

/** What a source line looks like in a frame: tabs as one space, so carets stay aligned. */
function shown(line: string): string {
  return line.replace(/\t/g, " ").trimEnd();
}

/**
 * The frame of one span: `N | line` and `  | ^^^` under the covered part of each line, indented by
 * `indent`. `gutter` is the width of the largest line number of the document.
 */
export function codeFrame(map: LineMap, span: Span, gutter: number, indent = ""): string[] {
  const range = map.range(span);
  const first = range.start.line;
  const last = range.end.line;
  const out: string[] = [];
  const blank = `${indent}${" ".repeat(gutter)} |`;
  for (let line = first; line <= last; line++) {
    if (last - first + 1 > MAX_LINES && line > first + MAX_LINES - 2 && line < last) {
      if (line === first + MAX_LINES - 1) out.push(`${indent}${" ".repeat(gutter)} ...`);
      continue;
    }
    const source = map.lineText(line);
    const from = line === first ? range.start.column - 1 : 0;
    const to = line === last ? range.end.column - 1 : source.length;
    // A span ending at the start of a line (just after a line break) marks nothing on that line.
    if (line > first && line === last && to === 0) continue;
    out.push(`${indent}${String(line).padStart(gutter)} | ${shown(source)}`.trimEnd());
    out.push(`${blank} ${" ".repeat(from)}${"^".repeat(Math.max(1, to - from))}`);
  }
  return out;
}
