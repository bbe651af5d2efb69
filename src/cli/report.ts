/**
 * The run's results in the shape every output format reads: per file, its diagnostics located with
 * 1-based lines and columns (and the source line, for code frames). Located once, when the file is
 * checked, so the file's text is not kept afterwards.
 */
import type { Hash } from "node:crypto";
import type { Applicability, Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { LineMap } from "../text/line-map.js";
import type { Span } from "../text/span.js";

/** A 1-based range; `endColumn` is exclusive. */
export interface Range {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A fix with located edits. */
export interface LocatedFix {
  readonly title: string;
  readonly applicability: Applicability;
  readonly edits: readonly (Range & { readonly newText: string })[];
}

/** A diagnostic with 1-based positions: the shape of the JSON output. */
export interface LocatedDiagnostic extends Range {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Half-open UTF-16 offsets in the file. */
  readonly offset: number;
  readonly endOffset: number;
  readonly related: readonly (Range & { readonly message: string })[];
  readonly fixes: readonly LocatedFix[];
  /** The text of the first line of the range, for code frames (not part of the JSON output). */
  readonly sourceLine: string;
}

/** The results of one file. */
export interface FileReport {
  readonly path: string;
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** With `--fix-dry-run`: the text after fixes, when it differs. */
  readonly output?: string;
}

/** Counts over the whole run. */
export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
  /** Diagnostics with a safe fix (what `--fix` would change). */
  readonly fixable: number;
}

/**
 * Line and column of a span. A byte-order mark is not a character to editors, GitHub or SARIF viewers:
 * columns on the first line are counted after it.
 */
function rangeOf(lines: LineMap, span: Span, hasBom: boolean): Range {
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  const shift = (line: number, column: number) => (hasBom && line === 1 ? Math.max(1, column - 1) : column);
  return {
    line: start.line,
    column: shift(start.line, start.column),
    endLine: end.line,
    endColumn: shift(end.line, end.column),
  };
}

const NONE: readonly never[] = [];

/**
 * Locates the diagnostics of a file. One line map per file; objects built field by field, not spread
 * (a large file has thousands of diagnostics, located once each in a short-lived, barely warmed process).
 */
export function locate(text: string, diagnostics: readonly Diagnostic[]): LocatedDiagnostic[] {
  if (diagnostics.length === 0) return [];
  const lines = new LineMap(text);
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const located: LocatedDiagnostic[] = [];
  for (const d of diagnostics) {
    const r = rangeOf(lines, d.span, hasBom);
    located.push({
      code: d.code,
      name: d.name,
      severity: d.severity,
      message: d.message,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      offset: d.span.start,
      endOffset: d.span.end,
      related: d.related === undefined || d.related.length === 0 ? NONE : locateRelated(lines, d, hasBom),
      fixes: d.fixes === undefined || d.fixes.length === 0 ? NONE : locateFixes(lines, d, hasBom),
      sourceLine: hasBom && r.line === 1 ? lines.lineText(1).slice(1) : lines.lineText(r.line),
    });
  }
  return located;
}

function locateRelated(lines: LineMap, d: Diagnostic, hasBom: boolean): LocatedDiagnostic["related"] {
  return (d.related ?? []).map((x) => ({ ...rangeOf(lines, x.span, hasBom), message: x.message }));
}

function locateFixes(lines: LineMap, d: Diagnostic, hasBom: boolean): LocatedFix[] {
  return (d.fixes ?? []).map((f) => ({
    title: f.title,
    applicability: f.applicability,
    edits: f.edits.map((e) => ({ ...rangeOf(lines, e.span, hasBom), newText: e.newText })),
  }));
}

/** Adds a file's diagnostics to running counts (one pass: a file can have thousands). */
export function addToSummary(summary: Summary, report: FileReport): Summary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  for (const d of report.diagnostics) {
    counts[d.severity]++;
    if (d.fixes.some((f) => f.applicability === "safe")) fixable++;
  }
  return {
    files: summary.files + 1,
    errors: summary.errors + counts.error,
    warnings: summary.warnings + counts.warning,
    infos: summary.infos + counts.info,
    hints: summary.hints + counts.hint,
    fixable: summary.fixable + fixable,
  };
}

/** An empty summary. */
export const EMPTY_SUMMARY: Summary = { files: 0, errors: 0, warnings: 0, infos: 0, hints: 0, fixable: 0 };

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Orders severities from most to least important. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** "1 error", "2 warnings". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Lines up to this long are hashed again for each diagnostic, in one call (cheaper than a copied state). */
const ONE_CALL_LINE = 512;

/**
 * Stable fingerprints for a file's diagnostics: a hash of code, path, the line's text and the message,
 * plus an occurrence number so that identical lines in one file still get distinct fingerprints. Lines
 * moving up or down do not change them. Each line is hashed once per code (the hash's state after the
 * line is copied for each of its diagnostics): hashing the line per diagnostic was quadratic on one
 * long line with many diagnostics.
 */
export function fingerprints(report: FileReport, algorithm: "md5" | "sha256"): string[] {
  // Loaded on first use, not at start-up (see `randomHex` in files.ts).
  const crypto = process.getBuiltinModule("node:crypto");
  const lineIds = new Map<number, number>(); // line number → id of its trimmed text
  const textIds = new Map<string, number>();
  const lineTexts: string[] = [];
  const afterLine = new Map<string, Hash>(); // code and line id → the hash's state after the line
  const seen = new Map<string, number>();
  return report.diagnostics.map((d) => {
    let id = lineIds.get(d.line);
    if (id === undefined) {
      const text = d.sourceLine.trim();
      id = textIds.get(text) ?? lineTexts.push(text) - 1;
      textIds.set(text, id);
      lineIds.set(d.line, id);
    }
    const prefix = `${d.code}\0${id}`;
    const key = `${prefix}\0${d.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const line = lineTexts[id] as string;
    const rest = `\0${d.message}\0${occurrence}`;
    // A short line is hashed with the rest in one call (the same bytes, so the same digest); a long
    // one once per code, its state copied for each diagnostic.
    if (line.length <= ONE_CALL_LINE)
      return crypto.hash(algorithm, `${d.code}\0${report.path}\0${line}${rest}`, "hex");
    let state = afterLine.get(prefix);
    if (state === undefined) {
      state = crypto.createHash(algorithm).update(`${d.code}\0${report.path}\0`).update(line);
      afterLine.set(prefix, state);
    }
    return state.copy().update(rest).digest("hex");
  });
}
