/**
 * Text derived from a file (a URL with its `{{variables}}` expanded, a percent-decoded parameter)
 * that remembers, for each of its characters, the file span it came from. Spans of the derived text
 * map back to the file, so diagnostics land on what the user wrote: an expanded variable maps to its
 * whole `{{reference}}`, a decoded `%20` to its three characters.
 */
import { type Span, span } from "../text/span.js";

export interface MappedText {
  readonly text: string;
  /** File offset where character `i` starts. */
  readonly starts: readonly number[];
  /** File offset where character `i` ends. */
  readonly ends: readonly number[];
  /** File offset of the end of the whole text (for empty texts and end positions). */
  readonly end: number;
}

/** The file's text between two offsets, unchanged. */
export function fileSlice(fileText: string, start: number, end: number): MappedText {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = start; i < end; i++) {
    starts.push(i);
    ends.push(i + 1);
  }
  return { text: fileText.slice(start, end), starts, ends, end };
}

/** Characters `[from, to)` of a mapped text. */
export function subText(m: MappedText, from: number, to: number): MappedText {
  const end = to < m.text.length ? (m.starts[to] ?? m.end) : m.end;
  return {
    text: m.text.slice(from, to),
    starts: m.starts.slice(from, to),
    ends: m.ends.slice(from, to),
    end,
  };
}

/** The file span of characters `[from, to)`. */
export function fileSpan(m: MappedText, from: number, to: number): Span {
  if (to <= from) {
    const at = from < m.text.length ? (m.starts[from] ?? m.end) : m.end;
    return span(at, at);
  }
  return span(m.starts[from] ?? m.end, m.ends[to - 1] ?? m.end);
}

/** Whether characters `[from, to)` are written literally in the file (no expansion or decoding). */
export function isLiteral(m: MappedText, from = 0, to = m.text.length): boolean {
  for (let i = from; i < to; i++) if ((m.ends[i] ?? 0) - (m.starts[i] ?? 0) !== 1) return false;
  return to <= from || (m.starts[to - 1] ?? 0) - (m.starts[from] ?? 0) === to - 1 - from;
}

/** Builds a mapped text piece by piece. */
class Builder {
  text = "";
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  add(text: string, start: number, end: number): void {
    this.text += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  copy(m: MappedText, i: number): void {
    this.text += m.text.charAt(i);
    this.starts.push(m.starts[i] ?? m.end);
    this.ends.push(m.ends[i] ?? m.end);
  }

  done(end: number): MappedText {
    return { text: this.text, starts: this.starts, ends: this.ends, end };
  }
}

const VARIABLE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * Expands `{{name}}` references whose value `lookup` knows (values may refer to other variables, up
 * to a small depth); unknown references stay as written.
 */
export function expandVariables(
  m: MappedText,
  lookup: (name: string) => string | undefined,
  depth = 4,
): MappedText {
  const out = new Builder();
  let last = 0;
  for (const match of m.text.matchAll(VARIABLE)) {
    const value = lookup(match[1] as string);
    if (value === undefined) continue;
    for (let i = last; i < match.index; i++) out.copy(m, i);
    const ref = fileSpan(m, match.index, match.index + match[0].length);
    const expanded = depth > 0 ? expandVariables(plain(value, ref), lookup, depth - 1).text : value;
    out.add(expanded, ref.start, ref.end);
    last = match.index + match[0].length;
  }
  for (let i = last; i < m.text.length; i++) out.copy(m, i);
  return out.done(m.end);
}

function plain(text: string, ref: Span): MappedText {
  const starts = Array.from(text, () => ref.start);
  return { text, starts, ends: Array.from(text, () => ref.end), end: ref.end };
}

/**
 * Percent-decodes a query-string value (`+` is a space, as form encoding and ASP.NET read it). A
 * malformed escape stays as written, so decoding never fails.
 */
export function percentDecode(m: MappedText): MappedText {
  const out = new Builder();
  let i = 0;
  while (i < m.text.length) {
    const c = m.text.charAt(i);
    if (c === "+") {
      out.add(" ", m.starts[i] ?? m.end, m.ends[i] ?? m.end);
      i++;
      continue;
    }
    if (c !== "%") {
      out.copy(m, i++);
      continue;
    }
    const bytes = utf8Length(m.text.slice(i, i + 3));
    const j = i + bytes * 3;
    const decoded = bytes > 0 ? tryDecode(m.text.slice(i, j)) : undefined;
    if (decoded === undefined) out.copy(m, i++);
    else {
      // One character (two UTF-16 units above U+FFFF) maps to all of its escapes.
      out.add(decoded, m.starts[i] ?? m.end, m.ends[j - 1] ?? m.end);
      i = j;
    }
  }
  return out.done(m.end);
}

/** How many `%XX` escapes the UTF-8 character starting with this escape takes, or 0 if malformed. */
function utf8Length(firstEscape: string): number {
  if (!/^%[0-9a-fA-F]{2}$/.test(firstEscape)) return 0;
  const lead = Number.parseInt(firstEscape.slice(1), 16);
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return lead >= 0xc0 ? 2 : 0;
}

function tryDecode(escapes: string): string | undefined {
  try {
    return decodeURIComponent(escapes);
  } catch {
    return undefined;
  }
}
