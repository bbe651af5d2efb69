/**
 * Suppression comments. `-- reportql-ignore CODE[,CODE]` silences the codes (all codes when none are
 * named) in the next query; `-- reportql-ignore-file [CODE,...]` does so for the whole document. A
 * suppression that silences nothing is reported (RQ9001), and so is a code that does not exist (RQ9002)
 * or is retired (RQ9004; a retired code's suppression also silences the code that replaced it).
 */
import { lookupDiagnostic } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant, singleEditFix } from "../diagnostics/make.js";
import type * as Ast from "../syntax/ast.js";
import type { Comment } from "../syntax/lexer.js";
import type { Span } from "../text/span.js";
import { retirementOf } from "./severities.js";

/** One suppression comment and what it covers. */
export interface Suppression {
  readonly comment: Comment;
  /** Upper-case codes; empty means every code. */
  readonly codes: readonly string[];
  /** The span it covers: the next query, or the whole text. */
  readonly scope: Span;
  /** A `reportql-ignore-file` comment. */
  readonly wholeDocument: boolean;
  /** The codes it silenced, filled in by `suppressed`. */
  readonly used: Set<string>;
}

const DIRECTIVE = /^(?:--|\/\*)\s*reportql-ignore(-file)?\b([^*\n\r]*)/;

/** The suppressions of a document, and the suppression comments that apply to no query. */
export interface FoundSuppressions {
  readonly suppressions: Suppression[];
  /** RQ9003 for each `reportql-ignore` comment after the last query. */
  readonly misplaced: Diagnostic[];
}

/**
 * The suppressions of a document. A `reportql-ignore` comment applies to the query it stands inside
 * or ends the line of (`SELECT ... -- reportql-ignore RQ2015`), else to the next query; after the
 * last query it applies to nothing and is reported. Comments and queries are both in document order:
 * one pointer finds each comment's neighbours.
 */
export function findSuppressions(
  comments: readonly Comment[],
  queries: readonly Ast.Query[],
  text: string,
): FoundSuppressions {
  const suppressions: Suppression[] = [];
  const misplaced: Diagnostic[] = [];
  let next = 0;
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (match === null) continue;
    const codes = (match[2] ?? "")
      .split(/[\s,]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== "" && c !== "--");
    const isFile = match[1] !== undefined;
    while (next < queries.length && (queries[next] as Ast.Query).span.start < comment.span.end) next++;
    const whole = { start: 0, end: text.length };
    if (isFile) {
      suppressions.push({ comment, codes, scope: whole, wholeDocument: true, used: new Set() });
      continue;
    }
    const query = targetQuery(queries[next - 1], queries[next], comment, text);
    if (query === undefined) misplaced.push(makeDiagnostic("RQ9003", comment.span));
    else suppressions.push({ comment, codes, scope: query.span, wholeDocument: false, used: new Set() });
  }
  return { suppressions, misplaced };
}

/** The query a `reportql-ignore` comment is for: the one it is inside or ends the line of, else the next. */
function targetQuery(
  previous: Ast.Query | undefined,
  following: Ast.Query | undefined,
  comment: Comment,
  text: string,
): Ast.Query | undefined {
  if (previous !== undefined) {
    const end = previous.terminator?.end ?? previous.span.end;
    if (end > comment.span.start || !/[\r\n]/.test(text.slice(end, comment.span.start))) return previous;
  }
  return following;
}

/**
 * Answers "is this diagnostic suppressed?" in logarithmic time: query suppressions are looked up by
 * the start of their scope (queries do not overlap), file suppressions apply everywhere. A document
 * with a suppression before each of thousands of queries stays linear.
 */
export class SuppressionIndex {
  private readonly fileWide: readonly Suppression[];
  /** Query scopes in order, each with the suppressions written before that query. */
  private readonly scopes: readonly { scope: Span; suppressions: Suppression[] }[];

  constructor(suppressions: readonly Suppression[]) {
    this.fileWide = suppressions.filter((s) => s.wholeDocument);
    const scopes: { scope: Span; suppressions: Suppression[] }[] = [];
    for (const s of suppressions) {
      if (s.wholeDocument) continue;
      const last = scopes[scopes.length - 1];
      if (last !== undefined && last.scope.start === s.scope.start) last.suppressions.push(s);
      else scopes.push({ scope: s.scope, suppressions: [s] });
    }
    this.scopes = scopes;
  }

  /**
   * Whether a suppression silences the diagnostic. The first one written (in document order) that
   * covers it is credited with it, so a second, redundant one is reported as unused.
   */
  suppresses(d: Diagnostic): boolean {
    let first: Suppression | undefined;
    const consider = (s: Suppression) => {
      if (covers(s, d) && (first === undefined || s.comment.span.start < first.comment.span.start)) first = s;
    };
    for (const s of this.fileWide) consider(s);
    const index = lastAtOrBefore(this.scopes, d.span.start);
    for (const s of this.scopes[index]?.suppressions ?? []) consider(s);
    if (first === undefined) return false;
    first.used.add(d.code);
    return true;
  }
}

