/**
 * The one catalog of diagnostic codes. Codes are stable: a code is never reused for another meaning.
 *
 * Ranges: RQ10xx lexical, RQ11xx syntax, RQ12xx SQL constructs the language lacks, RQ2xxx semantic
 * (datasets, columns, values), RQ9xxx tooling. Each entry carries its documentation; `example` is a
 * document that produces the code, and `test/diagnostics/catalog.test.ts` checks that it does.
 */
import type { Severity } from "./diagnostic.js";

/** The phase that produces a code. */
export type Phase = "lexical" | "syntax" | "semantic";

/** One catalog entry. */
export interface DiagnosticDefinition {
  readonly code: string;
  /** Kebab-case name describing the flagged pattern. */
  readonly name: string;
  readonly severity: Severity;
  readonly phase: Phase;
  /** Message template; `{placeholder}` names are filled from the diagnostic's data. */
  readonly message: string;
  /** What it means and why it matters. */
  readonly summary: string;
  /** A document that triggers the diagnostic. */
  readonly example: string;
  /** How to fix it, and what the automatic fix (if any) does. */
  readonly fix: string;
}

/** All codes, ordered by code. */
export const DIAGNOSTICS = [
  // Lexical.
  {
    code: "RQ1001",
    name: "unexpected-character",
    severity: "error",
    phase: "lexical",
    message: "Unexpected character `{text}`; remove it, or put it inside a quoted string value",
    summary: "The text contains a character that is not part of the language outside a string literal.",
    example: "SELECT CustomerName FROM CustomersAndTenants WHERE AvailableSeats > 10 + 2",
    fix: "Remove the character. Arithmetic, `#`, `@`, `$` and other symbols have no meaning in a query.",
  },
  {
    code: "RQ1002",
    name: "typographic-quotes",
    severity: "error",
    phase: "lexical",
    message: "String {text} uses typographic quotes; use ASCII single quotes `'`",
    summary:
      "Queries copied from the Partner Center documentation often carry typographic quotes (‘ ’ “ ”), which the service does not accept as string delimiters.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = ‘Active’",
    fix: "Replace both quotes with `'`. The automatic fix is safe when the value itself contains no `'`.",
  },
  {
    code: "RQ1003",
    name: "unterminated-string",
    severity: "error",
    phase: "lexical",
    message: "String value is not closed; add a `'` where the value ends",
    summary: "A string value opened with `'` has no closing `'` on the same line. Strings cannot span lines.",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName = 'Contoso",
    fix: "Add the closing quote where the value ends, or the opening quote if it is the one that is missing.",
  },
  {
    code: "RQ1004",
    name: "double-quoted-string",
    severity: "error",
    phase: "lexical",
    message: "Double quotes do not delimit values; write {suggestion}",
    summary: "String values are written between single quotes; double quotes are not part of the language.",
    example: 'SELECT OrderId FROM ISVOrder WHERE OrderStatus = "Active"',
    fix: "Use single quotes. The automatic fix is safe when the value contains no `'`.",
  },
  {
    code: "RQ1005",
    name: "sql-not-equals",
    severity: "error",
    phase: "lexical",
    message: "Operator `<>` is not supported; use `!=`",
    summary: "The language spells not-equal as `!=` only.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Cancelled'",
    fix: "Replace `<>` with `!=` (safe).",
  },
  {
    code: "RQ1006",
    name: "markdown-escape",
    severity: "error",
    phase: "lexical",
    message: "`{text}` contains Markdown escapes; write `{unescaped}`",
    summary:
      "Markdown escapes such as `\\_` leak into code copied from rendered documentation (`LAST\\_MONTH`); the backslashes are not part of the name.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN LAST\\_MONTH",
    fix: "Remove the backslashes (safe).",
  },
  {
    code: "RQ1007",
    name: "quoted-query",
    severity: "error",
    phase: "lexical",
    message: "The whole query is wrapped in double quotes; remove them",
    summary:
      "A query copied from a JSON body or a shell command keeps its surrounding quotes, which are not part of the query text.",
    example: '"SELECT OrderId FROM ISVOrder"',
    fix: "Remove the opening and closing double quotes (safe).",
  },
  {
    code: "RQ1008",
    name: "percent-encoded-query",
    severity: "error",
    phase: "lexical",
    message: "The query is URL-encoded (`%20` for spaces); decode it",
    summary:
      "A query copied from a URL such as `testQueryResult?exportQuery=SELECT%20OrderId%20from%20ISVOrder` is percent-encoded; the API expects the plain text in request bodies.",
    example: "SELECT%20OrderId%20from%20ISVOrder",
    fix: "Replace the text with its decoded form (safe).",
  },
  {
    code: "RQ1009",
    name: "unterminated-comment",
    severity: "error",
    phase: "lexical",
    message: "Block comment is not closed; add `*/`",
    summary: "A `/*` comment runs to the end of the document, hiding everything after it.",
    example: "SELECT OrderId FROM ISVOrder /* orders of the month",
    fix: "Add `*/` where the comment should end. The automatic fix adds it at the end of the document (safe).",
  },
  {
    code: "RQ1010",
    name: "unpaired-quote",
    severity: "error",
    phase: "lexical",
    message: "Quote `{text}` has no partner on this line; string values are written between two `'`",
    summary: "A lone quote character, often a typographic apostrophe or a stray double quote.",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName = Contoso’s",
    fix: "Quote the whole value with ASCII single quotes, or remove the character.",
  },
  {
    code: "RQ1011",
    name: "double-equals",
    severity: "error",
    phase: "lexical",
    message: "Operator `==` is not supported; use `=`",
    summary: "Equality is written with a single `=`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus == 'Active'",
    fix: "Replace `==` with `=` (safe).",
  },
  // Syntax.
  {
    code: "RQ1101",
    name: "unexpected-token",
    severity: "error",
    phase: "syntax",
    message: "Unexpected {found}; expected {expected}",
    summary: "The parser found something that cannot stand at this place of a query.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' 'Cancelled'",
    fix: "Remove or move the unexpected text; the message lists what may stand there.",
  },
  {
    code: "RQ1102",
    name: "missing-select",
    severity: "error",
    phase: "syntax",
    message: "Query does not start with `SELECT`; add `SELECT` before the column list",
    summary:
      "Every query starts with `SELECT` and its column list. A 2021 system query was published without it.",
    example: "OrderId, OrderStatus FROM ISVOrder",
    fix: "Insert `SELECT ` at the start of the query (safe when the query starts with a list of names).",
  },
  {
    code: "RQ1103",
    name: "missing-from",
    severity: "error",
    phase: "syntax",
    message: "Query has no `FROM` clause; add `FROM` and the dataset name after the column list",
    summary: "A query reads exactly one dataset, named after `FROM`.",
    example: "SELECT OrderId, OrderStatus",
    fix: "Add `FROM DatasetName` after the select list.",
  },
  {
    code: "RQ1104",
    name: "missing-dataset",
    severity: "error",
    phase: "syntax",
    message: "Expected a dataset name after `FROM`",
    summary: "`FROM` must be followed by the name of one dataset, such as `ISVOrder`.",
    example: "SELECT OrderId FROM WHERE OrderStatus = 'Active'",
    fix: "Write the dataset name after `FROM`.",
  },
  {
    code: "RQ1105",
    name: "empty-select-list",
    severity: "error",
    phase: "syntax",
    message: "Expected at least one column or metric after `SELECT`",
    summary: "The select list names the columns and metrics to export; it cannot be empty.",
    example: "SELECT FROM ISVOrder",
    fix: "List the columns and metrics to export, separated by commas.",
  },
  {
    code: "RQ1106",
    name: "missing-comma",
    severity: "error",
    phase: "syntax",
    message: "Missing comma between `{left}` and `{right}`",
    summary:
      "Items of a list are separated by commas. Two names side by side are not an alias either: the language has no aliases.",
    example: "SELECT OfferName, TrialDeployment EstimatedRevenueUSD FROM ISVRevenue",
    fix: "Insert a comma (unsafe: check that two separate columns were meant).",
  },
  {
    code: "RQ1107",
    name: "trailing-comma",
    severity: "error",
    phase: "syntax",
    message: "Extra comma; remove it",
    summary: "A comma must separate two items; it cannot end a list or stand twice.",
    example: "SELECT OrderId, OrderStatus, FROM ISVOrder",
    fix: "Remove the comma (safe).",
  },
  {
    code: "RQ1108",
    name: "clause-order",
    severity: "error",
    phase: "syntax",
    message: "`{clause}` must come before `{previous}`",
    summary:
      "Clauses come in a fixed order: `SELECT`, `FROM`, `WHERE`, `ORDER BY`, `LIMIT`, `TIMESPAN`. The service rejects any other order.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH LIMIT 10",
    fix: "Reorder the clauses (safe: each clause keeps its text and comments).",
  },
  {
    code: "RQ1109",
    name: "duplicate-clause",
    severity: "error",
    phase: "syntax",
    message: "Query has a second `{clause}` clause; merge it into the first",
    summary: "Each clause may appear once per query.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' WHERE OfferType = 'SaaS'",
    fix: "Merge the clauses: join `WHERE` conditions with `AND`, `ORDER BY` items with commas.",
  },
  {
    code: "RQ1110",
    name: "missing-operator",
    severity: "error",
    phase: "syntax",
    message:
      "Expected an operator after `{column}`: `=`, `!=`, `>`, `<`, `>=`, `<=`, `LIKE`, `NOT LIKE`, `IN` or `NOT IN`",
    summary: "A condition is `name operator value`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus",
    fix: "Write the operator and the value.",
  },
  {
    code: "RQ1111",
    name: "missing-value",
    severity: "error",
    phase: "syntax",
    message: "Expected a value after `{operator}`",
    summary:
      "A condition compares a name with a value: a number, a string in single quotes, or a list in parentheses.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus =",
    fix: "Write the value.",
  },
  {
    code: "RQ1112",
    name: "unquoted-value",
    severity: "error",
    phase: "syntax",
    message: "Value `{text}` is not quoted; string values are written in single quotes: `'{text}'`",
    summary:
      "A value that is not a number must be quoted. Unquoted words are not column references either: a condition compares a column with a constant.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = Active",
    fix: "Quote the value (unsafe: check that a constant was meant).",
  },
  {
    code: "RQ1113",
    name: "empty-query",
    severity: "warning",
    phase: "syntax",
    message: "Empty query between semicolons; remove the extra `;`",
    summary: "Two semicolons with nothing between them.",
    example: "SELECT OrderId FROM ISVOrder;;",
    fix: "Remove the extra semicolon (safe).",
  },
  {
    code: "RQ1114",
    name: "missing-limit-count",
    severity: "error",
    phase: "syntax",
    message: "Expected the number of rows after `LIMIT`",
    summary: "`LIMIT` takes a positive integer, the maximum number of rows to export.",
    example: "SELECT OrderId FROM ISVOrder LIMIT",
    fix: "Write the number of rows, or remove `LIMIT`.",
  },
  {
    code: "RQ1115",
    name: "missing-timespan-value",
    severity: "error",
    phase: "syntax",
    message: "Expected a period after `TIMESPAN`, such as `LAST_MONTH` or `LAST_6_MONTHS`",
    summary: "`TIMESPAN` takes one of the 13 documented periods.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN",
    fix: "Write the period, or remove `TIMESPAN` to export the last six months.",
  },
  {
    code: "RQ1116",
    name: "missing-by",
    severity: "error",
    phase: "syntax",
    message: "Expected `BY` after `ORDER`",
    summary: "Sorting is written `ORDER BY`.",
    example: "SELECT OrderId FROM ISVOrder ORDER OrderId",
    fix: "Insert `BY` (safe).",
  },
  {
    code: "RQ1117",
    name: "missing-condition",
    severity: "error",
    phase: "syntax",
    message: "Expected a condition after `{keyword}`",
    summary: "`WHERE` and `AND` are followed by a condition `name operator value`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' AND",
    fix: "Write the condition, or remove the keyword.",
  },
  {
    code: "RQ1118",
    name: "missing-order-item",
    severity: "error",
    phase: "syntax",
    message: "Expected a column or metric to sort by after `ORDER BY`",
    summary: "`ORDER BY` is followed by one or more names, each optionally followed by `ASC` or `DESC`.",
    example: "SELECT OrderId FROM ISVOrder ORDER BY",
    fix: "Write the names to sort by, or remove `ORDER BY`.",
  },
  {
    code: "RQ1119",
    name: "unclosed-parenthesis",
    severity: "error",
    phase: "syntax",
    message: "Parenthesis is not closed; add `)`",
    summary: "A value list opened with `(` must be closed with `)`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IN ('Active', 'Cancelled'",
    fix: "Add `)` after the last value (safe).",
  },
  {
    code: "RQ1120",
    name: "missing-opening-quote",
    severity: "error",
    phase: "syntax",
    message: "String value `{value}` has no opening quote; write `'{value}'`",
    summary:
      "Words in value position followed by a lone `'` are a string whose opening quote is missing (a published sample has `OfferName = Contoso test Services'`).",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName = Contoso test Services' TIMESPAN LAST_6_MONTHS",
    fix: "Insert the opening quote before the first word (safe).",
  },
  // SQL constructs the language lacks.
  {
    code: "RQ1201",
    name: "select-star",
    severity: "error",
    phase: "syntax",
    message: "`*` is not supported; list the columns and metrics to export",
    summary:
      "The language has no `SELECT *`: every exported column is named. The dataset's columns are listed by `reportql catalog show`.",
    example: "SELECT * FROM ISVOrder",
    fix: "Replace `*` with the names of the columns and metrics to export.",
  },
  {
    code: "RQ1202",
    name: "function-call",
    severity: "error",
    phase: "syntax",
    message:
      "Function `{name}(…)` is not supported; select metrics by name, they are aggregated per distinct combination of the selected columns",
    summary:
      "There are no functions or aggregates. Metrics (such as revenue or usage) are computed for each distinct combination of the selected non-metric columns.",
    example: "SELECT OfferName, SUM(Quantity) FROM ISVOrder",
    fix: "Select the metric itself (`Quantity` instead of `SUM(Quantity)`); to count rows, select a count metric if the dataset has one.",
  },
  {
    code: "RQ1203",
    name: "alias",
    severity: "error",
    phase: "syntax",
    message: "Aliases are not supported; remove `{text}`",
    summary: "Columns and datasets cannot be renamed; the export uses the catalog names.",
    example: "SELECT OfferName AS Offer FROM ISVOrder",
    fix: "Remove the alias (unsafe: the export keeps the original column name).",
  },
  {
    code: "RQ1204",
    name: "group-by",
    severity: "error",
    phase: "syntax",
    message:
      "`GROUP BY` is not supported; metrics are already aggregated per distinct combination of the selected columns",
    summary:
      "Grouping is implicit: selecting columns and a metric gives one row per distinct combination of the columns.",
    example: "SELECT OfferName, Quantity FROM ISVOrder GROUP BY OfferName",
    fix: "Remove the `GROUP BY` clause (unsafe: check that the selected columns are the grouping you want).",
  },
  {
    code: "RQ1205",
    name: "having",
    severity: "error",
    phase: "syntax",
    message: "`HAVING` is not supported; filter with a `WHERE` condition on the metric",
    summary: "Conditions on metrics go in `WHERE`, like any other condition.",
    example: "SELECT OfferName, Quantity FROM ISVOrder HAVING Quantity > 10",
    fix: "Move the conditions into `WHERE`.",
  },
  {
    code: "RQ1206",
    name: "or-operator",
    severity: "error",
    phase: "syntax",
    message:
      "`OR` is not supported; conditions can only be joined with `AND`, use `IN (…)` for alternatives on one column",
    summary: "Conditions are joined with `AND` only. Alternatives on one column are written with `IN`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'",
    fix: "When every alternative is `column = value` on the same column, the fix rewrites them as `column IN (…)` (safe).",
  },
  {
    code: "RQ1207",
    name: "not-prefix",
    severity: "error",
    phase: "syntax",
    message: "`NOT` cannot negate a condition; use a negated operator (`!=`, `NOT IN`, `NOT LIKE`)",
    summary: "`NOT` exists only in `NOT IN` and `NOT LIKE`.",
    example: "SELECT OrderId FROM ISVOrder WHERE NOT OrderStatus = 'Active'",
    fix: "The fix negates the operator: `=` becomes `!=`, `IN` becomes `NOT IN`, `LIKE` becomes `NOT LIKE` (safe).",
  },
  {
    code: "RQ1208",
    name: "between",
    severity: "error",
    phase: "syntax",
    message: "`BETWEEN` is not supported; write `{column} >= {low} AND {column} <= {high}`",
    summary: "Ranges are written as two conditions joined with `AND`.",
    example: "SELECT OrderId FROM ISVOrder WHERE Quantity BETWEEN 1 AND 10",
    fix: "The fix rewrites the range as two conditions (safe).",
  },
  {
    code: "RQ1209",
    name: "is-null",
    severity: "error",
    phase: "syntax",
    message: "`IS NULL` is not supported; a condition compares a column with a value",
    summary: "There is no null test in the language.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderCancelDate IS NULL",
    fix: "Remove the condition, or compare with a value.",
  },
  {
    code: "RQ1210",
    name: "join",
    severity: "error",
    phase: "syntax",
    message: "`JOIN` is not supported; a query reads exactly one dataset",
    summary: "Each query reads one dataset. Export the datasets separately and combine the files.",
    example: "SELECT OrderId FROM ISVOrder JOIN ISVCustomer ON CustomerId = CustomerId",
    fix: "Remove the join and write one query per dataset.",
  },
  {
    code: "RQ1211",
    name: "subquery",
    severity: "error",
    phase: "syntax",
    message: "Sub-queries are not supported; write each query on its own",
    summary: "A query cannot contain another query.",
    example: "SELECT OrderId FROM ISVOrder WHERE CustomerId IN (SELECT CustomerId FROM ISVCustomer)",
    fix: "Run the inner query first and list its values, or filter on the dataset's own columns.",
  },
  {
    code: "RQ1212",
    name: "multiple-datasets",
    severity: "error",
    phase: "syntax",
    message: "A query reads exactly one dataset; remove `{text}`",
    summary: "`FROM` names one dataset.",
    example: "SELECT OrderId FROM ISVOrder, ISVCustomer",
    fix: "Write one query per dataset.",
  },
  {
    code: "RQ1213",
    name: "qualified-name",
    severity: "error",
    phase: "syntax",
    message: "Qualified names are not supported; write `{name}`",
    summary: "Names are written alone, without a dataset or alias prefix.",
    example: "SELECT ISVOrder.OrderId FROM ISVOrder",
    fix: "Remove the prefix (safe).",
  },
  {
    code: "RQ1214",
    name: "grouping-parentheses",
    severity: "error",
    phase: "syntax",
    message: "Parentheses around conditions are not supported; remove them",
    summary: "Conditions are a flat list joined with `AND`; there is nothing to group.",
    example: "SELECT OrderId FROM ISVOrder WHERE (OrderStatus = 'Active')",
    fix: "Remove the parentheses (safe when they enclose conditions joined with `AND` only).",
  },
  {
    code: "RQ1215",
    name: "limit-offset",
    severity: "error",
    phase: "syntax",
    message: "`LIMIT` takes one number; paging with an offset is not supported",
    summary: "There is no `OFFSET` and no `LIMIT offset, count`.",
    example: "SELECT OrderId FROM ISVOrder LIMIT 10 OFFSET 20",
    fix: "Keep only the row count.",
  },
  {
    code: "RQ1216",
    name: "top",
    severity: "error",
    phase: "syntax",
    message: "`TOP {count}` is not supported; write `LIMIT {count}` after the other clauses",
    summary: "The row limit is written with `LIMIT`, before `TIMESPAN`.",
    example: "SELECT TOP 10 OrderId FROM ISVOrder",
    fix: "The fix removes `TOP n` and adds `LIMIT n` in its place in the clause order (safe).",
  },
  {
    code: "RQ1217",
    name: "non-name-select-item",
    severity: "error",
    phase: "syntax",
    message: "Only column and metric names can be selected; remove {text}",
    summary: "The select list holds names only: no constants, expressions or sub-queries.",
    example: "SELECT OrderId, 1 FROM ISVOrder",
    fix: "Remove the item.",
  },
  {
    code: "RQ1218",
    name: "order-by-position",
    severity: "error",
    phase: "syntax",
    message: "Sort by a name, not a position: write `{name}`",
    summary: "`ORDER BY` takes column or metric names; positions such as `ORDER BY 1` are not supported.",
    example: "SELECT OrderId, OrderStatus FROM ISVOrder ORDER BY 2",
    fix: "Replace the position with the name of the selected item it refers to (safe).",
  },
  {
    code: "RQ1219",
    name: "quoted-name",
    severity: "error",
    phase: "syntax",
    message: "Names are not quoted; write `{name}`",
    summary:
      "Column and dataset names are written bare; double quotes around a name are SQL, not this language.",
    example: 'SELECT "OrderId" FROM ISVOrder',
    fix: "Remove the quotes (safe when the quoted text is a plain name).",
  },
] as const satisfies readonly DiagnosticDefinition[];

/** A code of the catalog. */
export type DiagnosticCode = (typeof DIAGNOSTICS)[number]["code"];

const BY_CODE: ReadonlyMap<string, DiagnosticDefinition> = new Map(DIAGNOSTICS.map((d) => [d.code, d]));

/** The catalog entry of a code, or `undefined` for an unknown code. */
export function lookupDiagnostic(code: string): DiagnosticDefinition | undefined {
  return BY_CODE.get(code);
}
