/** `reportql explain CODE`: the documentation of a diagnostic, from the catalog. */
import { DIAGNOSTICS, type DiagnosticDefinition } from "../diagnostics/catalog.js";
import { closestRules } from "../lint/severities.js";
import type { CliEnvironment } from "./environment.js";
import { UsageError } from "./shared.js";

/** Runs `explain`; returns the exit code. */
export function explainCommand(codeOrName: string, environment: CliEnvironment): number {
  const wanted = codeOrName.trim();
  const all: readonly DiagnosticDefinition[] = DIAGNOSTICS;
  const definition = all.find((d) => d.code === wanted.toUpperCase() || d.name === wanted.toLowerCase());
  if (definition === undefined) {
    const suggestions = closestRules(wanted);
    throw new UsageError(
      `no diagnostic ${JSON.stringify(wanted)}${suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : ""}`,
    );
  }
  const lines = [
    `${definition.code} ${definition.name} (${definition.severity}, ${definition.phase})`,
    "",
    ...(definition.retired === undefined ? [] : [`Retired: ${definition.retired}`, ""]),
    ...(definition.replacedBy === undefined
      ? []
      : [
          `Replaced by ${definition.replacedBy}: settings and suppressions naming this code apply to it.`,
          "",
        ]),
    definition.summary,
    "",
    `Message: ${template(definition.message)}`,
    ...Object.entries(definition.variants ?? {}).map(
      ([name, message]) => `    or (${name}): ${template(message)}`,
    ),
    "",
    "Example:",
    ...definition.example.split("\n").map((l) => `    ${l}`),
    "",
    `Fix: ${definition.fix}`,
  ];
  environment.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** A message template with its placeholders shown as `<name>`. */
function template(message: string): string {
  return message.replace(/\{(\w+)(?::\w+)?\}/g, "<$1>");
}
