/**
 * Linting one document: `check`, then the configuration's severities, then the suppression comments.
 *
 * `-- reportql-ignore CODE[,CODE]` silences the codes (all codes when none are named) in the next
 * query; `-- reportql-ignore-file [CODE,...]` does so for the whole document. A suppression that
 * silences nothing is reported (RQ9001), and so is a code that does not exist (RQ9002).
 */

import { lookupDiagnostic } from "../diagnostics/catalog.js";
import type { Diagnostic, Edit, Fix, RelatedSpan, Severity } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant, singleEditFix, sortDiagnostics } from "../diagnostics/make.js";
import type { Catalog } from "../semantic/catalog.js";
import { check } from "../semantic/check.js";
import type { Comment } from "../syntax/lexer.js";
import { parse } from "../syntax/parse.js";
import type { Span } from "../text/span.js";
import type { Document } from "./documents.js";

/** A configured severity; `off` drops the code. */
export type SeverityOverride = Severity | "off";

/** What linting needs besides the text. */
export interface LintOptions {
  readonly catalog: Catalog;
  /** By code. */
  readonly severities: ReadonlyMap<string, SeverityOverride>;
}

interface Suppression {
  readonly comment: Comment;
  /** Upper-case codes; empty means every code. */
  readonly codes: readonly string[];
  /** The span it covers: the next query, or the whole text. */
  readonly scope: Span;
  readonly used: Set<string>;
}

const DIRECTIVE = /^(?:--|\/\*)\s*reportql-ignore(-file)?\b([^*\n\r]*)/;

/** Diagnostics of one document, in document offsets, sorted. */
export function lintText(text: string, options: LintOptions): Diagnostic[] {
  const result = check(text, { catalog: options.catalog });
  const diagnostics = applySeverities(result.diagnostics, options.severities);
  const suppressions = findSuppressions(result.comments, result.document.queries, text.length);
  const kept = diagnostics.filter((d) => !suppressions.some((s) => suppresses(s, d)));
  return sortDiagnostics([
    ...kept,
    ...applySeverities(suppressionProblems(suppressions, text), options.severities),
  ]);
}

function applySeverities(
  diagnostics: readonly Diagnostic[],
  severities: ReadonlyMap<string, SeverityOverride>,
): Diagnostic[] {
  if (severities.size === 0) return [...diagnostics];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = severities.get(d.code);
    if (override === "off") continue;
    out.push(override === undefined || override === d.severity ? d : { ...d, severity: override });
  }
  return out;
}

function findSuppressions(
  comments: readonly Comment[],
  queries: readonly { span: Span }[],
  length: number,
): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (match === null) continue;
    const codes = (match[2] ?? "")
      .split(/[\s,]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== "" && c !== "--");
    const isFile = match[1] !== undefined;
    const next = queries.find((q) => q.span.start >= comment.span.end);
    if (!isFile && next === undefined) continue;
    const scope = isFile || next === undefined ? { start: 0, end: length } : next.span;
    out.push({ comment, codes, scope, used: new Set() });
  }
  return out;
}

function suppresses(s: Suppression, d: Diagnostic): boolean {
  if (d.span.start < s.scope.start || d.span.start > s.scope.end) return false;
  if (s.codes.length > 0 && !s.codes.includes(d.code)) return false;
  s.used.add(d.code);
  return true;
}

function suppressionProblems(suppressions: readonly Suppression[], text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of suppressions) {
    for (const code of s.codes)
      if (lookupDiagnostic(code) === undefined) out.push(makeDiagnostic("RQ9002", s.comment.span, { code }));
    const removal = [singleEditFix("Remove the suppression", "safe", commentLine(text, s.comment.span), "")];
    if (s.codes.length === 0) {
      if (s.used.size === 0)
        out.push(makeVariant("RQ9001", "allCodes", s.comment.span, {}, { fixes: removal }));
      continue;
    }
    const unused = s.codes.filter((c) => !s.used.has(c) && lookupDiagnostic(c) !== undefined);
    if (unused.length === 0) continue;
    const fixes = unused.length === s.codes.length ? removal : [];
    out.push(makeDiagnostic("RQ9001", s.comment.span, { codes: unused }, { fixes }));
  }
  return out;
}

/** The comment with its line break when it stands alone on its line, so removing it leaves no blank line. */
function commentLine(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  const atLineStart = start === 0 || text[start - 1] === "\n" || text[start - 1] === "\r";
  if (!atLineStart) return { start, end: span.end };
  let end = span.end;
  if (text[end] === "\r") end++;
  if (text[end] === "\n") end++;
  return { start, end };
}

/**
 * What a `Query` string of a request body must be beyond a valid query: exactly one query, with no
 * comment and no `;`, since the body is sent as written (`.rql` files may hold several, with both).
 */
export function queryBodyProblems(text: string): Diagnostic[] {
  const parsed = parse(text);
  const queries = parsed.document.queries;
  const first = queries[0];
  if (first === undefined) return [makeDiagnostic("RQ9111", { start: 0, end: text.length }, {})];
  const out: Diagnostic[] = [];
  const second = queries[1];
  if (second !== undefined)
    out.push(makeDiagnostic("RQ9112", second.span, { count: String(queries.length) }));
  for (const comment of parsed.comments) out.push(makeDiagnostic("RQ9113", comment.span));
  if (second === undefined && first.terminator !== undefined) {
    const removal = singleEditFix("Remove the `;`", "safe", first.terminator, "");
    out.push(makeVariant("RQ9113", "semicolon", first.terminator, {}, { fixes: [removal] }));
  }
  return out;
}

/** A diagnostic moved from document offsets to file offsets, with fix text encoded for the file. */
export function toFile(d: Diagnostic, document: Document): Diagnostic {
  const span = (s: Span): Span => ({ start: document.toFile(s.start), end: document.toFile(s.end) });
  const edit = (e: Edit): Edit => ({ span: span(e.span), newText: document.encode(e.newText) });
  const fix = (f: Fix): Fix => ({ ...f, edits: f.edits.map(edit) });
  const related = (r: RelatedSpan): RelatedSpan => ({ ...r, span: span(r.span) });
  return {
    ...d,
    span: span(d.span),
    ...(d.related && { related: d.related.map(related) }),
    ...(d.fixes && { fixes: d.fixes.map(fix) }),
  };
}
