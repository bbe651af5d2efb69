/**
 * The JSON Schema of `reportql.config.json`, built from the diagnostic catalog (every code and name is
 * a known `rules` key), so editors complete and validate the configuration. `npm run gen` writes it to
 * `schemas/reportql.config.schema.json`; a test fails when the committed copy is stale.
 */
import { DIAGNOSTICS, type DiagnosticDefinition } from "../src/diagnostics/catalog.js";
import { diagnosticDocUrl } from "../src/diagnostics/docs-url.js";

const SEVERITY = {
  enum: ["off", "hint", "info", "warn", "warning", "error"],
  description: "The severity to report the code with; `off` drops it.",
};

function activeRule(d: DiagnosticDefinition) {
  return { ...SEVERITY, description: `${d.summary} Default: ${d.severity}. ${diagnosticDocUrl(d)}` };
}

/**
 * A retired code stays a known key (reportql reads it and warns), marked deprecated: editors strike it
 * through and show the message, which names the code that replaced it.
 */
function retiredRule(d: DiagnosticDefinition) {
  const next = d.replacedBy === undefined ? undefined : DIAGNOSTICS.find((n) => n.code === d.replacedBy);
  const message =
    next === undefined
      ? `${d.code} (${d.name}) is retired and no longer reported; remove this setting. ${d.retired}`
      : `${d.code} (${d.name}) is retired and replaced by ${next.code} (${next.name}); write ${next.code} instead (this setting applies to it).`;
  return { ...SEVERITY, description: message, deprecated: true, deprecationMessage: message };
}

/** The schema, as formatted JSON text. */
export function renderConfigSchema(): string {
  const all: readonly DiagnosticDefinition[] = DIAGNOSTICS;
  const rules = Object.fromEntries(
    all.flatMap((d) => {
      const rule = d.retired === undefined ? activeRule(d) : retiredRule(d);
      return [
        [d.code, rule],
        [d.name, rule],
      ];
    }),
  );
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/reportql/reportql/blob/main/schemas/reportql.config.schema.json",
    title: "reportql configuration",
    description: "reportql.config.json, or the `reportql` key of package.json.",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      catalog: {
        type: "string",
        minLength: 1,
        description:
          "`insights`, `marketplace`, `all` (default) or the path of a catalog file, relative to this file.",
        examples: ["insights", "marketplace", "all", "datasets.json"],
      },
      rules: {
        type: "object",
        description: "Severities by code (RQ2015) or name (default-timespan).",
        properties: rules,
        additionalProperties: false,
      },
      ignore: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description:
          "Globs of files not to check, relative to this file (as .gitignore and .reportqlignore).",
      },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
