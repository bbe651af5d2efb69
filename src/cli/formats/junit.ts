/**
 * JUnit XML, for the test tabs of GitLab, Jenkins and Azure DevOps: one test case per file, failed
 * when the file has errors; warnings and notes are listed in the case's output.
 */
import type { FileReport, Summary } from "../report.js";

function xml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these characters, so they are dropped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

/** An attribute value: line breaks and tabs as character references, or XML parsers fold them to spaces. */
function attribute(text: string): string {
  return xml(text).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** Renders the junit format. */
export function formatJunit(reports: readonly FileReport[], summary: Summary): string {
  const failures = reports.filter((r) => r.diagnostics.some((d) => d.severity === "error")).length;
  const cases = reports.map((r) => {
    const lines = r.diagnostics.map(
      (d) => `${r.path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`,
    );
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    const open = `    <testcase classname="reportql" name="${attribute(r.path)}" file="${attribute(r.path)}"`;
    if (lines.length === 0) return `${open}/>`;
    const failure =
      errors.length > 0
        ? `      <failure type="error" message="${attribute(`${errors.length} error${errors.length === 1 ? "" : "s"}`)}">${xml(lines.join("\n"))}</failure>\n`
        : "";
    const out = errors.length > 0 ? "" : `      <system-out>${xml(lines.join("\n"))}</system-out>\n`;
    return `${open}>\n${failure}${out}    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="reportql" tests="${summary.files}" failures="${failures}" errors="0">`,
    `  <testsuite name="reportql" tests="${summary.files}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
