import type { Mutable } from "../text/mutable.js";
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
 * A message template split once into literal text and placeholder names (`parts[0] key[0] parts[1]
 * ...`): filling it is a join, not a regular-expression replace per diagnostic.
 */
interface CompiledTemplate {
  readonly parts: readonly string[];
  readonly keys: readonly string[];
}

const COMPILED = new Map<string, CompiledTemplate>();

function compiledTemplate(template: string): CompiledTemplate {
  let compiled = COMPILED.get(template);
  if (compiled === undefined) {
    // `split` with a capturing group alternates text and captured names: text, key, text, ...
    const pieces = template.split(PLACEHOLDER);
    compiled = {
      parts: pieces.filter((_, i) => i % 2 === 0),
      keys: pieces.filter((_, i) => i % 2 === 1),
    };
    COMPILED.set(template, compiled);
  }
  return compiled;
}

function fillTemplate(code: string, template: string, data: DiagnosticData): string {
  const { parts, keys } = compiledTemplate(template);
  let message = parts[0] as string;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = data[key];
    if (value === undefined) throw new Error(`Bug: diagnostic ${code} needs a value for {${key}}`);
    message += (Array.isArray(value) ? value.join(", ") : String(value)) + (parts[i + 1] as string);
  }
  return message;
}

function hasKeys(data: DiagnosticData): boolean {
  for (const _ in data) return true;
  return false;
}

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
  // Optional fields are set, not spread in (a spread builds and copies an object per field), in the
  // order consumers and goldens see them.
  const diagnostic: Mutable<Diagnostic> = {
    code,
    name: definition.name,
    severity: definition.severity,
    message: fillTemplate(code, definition.message, data),
    span,
  };
  if (extras.related !== undefined && extras.related.length > 0) diagnostic.related = extras.related;
  if (extras.fixes !== undefined && extras.fixes.length > 0) diagnostic.fixes = extras.fixes;
  if (hasKeys(data)) diagnostic.data = data;
  return diagnostic;
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

/**
 * A single-edit fix that never makes two words one: where the new text (or, for a removal, the text on
 * the other side) would put two word characters side by side, a space is kept between them
 * (`OrderId,FROM` loses its comma as `OrderId FROM`; ` DESC` inserted before `SELECT` stays apart).
 * A fix that means to join two parts of one word (removing an invisible character) does not use it.
 */
export function wordSafeFix(
  text: string,
  title: string,
  applicability: Fix["applicability"],
  span: Span,
  newText: string,
): Fix {
  const before = text.charAt(span.start - 1);
  const after = text.charAt(span.end);
  let replacement = newText;
  if (replacement === "") replacement = WORD.test(before) && WORD.test(after) ? " " : "";
  else {
    if (WORD.test(before) && WORD.test(replacement.charAt(0))) replacement = ` ${replacement}`;
    if (WORD.test(after) && WORD.test(replacement.charAt(replacement.length - 1)))
      replacement = `${replacement} `;
  }
  return singleEditFix(title, applicability, span, replacement);
}

const WORD = /\w/;

/** Orders diagnostics by position, then by code, so every consumer sees the same order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
