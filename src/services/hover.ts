/**
 * `hover(text, offset, { catalog })`: Markdown about the word under the cursor: a keyword's meaning, a
 * dataset (family, names, TIMESPAN values), a column or metric (where the documentation shows it), or
 * a TIMESPAN value (and whether the query's dataset offers it).
 */

import { textOrEmpty } from "../diagnostics/text-argument.js";
import { type Catalog, catalogOption } from "../semantic/catalog.js";
import type { ValueDomain } from "../semantic/catalog-format.js";
import { CONTEXTUAL_WORDS, RESERVED_WORDS, TIMESPAN_VALUES } from "../syntax/language.js";
import { lex } from "../syntax/lexer.js";
import { type ParseResult, parse } from "../syntax/parse.js";
import { tokenSpan } from "../syntax/token.js";
import type { Span } from "../text/span.js";
import { cursorContext, datasetName, usableAnalysis } from "./query-at.js";

/** What a hover shows. */
export interface HoverResult {
  readonly range: Span;
  /** Markdown. */
  readonly contents: string;
}

const WORDS = new Map([...RESERVED_WORDS, ...CONTEXTUAL_WORDS].map((w) => [w.text, w]));
const TIMESPAN_DOCS: Readonly<Record<string, string>> = {
  TODAY: "today",
  YESTERDAY: "yesterday",
  LAST_MONTH: "the last calendar month",
  LIFETIME: "all the data there is",
};

const SOURCES: Readonly<Record<string, string>> = {
  service: "a query the live service accepted (a recorded response)",
  "dataset-json": "the dataset's published JSON",
  "system-query": "a system query",
  example: "documentation examples",
  "data-definitions": "the data definitions (download report)",
  user: "the loaded catalog",
};

/** A column's documented values, as inline code, and whether the list is complete. */
function domainText(domain: ValueDomain): string {
  const values = domain.values.map((v) => `\`${String(v.value)}\``).join(", ");
  const complete = domain.exhaustive ? "" : " (examples; the list may not be complete)";
  const caseRule = domain.case === "insensitive" ? ", in any case" : "";
  return `${values}${caseRule}${complete}`;
}

/** Hover contents at `offset`, or `undefined` where there is nothing to say. Never throws. */
export function hover(
  given: string,
  offset: number,
  options: {
    catalog?: Catalog;
    /** The document's parse for this version, reused instead of lexing and parsing again. */
    analysed?: Pick<ParseResult, "tokens" | "comments" | "sqlConstructs">;
  } = {},
): HoverResult | undefined {
  const catalog = catalogOption(options?.catalog);
  // `NaN` or a non-number from a plain JavaScript caller points at no word.
  if (typeof offset !== "number" || Number.isNaN(offset)) return undefined;
  const analysed = usableAnalysis(options?.analysed);
  const text = textOrEmpty(given);
  const token = (analysed ?? lex(text)).tokens.find((t) => {
    const s = tokenSpan(t);
    return offset >= s.start && offset <= s.end;
  });
  if (token === undefined) return undefined;
  const range = tokenSpan(token);
  const word = token.image.toUpperCase();
  const info = WORDS.get(word);
  // A contextual SQL word is explained only where it acts as SQL (the parser reported the construct);
  // elsewhere it is a name like any other (`Group`, `Offset` are real column names).
  if (
    info !== undefined &&
    (info.reserved ||
      (analysed !== undefined && Array.isArray(analysed.sqlConstructs)
        ? analysed
        : parse(text)
      ).sqlConstructs.some((s) => s.start <= range.start && s.end >= range.end))
  ) {
    const what = info.reserved ? "keyword" : "SQL word the language does not have";
    return { range, contents: `**${info.text}** (${what})\n\n${info.doc}` };
  }
  const query = cursorContext(text, range.start, analysed).query;
  const dataset = catalog.dataset(token.image);
  const queryDataset = catalog.dataset(datasetName(query) ?? "");
  if (TIMESPAN_VALUES.includes(word) && query?.timespan?.value?.span.start === range.start) {
    const offered = queryDataset?.dateRanges;
    const note =
      queryDataset === undefined || offered === null || offered === undefined
        ? ""
        : offered.includes(word)
          ? `\n\n${queryDataset.name} offers it.`
          : `\n\n${queryDataset.name} does not offer it; it offers ${offered.join(", ")}.`;
    const period =
      TIMESPAN_DOCS[word] ??
      word
        .toLowerCase()
        .replace(/^last_/, "the last ")
        .replace(/_/g, " ");
    return { range, contents: `**TIMESPAN ${word}**: exports ${period}.${note}` };
  }
  if (dataset !== undefined && query?.from?.dataset?.span.start === range.start) {
    const columns = dataset.columns.filter((c) => c.kind === "column").length;
    const metrics = dataset.columns.length - columns;
    const ranges =
      dataset.dateRanges === null ? "not documented (any of the 13 periods)" : dataset.dateRanges.join(", ");
    const lines = [
      `**${dataset.name}** (dataset${dataset.family ? `, ${dataset.family}` : ""})`,
      ...(dataset.description ? ["", dataset.description] : []),
      "",
      `${columns} columns, ${metrics} metrics. TIMESPAN values: ${ranges}.`,
      ...(dataset.minimumRecurrenceInterval !== null
        ? [`Minimum recurrence interval: ${dataset.minimumRecurrenceInterval} hours.`]
        : []),
    ];
    return { range, contents: lines.join("\n") };
  }
  const column = queryDataset?.column(token.image);
  if (column !== undefined && queryDataset !== undefined) {
    const seen = column.seen.map((s) => SOURCES[s] ?? s).join("; ");
    const lines = [
      `**${column.name}** (${column.kind} of ${queryDataset.name}${column.type ? `, ${column.type}` : ""})`,
      ...(column.kind === "metric"
        ? ["", "A metric: aggregated per distinct combination of the selected columns."]
        : []),
      ...(column.description ? ["", column.description] : []),
      "",
      `Seen in ${seen}.${column.legacy ? " Only in older documentation pages." : ""}`,
      ...(column.definitionsOnly
        ? ["", "Listed only in the data definitions: not confirmed selectable."]
        : []),
      ...(column.dropped !== undefined
        ? [
            "",
            `No longer listed in the newest documentation (${column.dropped.source.date}): ${column.dropped.note}.`,
          ]
        : []),
      ...(column.values !== undefined ? ["", `Values: ${domainText(column.values)}.`] : []),
    ];
    return { range, contents: lines.join("\n") };
  }
  return undefined;
}
