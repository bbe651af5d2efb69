/**
 * The request handlers: completion, hover, code actions, formatting, semantic tokens, symbols,
 * folding and pulled diagnostics. Each maps protocol positions to offsets of the file, then of the
 * query text it falls in (a `.json` body's `Query` string), calls the editor services, and maps back.
 */
import {
  type CodeAction,
  CodeActionKind,
  type CompletionItem,
  type DocumentDiagnosticReport,
  type Hover,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SemanticTokensBuilder,
  type TextEdit,
} from "vscode-languageserver";
import type { Edit } from "../diagnostics/diagnostic.js";
import { format } from "../format/format.js";
import { formattingEdits } from "../services/actions.js";
import { complete, type CompletionItem as RqlCompletionItem } from "../services/complete.js";
import { hover } from "../services/hover.js";
import type { LineMap } from "../text/line-map.js";
import type { Span } from "../text/span.js";
import {
  FIX_ALL_KIND,
  fixAllAction,
  fixAllTarget,
  ignoreActions,
  quickFixes,
  unresolvedFixAll,
} from "./actions.js";
import {
  completionKind,
  inertMarkdown,
  minimalEdit,
  toLspDiagnostic,
  toRange,
  toSpan,
  toTextEdit,
} from "./convert.js";
import { documentSymbols, foldingRanges, pushSemanticTokens } from "./features.js";
import { type FileAnalysis, type QueryRegion, regionAt, toDocumentOffset } from "./kinds.js";
import { guard, type ServerState } from "./server.js";

/** A span of a region's query text, in file offsets. */
function fileSpan(region: QueryRegion, span: Span): Span {
  return { start: region.document.toFile(span.start), end: region.document.toFile(span.end) };
}

/** Snippet text as plain text, for clients without snippet support. */
function plainSnippet(text: string): string {
  return text.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\{?\d+\}?/g, "");
}

function completionItem(
  state: ServerState,
  item: RqlCompletionItem,
  region: QueryRegion,
  range: TextEdit["range"],
  newline: string,
) {
  const snippet = item.snippet === true && state.client.snippets;
  const plain = item.snippet === true && !snippet ? plainSnippet(item.insertText) : item.insertText;
  // A multi-line snippet in a CRLF document: editors that insert it as given would mix line endings.
  const text = newline === "\n" ? plain : plain.replace(/\n/g, newline);
  const result: CompletionItem = {
    label: item.label,
    kind: completionKind(item.kind),
    sortText: item.sortText,
    textEdit: { range, newText: region.document.encode(text) },
    ...(snippet && { insertTextFormat: InsertTextFormat.Snippet }),
    ...(item.detail !== undefined && { detail: item.detail }),
    ...(item.documentation !== undefined && {
      documentation: { kind: MarkupKind.Markdown, value: inertMarkdown(item.documentation) },
    }),
  };
  return result;
}

/** The region at a protocol position and the offset in its query text. */
function locate(analysis: FileAnalysis, position: { line: number; character: number }) {
  const offset = analysis.lines.offsetOfZeroBased(position);
  const region = regionAt(analysis, offset);
  return region === undefined ? undefined : { region, offset: toDocumentOffset(region, offset) };
}

