import type { Span } from "../text/span.js";
import type { DiagnosticCode } from "./catalog.js";

/** How serious a diagnostic is. `info` and `hint` never fail a CI run. */
export type Severity = "error" | "warning" | "info" | "hint";

/** Whether a fix may be applied without review (`--fix`) or only on request (`--unsafe-fixes`). */
export type Applicability = "safe" | "unsafe";

/** Replace the text of `span` with `newText` (an empty span inserts). */
export interface Edit {
  readonly span: Span;
  readonly newText: string;
}

/** A named set of edits that resolves a diagnostic. */
export interface Fix {
  readonly title: string;
  readonly applicability: Applicability;
  readonly edits: readonly Edit[];
}

/** A secondary location that helps explain a diagnostic ("`TIMESPAN` is here"). */
export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

/** Values a diagnostic was rendered from; tools and tests read them instead of parsing messages. */
export type DiagnosticData = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/**
 * One problem found in a document. The same shape is used by the library, the CLI, the editor
 * services and the playground; line and column are computed from `span` only at those edges.
 */
export interface Diagnostic {
  /** Stable code such as `RQ1002`; never reused for another meaning. */
  readonly code: DiagnosticCode;
  /** Kebab-case name of the code, such as `typographic-quotes`. */
  readonly name: string;
  readonly severity: Severity;
  /** Sentence-case text saying what is wrong and what to do. */
  readonly message: string;
  /** Primary location, half-open UTF-16 offsets. */
  readonly span: Span;
  readonly related?: readonly RelatedSpan[];
  readonly fixes?: readonly Fix[];
  readonly data?: DiagnosticData;
}
