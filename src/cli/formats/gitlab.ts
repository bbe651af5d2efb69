/** GitLab Code Quality JSON, for the merge request widget: one issue per diagnostic with a stable fingerprint. */
import { createHash } from "node:crypto";
import type { Severity } from "../../diagnostics/diagnostic.js";
import { type FileReport, fingerprints } from "../report.js";

const SEVERITIES: Readonly<Record<Severity, string>> = {
  error: "major",
  warning: "minor",
  info: "info",
  hint: "info",
};

/** Renders the gitlab format. */
export function formatGitlab(reports: readonly FileReport[]): string {
  const md5 = (text: string) => createHash("md5").update(text).digest("hex");
  const issues = reports.flatMap((r) => {
    const prints = fingerprints(r, md5);
    return r.diagnostics.map((d, i) => ({
      type: "issue",
      check_name: d.code,
      description: `${d.code} ${d.message}`,
      categories: ["Bug Risk"],
      severity: SEVERITIES[d.severity],
      fingerprint: prints[i],
      location: { path: r.path, lines: { begin: d.line, end: d.endLine } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
