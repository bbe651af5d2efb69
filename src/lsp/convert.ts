/**
 * Conversions between reportql's values (half-open UTF-16 spans, its diagnostics and completion kinds)
 * and the protocol's. Positions go through `LineMap`, the one place that knows lines.
 */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import { lookupDiagnostic } from "../diagnostics/catalog.js";
import type { Diagnostic, Edit, Severity } from "../diagnostics/diagnostic.js";
import { diagnosticDocUrl } from "../diagnostics/docs-url.js";
import type { CompletionKind } from "../services/complete.js";
import type { LineMap } from "../text/line-map.js";
import type { Span } from "../text/span.js";

/** The `source` of every diagnostic this server publishes. */
export const SOURCE = "reportql";

export function toRange(lines: LineMap, span: Span): Range {
  return { start: lines.zeroBased(span.start), end: lines.zeroBased(span.end) };
}

export function toSpan(lines: LineMap, range: Range): Span {
  const start = lines.offsetOfZeroBased(range.start);
  const end = lines.offsetOfZeroBased(range.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

export function toTextEdit(lines: LineMap, edit: Edit): TextEdit {
  return { range: toRange(lines, edit.span), newText: edit.newText };
}

function severity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case "error":
      return DiagnosticSeverity.Error;
    case "warning":
      return DiagnosticSeverity.Warning;
    case "info":
      return DiagnosticSeverity.Information;
    case "hint":
      return DiagnosticSeverity.Hint;
  }
}

/** A diagnostic for the protocol; `data` carries the index into the analysis it came from. */
export function toLspDiagnostic(lines: LineMap, uri: string, d: Diagnostic, index: number): LspDiagnostic {
  const definition = lookupDiagnostic(d.code);
  const unused = d.code === "RQ9001";
  return {
    range: toRange(lines, d.span),
    severity: severity(d.severity),
    code: d.code,
    source: SOURCE,
    message: d.message,
    ...(definition && { codeDescription: { href: diagnosticDocUrl(definition) } }),
    ...(d.related &&
      d.related.length > 0 && {
        relatedInformation: d.related.map((r) => ({
          location: { uri, range: toRange(lines, r.span) },
          message: r.message,
        })),
      }),
    ...(unused && { tags: [DiagnosticTag.Unnecessary] }),
    data: { index },
  };
}

export function completionKind(kind: CompletionKind): CompletionItemKind {
  switch (kind) {
    case "keyword":
      return CompletionItemKind.Keyword;
    case "dataset":
      return CompletionItemKind.Class;
    case "column":
      return CompletionItemKind.Field;
    case "metric":
      return CompletionItemKind.Value;
    case "operator":
      return CompletionItemKind.Operator;
    case "timespan":
      return CompletionItemKind.Constant;
    case "snippet":
      return CompletionItemKind.Snippet;
  }
}

/** The smallest single edit that turns `before` into `after` (a common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < limit - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++;
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

/**
 * Hover and completion Markdown made inert: a catalog file's description must not become an image
 * (which the editor fetches as the hover shows), a link or HTML. Only `!`, `[`, `]`, `<`, `>` and `\`
 * outside code spans are escaped: the rest of the text stays as written, for clients that show
 * Markdown's escapes literally (Neovim before 0.10). Monaco escapes more (`safeMarkdown`).
 */
export function inertMarkdown(markdown: string): string {
  return markdown
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[!<>[\]\\]/g, (c) => `\\${c}`)))
    .join("");
}
