/**
 * Code actions: the diagnostics' own fixes as quick fixes (safe ones preferred), "ignore this code
 * for this query / for this file" (the suppression comments the lint pipeline reads), and
 * `source.fixAll.reportql` (every safe fix, until stable, as `reportql check --fix` applies them).
 */
import { type CodeAction, CodeActionKind, type WorkspaceEdit } from "vscode-languageserver";
import { fixUntilStable } from "../diagnostics/apply-fixes.js";
import type { Diagnostic, Edit } from "../diagnostics/diagnostic.js";
import { type LintOptions, lintFile } from "../lint/lint.js";
import { codeActions } from "../services/actions.js";
import type { Span } from "../text/span.js";
import { minimalEdit, toLspDiagnostic, toTextEdit } from "./convert.js";
import type { FileAnalysis } from "./kinds.js";

/** The kind of the fix-all action, under `source.fixAll` so editors run it on save when asked. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.reportql`;

/** Codes about suppression comments themselves: ignoring them with another comment makes no sense. */
const SUPPRESSION_CODES = new Set(["RQ9001", "RQ9002", "RQ9003", "RQ9004"]);

function workspaceEdit(uri: string, analysis: FileAnalysis, edits: readonly Edit[]): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => toTextEdit(analysis.lines, e)) } };
}

/** Quick fixes from the fixes of the diagnostics touching `span`. */
export function quickFixes(uri: string, analysis: FileAnalysis, span: Span): CodeAction[] {
  return codeActions(analysis.diagnostics, span).map((action) => ({
    title: action.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: action.preferred,
    diagnostics: [lspDiagnosticOf(uri, analysis, action.diagnostic)],
    edit: workspaceEdit(uri, analysis, action.edits),
  }));
}

function lspDiagnosticOf(uri: string, analysis: FileAnalysis, d: Diagnostic) {
  return toLspDiagnostic(analysis.lines, uri, d, analysis.diagnostics.indexOf(d));
}

/** "Ignore CODE for this query" and "... for this file", for the diagnostics touching `span` (`.rql`). */
export function ignoreActions(uri: string, analysis: FileAnalysis, span: Span): CodeAction[] {
  if (analysis.checked === undefined) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of analysis.diagnostics) {
    if (d.span.end < span.start || d.span.start > span.end || SUPPRESSION_CODES.has(d.code)) continue;
    const diagnostics = [lspDiagnosticOf(uri, analysis, d)];
    const query = queryInsertion(analysis, d, `-- reportql-ignore ${d.code}`);
    if (query !== undefined && !seen.has(`q${query.span.start}${d.code}`)) {
      seen.add(`q${query.span.start}${d.code}`);
      out.push(ignoreAction(`Ignore ${d.code} for this query`, uri, analysis, query, diagnostics));
    }
    if (!seen.has(d.code)) {
      seen.add(d.code);
      const newline = analysis.text.includes("\r\n") ? "\r\n" : "\n";
      const file = { span: { start: 0, end: 0 }, newText: `-- reportql-ignore-file ${d.code}${newline}` };
      out.push(ignoreAction(`Ignore ${d.code} for this file`, uri, analysis, file, diagnostics));
    }
  }
  return out;
}

function ignoreAction(
  title: string,
  uri: string,
  analysis: FileAnalysis,
  edit: Edit,
  diagnostics: CodeAction["diagnostics"],
): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(uri, analysis, [edit]) };
}

/**
 * The line comment before the query holding a diagnostic: on a line of its own above the query, with
 * the query's indentation; when the query shares its line with text before it (`...; SELECT`), on a new
 * line at the query's start, so the comment cannot apply to the query before.
 */
function queryInsertion(analysis: FileAnalysis, d: Diagnostic, comment: string): Edit | undefined {
  const queries = analysis.checked?.document.queries ?? [];
  const query = queries.find(
    (q) => q.span.start <= d.span.start && d.span.start <= (q.terminator?.end ?? q.span.end),
  );
  if (query === undefined) return undefined;
  const text = analysis.text;
  const position = analysis.lines.zeroBased(query.span.start);
  const lineStart = query.span.start - position.character;
  const before = text.slice(lineStart, query.span.start);
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  if (/^[ \t]*$/.test(before))
    return { span: { start: lineStart, end: lineStart }, newText: `${before}${comment}${newline}` };
  return {
    span: { start: query.span.start, end: query.span.start },
    newText: `${newline}${comment}${newline}`,
  };
}

const FIX_ALL_TITLE = "Fix all safe reportql problems";

/**
 * The fix-all action without its edit, for clients that resolve it (`codeAction/resolve`): editors ask
 * for code actions at every move of the cursor, and fixing a large file until stable takes seconds.
 * Offered when a diagnostic shown has a safe fix, or when not all are shown (RQ9130).
 */
export function unresolvedFixAll(uri: string, analysis: FileAnalysis): CodeAction | undefined {
  const fixable = analysis.diagnostics.some(
    (d) => d.code === "RQ9130" || d.fixes?.some((f) => f.applicability === "safe"),
  );
  if (!fixable) return undefined;
  return { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { uri, version: analysis.version } };
}

/** What `unresolvedFixAll` left to resolve: the document and its version. */
export function fixAllTarget(action: CodeAction): { uri: string; version: number } | undefined {
  const data = action.data as { uri?: unknown; version?: unknown } | undefined;
  if (action.kind !== FIX_ALL_KIND || typeof data?.uri !== "string" || typeof data.version !== "number")
    return undefined;
  return { uri: data.uri, version: data.version };
}

/** Every safe fix, until stable; `undefined` when none applies. */
export function fixAllAction(
  uri: string,
  path: string,
  analysis: FileAnalysis,
  options: LintOptions,
): CodeAction | undefined {
  // A configuration is fixed by its own reader; query files as `reportql check --fix` fixes them.
  const fixed = analysis.diagnose
    ? fixUntilStable(analysis.text, analysis.diagnose)
    : lintFile(path, analysis.text, { ...options, fix: "safe" });
  const edit = minimalEdit(analysis.text, fixed.text);
  if (edit === undefined) return undefined;
  return {
    title: FIX_ALL_TITLE,
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(uri, analysis, [edit]),
  };
}
