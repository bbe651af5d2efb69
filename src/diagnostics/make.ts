import type { Span } from "../text/span.js";
import { type DiagnosticCode, lookupDiagnostic } from "./catalog.js";
import type { Diagnostic, DiagnosticData, Fix, RelatedSpan } from "./diagnostic.js";

/** Optional parts of a diagnostic beyond its code, span and template data. */
export interface DiagnosticExtras {
  readonly related?: readonly RelatedSpan[];
  readonly fixes?: readonly Fix[];
}

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * Creates a diagnostic from the catalog: name, severity and message come from the code's entry, the
 * message template is filled from `data`. A missing placeholder value is a bug in reportql, not in the
 * user's input, so it throws.
 */
export function makeDiagnostic(
  code: DiagnosticCode,
  span: Span,
  data: DiagnosticData = {},
  extras: DiagnosticExtras = {},
): Diagnostic {
  const definition = lookupDiagnostic(code);
  if (definition === undefined) throw new Error(`Bug: diagnostic code ${code} is not in the catalog`);
  const message = definition.message.replace(PLACEHOLDER, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`Bug: diagnostic ${code} needs a value for {${key}}`);
    return Array.isArray(value) ? value.join(", ") : String(value);
  });
  return {
    code,
    name: definition.name,
    severity: definition.severity,
    message,
    span,
    ...(extras.related !== undefined && extras.related.length > 0 ? { related: extras.related } : {}),
    ...(extras.fixes !== undefined && extras.fixes.length > 0 ? { fixes: extras.fixes } : {}),
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

/** A fix made of a single edit. */
export function singleEditFix(
  title: string,
  applicability: Fix["applicability"],
  span: Span,
  newText: string,
): Fix {
  return { title, applicability, edits: [{ span, newText }] };
}

/** Orders diagnostics by position, then by code, so every consumer sees the same order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
