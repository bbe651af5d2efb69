/**
 * A per-document analysis cache for editors: a document is linted once per version, and the result
 * (the parse and check results, the diagnostics a user sees, a line map) is shared by diagnostics,
 * completion, hover, code actions and formatting. Keyed by a document id (a URI) and its version, as
 * Monaco models and LSP text documents both carry them.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type LintOptions, lint } from "../lint/lint.js";
import type { CheckResult } from "../semantic/check.js";
import { LineMap } from "../text/line-map.js";

/** One document version, analysed. */
export interface Analysis {
  readonly version: number;
  readonly text: string;
  /** Parse and check results (tokens, comments, AST, raw diagnostics). */
  readonly checked: CheckResult;
  /** What a user sees: after rule severities and suppression comments. */
  readonly diagnostics: readonly Diagnostic[];
  readonly lines: LineMap;
}

/** Analyses documents, once per version; `invalidate` after the options change (catalog, rules). */
export class AnalysisCache {
  private readonly entries = new Map<string, Analysis>();

  /** `options` is read on each analysis, so a changed catalog applies after `invalidate`. */
  constructor(private readonly options: () => LintOptions) {}

  /** The analysis of a document version, computed on first request. */
  get(id: string, version: number, text: string): Analysis {
    const cached = this.entries.get(id);
    if (cached !== undefined && cached.version === version && cached.text === text) return cached;
    const result = lint(text, this.options());
    const analysis: Analysis = {
      version,
      text,
      checked: result.checked,
      diagnostics: result.diagnostics,
      lines: new LineMap(text),
    };
    this.entries.set(id, analysis);
    return analysis;
  }

  /** The latest analysis of a document, if any. */
  latest(id: string): Analysis | undefined {
    return this.entries.get(id);
  }

  /** Forgets a closed document. */
  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets every analysis (the options changed). */
  invalidate(): void {
    this.entries.clear();
  }
}
