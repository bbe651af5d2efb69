/**
 * The compact format: one line per problem, `file:line:column: severity code message`, which Vim's
 * and Emacs's default error formats (`%f:%l:%c: %m`) and most editors' problem matchers read as is.
 */
import type { FileReport } from "../report.js";
import type { Chunks } from "./chunks.js";

/** Renders the compact format, one line at a time. */
export function* formatCompact(reports: readonly FileReport[]): Chunks {
  for (const report of reports)
    for (const d of report.diagnostics)
      yield `${oneLine(report.path)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${oneLine(d.message)}\n`;
}

/** A message or a file name on one line, so that one problem stays one line for the tools that read it. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
