/**
 * Where each code is documented: `docs/diagnostics.md` in the project's repository, one heading per
 * code. Editors (hover links, LSP `codeDescription`), SARIF (`helpUri`) and the CLI link there.
 */
import type { DiagnosticDefinition } from "./catalog.js";

/** The rendered diagnostic reference. The one place that knows the repository's address. */
export const DIAGNOSTICS_DOC_URL = "https://github.com/reportql/reportql/blob/main/docs/diagnostics.md";

/** The link to a code's entry (the heading anchor GitHub derives from `### RQ1001 name`). */
export function diagnosticDocUrl(definition: Pick<DiagnosticDefinition, "code" | "name">): string {
  return `${DIAGNOSTICS_DOC_URL}#${definition.code.toLowerCase()}-${definition.name}`;
}

/** The first sentence of a code's summary: its one-line description (SARIF, `reportql rules`). */
export function shortSummary(definition: Pick<DiagnosticDefinition, "summary">): string {
  const end = definition.summary.search(/\.(\s|$)/);
  return end === -1 ? definition.summary : definition.summary.slice(0, end + 1);
}