function formatRange(text: string, span: Span, analysis: FileAnalysis): Edit | undefined {
  const queries = analysis.checked?.document.queries ?? [];
  const touched = queries.filter(
    (q) => q.span.start <= span.end && (q.terminator?.end ?? q.span.end) >= span.start,
  );
  const first = touched[0];
  const last = touched[touched.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const start = first.span.start;
  const end = last.terminator?.end ?? last.span.end;
  const slice = text.slice(start, end);
  let formatted = format(slice);
  // A query on one line has no line break of its own for the formatter to keep: the document's is used.
  const newline = documentLineEnding(text);
  if (!/[\r\n]/.test(slice) && newline !== "\n") formatted = formatted.replace(/\n/g, newline);
  if (!/[\r\n]$/.test(slice)) formatted = formatted.replace(/(\r?\n)+$/, "");
  const edit = minimalEdit(slice, formatted);
  return (
    edit && { span: { start: edit.span.start + start, end: edit.span.end + start }, newText: edit.newText }
  );
}

/** The document's line ending, as the formatter picks it: the first after the text begins. */
function documentLineEnding(text: string): string {
  const breaks = /\r\n|\n|\r/g;
  breaks.lastIndex = Math.max(0, text.search(/\S/));
  return breaks.exec(text)?.[0] ?? /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
}

function edits(lines: LineMap, list: readonly (Edit | undefined)[]): TextEdit[] {
  return list.flatMap((e) => (e === undefined ? [] : [toTextEdit(lines, e)]));
}

export function registerRequests(state: ServerState): void {
  const { connection } = state;
  const languages = connection.languages;

  // The fix-all action of each analysis: fixing a file until stable re-lints it once per pass, and
  // clients that cannot resolve actions ask for it at every cursor move. An edit, a configuration,
  // settings or catalog change makes a new analysis, so an entry never outlives what it was made from.
  const fixAlls = new WeakMap<FileAnalysis, CodeAction | undefined>();
  const fixAll = (uri: string, analysis: FileAnalysis): CodeAction | undefined => {
    if (fixAlls.has(analysis)) return fixAlls.get(analysis);
    const action = fixAllAction(uri, state.path(uri), analysis, state.options(uri).options);
    fixAlls.set(analysis, action);
    return action;
  };

  connection.onCompletion((params, token) =>
    guard(connection, "completion", token, null, () => {
      const analysis = state.analysis(params.textDocument.uri);
      const at = analysis && locate(analysis, params.position);
      if (analysis === undefined || at === undefined) return null;
      const catalog = state.options(params.textDocument.uri).options.catalog;
      // A `.rql` file's analysis of this version is reused (its region is the whole file).
      const analysed = analysis.checked;
      const result = complete(at.region.document.text, at.offset, {
        ...(catalog && { catalog }),
        ...(analysed && { analysed }),
      });
      const range = toRange(analysis.lines, fileSpan(at.region, result.range));
      const newline = documentLineEnding(at.region.document.text);
      return {
        isIncomplete: false,
        items: result.items.map((i) => completionItem(state, i, at.region, range, newline)),
      };
    }),
  );

  connection.onHover((params, token) =>
    guard(connection, "hover", token, null, (): Hover | null => {
      const analysis = state.analysis(params.textDocument.uri);
      const at = analysis && locate(analysis, params.position);
      if (analysis === undefined || at === undefined) return null;
      const catalog = state.options(params.textDocument.uri).options.catalog;
      const analysed = analysis.checked;
      const result = hover(at.region.document.text, at.offset, {
        ...(catalog && { catalog }),
        ...(analysed && { analysed }),
      });
      if (result === undefined) return null;
      return {
        contents: { kind: MarkupKind.Markdown, value: inertMarkdown(result.contents) },
        range: toRange(analysis.lines, fileSpan(at.region, result.range)),
      };
    }),
  );

  connection.onCodeAction((params, token) =>
    guard(connection, "codeAction", token, [], () => {
      const uri = params.textDocument.uri;
      const analysis = state.analysis(uri);
      if (analysis === undefined) return [];
      const only = params.context.only;
      const wants = (kind: string) =>
        only === undefined || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const span = toSpan(analysis.lines, params.range);
      const actions = wants(CodeActionKind.QuickFix)
        ? [...quickFixes(uri, analysis, span), ...ignoreActions(uri, analysis, span)]
        : [];
      if (wants(FIX_ALL_KIND)) {
        const action = state.client.codeActionResolve
          ? unresolvedFixAll(uri, analysis)
          : fixAll(uri, analysis);
        if (action !== undefined) actions.push(action);
      }
      return actions;
    }),
  );

  connection.onCodeActionResolve((action, token) =>
    guard(connection, "codeAction/resolve", token, action, () => {
      const target = fixAllTarget(action);
      const analysis = target && state.analysis(target.uri);
      // A document changed since (or closed): its edit would apply to another text; none is given.
      if (target === undefined || analysis?.version !== target.version) return action;
      const resolved = fixAll(target.uri, analysis);
      return resolved === undefined ? action : { ...action, edit: resolved.edit };
    }),
  );

  connection.onDocumentFormatting((params, token) =>
    guard(connection, "formatting", token, [], () => {
      const analysis = state.analysis(params.textDocument.uri);
      if (analysis?.checked === undefined) return [];
      const whole = formattingEdits(analysis.text)[0];
      return edits(analysis.lines, [whole && minimalEdit(analysis.text, whole.newText)]);
    }),
  );

  connection.onDocumentRangeFormatting((params, token) =>
    guard(connection, "rangeFormatting", token, [], () => {
      const analysis = state.analysis(params.textDocument.uri);
      if (analysis?.checked === undefined) return [];
      return edits(analysis.lines, [
        formatRange(analysis.text, toSpan(analysis.lines, params.range), analysis),
      ]);
    }),
  );

  // The last result of each document, kept by its builder so that a delta is diffed against it.
  const tokenBuilders = new Map<string, SemanticTokensBuilder>();
  state.documents.onDidClose((event) => tokenBuilders.delete(event.document.uri));

  languages.semanticTokens.on((params, token) =>
    guard(connection, "semanticTokens", token, { data: [] }, () => {
      const uri = params.textDocument.uri;
      const analysis = state.analysis(uri);
      if (analysis?.checked === undefined) return { data: [] };
      const builder = pushSemanticTokens(analysis.checked, analysis.lines);
      tokenBuilders.set(uri, builder);
      return builder.build();
    }),
  );

  languages.semanticTokens.onDelta((params, token) =>
    guard(connection, "semanticTokensDelta", token, { data: [] }, () => {
      const uri = params.textDocument.uri;
      const analysis = state.analysis(uri);
      if (analysis?.checked === undefined) return { data: [] };
      // A result the builder no longer holds (another document's, a restarted server's) gets it all.
      const builder = tokenBuilders.get(uri) ?? new SemanticTokensBuilder();
      builder.previousResult(params.previousResultId);
      tokenBuilders.set(uri, pushSemanticTokens(analysis.checked, analysis.lines, builder));
      return builder.buildEdits();
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    guard(connection, "documentSymbol", token, [], () => {
      const analysis = state.analysis(params.textDocument.uri);
      return analysis?.checked ? documentSymbols(analysis.checked, analysis.lines) : [];
    }),
  );

  connection.onFoldingRanges((params, token) =>
    guard(connection, "foldingRange", token, [], () => {
      const analysis = state.analysis(params.textDocument.uri);
      return analysis?.checked ? foldingRanges(analysis.checked, analysis.lines) : [];
    }),
  );

  languages.diagnostics.on((params, token) => {
    // A pulled diagnostic the client gave up on is asked for again (the document changed meanwhile).
    if (token.isCancellationRequested)
      return new ResponseError(LSPErrorCodes.ServerCancelled, "document changed", { retriggerRequest: true });
    return guard(connection, "diagnostic", undefined, { kind: "full" as const, items: [] }, () => {
      const uri = params.textDocument.uri;
      const resultId = state.resultId(uri);
      // Same version, same configuration: the client's copy is current.
      if (resultId !== undefined && params.previousResultId === resultId)
        return { kind: "unchanged" as const, resultId };
      const analysis = state.analysis(uri);
      if (analysis === undefined) return { kind: "full" as const, items: [] };
      return {
        kind: "full" as const,
        ...(resultId !== undefined && { resultId }),
        items: analysis.diagnostics.map((d, i) => toLspDiagnostic(analysis.lines, uri, d, i)),
      };
    }) as DocumentDiagnosticReport;
  });
}
