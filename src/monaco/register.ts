/**
 * `registerReportQL(monaco, { catalog })`: the report query language in a Monaco editor: tokenizer,
 * completion, hover, markers refreshed as the text changes, quick fixes and formatting. Everything
 * comes from the editor services; this module only converts between their offsets and Monaco's
 * positions (always through the model, the one place that knows Monaco's 1-based coordinates).
 */
import type * as Monaco from "monaco-editor";
import { lookupDiagnostic } from "../diagnostics/catalog.js";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { diagnosticDocUrl } from "../diagnostics/docs-url.js";
import type { RuleSeverities } from "../lint/severities.js";
import { type Catalog, catalogOption } from "../semantic/catalog.js";
import { formatWithCatalog } from "../semantic/check.js";
import { codeActions, formattingEdits } from "../services/actions.js";
import { AnalysisCache } from "../services/analysis.js";
import { type CompletionKind, complete } from "../services/complete.js";
import { hover } from "../services/hover.js";
import type { Span } from "../text/span.js";
import { monarchLanguage } from "./monarch.js";

/**
 * The part of Monaco's API used here. Both the full entry point (`monaco-editor`) and the bare editor
 * (`monaco-editor/editor`) provide it.
 */
export type MonacoApi = Pick<typeof Monaco, "languages" | "editor" | "Range" | "MarkerSeverity" | "Uri">;

/** The language id registered with Monaco. */
export const LANGUAGE_ID = "reportql";

/** Options of `registerReportQL`. */
export interface RegisterOptions {
  readonly catalog?: Catalog;
  /** Rule severities (a configuration's `rules`), applied as the CLI applies them. */
  readonly rules?: RuleSeverities;
  /** Format with the catalog's spelling of names. */
  readonly normalizeNames?: boolean;
  /** Called after each model is checked, with its diagnostics (for a problems panel). */
  readonly onDiagnostics?: (model: Monaco.editor.ITextModel, diagnostics: readonly Diagnostic[]) => void;
}

/** What `registerReportQL` returns. */
export interface ReportQLRegistration extends Monaco.IDisposable {
  /** Swaps the catalog and checks every open model again. */
  setCatalog(catalog: Catalog): void;
  /** The latest diagnostics of a model. */
  diagnostics(model: Monaco.editor.ITextModel): readonly Diagnostic[];
}

/**
 * Markdown made safe for text from queries and catalogs: only `**bold**` and `` `code` `` keep their
 * meaning; every other ASCII punctuation character is backslash-escaped (CommonMark allows it), so a
 * catalog description cannot become a link, an image, a heading, a list or HTML.
 */
export function safeMarkdown(markdown: string): string {
  return markdown
    .split(/(`[^`\n]*`|\*\*)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`)))
    .join("");
}

/** A marker's code: the code, linked to its documentation when the code is known. */
function markerCode(monaco: MonacoApi, code: string): Monaco.editor.IMarkerData["code"] {
  const definition = lookupDiagnostic(code);
  return definition === undefined
    ? code
    : { value: code, target: monaco.Uri.parse(diagnosticDocUrl(definition)) };
}

function toRange(monaco: MonacoApi, model: Monaco.editor.ITextModel, span: Span): Monaco.Range {
  const start = model.getPositionAt(span.start);
  const end = model.getPositionAt(span.end);
  return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
}

function toSpan(model: Monaco.editor.ITextModel, range: Monaco.IRange): Span {
  return {
    start: model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn }),
    end: model.getOffsetAt({ lineNumber: range.endLineNumber, column: range.endColumn }),
  };
}

function markerSeverity(monaco: MonacoApi, severity: Severity): Monaco.MarkerSeverity {
  switch (severity) {
    case "error":
      return monaco.MarkerSeverity.Error;
    case "warning":
      return monaco.MarkerSeverity.Warning;
    case "info":
      return monaco.MarkerSeverity.Info;
    case "hint":
      return monaco.MarkerSeverity.Hint;
  }
}

function completionKind(monaco: MonacoApi, kind: CompletionKind): Monaco.languages.CompletionItemKind {
  const kinds = monaco.languages.CompletionItemKind;
  switch (kind) {
    case "keyword":
      return kinds.Keyword;
    case "dataset":
      return kinds.Class;
    case "column":
      return kinds.Field;
    case "metric":
      return kinds.Value;
    case "operator":
      return kinds.Operator;
    case "timespan":
      return kinds.Constant;
    case "snippet":
      return kinds.Snippet;
  }
}

