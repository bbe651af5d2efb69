/**
 * The compact format: one line per problem, `file:line:column: severity code message`, which Vim's
 * and Emacs's default error formats (`%f:%l:%c: %m`) and most editors' problem matchers read as is.
 */
import type { FileReport } from "../report.js";

/** Renders the compact format. */
export function formatCompact(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports)
    for (const d of report.diagnostics)
      lines.push(`${report.path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${oneLine(d.message)}`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** A message on one line, so that one problem stays one line for the tools that read it. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
