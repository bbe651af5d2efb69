/**
 * Syntax validation of one parsed query: the parser accepts a superset of the language, and this pass
 * reports everything in that superset that the language lacks (clause order, SQL constructs, missing
 * parts), each with its own code, a message that says what to write instead, and a fix where one is safe.
 */

import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { singleEditFix } from "../diagnostics/make.js";
import { emptySpan, type Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { ClauseRules } from "./validate-clauses.js";
import { clauseRank, keywordSpan, keywordText, PLAIN_NAME, RESERVED } from "./validate-context.js";

/** A comment right after a query's last token, on the same line. */
const TRAILING_COMMENT = /^[ \t]*(?:--[^\r\n]*|\/\*(?:(?!\*\/)[^\r\n])*\*\/)/;

/** The clause that comes first in the text among `firstOfRank[from...]`. */
function earliest(firstOfRank: readonly (Ast.Clause | undefined)[], from: number): Ast.Clause | undefined {
  let best: Ast.Clause | undefined;
  for (let r = from; r < firstOfRank.length; r++) {
    const clause = firstOfRank[r];
    if (clause !== undefined && (best === undefined || clause.span.start < best.span.start)) best = clause;
  }
  return best;
}

/** Validates one query and appends its diagnostics. */
export function validateQuery(
  query: Ast.Query,
  text: string,
  diagnostics: Diagnostic[],
  unknown: readonly Span[] = [],
): void {
  new QueryValidator(query, text, diagnostics, unknown).run();
}

class QueryValidator extends ClauseRules {
  run(): void {
    this.checkStructure();
    this.checkClauseOrder();
    for (const clause of this.query.clauses) this.checkClause(clause);
  }

  protected checkStructure(): void {
    const { clauses } = this.query;
    const first = clauses[0];
    if (first === undefined) return;
    if (this.query.select === undefined) {
      if (first.kind === "InvalidClause") this.reportMissingSelect(first);
      else this.report("RQ1102", first.kind === "JoinClause" ? first.span : keywordSpan(first));
    }
    if (this.query.from === undefined && this.query.select !== undefined) {
      this.report("RQ1103", emptySpan(this.query.select.span.end));
    }
    const seen = new Map<string, Ast.Clause>();
    for (const clause of clauses) {
      if (clause.kind === "InvalidClause" || clause.kind === "JoinClause") continue;
      const earlier = seen.get(clause.kind);
      if (earlier === undefined) {
        seen.set(clause.kind, clause);
        continue;
      }
      const name = keywordText(clause);
      this.report(
        "RQ1109",
        keywordSpan(clause),
        { clause: name },
        {
          related: [{ span: keywordSpan(earlier), message: `The first \`${name}\` clause is here` }],
        },
      );
    }
  }

  /** A query that starts with stray tokens: if they are a list of names followed by FROM, SELECT was left out. */
  protected reportMissingSelect(first: Ast.InvalidClause): void {
    const parts = first.tokens.map((t) => this.slice(t));
    const isName = (p: string) => PLAIN_NAME.test(p) && !RESERVED.has(p.toUpperCase());
    const isNameList = parts.every((p, i) => (i % 2 === 0 ? isName(p) : p === ",")) && parts.length % 2 === 1;
    const followedByFrom = this.query.clauses[1]?.kind === "FromClause";
    const fixes =
      isNameList && followedByFrom
        ? [singleEditFix("Insert `SELECT`", "safe", emptySpan(first.span.start), "SELECT ")]
        : [];
    this.report("RQ1102", first.span, {}, { fixes });
  }

  protected checkClauseOrder(): void {
    // The first clause seen of each rank: the earliest clause of a higher rank is found in six steps.
    const firstOfRank: (Ast.Clause | undefined)[] = [];
    let fix: Fix | undefined;
    for (const clause of this.query.clauses) {
      const rank = clauseRank(clause);
      if (rank === undefined) continue;
      firstOfRank[rank] ??= clause;
      const previous = earliest(firstOfRank, rank + 1);
      if (previous === undefined) continue;
      // Reordering a query with a repeated clause would interleave the copies: no fix then.
      if (fix === undefined && !this.hasRepeatedClause()) fix = this.reorderFix();
      const fixes = fix === undefined ? [] : [fix];
      this.report(
        "RQ1108",
        keywordSpan(clause),
        { clause: keywordText(clause), previous: keywordText(previous) },
        {
          related: [{ span: keywordSpan(previous), message: `\`${keywordText(previous)}\` is here` }],
          fixes,
        },
      );
    }
  }

  protected hasRepeatedClause(): boolean {
    const kinds = this.query.clauses.filter((c) => clauseRank(c) !== undefined).map((c) => c.kind);
    return new Set(kinds).size !== kinds.length;
  }

  /**
   * Rewrites the query with its clauses in the required order. Each clause moves with the text that
   * follows it up to the next clause (comments included); clauses outside the language stay attached
   * to the clause before them.
   */
  protected reorderFix(): Fix {
    const chunks: { rank: number; text: string }[] = [];
    const clauses = this.query.clauses;
    // A comment on the last clause's line belongs to it and moves with it.
    const queryEnd =
      this.query.span.end + (TRAILING_COMMENT.exec(this.text.slice(this.query.span.end))?.[0].length ?? 0);
    for (const [index, clause] of clauses.entries()) {
      const end = clauses[index + 1]?.span.start ?? queryEnd;
      const chunkText = this.text.slice(clause.span.start, end);
      const rank = clauseRank(clause);
      const last = chunks[chunks.length - 1];
      if (rank === undefined && last !== undefined) last.text += chunkText;
      else chunks.push({ rank: rank ?? -1, text: chunkText });
    }
    const ordered = chunks
      .map((c, i) => ({ ...c, i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((c) => c.text.trimEnd());
    const span = { start: this.query.clauses[0]?.span.start ?? this.query.span.start, end: queryEnd };
    // A query written over several lines keeps one clause per line, with its own line ending; one
    // written on a line stays on it, unless a line comment now ends a clause and needs a break after it.
    const lineBreak = /\r\n|\n|\r/.exec(this.text.slice(span.start, span.end))?.[0];
    const separator = lineBreak ?? (ordered.some((t) => /--[^\n\r]*$/.test(t)) ? "\n" : " ");
    return singleEditFix("Reorder the clauses", "safe", span, ordered.join(separator));
  }
}
