/** GitLab Code Quality JSON, for the merge request widget: one issue per diagnostic with a stable fingerprint. */
import type { Severity } from "../../diagnostics/diagnostic.js";
import { type FileReport, fingerprints } from "../report.js";
import { type Chunks, jsonChunks, LazyArray } from "./chunks.js";

const SEVERITIES: Readonly<Record<Severity, string>> = {
  error: "major",
  warning: "minor",
  info: "info",
  hint: "info",
};

/** Renders the gitlab format, in pieces. */
export function* formatGitlab(reports: readonly FileReport[]): Chunks {
  // An issue's long strings: its description (the message) and its path.
  const weight = (issue: { description: string; location: { path: string } }) =>
    issue.description.length + issue.location.path.length;
  yield* jsonChunks(new LazyArray(issues(reports), weight));
  yield "\n";
}

function* issues(reports: readonly FileReport[]) {
  for (const r of reports) {
    const prints = fingerprints(r, "md5");
    for (const [i, d] of r.diagnostics.entries())
      yield {
        type: "issue",
        check_name: d.code,
        description: `${d.code} ${d.message}`,
        categories: ["Bug Risk"],
        severity: SEVERITIES[d.severity],
        fingerprint: prints[i],
        location: { path: r.path, lines: { begin: d.line, end: d.endLine } },
      };
  }
}
