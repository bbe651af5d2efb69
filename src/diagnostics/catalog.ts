/**
 * The one catalog of diagnostic codes. Codes are stable: a code is never reused for another meaning.
 *
 * Ranges: RQ10xx lexical, RQ11xx syntax, RQ12xx SQL constructs the language lacks, RQ2xxx semantic
 * (datasets, columns, values), RQ9xxx tooling. Each entry carries its documentation; `example` is a
 * document that produces the code, and `test/diagnostics/catalog.test.ts` checks that it does.
 */
import { CONFIG_DIAGNOSTICS } from "./catalog-config.js";
import { REQUEST_DIAGNOSTICS } from "./catalog-requests.js";
import type { Severity } from "./diagnostic.js";

/**
 * The phase that produces a code. `sql` codes are SQL constructs the language lacks (reported by the
 * syntax phase; a query holding one was written with SQL's meaning in mind). `tooling` codes come from
 * the lint pipeline and the CLI: files, suppressions.
 */
export type Phase = "lexical" | "syntax" | "sql" | "semantic" | "request" | "tooling";

/** One catalog entry. */
export interface DiagnosticDefinition {
  readonly code: string;
  /** Kebab-case name describing the flagged pattern. */
  readonly name: string;
  readonly severity: Severity;
  readonly phase: Phase;
  /**
   * Message template; `{placeholder}` names are filled from the diagnostic's data (`{names:or}` writes
   * a list of names as code joined with "or"; `:and` likewise). Placeholders carry values (names,
   * numbers, quoted text), never prose: a message that varies in wording has variants.
   */
  readonly message: string;
  /** Further templates for the same problem, chosen by name with `makeVariant`. */
  readonly variants?: Readonly<Record<string, string>>;
  /** What it means and why it matters. */
  readonly summary: string;
  /** A document that triggers the diagnostic (for `tooling` codes: the situation, in words). */
  readonly example: string;
  /** How to fix it, and what the automatic fix (if any) does. */
  readonly fix: string;
  /** Catalog JSON the example needs, when the built-in catalogs cannot show the problem. */
  readonly exampleCatalog?: string;
  /**
   * Why the code is no longer reported, for a retired code. Codes are never reused, so a retired code
   * stays in the catalog, documented as such.
   */
  readonly retired?: string;
  /**
   * For a retired code whose check lives on under another code: that code. A configuration or a
   * suppression naming the retired code is warned about and applies to this one.
   */
  readonly replacedBy?: string;
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
    message: "Double quotes do not delimit values; write `{suggestion}`",
    variants: {
      bracket: "Brackets do not delimit values; write `{suggestion}`",
      backtick: "Backticks do not delimit values; write `{suggestion}`",
    },
    summary:
      "String values are written between single quotes; double quotes, brackets and backticks are not part of the language.",
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
  {
    code: "RQ1012",
    name: "doubled-quote",
    severity: "warning",
    phase: "lexical",
    message:
      "`''` inside a value is SQL's escaped quote, but the documentation gives no escape rule: the service may read {value} differently or refuse it",
    summary:
      "A value holding a quote, written the SQL way. reportql reads it as one value with one quote; whether the service does is not documented.",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName = 'Contoso''s offer'",
    fix: "Avoid the quote if you can, for example with `LIKE 'Contoso%s offer'`.",
  },
  {
    code: "RQ1013",
    name: "unusual-space",
    severity: "warning",
    phase: "lexical",
    message: "{name} separates words here; write an ordinary space",
    summary:
      "Web pages put no-break and other Unicode spaces into copied queries. reportql reads them as spaces; the service is not documented to.",
    example: "SELECT\u00a0OrderId FROM ISVOrder (with a no-break space after SELECT)",
    fix: "Replace them with ordinary spaces (safe).",
  },
  // Syntax.
  {
    code: "RQ1101",
    name: "unexpected-token",
    severity: "error",
    phase: "syntax",
    message: "Unexpected `{found}`; expected {expected:or}",
    variants: {
      orEnd: "Unexpected `{found}`; expected {expected:codes} or the end of the query",
      onlyEnd: "Unexpected `{found}`; expected the end of the query",
      reservedWord:
        "Unexpected `{found}` (a reserved word, so it cannot be a column or dataset name); expected {expected:or}",
      reservedWordOrEnd:
        "Unexpected `{found}` (a reserved word, so it cannot be a column or dataset name); expected {expected:codes} or the end of the query",
      atEnd: "Unexpected end of query; expected {expected:or}",
      clause: "Unexpected `{found}`; expected a clause keyword or the end of the query",
      clauseAtEnd: "Unexpected end of query; expected a clause keyword or the end of the query",
      name: "Unexpected `{found}`; expected a column or metric name",
      anyName: "Unexpected `{found}`; expected a name",
      anyNameAtEnd: "Unexpected end of query; expected a name",
      number: "Unexpected `{found}`; expected a number",
      numberAtEnd: "Unexpected end of query; expected a number",
      value: "Unexpected `{found}`; expected a value",
      valueAtEnd: "Unexpected end of query; expected a value",
      operator: "Unexpected `{found}`; expected a comparison operator",
      operatorAtEnd: "Unexpected end of query; expected a comparison operator",
      direction: "Unexpected `{found}`; expected `ASC` or `DESC`",
      nestedList: "Unexpected `(`; expected a value: lists do not nest",
    },
    summary:
      "The parser found something that cannot stand at this place of a query. A reserved word where a name belongs is called out: the language has no way to quote a name, so no column can be called `IN` or `DESC`.",
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
    variants: { flag: "Value `{text}` is not quoted; flag columns hold `1` and `0`, not `TRUE` and `FALSE`" },
    summary:
      "A value that is not a number must be quoted. Unquoted words are not column references either: a condition compares a column with a constant. `TRUE` and `FALSE` are not values: flag columns hold 1 and 0.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = Active",
    fix: "Quote the value, or write `1` or `0` for `TRUE` or `FALSE` (unsafe: check that a constant was meant).",
  },
  {
    code: "RQ1113",
    name: "empty-query",
    severity: "warning",
    phase: "syntax",
    message: "This `;` ends an empty query; remove it",
    summary:
      "A `;` with no query before it: two semicolons in a row, or one with only comments or white space before it.",
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
  {
    code: "RQ1121",
    name: "missing-semicolon",
    severity: "error",
    phase: "syntax",
    message: "A new query starts here; end the previous query with `;`",
    summary:
      "Queries in one document are separated by `;`. Without it, two queries read as one with every clause twice.",
    example:
      "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\nSELECT OfferName FROM ISVOrder TIMESPAN LAST_MONTH",
    fix: "Insert `;` after the previous query (safe).",
  },
  {
    code: "RQ1122",
    name: "nesting-too-deep",
    severity: "error",
    phase: "syntax",
    message: "Parentheses or `NOT` are nested more than {limit} levels deep; the query is not analysed",
    summary:
      "A report query never needs nesting (it has no grouping or sub-queries), and deeper nesting than this is almost certainly generated or pasted by mistake.",
    example:
      "SELECT OrderId FROM ISVOrder WHERE ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((OrderStatus = 'Active'))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
    fix: "Remove the extra parentheses or `NOT`s.",
  },
  // SQL constructs the language lacks.
  {
    code: "RQ1201",
    name: "select-star",
    severity: "error",
    phase: "sql",
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
    phase: "sql",
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
    phase: "sql",
    message: "Aliases are not supported; remove `{text}`",
    summary: "Columns and datasets cannot be renamed; the export uses the catalog names.",
    example: "SELECT OfferName AS Offer FROM ISVOrder",
    fix: "Remove the alias (unsafe: the export keeps the original column name).",
  },
  {
    code: "RQ1204",
    name: "group-by",
    severity: "error",
    phase: "sql",
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
    phase: "sql",
    message: "`HAVING` is not supported; filter with a `WHERE` condition on the metric",
    summary: "Conditions on metrics go in `WHERE`, like any other condition.",
    example: "SELECT OfferName, Quantity FROM ISVOrder HAVING Quantity > 10",
    fix: "Move the conditions into `WHERE`.",
  },
  {
    code: "RQ1206",
    name: "or-operator",
    severity: "error",
    phase: "sql",
    message:
      "`OR` is not supported; conditions can only be joined with `AND`, use `IN (…)` for alternatives on one column",
    summary: "Conditions are joined with `AND` only. Alternatives on one column are written with `IN`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active' OR OrderStatus = 'Cancelled'",
    fix: "When every alternative is `column = value` on the same column, the fix on the first `OR` rewrites them all as `column IN (…)` (safe).",
  },
  {
    code: "RQ1207",
    name: "not-prefix",
    severity: "error",
    phase: "sql",
    message: "`NOT` cannot negate a condition; use a negated operator (`!=`, `NOT IN`, `NOT LIKE`)",
    summary: "`NOT` exists only in `NOT IN` and `NOT LIKE`.",
    example: "SELECT OrderId FROM ISVOrder WHERE NOT OrderStatus = 'Active'",
    fix: "The fix negates the operator: `=` becomes `!=`, `IN` becomes `NOT IN`, `LIKE` becomes `NOT LIKE` (safe).",
  },
  {
    code: "RQ1208",
    name: "between",
    severity: "error",
    phase: "sql",
    message: "`BETWEEN` is not supported; write `{column} >= {low} AND {column} <= {high}`",
    variants: {
      not: "`BETWEEN` is not supported; `NOT BETWEEN` would need `{column} < {low} OR {column} > {high}`, and there is no `OR` either: export both ranges with two queries",
      incomplete:
        "`BETWEEN` is not supported, and this range lacks a bound; write two conditions on `{column}`, one with `>=` and one with `<=`",
      notIncomplete:
        "`BETWEEN` is not supported, and this range lacks a bound; `NOT BETWEEN` would need two conditions on `{column}` joined with `OR`, which the language lacks too: export both ranges with two queries",
    },
    summary: "Ranges are written as two conditions joined with `AND`.",
    example: "SELECT OrderId FROM ISVOrder WHERE Quantity BETWEEN 1 AND 10",
    fix: "The fix rewrites the range as two conditions (safe).",
  },
  {
    code: "RQ1209",
    name: "is-null",
    severity: "error",
    phase: "sql",
    message:
      "`{operator}` is not supported: there is no null test; a condition compares a column with a value",
    summary: "There is no null test in the language.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderCancelDate IS NULL",
    fix: "Remove the condition, or compare with a value.",
  },
  {
    code: "RQ1210",
    name: "join",
    severity: "error",
    phase: "sql",
    message: "`JOIN` is not supported; a query reads exactly one dataset",
    summary: "Each query reads one dataset. Export the datasets separately and combine the files.",
    example: "SELECT OrderId FROM ISVOrder JOIN ISVCustomer ON CustomerId = CustomerId",
    fix: "Remove the join and write one query per dataset.",
  },
  {
    code: "RQ1211",
    name: "subquery",
    severity: "error",
    phase: "sql",
    message: "Sub-queries are not supported; write each query on its own",
    summary: "A query cannot contain another query.",
    example: "SELECT OrderId FROM ISVOrder WHERE CustomerId IN (SELECT CustomerId FROM ISVCustomer)",
    fix: "Run the inner query first and list its values, or filter on the dataset's own columns.",
  },
  {
    code: "RQ1212",
    name: "multiple-datasets",
    severity: "error",
    phase: "sql",
    message: "A query reads exactly one dataset; remove `{text}`",
    summary: "`FROM` names one dataset.",
    example: "SELECT OrderId FROM ISVOrder, ISVCustomer",
    fix: "Write one query per dataset.",
  },
  {
    code: "RQ1213",
    name: "qualified-name",
    severity: "error",
    phase: "sql",
    message: "Qualified names are not supported; write `{name}`",
    variants: {
      noName:
        "Qualified names are not supported, and `{text}` has no name after the `.`; write the name alone",
    },
    summary: "Names are written alone, without a dataset or alias prefix.",
    example: "SELECT ISVOrder.OrderId FROM ISVOrder",
    fix: "Remove the prefix (safe).",
  },
  {
    code: "RQ1214",
    name: "grouping-parentheses",
    severity: "error",
    phase: "sql",
    message: "Parentheses around conditions are not supported; remove them",
    summary: "Conditions are a flat list joined with `AND`; there is nothing to group.",
    example: "SELECT OrderId FROM ISVOrder WHERE (OrderStatus = 'Active')",
    fix: "Remove the parentheses (safe when they enclose conditions joined with `AND` only).",
  },
  {
    code: "RQ1215",
    name: "limit-offset",
    severity: "error",
    phase: "sql",
    message: "`LIMIT` takes one number; paging with an offset is not supported",
    summary: "There is no `OFFSET` and no `LIMIT offset, count`.",
    example: "SELECT OrderId FROM ISVOrder LIMIT 10 OFFSET 20",
    fix: "Keep only the row count.",
  },
  {
    code: "RQ1216",
    name: "top",
    severity: "error",
    phase: "sql",
    message: "`TOP {count}` is not supported; write `LIMIT {count}` after the other clauses",
    variants: {
      noCount: "`TOP` is not supported; write `LIMIT` and the number of rows after the other clauses",
    },
    summary: "The row limit is written with `LIMIT`, before `TIMESPAN`.",
    example: "SELECT TOP 10 OrderId FROM ISVOrder",
    fix: "The fix removes `TOP n` and adds `LIMIT n` in its place in the clause order (safe).",
  },
  {
    code: "RQ1217",
    name: "non-name-select-item",
    severity: "error",
    phase: "sql",
    message: "Only column and metric names can be selected; remove `{text}`",
    summary: "The select list holds names only: no constants, expressions or sub-queries.",
    example: "SELECT OrderId, 1 FROM ISVOrder",
    fix: "Remove the item.",
  },
  {
    code: "RQ1218",
    name: "order-by-position",
    severity: "error",
    phase: "sql",
    message: "Sort by a name, not a position: write `{name}`",
    variants: {
      noSuchItem: "Sort by a name, not a position; the select list has no item {position}",
      notAName: "Sort by a name, not a position; write the column's name",
    },
    summary: "`ORDER BY` takes column or metric names; positions such as `ORDER BY 1` are not supported.",
    example: "SELECT OrderId, OrderStatus FROM ISVOrder ORDER BY 2",
    fix: "Replace the position with the name of the selected item it refers to (safe).",
  },
  {
    code: "RQ1219",
    name: "quoted-name",
    severity: "error",
    phase: "sql",
    message: "Names are not quoted; write `{name}`",
    variants: {
      spaced: "Names are not quoted and hold no spaces; write `{name}`",
      reserved:
        "Names are not quoted, and `{name}` unquoted is the keyword `{keyword}`, no name; write the column's name",
      notAName:
        "Names are not quoted, and `{name}` is not a name (names are letters, digits and `_`); write the column's name",
    },
    summary:
      "Column and dataset names are written bare; double quotes, brackets (`[OrderId]`) or backticks around a name are SQL, not this language.",
    example: 'SELECT "OrderId" FROM ISVOrder',
    fix: "Remove the quotes (safe when the quoted text is a plain name; unsafe when spaces are removed too).",
  },
  {
    code: "RQ1220",
    name: "is-comparison",
    severity: "error",
    phase: "sql",
    message: "`{operator}` is not an operator; compare with `{replacement}`",
    summary: "`IS` and `IS NOT` only exist in SQL's null tests; a value is compared with `=` or `!=`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IS NOT 'Cancelled'",
    fix: "Replace the operator with `=` or `!=` (safe).",
  },
  // Semantic: datasets, columns and values, checked against a catalog.
  {
    code: "RQ2001",
    name: "unknown-dataset",
    severity: "error",
    phase: "semantic",
    message: "Dataset `{name}` does not exist; run `reportql catalog list` to see the datasets",
    variants: {
      didYouMean: "Dataset `{name}` does not exist; did you mean {suggestions:or}?",
      otherFamily:
        "Dataset `{name}` belongs to the `{family}` catalog, not the one in use; check it with `--catalog {family}` (or `all`)",
    },
    summary:
      'The dataset after `FROM` is not in the catalog. The service answers "Invalid table name". Names are compared without regard to case.',
    example: "SELECT OrderId FROM ISVOrders",
    fix: "Use a dataset of the catalog; the closest names are suggested, and the fix writes the closest one (unsafe).",
  },
  {
    code: "RQ2002",
    name: "unknown-column",
    severity: "error",
    phase: "semantic",
    message: "`{name}` is not a column or metric of `{dataset}`",
    variants: {
      didYouMean: "`{name}` is not a column or metric of `{dataset}`; did you mean {suggestions:or}?",
      existsIn: "`{name}` is not a column or metric of `{dataset}`; it exists in {elsewhere:and}",
      existsInOthers:
        "`{name}` is not a column or metric of `{dataset}`; it exists in {elsewhere:codes} and others",
      didYouMeanExistsIn:
        "`{name}` is not a column or metric of `{dataset}`; did you mean {suggestions:or}? it exists in {elsewhere:and}",
      didYouMeanExistsInOthers:
        "`{name}` is not a column or metric of `{dataset}`; did you mean {suggestions:or}? it exists in {elsewhere:codes} and others",
      alias:
        "`{name}` is the alias given to `{column}` in `SELECT`, not a column, and aliases are not supported; write `{column}`",
      aliasOfExpression:
        "`{name}` is an alias given in `SELECT`, not a column, and aliases are not supported; name a column or metric of `{dataset}`",
    },
    summary:
      'A name in `SELECT`, `WHERE` or `ORDER BY` is not a selectable column or metric of the query\'s dataset. The service answers "Incorrect column name".',
    example: "SELECT OrderId, OfferNmae FROM ISVOrder",
    fix: "Use a name of the dataset; the closest names are suggested, and the fix writes the closest one (unsafe).",
  },
  {
    code: "RQ2003",
    name: "unconfirmed-column",
    severity: "info",
    phase: "semantic",
    message:
      "`{name}` is listed only in the data definitions of `{dataset}`, not confirmed selectable; check it against the ScheduledDataset API",
    summary:
      "The name appears in the download report's data definitions but in no dataset description, system query or sample. Every such name found in a query the service demonstrably ran was accepted, so this is a note, not a warning; set the rule to `warn` to be stricter.",
    example: "SELECT CustomerName, IndustryName FROM CustomersAndTenants",
    fix: "Check the dataset's `selectableColumns` with `GET .../ScheduledDataset?datasetName=...`, or load that response as the catalog.",
  },
  {
    code: "RQ2004",
    name: "duplicate-select-item",
    severity: "warning",
    phase: "semantic",
    message: "`{name}` is selected twice; remove the repetition",
    summary: "The same column or metric appears more than once in the select list.",
    example: "SELECT OrderId, OfferName, orderid FROM ISVOrder",
    fix: "Remove the repeated item (safe).",
  },
  {
    code: "RQ2005",
    name: "distinct-with-metric",
    severity: "hint",
    phase: "semantic",
    message:
      "`DISTINCT` is unnecessary: metrics are already computed per distinct combination of the selected columns",
    summary: "When a metric is selected, rows are already distinct over the other columns.",
    example: "SELECT DISTINCT MonthStartDate, NormalizedUsage FROM ISVUsage",
    fix: "Remove `DISTINCT` (safe).",
  },
  {
    code: "RQ2006",
    name: "unknown-timespan",
    severity: "error",
    phase: "semantic",
    message: "`{value}` is not a TIMESPAN value; use one of {allowed:or}",
    variants: { didYouMean: "`{value}` is not a TIMESPAN value; did you mean {suggestions:or}?" },
    summary:
      "`TIMESPAN` takes one of 13 documented periods: TODAY, YESTERDAY, LAST_7_DAYS, LAST_14_DAYS, LAST_30_DAYS, LAST_90_DAYS, LAST_180_DAYS, LAST_365_DAYS, LAST_MONTH, LAST_3_MONTHS, LAST_6_MONTHS, LAST_1_YEAR, LIFETIME.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_6_MONTH",
    fix: "Write a documented period; the fix writes the closest one (unsafe).",
  },
  {
    code: "RQ2007",
    name: "timespan-not-available",
    severity: "error",
    phase: "semantic",
    message: "`{dataset}` does not offer `{value}`; use one of {ranges:or}",
    summary: "The dataset's `availableDateRanges` lists the periods it can export; others are refused.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_1_YEAR",
    fix: "Use one of the dataset's periods.",
  },
  {
    code: "RQ2008",
    name: "invalid-limit",
    severity: "error",
    phase: "semantic",
    message: "`LIMIT` takes a positive whole number of rows; `{value}` is not one",
    summary: "The row count must be an integer greater than zero.",
    example: "SELECT OrderId FROM ISVOrder LIMIT 0",
    fix: "Write a positive whole number, or remove `LIMIT`.",
  },
  {
    code: "RQ2009",
    name: "list-operator-without-list",
    severity: "error",
    phase: "semantic",
    message: "`{operator}` takes a list of values in parentheses",
    summary: "`IN` and `NOT IN` compare with a parenthesised list: `name IN ('a', 'b')`.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus IN 'Active'",
    fix: "Put the value(s) in parentheses (safe for a single value).",
  },
  {
    code: "RQ2010",
    name: "mixed-value-list",
    severity: "error",
    phase: "semantic",
    message: "The list mixes numbers and strings; write all numbers or all strings",
    summary:
      "A value list holds only numbers or only strings. Any value may be written as a string; it is converted to the column's type.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderQuantity IN (1, '2')",
    fix: "The fix quotes the numbers (safe: string values are converted to the column's type).",
  },
  {
    code: "RQ2011",
    name: "list-with-single-value-operator",
    severity: "error",
    phase: "semantic",
    message: "`{operator}` compares with one value; use `{listOperator}` for a list",
    summary: "Only `IN` and `NOT IN` take a list.",
    example: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = ('Active', 'Cancelled')",
    fix: "The fix writes `IN` for `=` and `NOT IN` for `!=` (safe).",
  },
  {
    code: "RQ2012",
    name: "like-needs-string",
    severity: "error",
    phase: "semantic",
    message: "`{operator}` takes a string pattern in single quotes, such as `'%Contoso%'`",
    summary: "`LIKE` and `NOT LIKE` match a string pattern where `%` stands for any characters.",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName LIKE 42",
    fix: "Write the pattern as a string.",
  },
  {
    code: "RQ2013",
    name: "like-without-wildcard",
    severity: "hint",
    phase: "semantic",
    message:
      "Pattern {value} has no `%`, so `{operator}` matches the whole value like `{equivalent}`; add `%` where any text may stand",
    summary: "Without `%` a `LIKE` pattern must match the entire value.",
    example: "SELECT OrderId FROM ISVOrder WHERE OfferName LIKE 'Contoso'",
    fix: "Add `%` (for example `'%Contoso%'`), or use `=`.",
  },
  {
    code: "RQ2014",
    name: "value-type-mismatch",
    severity: "error",
    phase: "semantic",
    message: "`{column}` holds {type} values; {value} cannot be converted to one",
    summary: "Where the catalog gives a column's type, each value must convert to it.",
    example: "SELECT OrderId FROM Orders WHERE Quantity = 'many'",
    exampleCatalog:
      '{"format":"reportql-catalog","version":1,"name":"typed","datasets":[{"name":"Orders","dateRanges":null,"minimumRecurrenceInterval":null,"columns":[{"name":"OrderId","kind":"column","type":"string"},{"name":"Quantity","kind":"column","type":"number"}]}]}',
    fix: "Write a value of the column's type.",
  },
  {
    code: "RQ2015",
    name: "default-timespan",
    severity: "info",
    phase: "semantic",
    message: "No `TIMESPAN`: the export covers the last six months; write `TIMESPAN LAST_6_MONTHS` to say so",
    summary: "The documentation buries it: without `TIMESPAN` a query exports six months of data.",
    example: "SELECT OrderId FROM ISVOrder",
    fix: "Add `TIMESPAN` with the period you want (the fix adds `TIMESPAN LAST_6_MONTHS`, unsafe).",
  },
  {
    code: "RQ2016",
    name: "implicit-descending-order",
    severity: "info",
    phase: "semantic",
    message: "Without a direction `ORDER BY` sorts descending, unlike SQL; write `DESC` (or `ASC`)",
    summary: "The language's default sort direction is descending, the opposite of SQL's.",
    example: "SELECT OrderId, OrderPurchaseDate FROM ISVOrder ORDER BY OrderPurchaseDate",
    fix: "The fix writes `DESC`, which keeps what the service does (safe). In a query that also uses SQL constructs (`TOP`, `ORDER BY 2`, ...) the author meant SQL's ascending default, so two unsafe fixes are offered instead: `ASC` first, then `DESC`.",
  },
  {
    code: "RQ2017",
    name: "quoted-timespan",
    severity: "error",
    phase: "semantic",
    message: "`TIMESPAN` takes a period name, not a value: write `{value}`",
    variants: {
      anyPeriod: "`TIMESPAN` takes a period name, not a value: write a period such as `LAST_MONTH`",
    },
    summary:
      "The period is written bare, like a keyword: `TIMESPAN LAST_MONTH`, not `TIMESPAN 'LAST_MONTH'`.",
    example: "SELECT OrderId FROM ISVOrder TIMESPAN 'LAST_MONTH'",
    fix: "Remove the quotes (safe when the value is a documented period).",
  },
  {
    code: "RQ2018",
    name: "columns-not-checked",
    severity: "info",
    phase: "semantic",
    message: "The catalog does not list the columns of `{dataset}`; names are not checked",
    summary:
      "A `ScheduledDataset` response may omit `selectableColumns` for a dataset; its names cannot be validated then.",
    example: "SELECT MPNId FROM Profile",
    exampleCatalog: '{"value":[{"datasetName":"Profile","availableDateRanges":null}],"totalCount":1}',
    fix: "Load a catalog that lists the dataset's columns.",
  },
  {
    code: "RQ2019",
    name: "dropped-column",
    severity: "info",
    phase: "semantic",
    message:
      "`{name}` is no longer listed for `{dataset}` in the newest documentation ({date}); it may stop being accepted",
    summary:
      "A newer source than the one that listed the name no longer has it (`HierarchyLevel` became `AccountType` in Profile): queries that select it still run today, but may not for long.",
    example: "SELECT MpnId, HierarchyLevel FROM Profile",
    fix: "Use the name the newer documentation gives, when it names one (`reportql catalog show DATASET` shows the note).",
  },
  {
    code: "RQ2020",
    name: "value-not-in-domain",
    severity: "warning",
    phase: "semantic",
    message: "`{value}` is not a value of `{column}`, so it matches no row; its values are {values:and}",
    variants: {
      didYouMean:
        "`{value}` is not a value of `{column}`, so it matches no row; did you mean `{suggestion}`?",
      excludesNothing:
        "`{value}` is not a value of `{column}`, so this condition excludes nothing; its values are {values:and}",
      excludesNothingDidYouMean:
        "`{value}` is not a value of `{column}`, so this condition excludes nothing; did you mean `{suggestion}`?",
      pattern: "`{value}` matches no value of `{column}`, so it matches no row; its values are {values:and}",
      patternExcludesNothing:
        "`{value}` matches no value of `{column}`, so this condition excludes nothing; its values are {values:and}",
    },
    summary:
      "The documentation lists every value of this column, and the literal is not one of them: the service accepts the query, runs it, and returns an empty report (the FAQ's most common cause of an empty file), or a condition that filters nothing.",
    example: "SELECT UsageDate FROM ISVUsage WHERE SKUBillingType = 'Paided' TIMESPAN LAST_MONTH",
    fix: "Write one of the listed values (the comparison ignores case when the documentation says values do). The fix writes the closest value (unsafe: check it is the one you meant).",
  },
  // Requests: API request bodies, parameters and request files, checked against the API contract.
  ...REQUEST_DIAGNOSTICS,
  // Tooling: suppressions and files (reported by the CLI).
  {
    code: "RQ9001",
    name: "unused-suppression",
    severity: "warning",
    phase: "tooling",
    message: "Suppression of {codes:codes} matches no diagnostic; remove it",
    variants: { allCodes: "Suppression of all codes matches no diagnostic; remove it" },
    summary:
      "A `-- reportql-ignore CODE` comment silences the named codes in the next query; when nothing is silenced the comment is stale and would hide a future problem.",
    example: "-- reportql-ignore RQ2015\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
    fix: "Remove the comment (safe).",
  },
  {
    code: "RQ9002",
    name: "unknown-suppressed-code",
    severity: "warning",
    phase: "tooling",
    message: "`{code}` is not a reportql diagnostic code; `reportql rules` lists every code",
    summary: "A suppression comment names a code that does not exist, often a typo.",
    example: "-- reportql-ignore RQ2O15\nSELECT OrderId FROM ISVOrder",
    fix: "Correct the code or remove it from the comment.",
  },
  {
    code: "RQ9003",
    name: "misplaced-suppression",
    severity: "warning",
    phase: "tooling",
    message:
      "This suppression applies to no query; write it on the line before a query, or at the end of the query's line",
    summary:
      "`-- reportql-ignore` applies to the query it ends the line of (or stands inside), or else to the next query; after the last query it applies to nothing.",
    example: "SELECT OrderId FROM ISVOrder;\n-- reportql-ignore RQ2015",
    fix: "Move the comment before the query it is meant for, or use `-- reportql-ignore-file` for the whole file.",
  },
  {
    code: "RQ9004",
    name: "retired-suppressed-code",
    severity: "warning",
    phase: "tooling",
    message:
      "`{code}` is retired and replaced by `{replacement}`; write `{replacement}` (this suppression applies to it meanwhile)",
    variants: {
      notReplaced:
        "`{code}` is retired and no longer reported; remove it from the suppression (`reportql explain {code}` says why)",
    },
    summary:
      "A suppression comment names a code that reportql no longer reports. When another code took over its check, the suppression silences that code too, as was meant; otherwise it silences nothing.",
    example: "-- reportql-ignore RQ9106\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
    fix: "Write the code that replaced it (a safe fix does), or remove the retired code from the comment.",
  },
  {
    code: "RQ9101",
    name: "path-not-found",
    severity: "error",
    phase: "tooling",
    message: "`{path}` does not exist",
    variants: {
      glob: "No file matches `{path}`; check the pattern",
      backslashes: "`{path}` does not exist; paths are written with `/` here: `{suggestion}`",
    },
    summary: "A path or glob given on the command line matches nothing.",
    example: "reportql check queries/missing.rql",
    fix: "Correct the path; the other paths are still checked.",
  },
  {
    code: "RQ9102",
    name: "unreadable-file",
    severity: "error",
    phase: "tooling",
    message: "`{path}` cannot be read: {reason}",
    summary: "The file exists but could not be read (permissions, a device, a vanished file).",
    example: "reportql check locked.rql (a file without read permission)",
    fix: "Make the file readable, or exclude it with `.reportqlignore`.",
  },
  {
    code: "RQ9103",
    name: "binary-file",
    severity: "error",
    phase: "tooling",
    message: "`{path}` is a binary file (it contains NUL bytes) and is not checked",
    summary: "A file with a query extension holds binary data, such as a file saved in UTF-16.",
    example: "reportql check query.rql (saved as UTF-16)",
    fix: "Save the file as UTF-8 text.",
  },
  {
    code: "RQ9104",
    name: "invalid-utf8",
    severity: "error",
    phase: "tooling",
    message:
      "`{path}` is not valid UTF-8 at line {line}, column {column} (byte 0x{byte} at offset {offset}) and is not checked; save it as UTF-8",
    summary: "Query files are read as UTF-8; a file in another encoding would be misread.",
    example: "reportql check query.rql (saved as Windows-1252 with a typographic quote)",
    fix: "Convert the file to UTF-8.",
  },
  {
    code: "RQ9105",
    name: "symlink-loop",
    severity: "warning",
    phase: "tooling",
    message: "`{path}` leads back to a folder already being checked; it is skipped",
    summary: "A symbolic link points to one of its own parent folders; following it would never end.",
    example: "reportql check queries/ (where queries/loop links to queries/)",
    fix: "Nothing is needed; remove the link or ignore it to silence this.",
  },
  {
    code: "RQ9106",
    name: "not-a-query-body",
    severity: "info",
    phase: "tooling",
    message: "`{path}` holds no Create Report Query body (an object with a `Query` string) and is skipped",
    summary:
      'JSON files are checked when they hold a Create Report Query request body (`{"Name", "Description", "Query"}`) or an array of them; other JSON is left alone.',
    example: "reportql check package.json",
    fix: "Nothing is needed; exclude the file to silence this note.",
    retired:
      "JSON that holds no request body is skipped silently (0.2): settings, tsconfig and locale files are nobody's business.",
  },
  {
    code: "RQ9107",
    name: "invalid-json",
    severity: "error",
    phase: "tooling",
    message: "`{path}` is not valid JSON: {reason}",
    summary:
      "A `.json` file of request bodies has a syntax error (comments and trailing commas included), so the API would refuse it. The queries that can still be read are checked.",
    example: "reportql check broken.json",
    fix: "Fix the JSON syntax at the reported position.",
  },
  {
    code: "RQ9108",
    name: "query-not-a-string",
    severity: "error",
    phase: "tooling",
    message: "`Query` must be a string holding the query text",
    summary: "A Create Report Query body whose `Query` is a number, an object or null is refused by the API.",
    example: '{"Name": "orders", "Query": 42}',
    fix: "Write the query text as a JSON string.",
  },
  {
    code: "RQ9109",
    name: "unwritable-file",
    severity: "error",
    phase: "tooling",
    message: "`{path}` could not be written ({reason}); its fixes or formatting were not saved",
    summary:
      "`--fix` or `format --write` could not save the file. The file is left exactly as it was (it is replaced whole or not at all), and the other files are still processed.",
    example: "reportql check --fix locked.rql (a read-only file)",
    fix: "Make the file writable and run again.",
  },
  {
    code: "RQ9110",
    name: "file-too-large",
    severity: "error",
    phase: "tooling",
    message: "`{path}` is {megabytes} MB, more than the {limit} MB reportql reads; it is not checked",
    summary:
      "Query files are small; a file this large is most likely not a query file, and checking it would take a long time and much memory.",
    example: "reportql check export.rql (a 200 MB file)",
    fix: "Split the file, or exclude it with `.reportqlignore`.",
  },
  {
    code: "RQ9111",
    name: "empty-query-body",
    severity: "error",
    phase: "tooling",
    message: "The `Query` string holds no query; the API needs exactly one",
    summary: "A Create Report Query body whose `Query` is empty, blank or only comments is refused.",
    example: '{"Name": "orders", "Query": ""}',
    fix: "Write the query text.",
  },
  {
    code: "RQ9112",
    name: "several-queries-in-body",
    severity: "error",
    phase: "tooling",
    message:
      "The `Query` string holds {count} queries; a body takes exactly one, so send each in its own body",
    summary:
      "`;` separates queries in `.rql` files, but a Create Report Query body holds one query; the grammar has no terminator.",
    example:
      '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder; SELECT CustomerId FROM ISVCustomer"}',
    fix: "Split the body in two.",
  },
  {
    code: "RQ9113",
    name: "not-sent-in-body",
    severity: "warning",
    phase: "tooling",
    message:
      "A comment in a `Query` string is sent to the API as written, and the language has none; remove it",
    variants: {
      semicolon:
        "A `;` in a `Query` string is sent to the API as written, and the language has none; remove it",
    },
    summary:
      "Comments and a final `;` belong in `.rql` files; in a request body they become part of the query the service parses.",
    example: '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;"}',
    fix: "The fix removes a final `;` (safe); comments are removed by hand.",
  },
  {
    code: "RQ9114",
    name: "text-not-a-string",
    severity: "error",
    phase: "tooling",
    message:
      '`{entry}` was given {type} where the text goes, so nothing was checked; pass the text as a string (`""` for none)',
    summary:
      "A library function that reads text (`parse`, `lex`, `check`, `lint`, `lintFile`, `checkRequestFile`, ...) was called from plain JavaScript with `undefined`, a number, an object or another value that is not a string. It reads it as the empty text and says so here, rather than throwing a `TypeError` from deep inside. A `String` object counts as its string. Functions that return no diagnostics (`format`, `complete`, `hover`, `applyFixes`, `new LineMap`, ...) read such a value as the empty text silently.",
    example: "lint(undefined) from JavaScript (a file read that failed, a field name misspelt)",
    fix: 'Pass the document\'s text as a string: read the file as UTF-8 (`readFileSync(path, "utf8")`), and check the variable holds what you expect.',
  },
  {
    code: "RQ9130",
    name: "too-many-problems",
    severity: "error",
    phase: "tooling",
    message:
      "{count} more problems in `{path}` are not reported: reportql reports at most {limit} per file, the most severe first",
    summary:
      "A file with this many problems is most likely not a query file, or one mistake repeated throughout; reporting every problem would take more memory than checking the file. The CLI reports at most 20,000 per file, the language server 2,000 (every edit sends them all to the editor).",
    example: "reportql check export.rql (a file with 300,000 problems)",
    fix: "Fix the problems reported first (often one mistake repeated), or exclude the file with `.reportqlignore`.",
  },
  // Configuration files (RQ92xx).
  ...CONFIG_DIAGNOSTICS,
] as const satisfies readonly DiagnosticDefinition[];

/** A code of the catalog. */
export type DiagnosticCode = (typeof DIAGNOSTICS)[number]["code"];

const BY_CODE: ReadonlyMap<string, DiagnosticDefinition> = new Map(DIAGNOSTICS.map((d) => [d.code, d]));

/** The catalog entry of a code, or `undefined` for an unknown code. */
export function lookupDiagnostic(code: string): DiagnosticDefinition | undefined {
  return BY_CODE.get(code);
}
