/** Code actions and formatting for editors: plain data that an LSP server or Monaco can turn into theirs. */

import type { Diagnostic, Edit } from "../diagnostics/diagnostic.js";
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { format } from "../format/format.js";
import type { Span } from "../text/span.js";

/** A quick fix offered for a diagnostic. */
export interface CodeAction {
  readonly title: string;
  readonly diagnostic: Diagnostic;
  readonly edits: readonly Edit[];
  /** Safe fixes are preferred (editors apply them with the "auto fix" shortcut). */
  readonly preferred: boolean;
}

/** The fixes of the diagnostics that touch `range` (its ends in either order). */
export function codeActions(diagnostics: readonly Diagnostic[], range: Span): CodeAction[] {
  // A range from a plain JavaScript caller may be missing or hold no numbers: it touches nothing.
  const a = range?.start;
  const b = range?.end;
  if (typeof a !== "number" || typeof b !== "number" || Number.isNaN(a) || Number.isNaN(b)) return [];
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.span.end < start || d.span.start > end) continue;
    for (const fix of d.fixes ?? []) {
      actions.push({
        title: `${fix.title} (${d.code})`,
        diagnostic: d,
        edits: fix.edits,
        preferred: fix.applicability === "safe",
      });
    }
  }
  return actions;
}

/** The edit that formats a whole document, or none when it is already formatted. */
export function formattingEdits(given: string, formatter: (text: string) => string = format): Edit[] {
  const text = textOrEmpty(given);
  const formatted = (typeof formatter === "function" ? formatter : format)(text);
  return formatted === text ? [] : [{ span: { start: 0, end: text.length }, newText: formatted }];
}
