/**
 * reportql: lint, format and fix Partner Center report queries.
 *
 * The public API. Everything exported here is stable; deep imports are not.
 */

export type { Document, Extraction } from "./api/documents.js";
export { extractDocuments } from "./api/documents.js";
export type { ApplyFixesOptions, ApplyFixesResult, FixAllResult } from "./diagnostics/apply-fixes.js";
export { applyEdits, applyFixes, fixUntilStable } from "./diagnostics/apply-fixes.js";
export type { DiagnosticCode, DiagnosticDefinition, Phase } from "./diagnostics/catalog.js";
export { DIAGNOSTICS, lookupDiagnostic } from "./diagnostics/catalog.js";
export type {
  Applicability,
  Diagnostic,
  DiagnosticData,
  Edit,
  Fix,
  RelatedSpan,
  Severity,
} from "./diagnostics/diagnostic.js";
export type { FormatOptions, NameRole } from "./format/format.js";
export { format, submissionTexts, toSubmissionText } from "./format/format.js";
export type { Config, ConfigReading } from "./lint/config.js";
export { ConfigError, emptyConfig, parseConfig, readConfig } from "./lint/config.js";
export type { FileLintResult, FixLevel, LintFileOptions, LintOptions, LintResult } from "./lint/lint.js";
export { lint, lintFile, lintText } from "./lint/lint.js";
export type { ProjectContext, ProjectFile } from "./lint/project.js";
export { lintProject, projectContext, projectFileOptions } from "./lint/project.js";
export type { RuleSeverities, SeverityOverride } from "./lint/severities.js";
export { applySeverities, parseSeverity, ruleCode } from "./lint/severities.js";
export { lex, parse } from "./lint/text-entry.js";
export type { BuiltinCatalogName, ColumnInfo } from "./semantic/catalog.js";
export { BUILTIN_CATALOG_NAMES, builtinCatalog, Catalog, DatasetInfo } from "./semantic/catalog.js";
export type {
  CatalogFile,
  ColumnEntry,
  ColumnType,
  DatasetEntry,
  Provenance,
} from "./semantic/catalog-format.js";
export type { CheckOptions, CheckResult } from "./semantic/check.js";
export { check, formatWithCatalog } from "./semantic/check.js";
export type { CatalogProblem, LoadedCatalog } from "./semantic/load-catalog.js";
export { loadCatalog, loadCatalogText, toCatalogFile } from "./semantic/load-catalog.js";
export type {
  ResolvedColumn,
  ResolvedCondition,
  ResolvedOrder,
  ResolvedQuery,
  ResolveProblem,
  ResolveResult,
} from "./semantic/resolve.js";
export { resolveQuery } from "./semantic/resolve.js";
export { closestNames } from "./semantic/suggest.js";
export type { CodeAction } from "./services/actions.js";
export { codeActions, formattingEdits } from "./services/actions.js";
export type { Analysis } from "./services/analysis.js";
export { AnalysisCache } from "./services/analysis.js";
export type {
  CompleteOptions,
  CompletionItem,
  CompletionKind,
  CompletionResult,
} from "./services/complete.js";
export { complete } from "./services/complete.js";
export type { HoverResult } from "./services/hover.js";
export { hover } from "./services/hover.js";
export type * from "./syntax/ast.js";
export type { ClauseName, WordInfo, WordRole } from "./syntax/language.js";
export {
  ALL_OPERATORS,
  CLAUSE_ORDER,
  COMPARISON_OPERATORS,
  CONTEXTUAL_WORDS,
  RESERVED_WORDS,
  TIMESPAN_VALUES,
} from "./syntax/language.js";
export type { Comment, LexResult } from "./syntax/lexer.js";
export type { ParseResult } from "./syntax/parse.js";
export type { Token, TokenKind } from "./syntax/token.js";
export { tokenKind, tokenSpan } from "./syntax/token.js";
export type { LineRange, Position, ZeroBasedPosition } from "./text/line-map.js";
export { LineMap } from "./text/line-map.js";
export type { Span } from "./text/span.js";
