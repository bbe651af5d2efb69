/**
 * What every validation rule shares: the query, its text, where diagnostics go, the ways to report one,
 * the fix builders used by several rules, and the tables of the language the rules consult. The rules
 * themselves are layered on top (`validate-names.ts`, `validate-conditions.ts`, `validate-clauses.ts`,
 * `validate.ts`), one concern per file; `validateQuery` in `validate.ts` runs them.
 */

import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { singleEditFix, wordSafeFix } from "../diagnostics/make.js";
import { DiagnosticReporter } from "../diagnostics/reporter.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import {
  CLAUSE_ORDER,
  type ClauseName,
  CONTEXTUAL_WORDS,
  RESERVED_WORDS,
  TYPOGRAPHIC_QUOTES,
} from "./language.js";

export const PLAIN_NAME = /^[A-Za-z_]\w*$/;
export const RESERVED: ReadonlySet<string> = new Set(RESERVED_WORDS.map((w) => w.text));
export const CONTEXTUAL: ReadonlySet<string> = new Set(CONTEXTUAL_WORDS.map((w) => w.text));
export const UNCLOSED_QUOTE = new RegExp(`^(?:[${TYPOGRAPHIC_QUOTES}"]|'[^']*)$`);

const CLAUSE_NAMES: Partial<Record<Ast.Clause["kind"], ClauseName>> = {
  SelectClause: "SELECT",
  FromClause: "FROM",
  WhereClause: "WHERE",
  OrderByClause: "ORDER BY",
  LimitClause: "LIMIT",
  TimespanClause: "TIMESPAN",
};

const CLAUSE_RANKS: Partial<Record<Ast.Clause["kind"], number>> = Object.fromEntries(
  Object.entries(CLAUSE_NAMES).map(([kind, name]) => [kind, CLAUSE_ORDER.indexOf(name)]),
);

/** Position of a clause kind in the required order, or `undefined` for clauses outside the language. */
export function clauseRank(clause: Ast.Clause): number | undefined {
  return CLAUSE_RANKS[clause.kind];
}

export const FLAG_WORDS: ReadonlyMap<string, string> = new Map([
  ["TRUE", "1"],
  ["FALSE", "0"],
]);

/** A value written as a plain literal: a number or an ASCII-quoted string. */
export function literal(value: Ast.Value | undefined): boolean {
  return value?.kind === "NumberLiteral" || (value?.kind === "StringLiteral" && value.quote === "ascii");
}

export const NEGATIONS: Readonly<Record<string, string>> = {
  "=": "!=",
  "!=": "=",
  "<": ">=",
  ">": "<=",
  "<=": ">",
  ">=": "<",
  IN: "NOT IN",
  "NOT IN": "IN",
  LIKE: "NOT LIKE",
  "NOT LIKE": "LIKE",
};

export function keywordSpan(clause: Ast.Clause): Span {
  return clause.kind === "InvalidClause" ? clause.span : clause.keyword.span;
}

export function keywordText(clause: Ast.Clause): string {
  if (clause.kind === "InvalidClause") return "";
  return CLAUSE_NAMES[clause.kind] ?? clause.keyword.text;
}

/** What, after a comma, plainly ends a list (read from the text: a comment in between is not plain). */
const LIST_ENDS =
  /\s*(?:(?:asc|desc)(?![\w])\s*)?(?:$|[;),]|(?:from|where|order|group|limit|timespan)(?![\w]))/iy;

/** The query being validated, where its diagnostics go, and the helpers every rule uses. */
export class ValidationContext extends DiagnosticReporter {
  constructor(
    protected readonly query: Ast.Query,
    protected readonly text: string,
    out: Diagnostic[],
    /** Character runs the lexer could not read; already reported, so nothing is reported across them. */
    protected readonly unknown: readonly Span[],
  ) {
    super(out);
  }

  protected slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }

  /**
   * The fix is safe only where the list plainly ends after the comma (the end, `;`, `)`, another comma or a clause
   * keyword, after an optional `ASC`/`DESC`): elsewhere what follows would join the list once the comma
   * is gone (`ORDER BY 10 , DESC 10 Name` became three items with missing commas), and before `(`
   * removing it could turn a name into a call.
   */
  protected reportExtraComma(comma: Span): void {
    LIST_ENDS.lastIndex = comma.end;
    const applicability = LIST_ENDS.test(this.text) ? "safe" : "unsafe";
    this.report(
      "RQ1107",
      comma,
      {},
      { fixes: [wordSafeFix(this.text, "Remove the comma", applicability, comma, "")] },
    );
  }

  protected writeName(span: Span, name: string, applicability: Fix["applicability"]): Fix {
    return wordSafeFix(this.text, `Write \`${name}\``, applicability, span, name);
  }

  /** A fix that removes `span` and the whitespace before it, so no double space is left. */
  protected removalFix(title: string, span: Span, applicability: Fix["applicability"] = "unsafe"): Fix {
    let start = span.start;
    while (start > 0 && /[ \t]/.test(this.text.charAt(start - 1))) start--;
    return singleEditFix(title, applicability, { start, end: span.end }, "");
  }

  protected withTrailingSpace(span: Span): Span {
    let end = span.end;
    while (end < this.text.length && /[ \t]/.test(this.text.charAt(end))) end++;
    return { start: span.start, end };
  }
}