/** The index of the last scope starting at or before `offset`, or -1. */
function lastAtOrBefore(scopes: readonly { scope: Span }[], offset: number): number {
  let low = 0;
  let high = scopes.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((scopes[mid] as { scope: Span }).scope.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function covers(s: Suppression, d: Diagnostic): boolean {
  if (d.span.start < s.scope.start || d.span.start > s.scope.end) return false;
  return s.codes.length === 0 || s.codes.some((c) => c === d.code || replacementOf(c) === d.code);
}

/** The code that took over a retired code's check, if any. */
function replacementOf(code: string): string | undefined {
  return retirementOf(code)?.replacedBy?.code;
}

/** Suppressions that silenced nothing (RQ9001) or name unknown codes (RQ9002); call after filtering. */
export function suppressionProblems(suppressions: readonly Suppression[], text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of suppressions) {
    for (const code of s.codes)
      if (lookupDiagnostic(code) === undefined)
        out.push(makeDiagnostic("RQ9002", codeToken(s.comment, code) ?? s.comment.span, { code }));
    const removal = [singleEditFix("Remove the suppression", "safe", commentLine(text, s.comment.span), "")];
    out.push(...retiredCodes(s, text, removal));
    if (s.codes.length === 0) {
      if (s.used.size === 0)
        out.push(makeVariant("RQ9001", "allCodes", s.comment.span, {}, { fixes: removal }));
      continue;
    }
    // A retired code is RQ9004's to report; one replaced is used when its replacement was silenced.
    const unused = s.codes.filter(
      (c) => lookupDiagnostic(c) !== undefined && retirementOf(c) === undefined && !s.used.has(c),
    );
    if (unused.length === 0) continue;
    if (unused.length === s.codes.length) {
      out.push(makeDiagnostic("RQ9001", s.comment.span, { codes: unused }, { fixes: removal }));
      continue;
    }
    // Some codes silenced something: each of the others is pointed at, and removed on its own (one
    // fix each, so that removals next to each other never overlap; --fix applies them in turn).
    for (const code of unused) {
      const token = codeToken(s.comment, code);
      const fixes =
        token === undefined ? [] : [singleEditFix(`Remove ${code}`, "safe", withSeparator(text, token), "")];
      out.push(makeDiagnostic("RQ9001", token ?? s.comment.span, { codes: [code] }, { fixes }));
    }
  }
  return out;
}

/**
 * RQ9004 for each retired code a suppression names, with a safe fix: the code that replaced it written
 * instead, or the code removed (the whole comment when it names nothing else, since a bare
 * `reportql-ignore` would silence every code).
 */
function retiredCodes(s: Suppression, text: string, removal: Diagnostic["fixes"]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const code of s.codes) {
    const retirement = retirementOf(code);
    const token = codeToken(s.comment, code);
    if (retirement === undefined || token === undefined) continue;
    const next = retirement.replacedBy?.code;
    // Naming its replacement already, the comment needs the retired code no more.
    if (next !== undefined && !s.codes.includes(next)) {
      const fixes = [singleEditFix(`Write ${next}`, "safe", token, next)];
      out.push(makeDiagnostic("RQ9004", token, { code, replacement: next }, { fixes }));
      continue;
    }
    const alone = s.codes.every((c) => c === code);
    const fixes = alone ? removal : [singleEditFix(`Remove ${code}`, "safe", withSeparator(text, token), "")];
    const extras = { fixes: fixes ?? [] };
    if (next !== undefined) out.push(makeDiagnostic("RQ9004", token, { code, replacement: next }, extras));
    else out.push(makeVariant("RQ9004", "notReplaced", token, { code }, extras));
  }
  return out;
}

/** Where a suppression comment writes a code (any case), after its directive. */
function codeToken(comment: Comment, code: string): Span | undefined {
  const directive = DIRECTIVE.exec(comment.text);
  const from = (directive?.[0].length ?? 0) - (directive?.[2]?.length ?? 0);
  const found = new RegExp(`(?<![A-Za-z0-9])${code}(?![A-Za-z0-9])`, "i").exec(comment.text.slice(from));
  if (found === null) return undefined;
  const start = comment.span.start + from + found.index;
  return { start, end: start + code.length };
}

/** A code's span with the separator after it (or, for the last code, before it), so the list stays tidy. */
function withSeparator(text: string, token: Span): Span {
  let end = token.end;
  while (end < text.length && /[\s,]/.test(text[end] as string) && !/[\r\n]/.test(text[end] as string)) end++;
  if (end > token.end && end < text.length && /[A-Za-z0-9]/.test(text[end] as string))
    return { start: token.start, end };
  let start = token.start;
  while (start > 0 && /[ \t,]/.test(text[start - 1] as string)) start--;
  return { start, end: token.end };
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