/** Registers the language; dispose the result to remove every provider and listener. */
export function registerReportQL(monaco: MonacoApi, given: RegisterOptions = {}): ReportQLRegistration {
  // `null` or options of the wrong type from a plain JavaScript page count as left out.
  const options: RegisterOptions = given ?? {};
  let catalog = catalogOption(options.catalog);
  // The shared lint pipeline: suppression comments and severities apply as in the CLI.
  const analyses = new AnalysisCache(() => ({
    catalog,
    ...(options.rules && { severities: options.rules }),
  }));
  const analysisOf = (model: Monaco.editor.ITextModel) =>
    analyses.get(model.uri.toString(), model.getVersionId(), model.getValue());
  const disposables: Monaco.IDisposable[] = [];

  if (!monaco.languages.getLanguages().some((l) => l.id === LANGUAGE_ID)) {
    monaco.languages.register({
      id: LANGUAGE_ID,
      extensions: [".rql"],
      aliases: ["Report query", "ReportQL"],
    });
  }
  disposables.push(
    monaco.languages.setMonarchTokensProvider(
      LANGUAGE_ID,
      monarchLanguage() as unknown as Monaco.languages.IMonarchLanguage,
    ),
  );
  disposables.push(
    monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
      comments: { lineComment: "--", blockComment: ["/*", "*/"] },
      brackets: [["(", ")"]],
      autoClosingPairs: [
        { open: "(", close: ")" },
        { open: "'", close: "'", notIn: ["string", "comment"] },
      ],
      wordPattern: /[A-Za-z_]\w*/,
    }),
  );

  const validate = (model: Monaco.editor.ITextModel) => {
    if (model.isDisposed()) return;
    if (model.getLanguageId() !== LANGUAGE_ID) {
      // A model switched to another language keeps none of this language's markers.
      monaco.editor.setModelMarkers(model, LANGUAGE_ID, []);
      return;
    }
    const { diagnostics } = analysisOf(model);
    const markers = diagnostics.map((d): Monaco.editor.IMarkerData => {
      const range = toRange(monaco, model, d.span);
      return {
        severity: markerSeverity(monaco, d.severity),
        message: d.message,
        code: markerCode(monaco, d.code),
        source: "reportql",
        startLineNumber: range.startLineNumber,
        startColumn: range.startColumn,
        endLineNumber: range.endLineNumber,
        endColumn: range.endColumn,
      };
    });
    monaco.editor.setModelMarkers(model, LANGUAGE_ID, markers);
    if (typeof options.onDiagnostics === "function") options.onDiagnostics(model, diagnostics);
  };

  // Each model's listeners, removed when the model goes: a page that opens and closes many models
  // would otherwise keep every closed one alive until the registration is disposed.
  const modelListeners = new Set<Monaco.IDisposable>();
  const watch = (model: Monaco.editor.ITextModel) => {
    validate(model);
    const own = [
      model.onDidChangeContent(() => validate(model)),
      model.onDidChangeLanguage(() => validate(model)),
    ];
    const gone = model.onWillDispose(() => {
      analyses.delete(model.uri.toString());
      for (const listener of [...own, gone]) {
        listener.dispose();
        modelListeners.delete(listener);
      }
    });
    for (const listener of [...own, gone]) modelListeners.add(listener);
  };
  for (const model of monaco.editor.getModels()) watch(model);
  disposables.push(monaco.editor.onDidCreateModel(watch));

  disposables.push(
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: [" ", ",", "("],
      provideCompletionItems(model, position) {
        const analysed = analysisOf(model).checked;
        const result = complete(model.getValue(), model.getOffsetAt(position), { catalog, analysed });
        const range = toRange(monaco, model, result.range);
        return {
          suggestions: result.items.map((item) => ({
            label: item.label,
            kind: completionKind(monaco, item.kind),
            insertText: item.insertText,
            ...(item.snippet === true && {
              insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
            }),
            ...(item.detail !== undefined && { detail: item.detail }),
            ...(item.documentation !== undefined && {
              documentation: { value: safeMarkdown(item.documentation) },
            }),
            sortText: item.sortText,
            range,
          })),
        };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      provideHover(model, position) {
        const analysed = analysisOf(model).checked;
        const result = hover(model.getValue(), model.getOffsetAt(position), { catalog, analysed });
        return result === undefined
          ? null
          : {
              range: toRange(monaco, model, result.range),
              contents: [{ value: safeMarkdown(result.contents) }],
            };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
      provideCodeActions(model, range, context) {
        const actions = codeActions(analysisOf(model).diagnostics, toSpan(model, range)).map(
          (action): Monaco.languages.CodeAction => ({
            title: action.title,
            kind: "quickfix",
            isPreferred: action.preferred,
            diagnostics: context.markers.filter(
              (m) => (typeof m.code === "string" ? m.code : m.code?.value) === action.diagnostic.code,
            ),
            edit: {
              edits: action.edits.map((e) => ({
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: toRange(monaco, model, e.span), text: e.newText },
              })),
            },
          }),
        );
        return { actions, dispose: () => undefined };
      },
    }),
  );

  disposables.push(
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      provideDocumentFormattingEdits(model) {
        const formatter =
          options.normalizeNames === true ? (t: string) => formatWithCatalog(t, catalog) : undefined;
        return formattingEdits(model.getValue(), formatter).map((e) => ({
          range: toRange(monaco, model, e.span),
          text: e.newText,
        }));
      },
    }),
  );

  return {
    setCatalog(next: Catalog) {
      catalog = catalogOption(next);
      analyses.invalidate();
      for (const model of monaco.editor.getModels()) validate(model);
    },
    diagnostics: (model) => analyses.latest(model.uri.toString())?.diagnostics ?? [],
    dispose() {
      for (const d of disposables.splice(0)) d.dispose();
      for (const listener of modelListeners) listener.dispose();
      modelListeners.clear();
      for (const model of monaco.editor.getModels()) monaco.editor.setModelMarkers(model, LANGUAGE_ID, []);
    },
  };
}
