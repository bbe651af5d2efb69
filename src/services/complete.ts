/**
 * `complete(text, offset, { catalog })`: what may come at the cursor. The cursor's context is read
 * from the tokens before it (the last clause keyword and what follows it) and the query's recovered
 * AST, which gives the dataset even when `FROM` comes after the cursor. The keywords, operators and
 * directions offered come from the language table (`language.ts`) that also defines the tokens, in
 * the clause order the validator enforces, so there is no second list to drift.
 */
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { type Catalog, type ColumnInfo, catalogOption, type DatasetInfo } from "../semantic/catalog.js";
import {
  ALL_OPERATORS,
  CLAUSE_ORDER,
  type ClauseName,
  RESERVED_WORDS,
  TIMESPAN_VALUES,
} from "../syntax/language.js";
import type { ParseResult } from "../syntax/parse.js";
import { clauseOf, isToken, type Token } from "../syntax/token.js";
import type { Span } from "../text/span.js";
import { type CursorContext, cursorContext, datasetName } from "./query-at.js";

/** The kind of a completion item, for icons and sorting. */
export type CompletionKind =
  | "keyword"
  | "dataset"
  | "column"
  | "metric"
  | "operator"
  | "timespan"
  | "snippet";

/** One thing that may be inserted at the cursor. */
export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text to insert; a snippet with `${1:placeholder}` tab stops when `snippet` is true. */
  readonly insertText: string;
  readonly snippet?: boolean;
  /** One line shown next to the label. */
  readonly detail?: string;
  /** Markdown shown in the details panel. */
  readonly documentation?: string;
  /** Orders items: lower first. */
  readonly sortText: string;
}

/** Completions at a position. */
export interface CompletionResult {
  readonly items: readonly CompletionItem[];
  /** The range the chosen item replaces: the word at the cursor. */
  readonly range: Span;
  /** The context that was recognised, for tests and debugging. */
  readonly context: string;
}

/** Options of `complete`. */
export interface CompleteOptions {
  readonly catalog?: Catalog;
  /**
   * The document's parse for this version (an `AnalysisCache` entry's `checked`), so that completion
   * reuses it instead of lexing the document again on every keystroke.
   */
  readonly analysed?: Pick<ParseResult, "tokens" | "comments">;
}

const DOCS: ReadonlyMap<string, string> = new Map(RESERVED_WORDS.map((w) => [w.text, w.doc]));
const DIRECTIONS = RESERVED_WORDS.filter((w) => w.role === "direction").map((w) => w.text);

/** Completions at `offset`. Never throws. */
export function complete(text: string, offset: number, options: CompleteOptions = {}): CompletionResult {
  const catalog = catalogOption(options?.catalog);
  const cursor = cursorContext(textOrEmpty(text), offset, options?.analysed);
  if (cursor.inTrivia) return { items: [], range: cursor.word, context: "trivia" };
  const name = datasetName(cursor.query);
  const dataset = name === undefined ? undefined : catalog.dataset(name);
  const { context, items } = suggest(cursor, catalog, dataset);
  const prefix = cursor.prefix.toLowerCase();
  const filtered = prefix === "" ? items : items.filter((i) => i.label.toLowerCase().startsWith(prefix));
  return { items: filtered, range: cursor.word, context };
}

interface Suggestion {
  readonly context: string;
  readonly items: CompletionItem[];
}

function suggest(cursor: CursorContext, catalog: Catalog, dataset: DatasetInfo | undefined): Suggestion {
  const before = cursor.before;
  let clauseIndex = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    if (clauseOf(before[i] as Token) !== undefined) {
      clauseIndex = i;
      break;
    }
  }
  if (clauseIndex === -1) {
    if (before.length > 0) return { context: "select-list", items: columns(dataset) };
    return { context: "query-start", items: [...querySnippets(), keyword("SELECT", 0)] };
  }
  const clause = clauseOf(before[clauseIndex] as Token) as ClauseName;
  const after = before.slice(clauseIndex + 1);
  const last = after[after.length - 1];
  switch (clause) {
    case "SELECT":
      if (last === undefined)
        return { context: "select-list", items: [...columns(dataset), keyword("DISTINCT", 1)] };
      if (isToken(last, "DISTINCT") || isToken(last, ","))
        return { context: "select-list", items: columns(dataset) };
      return { context: "after-select-item", items: nextClauses("SELECT") };
    case "FROM":
      if (last === undefined) return { context: "dataset", items: datasets(catalog) };
      return { context: "after-dataset", items: nextClauses("FROM") };
    case "WHERE":
      return whereContext(after, dataset);
    case "ORDER BY":
      if (last === undefined || isToken(last, "ORDER"))
        return { context: "order-by", items: [keyword("BY", 0)] };
      if (isToken(last, "BY") || isToken(last, ","))
        return { context: "order-item", items: columns(dataset) };
      if (isToken(last, "ASC") || isToken(last, "DESC"))
        return { context: "after-order-item", items: nextClauses("ORDER BY") };
      return {
        context: "order-direction",
        items: [...DIRECTIONS.map((d, i) => keyword(d, i)), ...nextClauses("ORDER BY", 10)],
      };
    case "LIMIT":
      if (last === undefined) return { context: "limit-count", items: [] };
      return { context: "after-limit", items: nextClauses("LIMIT") };
    case "TIMESPAN":
      if (last === undefined) return { context: "timespan-value", items: timespans(dataset) };
      return { context: "after-timespan", items: [] };
  }
}

