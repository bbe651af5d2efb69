/**
 * The vocabulary of the report query language, in one table.
 *
 * Everything that lists keywords derives from here: the lexer's token types, the TextMate grammar,
 * the Monaco tokenizer, completion and hover. Reserved words are only the language's own; SQL words
 * that the language lacks (`OR`, `GROUP`, `AS`...) are "contextual": they lex as identifiers (a dataset
 * may well have a column called `Group` or `Offset`) and the parser recognises them only where SQL would
 * use them, to explain what to write instead.
 */

/** What a word does in the language. */
export type WordRole = "clause" | "modifier" | "operator" | "direction" | "sql-only";

/** One entry of the keyword table. */
export interface WordInfo {
  /** Upper-case spelling, as the formatter writes it. */
  readonly text: string;
  /** Name of the Chevrotain token type. */
  readonly tokenName: string;
  /** Reserved words can never be names; contextual words are names unless the context says otherwise. */
  readonly reserved: boolean;
  readonly role: WordRole;
  /** One-line documentation, shown on hover. */
  readonly doc: string;
}

/** Reserved keywords of the documented language. */
export const RESERVED_WORDS: readonly WordInfo[] = [
  {
    text: "SELECT",
    tokenName: "Select",
    reserved: true,
    role: "clause",
    doc: "Starts a query: the columns and metrics to export, separated by commas.",
  },
  {
    text: "DISTINCT",
    tokenName: "Distinct",
    reserved: true,
    role: "modifier",
    doc: "Right after `SELECT`: export each distinct combination of the selected columns once.",
  },
  {
    text: "FROM",
    tokenName: "From",
    reserved: true,
    role: "clause",
    doc: "Names the one dataset the query reads.",
  },
  {
    text: "WHERE",
    tokenName: "Where",
    reserved: true,
    role: "clause",
    doc: "Filters rows: conditions `name operator value` joined with `AND`.",
  },
  {
    text: "AND",
    tokenName: "And",
    reserved: true,
    role: "operator",
    doc: "Joins two `WHERE` conditions; both must hold. There is no `OR`.",
  },
  {
    text: "ORDER",
    tokenName: "Order",
    reserved: true,
    role: "clause",
    doc: "`ORDER BY name [ASC|DESC], ...` sorts the export. Without a direction the sort is descending.",
  },
  { text: "BY", tokenName: "By", reserved: true, role: "clause", doc: "Part of `ORDER BY`." },
  {
    text: "ASC",
    tokenName: "Asc",
    reserved: true,
    role: "direction",
    doc: "Sort ascending (smallest first).",
  },
  {
    text: "DESC",
    tokenName: "Desc",
    reserved: true,
    role: "direction",
    doc: "Sort descending (largest first); the default when no direction is written.",
  },
  {
    text: "LIMIT",
    tokenName: "Limit",
    reserved: true,
    role: "clause",
    doc: "`LIMIT n` exports at most n rows; n is a positive integer.",
  },
  {
    text: "TIMESPAN",
    tokenName: "Timespan",
    reserved: true,
    role: "clause",
    doc: "The period the export covers, such as `LAST_MONTH`. Without it the last six months are exported.",
  },
  {
    text: "IN",
    tokenName: "In",
    reserved: true,
    role: "operator",
    doc: "`name IN (v1, v2, ...)`: the value is one of the list (all numbers or all strings).",
  },
  {
    text: "NOT",
    tokenName: "Not",
    reserved: true,
    role: "operator",
    doc: "Only in `NOT IN` and `NOT LIKE`; it cannot negate a whole condition.",
  },
  {
    text: "LIKE",
    tokenName: "Like",
    reserved: true,
    role: "operator",
    doc: "`name LIKE 'pattern'`: string match where `%` stands for any characters.",
  },
];

/** SQL words the language lacks; recognised in context only, to give a specific error. */
export const CONTEXTUAL_WORDS: readonly WordInfo[] = [
  {
    text: "OR",
    tokenName: "Or",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: conditions can only be joined with `AND`; use `IN (...)` for alternatives on one column.",
  },
  {
    text: "AS",
    tokenName: "As",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: columns cannot be renamed.",
  },
  {
    text: "GROUP",
    tokenName: "Group",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: metrics are already aggregated per distinct combination of the selected columns.",
  },
  {
    text: "HAVING",
    tokenName: "Having",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: filter metrics in `WHERE`.",
  },
  {
    text: "BETWEEN",
    tokenName: "Between",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: write `name >= low AND name <= high`.",
  },
  {
    text: "IS",
    tokenName: "Is",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: there is no `IS NULL` test.",
  },
  {
    text: "NULL",
    tokenName: "Null",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: there is no null literal.",
  },
  {
    text: "JOIN",
    tokenName: "Join",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "INNER",
    tokenName: "Inner",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "LEFT",
    tokenName: "Left",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "RIGHT",
    tokenName: "Right",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "FULL",
    tokenName: "Full",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "OUTER",
    tokenName: "Outer",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "CROSS",
    tokenName: "Cross",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "ON",
    tokenName: "On",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: a query reads exactly one dataset.",
  },
  {
    text: "OFFSET",
    tokenName: "Offset",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: `LIMIT` takes one number and there is no paging.",
  },
  {
    text: "TOP",
    tokenName: "Top",
    reserved: false,
    role: "sql-only",
    doc: "Not supported: write `LIMIT n` after the other clauses.",
  },
];

/** The 13 documented `TIMESPAN` values, in the order the specification lists them. */
export const TIMESPAN_VALUES: readonly string[] = [
  "TODAY",
  "YESTERDAY",
  "LAST_7_DAYS",
  "LAST_14_DAYS",
  "LAST_30_DAYS",
  "LAST_90_DAYS",
  "LAST_180_DAYS",
  "LAST_365_DAYS",
  "LAST_MONTH",
  "LAST_3_MONTHS",
  "LAST_6_MONTHS",
  "LAST_1_YEAR",
  "LIFETIME",
];

/** The comparison operators of the language, as written. */
export const COMPARISON_OPERATORS: readonly string[] = ["=", "!=", ">", "<", ">=", "<="];

/** Every operator of the language, including the word operators. */
export const ALL_OPERATORS: readonly string[] = [...COMPARISON_OPERATORS, "LIKE", "NOT LIKE", "IN", "NOT IN"];

/** The clauses of a query in the order the language requires. */
export const CLAUSE_ORDER = ["SELECT", "FROM", "WHERE", "ORDER BY", "LIMIT", "TIMESPAN"] as const;

/** A clause of the language, by its keyword(s). */
export type ClauseName = (typeof CLAUSE_ORDER)[number];

/**
 * Quotes that word processors, web pages and other languages' keyboards put where an ASCII `'` belongs:
 * curly quotes, low-9 quotes (`„…“`), guillemets (`«…»`) and full-width quotes (`＇…＇`).
 */
export const TYPOGRAPHIC_QUOTES = "‘’‚‛“”„‟«»‹›＇＂";
/** Those that close a value (`'Contoso’`). */
export const TYPOGRAPHIC_CLOSERS = "’”»›＇＂";
/** Those that look like double quotes: the value may be a quoted name, so their fix needs a look. */
export const DOUBLE_TYPOGRAPHIC_QUOTES = "“”„‟«»＂";
/** Every character that opens or closes a value or a quoted name in some quoting style. */
export const QUOTE_CHARACTERS = `'"\`[]${TYPOGRAPHIC_QUOTES}‹›`;
