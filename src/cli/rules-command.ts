/** `reportql rules`: every diagnostic code with its name, default severity and summary. */
import { DIAGNOSTICS, type DiagnosticDefinition } from "../diagnostics/catalog.js";
import { diagnosticDocUrl, shortSummary } from "../diagnostics/docs-url.js";

/** The listing, as aligned text or as JSON. */
export function rulesText(json: boolean): string {
  const all: readonly DiagnosticDefinition[] = DIAGNOSTICS;
  const active = all.filter((d) => d.retired === undefined);
  if (json) {
    const rules = active.map((d) => ({
      code: d.code,
      name: d.name,
      severity: d.severity,
      phase: d.phase,
      summary: d.summary,
      url: diagnosticDocUrl(d),
    }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const nameWidth = Math.max(...active.map((d) => d.name.length));
  const lines = active.map(
    (d) => `${d.code}  ${d.severity.padEnd(7)}  ${d.name.padEnd(nameWidth)}  ${shortSummary(d)}`,
  );
  return `${lines.join("\n")}\n`;
}
