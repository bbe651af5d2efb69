/**
 * JUnit XML, for the test tabs of GitLab, Jenkins and Azure DevOps: one test case per file, failed
 * when the file has errors; warnings and notes are listed in the case's output.
 */
import type { FileReport, Summary } from "../report.js";
import type { Chunks } from "./chunks.js";

/**
 * What XML 1.0 cannot hold at all, even as a character reference: C0 controls but tab and line breaks,
 * U+FFFE and U+FFFF, and a surrogate without its pair. Each becomes U+FFFD, so the reader sees that
 * something was there and the document stays well-formed.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these characters.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(NOT_XML, "\ufffd");
}

/** An attribute value: line breaks and tabs as character references, or XML parsers fold them to spaces. */
function attribute(text: string): string {
  return xml(text).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** Renders the junit format, one problem line at a time. */
export function* formatJunit(reports: readonly FileReport[], summary: Summary): Chunks {
  const failures = reports.filter((r) => r.diagnostics.some((d) => d.severity === "error")).length;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="reportql" tests="${summary.files}" failures="${failures}" errors="0">\n`;
  yield `  <testsuite name="reportql" tests="${summary.files}" failures="${failures}" errors="0" skipped="0">\n`;
  for (const r of reports) yield* testCase(r);
  yield "  </testsuite>\n</testsuites>\n";
}

function* testCase(r: FileReport): Chunks {
  const open = `    <testcase classname="reportql" name="${attribute(r.path)}" file="${attribute(r.path)}"`;
  if (r.diagnostics.length === 0) {
    yield `${open}/>\n`;
    return;
  }
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  yield `${open}>\n`;
  yield errors > 0
    ? `      <failure type="error" message="${attribute(`${errors} error${errors === 1 ? "" : "s"}`)}">`
    : "      <system-out>";
  for (const [i, d] of r.diagnostics.entries())
    yield `${i === 0 ? "" : "\n"}${xml(`${r.path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`)}`;
  yield errors > 0 ? "</failure>\n" : "</system-out>\n";
  yield "    </testcase>\n";
}
