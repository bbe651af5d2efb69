/**
 * The human format: per file, each problem with its position, severity, message and code, a code
 * frame with carets under the span, and the fix; then a summary. Colours only when asked to.
 */
import { createColors } from "picocolors";
import { type FileReport, type LocatedDiagnostic, plural, type Summary } from "../report.js";
import { terminalSafeLine } from "../terminal.js";
import type { Chunks } from "./chunks.js";

type Colors = ReturnType<typeof createColors>;

/** The widest part of a source line shown in a code frame, however wide the terminal. */
const MAX_FRAME_WIDTH = 120;

/**
 * Renders the stylish format. `width` is the terminal's (80 when unknown): code frames fit in it. A
 * source line is shown once for all the problems on it, with carets under each one's span.
 */
export function* formatStylish(
  reports: readonly FileReport[],
  summary: Summary,
  useColor: boolean,
  width = 80,
  /** Files named on the command line but ignored (said on standard error as they are met). */
  ignored = 0,
): Chunks {
  const c = createColors(useColor);
  const lines = (texts: readonly string[]) => texts.map((text) => `${text}\n`).join("");
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue;
    yield lines([c.underline(printable(report.path))]);
    for (const group of byLine(report.diagnostics)) {
      for (const d of group) yield lines(diagnostic(d, c));
      yield lines(frame(group, c, width));
    }
    yield "\n";
  }
  yield lines([summaryLine(summary, c, ignored)]);
}

/** Consecutive diagnostics on the same line, together (they are sorted by position). */
function byLine(diagnostics: readonly LocatedDiagnostic[]): LocatedDiagnostic[][] {
  const groups: LocatedDiagnostic[][] = [];
  for (const d of diagnostics) {
    const last = groups[groups.length - 1];
    if (last !== undefined && (last[0] as LocatedDiagnostic).line === d.line) last.push(d);
    else groups.push([d]);
  }
  return groups;
}

/**
 * Text from a file, its name or a message, with control characters and bidi controls shown as `�`,
 * one for one so columns stay aligned. Done here, before colours are added: the filter applied to the
 * whole output keeps colour sequences, so one from a file (`ESC[8m` hides text) must not get that far.
 */
const printable = terminalSafeLine;

function severityLabel(d: LocatedDiagnostic, c: Colors): string {
  const label = d.severity.padEnd(8);
  return d.severity === "error"
    ? c.red(label)
    : d.severity === "warning"
      ? c.yellow(label)
      : d.severity === "info"
        ? c.blue(label)
        : c.gray(label);
}

function diagnostic(d: LocatedDiagnostic, c: Colors): string[] {
  const position = `${d.line}:${d.column}`.padEnd(8);
  const lines = [`  ${c.dim(position)}${severityLabel(d, c)}${printable(d.message)}  ${c.dim(d.code)}`];
  for (const r of d.related) lines.push(`    ${c.dim("=")} ${printable(r.message)} (${r.line}:${r.column})`);
  const fix = d.fixes[0];
  if (fix !== undefined)
    lines.push(`    ${c.dim("=")} ${c.green(`fix (${fix.applicability})`)}: ${printable(fix.title)}`);
  return lines;
}

/**
 * The source line of a group of diagnostics, with carets under each span (to the end of the line when
 * a span goes on). Long lines (system queries are often one long line) are shown in a window around the
 * first span, as wide as the terminal allows.
 */
function frame(group: readonly LocatedDiagnostic[], c: Colors, width: number): string[] {
  const first = group[0] as LocatedDiagnostic;
  if (first.sourceLine.trim() === "" && first.column === 1) return [];
  const source = printable(first.sourceLine.replace(/\t/g, " "));
  const gutter = String(first.line);
  const room = Math.max(20, Math.min(MAX_FRAME_WIDTH, width - gutter.length - 9));
  const start = first.column - 1;
  const from = source.length > room ? Math.max(0, Math.min(start - 20, source.length - room)) : 0;
  const shown = source.slice(from, from + room);
  const prefix = from > 0 ? "…" : "";
  const suffix = from + room < source.length ? "…" : "";
  const carets: boolean[] = [];
  for (const d of group) {
    const spanStart = Math.max(d.column - 1, from);
    const end =
      d.endLine === d.line ? Math.max(d.endColumn - 1, d.column) : Math.max(source.length, d.column);
    const spanEnd = Math.min(end, from + room);
    if (spanStart >= from + room) continue;
    // Carets are placed by terminal columns: a wide character (CJK, emoji) takes two.
    const at = prefix.length + displayWidth(source.slice(from, spanStart));
    const length = Math.max(1, displayWidth(source.slice(spanStart, spanEnd)));
    for (let i = at; i < at + length; i++) carets[i] = true;
  }
  const caretLine = Array.from(carets, (on) => (on ? "^" : " ")).join("");
  return [
    `    ${c.dim(`${gutter} |`)} ${prefix}${shown}${suffix}`,
    `    ${c.dim(`${" ".repeat(gutter.length)} |`)} ${c.red(caretLine)}`,
  ];
}

/** Terminal columns of a text: East Asian wide and full-width characters and emoji take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

function summaryLine(summary: Summary, c: Colors, ignored: number): string {
  const problems = summary.errors + summary.warnings + summary.infos + summary.hints;
  // Only ignored files: "0 files checked" would read as a run that found nothing wrong.
  if (summary.files === 0 && ignored > 0)
    return c.yellow(
      `No file checked: ${plural(ignored, "file")} named ${ignored === 1 ? "is" : "are"} ignored; use --no-ignore to check ${ignored === 1 ? "it" : "them"}`,
    );
  const alsoIgnored = ignored > 0 ? ` (${plural(ignored, "file")} ignored)` : "";
  if (problems === 0) return c.green(`✔ ${plural(summary.files, "file")} checked${alsoIgnored}, no problems`);
  const parts = [plural(summary.errors, "error"), plural(summary.warnings, "warning")];
  if (summary.infos > 0) parts.push(plural(summary.infos, "note"));
  if (summary.hints > 0) parts.push(plural(summary.hints, "hint"));
  // Notes and hints never fail a run: a warning sign over them alone would say otherwise.
  const mark = summary.errors > 0 ? c.red("✖") : summary.warnings > 0 ? c.yellow("⚠") : c.blue("ℹ");
  const lines = [
    `${mark} ${plural(problems, "problem")} (${parts.join(", ")}) in ${plural(summary.files, "file")}`,
  ];
  if (summary.fixable > 0) lines.push(`  ${plural(summary.fixable, "problem")} can be fixed with \`--fix\``);
  return lines.join("\n");
}