/** Where in a condition the cursor is: subject, operator, value, or after a whole condition. */
function whereContext(after: readonly Token[], dataset: DatasetInfo | undefined): Suggestion {
  type State = "subject" | "operator" | "negated" | "list" | "value" | "in-list" | "done";
  let state: State = "subject";
  let depth = 0;
  for (const token of after) {
    if (depth > 0) {
      if (isToken(token, "(")) depth++;
      else if (isToken(token, ")") && --depth === 0) state = "done";
      continue;
    }
    if (isToken(token, "AND") || isToken(token, "OR")) state = "subject";
    else if (isToken(token, "(")) {
      depth = 1;
      state = "in-list";
    } else if (state === "subject") state = "operator";
    else if (state === "operator")
      state = isToken(token, "NOT") ? "negated" : isToken(token, "IN") ? "list" : "value";
    else if (state === "negated") state = isToken(token, "IN") ? "list" : "value";
    else if (state === "value") state = "done";
  }
  switch (state) {
    case "subject":
      return { context: "condition-subject", items: columns(dataset) };
    case "operator":
      return {
        context: "operator",
        items: ALL_OPERATORS.map((op, i) => ({
          label: op,
          kind: "operator",
          insertText: op,
          sortText: pad(i),
        })),
      };
    case "negated":
      return { context: "negated-operator", items: ["IN", "LIKE"].map((k, i) => keyword(k, i)) };
    case "list":
      return {
        context: "value-list",
        items: [
          {
            label: "(…)",
            kind: "snippet",
            insertText: "(${1})",
            snippet: true,
            detail: "a list of values",
            sortText: pad(0),
          },
        ],
      };
    case "value":
    case "in-list":
      return { context: "value", items: [] };
    case "done":
      return { context: "after-condition", items: [keyword("AND", 0), ...nextClauses("WHERE", 10)] };
  }
}

function pad(n: number): string {
  return String(n).padStart(4, "0");
}

function keyword(text: string, order: number): CompletionItem {
  const doc = DOCS.get(text.split(" ")[0] ?? text);
  return {
    label: text,
    kind: "keyword",
    insertText: text,
    sortText: pad(order),
    ...(doc && { documentation: doc }),
  };
}

/** The clauses that may follow `clause`, in the required order. */
function nextClauses(clause: ClauseName, first = 0): CompletionItem[] {
  return CLAUSE_ORDER.slice(CLAUSE_ORDER.indexOf(clause) + 1).map((c, i) => keyword(c, first + i));
}

function querySnippets(): CompletionItem[] {
  return [
    {
      label: "SELECT … FROM … TIMESPAN …",
      kind: "snippet",
      insertText: "SELECT ${1:columns}\nFROM ${2:dataset}\nTIMESPAN ${3:LAST_MONTH}",
      snippet: true,
      detail: "a whole query",
      sortText: pad(0),
    },
    {
      label: "SELECT … FROM … WHERE … ORDER BY …",
      kind: "snippet",
      insertText:
        "SELECT ${1:columns}\nFROM ${2:dataset}\nWHERE ${3:condition}\nORDER BY ${4:column} DESC\nLIMIT ${5:100}\nTIMESPAN ${6:LAST_MONTH}",
      snippet: true,
      detail: "a whole query with every clause",
      sortText: pad(1),
    },
  ];
}

function datasets(catalog: Catalog): CompletionItem[] {
  return catalog.datasets.map((d) => ({
    label: d.name,
    kind: "dataset" as const,
    insertText: d.name,
    detail: `${d.family ?? "dataset"}: ${d.columns.length} columns and metrics`,
    ...(d.description && { documentation: d.description }),
    sortText: d.name,
  }));
}

/** The dataset's columns, then its metrics; names confirmed by the documentation first. */
function columns(dataset: DatasetInfo | undefined): CompletionItem[] {
  if (dataset === undefined) return [];
  return dataset.columns.map((c: ColumnInfo) => {
    return {
      label: c.name,
      kind: c.kind,
      insertText: c.name,
      detail: `${c.kind} of ${dataset.name}${c.unconfirmed ? " (data definitions only)" : ""}`,
      ...(c.description && { documentation: c.description }),
      sortText: `${c.kind === "column" ? 0 : 1}${c.unconfirmed ? 1 : 0}${c.name}`,
    };
  });
}

function timespans(dataset: DatasetInfo | undefined): CompletionItem[] {
  const values = dataset?.dateRanges ?? TIMESPAN_VALUES;
  return values.map((v, i) => ({
    label: v,
    kind: "timespan" as const,
    insertText: v,
    detail: dataset?.dateRanges ? `offered by ${dataset.name}` : "a documented period",
    sortText: pad(i),
  }));
}
