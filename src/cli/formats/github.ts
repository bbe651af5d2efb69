/**
 * GitHub Actions workflow commands. GitHub shows at most 10 annotations of each level per step (and
 * 50 per job) and drops the rest silently, so the most important problems are annotated first, every
 * other problem is printed as a plain log line, and a last notice says how many there were.
 */
import type { Severity } from "../../diagnostics/diagnostic.js";
import { type FileReport, type LocatedDiagnostic, plural, type Summary, severityRank } from "../report.js";
import type { Chunks } from "./chunks.js";

/** Annotations GitHub shows per level and step. */
export const ANNOTATIONS_PER_LEVEL = 10;

const COMMANDS: Readonly<Record<Severity, "error" | "warning" | "notice">> = {
  error: "error",
  warning: "warning",
  info: "notice",
  hint: "notice",
};

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * A log line that GitHub never reads as a workflow command: it starts with a word, not `::`, and holds
 * no line break (a file name may hold one, and `name\n::error ...` would forge an annotation).
 */
function plainLine(text: string): string {
  return text.replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Renders the github format, one line at a time. */
export function* formatGithub(reports: readonly FileReport[], summary: Summary): Chunks {
  const all: { path: string; d: LocatedDiagnostic }[] = reports.flatMap((r) =>
    r.diagnostics.map((d) => ({ path: r.path, d })),
  );
  all.sort((a, b) => severityRank(a.d.severity) - severityRank(b.d.severity));
  // One notice is kept for the summary.
  const budget: Record<string, number> = {
    error: ANNOTATIONS_PER_LEVEL,
    warning: ANNOTATIONS_PER_LEVEL,
    notice: ANNOTATIONS_PER_LEVEL - 1,
  };
  let annotated = 0;
  for (const { path, d } of all) {
    const command = COMMANDS[d.severity];
    if ((budget[command] ?? 0) > 0) {
      budget[command] = (budget[command] ?? 0) - 1;
      annotated++;
      const properties = [
        `file=${escapeProperty(path)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`${d.code} ${d.name}`)}`,
      ].join(",");
      yield `::${command} ${properties}::${escapeData(d.message)}\n`;
    } else yield `${plainLine(`${d.severity} ${d.code} ${path}:${d.line}:${d.column}: ${d.message}`)}\n`;
  }
  const problems = all.length;
  const rest = problems - annotated;
  const counts = `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${plural(summary.infos + summary.hints, "note")}`;
  const tail = rest > 0 ? `; the ${plural(rest, "other problem")} are listed in the log above` : "";
  yield `::notice title=reportql::${escapeData(`${plural(problems, "problem")} in ${plural(summary.files, "file")} (${counts})${tail}`)}\n`;
}
