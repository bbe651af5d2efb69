/**
 * What every semantic rule shares: the query, its text and catalog, the dataset it binds to (set by
 * name binding, read by the TIMESPAN rules), where diagnostics go and how to report one. The rules are
 * layered on top: `timespan.ts`, `name-binding.ts`, then the value rules in `check.ts`.
 */

import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { singleEditFix } from "../diagnostics/make.js";
import { DiagnosticReporter } from "../diagnostics/reporter.js";
import type * as Ast from "../syntax/ast.js";
import type { Catalog, DatasetInfo } from "./catalog.js";

/** The state of one query's semantic check. */
export class CheckContext extends DiagnosticReporter {
  protected dataset: DatasetInfo | undefined;

  constructor(
    protected readonly query: Ast.Query,
    protected readonly text: string,
    protected readonly catalog: Catalog,
    out: Diagnostic[],
    /** The structure may be wrong: nothing is inferred from a part being absent. */
    protected readonly uncertain: boolean,
    /** The query uses SQL constructs, so its author had SQL's meaning (ascending sorts) in mind. */
    protected readonly writtenForSql: boolean,
  ) {
    super(out);
  }

  protected slice(node: { span: { start: number; end: number } }): string {
    return this.text.slice(node.span.start, node.span.end);
  }
}

/** Letters, digits and `_` only (what `/^\w+$/` matches), tested without a regular expression. */
export function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const isWordChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
    if (!isWordChar) return false;
  }
  return true;
}

/** The closest suggestion as an unsafe fix: the user confirms that this name was meant. */
export function replaceFixes(
  id: { span: { start: number; end: number } },
  suggestions: readonly string[],
): Fix[] {
  const best = suggestions[0];
  return best === undefined ? [] : [singleEditFix(`Write \`${best}\``, "unsafe", id.span, best)];
}
