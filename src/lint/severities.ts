/**
 * Rule severities: a configuration maps codes (or their names) to a severity, or to `off`, which drops
 * the code. Applied after `check` and before suppressions, the same way for every front end.
 */
import { DIAGNOSTICS, type DiagnosticCode, type DiagnosticDefinition } from "../diagnostics/catalog.js";
import type { Diagnostic, Fix, Severity } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant } from "../diagnostics/make.js";
import { closestNames } from "../semantic/suggest.js";
import { emptySpan, type Span } from "../text/span.js";

/** A configured severity; `off` drops the code. */
export type SeverityOverride = Severity | "off";

/** Configured severities by code. */
export type RuleSeverities = ReadonlyMap<DiagnosticCode, SeverityOverride>;

/** The words a configuration may use for a severity (`warn` and `warning` are the same). */
const SEVERITY_WORDS: ReadonlyMap<string, SeverityOverride> = new Map([
  ["off", "off"],
  ["hint", "hint"],
  ["info", "info"],
  ["warn", "warning"],
  ["warning", "warning"],
  ["error", "error"],
]);

/** The severity words, for messages. */
export const SEVERITY_WORD_LIST = ["off", "hint", "info", "warn", "error"] as const;

/** A severity word (any case), or `undefined` when the value is not one. */
export function parseSeverity(value: unknown): SeverityOverride | undefined {
  return typeof value === "string" ? SEVERITY_WORDS.get(value.toLowerCase()) : undefined;
}

const BY_NAME: ReadonlyMap<string, DiagnosticCode> = new Map(DIAGNOSTICS.map((d) => [d.name, d.code]));
const BY_CODE: ReadonlyMap<string, DiagnosticCode> = new Map(DIAGNOSTICS.map((d) => [d.code, d.code]));

/** The code a rule key names: a code in any case (`rq2015`) or a kebab-case name (`unconfirmed-column`). */
export function ruleCode(key: string): DiagnosticCode | undefined {
  if (typeof key !== "string") return undefined;
  return BY_CODE.get(key.toUpperCase()) ?? BY_NAME.get(key);
}

const CODES_AND_NAMES: readonly string[] = DIAGNOSTICS.flatMap((d) => [d.code, d.name]);

/** The codes and names closest to a mistyped one, best first (for "did you mean"). */
export function closestRules(typed: string, limit = 3): string[] {
  return closestNames(typed, CODES_AND_NAMES, limit);
}

/** A retired code a rule or a suppression names, and the code that took over its check, if any. */
export interface Retirement {
  readonly code: DiagnosticCode;
  readonly name: string;
  readonly replacedBy?: { readonly code: DiagnosticCode; readonly name: string };
}

const DEFINITIONS: readonly DiagnosticDefinition[] = DIAGNOSTICS;
const RETIRED: ReadonlyMap<string, Retirement> = new Map(
  DEFINITIONS.filter((d) => d.retired !== undefined).map((d) => {
    const next = DEFINITIONS.find((n) => n.code === d.replacedBy && n.retired === undefined);
    const replacedBy =
      next === undefined ? undefined : { code: next.code as DiagnosticCode, name: next.name };
    return [d.code, { code: d.code as DiagnosticCode, name: d.name, ...(replacedBy && { replacedBy }) }];
  }),
);

/** The retirement of a code, or `undefined` for a code still reported. */
export function retirementOf(code: string): Retirement | undefined {
  return RETIRED.get(code);
}

/**
 * What a rule naming a retired code (`written` as the user wrote it) means: for a code replaced by
 * another, it is applied to that one; otherwise it does nothing. Said in a few words, for warnings.
 */
export function retiredRuleMessage(written: string, retirement: Retirement): string {
  return retiredRuleDiagnostic(emptySpan(0), written, retirement).message;
}

/**
 * RQ9207 for a rule naming a retired code, at `span`; `fix` is given what to write instead (the
 * replacement's code, or its name when the rule was written by name) and says whether to offer it.
 */
export function retiredRuleDiagnostic(
  span: Span,
  written: string,
  retirement: Retirement,
  fix: (instead: string) => Fix | undefined = () => undefined,
): Diagnostic {
  const { code, name, replacedBy } = retirement;
  if (replacedBy === undefined) return makeVariant("RQ9207", "notReplaced", span, { code, name });
  const instead = written.toUpperCase() === code ? replacedBy.code : replacedBy.name;
  const data = {
    code,
    name,
    replacement: replacedBy.code,
    replacementName: replacedBy.name,
    suggestion: instead,
  };
  const offered = fix(instead);
  return makeDiagnostic("RQ9207", span, data, offered === undefined ? {} : { fixes: [offered] });
}

/**
 * Severities with retired codes resolved: each setting of a replaced code moves to the code that
 * replaced it, unless that code is set itself (the newer name wins); settings of codes no longer
 * reported are dropped. Settings of active codes are kept as they are.
 */
export function resolveRetired(
  severities: ReadonlyMap<DiagnosticCode, SeverityOverride>,
): Map<DiagnosticCode, SeverityOverride> {
  const out = new Map<DiagnosticCode, SeverityOverride>();
  for (const [code, severity] of severities) if (retirementOf(code) === undefined) out.set(code, severity);
  for (const [code, severity] of severities) {
    const next = retirementOf(code)?.replacedBy?.code;
    if (next !== undefined && !severities.has(next)) out.set(next, severity);
  }
  return out;
}

/** The diagnostics with the configured severities; `off` codes are dropped. A library caller may pass anything. */
export function applySeverities(diagnostics: readonly Diagnostic[], given: RuleSeverities): Diagnostic[] {
  return applyCheckedSeverities(diagnostics, severitiesOption(given));
}

/**
 * `applySeverities` for severities already read by `severitiesOption` (the lint pipeline's options,
 * a parsed configuration's rules): not read again for every document.
 */
export function applyCheckedSeverities(
  diagnostics: readonly Diagnostic[],
  severities: RuleSeverities,
): Diagnostic[] {
  if (severities.size === 0) return [...diagnostics];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = severities.get(d.code);
    if (override === "off") continue;
    out.push(override === undefined || override === d.severity ? d : { ...d, severity: override });
  }
  return out;
}

/**
 * The severities a `severities` option gives. A map, or (from plain JavaScript) an object like a
 * configuration's `rules`, keyed by code or rule name; entries whose key names no rule or whose value
 * is no severity word are left out, so no made-up severity reaches a diagnostic. Anything else is none.
 */
export function severitiesOption(value: unknown): RuleSeverities {
  let entries: Iterable<[unknown, unknown]>;
  if (value instanceof Map) entries = value;
  else if (typeof value === "object" && value !== null && !Array.isArray(value))
    entries = Object.entries(value);
  else return new Map();
  const out = new Map<DiagnosticCode, SeverityOverride>();
  for (const [key, word] of entries) {
    const code = typeof key === "string" ? ruleCode(key) : undefined;
    const severity = parseSeverity(word);
    if (code !== undefined && severity !== undefined) out.set(code, severity);
  }
  // A library caller naming a retired code means the code that replaced it, as a configuration does.
  return resolveRetired(out);
}
