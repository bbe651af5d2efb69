/**
 * Values that return an empty report: where the documentation lists every value of a column (an
 * exhaustive value domain in the catalog, each value with its source), a literal outside that list is
 * accepted by the service and silently filters everything out (`SKUBillingType = 'Paided'`), or, under
 * `!=` and `NOT IN`, filters nothing. Compared as the documentation says: without regard to case when
 * values are case-insensitive; numbers by value (`'1'` converts; `'False'` does not).
 */
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant, singleEditFix } from "../diagnostics/make.js";
import type * as Ast from "../syntax/ast.js";
import type { ColumnInfo } from "./catalog.js";
import type { ValueDomain } from "./catalog-format.js";
import { closestNames } from "./suggest.js";

/** The operators whose literals are judged against a domain; the rest (`<`, `>`) compare ranges. */
const EQUALITY = new Set(["=", "!=", "IN", "NOT IN"]);
const PATTERN = new Set(["LIKE", "NOT LIKE"]);
const NEGATIVE = new Set(["!=", "NOT IN", "NOT LIKE"]);

/** Diagnostics for the literals of a condition on a column with an exhaustive value domain. */
export function domainProblems(column: ColumnInfo, operator: string, value: Ast.Value): Diagnostic[] {
  const domain = column.values;
  if (domain === undefined || !domain.exhaustive) return [];
  const negative = NEGATIVE.has(operator);
  if (PATTERN.has(operator)) {
    if (value.kind !== "StringLiteral" || matchesSomeValue(domain, value.value)) return [];
    const variant = negative ? "patternExcludesNothing" : "pattern";
    return [makeVariant("RQ2020", variant, value.span, data(column, domain, value.value))];
  }
  if (!EQUALITY.has(operator)) return [];
  const literals = value.kind === "ValueList" ? value.items : [value];
  return literals.flatMap((literal) => literalProblem(column, domain, literal, negative));
}

function literalProblem(
  column: ColumnInfo,
  domain: ValueDomain,
  literal: Ast.Value,
  negative: boolean,
): Diagnostic[] {
  if (literal.kind !== "StringLiteral" && literal.kind !== "NumberLiteral") return [];
  const written = literal.kind === "StringLiteral" ? literal.value : literal.raw;
  if (inDomain(domain, written)) return [];
  const suggestion = suggest(domain, written);
  const base = data(column, domain, written);
  if (suggestion === undefined)
    return [
      negative
        ? makeVariant("RQ2020", "excludesNothing", literal.span, base)
        : makeDiagnostic("RQ2020", literal.span, base),
    ];
  const fixes: Fix[] = [replacement(domain, literal, suggestion)];
  const variant = negative ? "excludesNothingDidYouMean" : "didYouMean";
  return [makeVariant("RQ2020", variant, literal.span, { ...base, suggestion }, { fixes })];
}

function data(column: ColumnInfo, domain: ValueDomain, value: string) {
  return { value, column: column.name, values: domain.values.map((v) => String(v.value)) };
}

function inDomain(domain: ValueDomain, written: string): boolean {
  if (domain.type === "number") {
    const number = written.trim() === "" ? Number.NaN : Number(written);
    return domain.values.some((v) => Number(v.value) === number);
  }
  return domain.values.some((v) => same(domain, String(v.value), written));
}

function same(domain: ValueDomain, a: string, b: string): boolean {
  return domain.case === "insensitive" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The value meant: `TRUE`/`FALSE` for a 0/1 flag, else the closest value by spelling. */
function suggest(domain: ValueDomain, written: string): string | undefined {
  const values = domain.values.map((v) => String(v.value));
  if (domain.type === "number" && values.includes("0") && values.includes("1")) {
    const word = written.trim().toLowerCase();
    if (word === "true" || word === "yes") return "1";
    if (word === "false" || word === "no") return "0";
    return undefined;
  }
  return closestNames(written, values, 1)[0];
}

/** Writes the suggested value in the literal's place, as a string or a number as the domain wants. */
function replacement(
  domain: ValueDomain,
  literal: Ast.StringLiteral | Ast.NumberLiteral,
  suggestion: string,
): Fix {
  const text = domain.type === "number" ? suggestion : `'${suggestion.replace(/'/g, "''")}'`;
  return singleEditFix(`Write ${text}`, "unsafe", literal.span, text);
}

/** Whether a `LIKE` pattern (`%` any run, `_` one character) matches one of the domain's values. */
function matchesSomeValue(domain: ValueDomain, pattern: string): boolean {
  const fold = (t: string) => (domain.case === "insensitive" ? t.toLowerCase() : t);
  return domain.values.some((v) => likeMatches(fold(pattern), fold(String(v.value))));
}

/**
 * `LIKE` matching without a regular expression (a pattern of many `%` would make one backtrack
 * exponentially): the greedy wildcard algorithm, which remembers only the last `%` and is linear in
 * practice, quadratic at worst.
 */
export function likeMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "_" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "%") {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "%") p++;
  return p === pattern.length;
}
