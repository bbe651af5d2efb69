/**
 * A file's diagnostics up to a limit, then one that says how many more there are (RQ9130). The CLI
 * reports at most 20,000 per file (memory), the language server fewer (each edit sends them all to
 * the editor). The most severe are kept (then the first by position), in position order: thousands
 * of warnings about values must not hide the syntax error after them.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make.js";

const SEVERITY_RANK: Readonly<Record<Diagnostic["severity"], number>> = {
  error: 0,
  warning: 1,
  info: 2,
  hint: 3,
};

/** `diagnostics` when there are at most `limit`; else the `limit` most severe and RQ9130 after them. */
export function capDiagnostics(
  diagnostics: readonly Diagnostic[],
  path: string,
  limit: number,
): readonly Diagnostic[] {
  if (diagnostics.length <= limit) return diagnostics;
  const order = diagnostics.map((_, i) => i);
  const rank = (i: number) => SEVERITY_RANK[(diagnostics[i] as Diagnostic).severity];
  order.sort((a, b) => rank(a) - rank(b) || a - b);
  const kept = order
    .slice(0, limit)
    .sort((a, b) => a - b)
    .map((i) => diagnostics[i] as Diagnostic);
  const last = kept[kept.length - 1] as Diagnostic;
  kept.push(
    makeDiagnostic(
      "RQ9130",
      { start: last.span.start, end: last.span.start },
      { count: diagnostics.length - limit, path, limit },
    ),
  );
  return kept;
}
