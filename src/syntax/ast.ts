/**
 * The abstract syntax tree: a discriminated union on `kind`. Every node has a half-open `span` of
 * UTF-16 offsets into the document.
 *
 * The tree describes a superset of the language (SQL constructs such as `SELECT *`, `GROUP BY` or
 * `OR` have nodes) so later phases can explain them. Parts the parser could not find are absent
 * (`undefined`), never invented: `FromClause.dataset` is missing in `SELECT a FROM`, and a token
 * inserted by error recovery never becomes a node.
 */
import type { Span } from "../text/span.js";

/** A name: column, metric, dataset or TIMESPAN value. */
export interface Identifier {
  readonly kind: "Identifier";
  readonly span: Span;
  /** The name with Markdown escapes and quotes removed, as the service would read it. */
  readonly name: string;
  /** How the name was quoted, SQL's habit (reported): `"Name"`, `[Name]` or `` `Name` ``. */
  readonly quoted?: NameQuote;
}

/** `*` in a select list or a function argument. */
export interface Star {
  readonly kind: "Star";
  readonly span: Span;
}

/** `name(args)`: SQL functions and aggregates, which the language lacks. */
export interface FunctionCall {
  readonly kind: "FunctionCall";
  readonly span: Span;
  readonly name: Identifier;
  readonly args: readonly Expression[];
  readonly closed: boolean;
}

/** `qualifier.name`: SQL's qualified names, which the language lacks. */
export interface QualifiedName {
  readonly kind: "QualifiedName";
  readonly span: Span;
  readonly qualifiers: readonly Identifier[];
  /** The last part; absent after a trailing dot. */
  readonly name?: Identifier | Star;
}

/** A number such as `100` or `-2.5`. */
export interface NumberLiteral {
  readonly kind: "NumberLiteral";
  readonly span: Span;
  readonly value: number;
  readonly raw: string;
}

/** SQL's quotes around a name: double quotes, SQL Server's brackets, MySQL's backticks. */
export type NameQuote = "double" | "bracket" | "backtick";

/** How a string value was quoted. Only `ascii` is valid; the others are reported by the lexer or validator. */
export type QuoteStyle = "ascii" | "typographic" | "unterminated" | "unopened" | NameQuote;

/** A string value such as `'United States'`. */
export interface StringLiteral {
  readonly kind: "StringLiteral";
  readonly span: Span;
  /** The text between the quotes. */
  readonly value: string;
  readonly quote: QuoteStyle;
}

/** A bare word where a value belongs (`OrderStatus = Active`); reported, since values must be quoted. */
export interface UnquotedValue {
  readonly kind: "UnquotedValue";
  readonly span: Span;
  readonly text: string;
}

/** `(v1, v2, ...)`, the operand of `IN` and `NOT IN`. */
export interface ValueList {
  readonly kind: "ValueList";
  readonly span: Span;
  readonly items: readonly Value[];
  /** Commas that separate nothing (`(1,,2)`, `(1, 2,)`). */
  readonly extraCommas: readonly Span[];
  /** Indexes of the items that follow the one before them with no comma (`('a' 'b')` gives `[1]`). */
  readonly missingCommaBefore: readonly number[];
  readonly closed: boolean;
}

/** `( SELECT ... )`: a sub-query, which the language lacks. */
export interface Subquery {
  readonly kind: "Subquery";
  readonly span: Span;
  readonly query: Query;
  readonly closed: boolean;
}

/** Something written where a value belongs. */
export type Value = NumberLiteral | StringLiteral | UnquotedValue | ValueList | Subquery;

/** Something written where a name belongs (select list, ORDER BY, left side of a condition). */
export type Expression =
  | Identifier
  | Star
  | FunctionCall
  | QualifiedName
  | NumberLiteral
  | StringLiteral
  | Subquery;

/** A keyword or keyword pair (`ORDER BY`, `NOT IN`), by its upper-case text. */
export interface Keyword {
  readonly kind: "Keyword";
  readonly span: Span;
  readonly text: string;
}

/** `AS alias`, or a dataset alias without `AS`. */
export interface Alias {
  readonly kind: "Alias";
  readonly span: Span;
  readonly as?: Keyword;
  readonly name?: Identifier;
}

/** One entry of the select list, with the comma that follows it, if any. */
export interface SelectItem {
  readonly kind: "SelectItem";
  readonly span: Span;
  readonly expression: Expression;
  readonly alias?: Alias;
  readonly comma?: Span;
}

/** `SELECT [DISTINCT] items`. */
export interface SelectClause {
  readonly kind: "SelectClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly distinct?: Keyword;
  /** SQL Server's `TOP n`, reported. */
  readonly top?: { readonly keyword: Keyword; readonly count?: NumberLiteral; readonly span: Span };
  readonly items: readonly SelectItem[];
  /** Commas that separate nothing (`a,,b` or a leading comma). */
  readonly extraCommas: readonly Span[];
}

/** `FROM dataset`. */
export interface FromClause {
  readonly kind: "FromClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly dataset?: Identifier | QualifiedName | Subquery;
  /** Datasets after the first one, `FROM a, b` (reported). */
  readonly extraDatasets: readonly (Identifier | QualifiedName | Subquery)[];
  readonly alias?: Alias;
}

/** A comparison operator, or a word operator (`NOT IN`, `LIKE`, and SQL's `BETWEEN`, `IS NULL`). */
export interface Operator {
  readonly kind: "Operator";
  readonly span: Span;
  /** Canonical spelling: `=`, `!=`, `<`, `>`, `<=`, `>=`, `IN`, `NOT IN`, `LIKE`, `NOT LIKE`, `BETWEEN`, `NOT BETWEEN`, `IS NULL`, `IS NOT NULL`. */
  readonly op: string;
  /** The text as written when it differs from `op` (`<>`, `==`, `not in`). */
  readonly raw: string;
}

/** `name operator value`. */
export interface Predicate {
  readonly kind: "Predicate";
  readonly span: Span;
  readonly subject: Expression;
  readonly operator?: Operator;
  readonly value?: Value;
  /** For `BETWEEN low AND high`: the `AND` and the upper bound. */
  readonly between?: { readonly and: Keyword; readonly high?: Value };
}

/** `NOT condition` (reported: the language has no prefix `NOT`). */
export interface NotCondition {
  readonly kind: "NotCondition";
  readonly span: Span;
  readonly not: Keyword;
  readonly condition?: Condition;
}

/** `( conditions )` (reported: the language has no grouping). */
export interface ParenthesizedConditions {
  readonly kind: "ParenthesizedConditions";
  readonly span: Span;
  readonly conditions: ConditionList;
  readonly closed: boolean;
}

/** One condition of a WHERE clause. */
export type Condition = Predicate | NotCondition | ParenthesizedConditions;

/** `c1 AND c2 OR c3...`: `connectors[i]` stands between `conditions[i]` and `conditions[i + 1]`. */
export interface ConditionList {
  readonly conditions: readonly Condition[];
  /** `AND` (valid) or `OR` (reported). One more connector than gaps means a trailing connector. */
  readonly connectors: readonly Keyword[];
}

/** `WHERE conditions`. */
export interface WhereClause extends ConditionList {
  readonly kind: "WhereClause";
  readonly span: Span;
  readonly keyword: Keyword;
}

/** One sort key. */
export interface OrderItem {
  readonly kind: "OrderItem";
  readonly span: Span;
  readonly expression: Expression;
  readonly direction?: Keyword;
  readonly comma?: Span;
}

/** `ORDER BY items`; `keyword` covers `ORDER` and `BY`, `by` is absent when `BY` is missing. */
export interface OrderByClause {
  readonly kind: "OrderByClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly by?: Keyword;
  readonly items: readonly OrderItem[];
  readonly extraCommas: readonly Span[];
}

/** `LIMIT n`. */
export interface LimitClause {
  readonly kind: "LimitClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly count?: NumberLiteral;
  /** `OFFSET m` or `, m` (reported). */
  readonly offset?: { readonly span: Span; readonly count?: NumberLiteral };
}

/** `TIMESPAN value`. */
export interface TimespanClause {
  readonly kind: "TimespanClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly value?: Identifier | StringLiteral | NumberLiteral;
}

/** `GROUP BY ...` (reported). */
export interface GroupByClause {
  readonly kind: "GroupByClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly items: readonly Expression[];
}

/** `HAVING ...` (reported). */
export interface HavingClause extends ConditionList {
  readonly kind: "HavingClause";
  readonly span: Span;
  readonly keyword: Keyword;
}

/** `[INNER|LEFT|...] JOIN dataset [ON ...]` (reported). */
export interface JoinClause {
  readonly kind: "JoinClause";
  readonly span: Span;
  readonly keyword: Keyword;
  readonly dataset?: Identifier | QualifiedName | Subquery;
  readonly on?: ConditionList;
}

/** Tokens that fit no clause, kept so tools see every part of the text. */
export interface InvalidClause {
  readonly kind: "InvalidClause";
  readonly span: Span;
  /** The spans of the tokens, in order. */
  readonly tokens: readonly Span[];
}

/** Any clause, valid or not. */
export type Clause =
  | SelectClause
  | FromClause
  | WhereClause
  | OrderByClause
  | LimitClause
  | TimespanClause
  | GroupByClause
  | HavingClause
  | JoinClause
  | InvalidClause;

/**
 * One query. `clauses` holds every clause in source order (repeated or misplaced ones included);
 * the named fields point at the first clause of each kind, for convenience.
 */
export interface Query {
  readonly kind: "Query";
  readonly span: Span;
  readonly clauses: readonly Clause[];
  readonly select?: SelectClause;
  readonly from?: FromClause;
  readonly where?: WhereClause;
  readonly orderBy?: OrderByClause;
  readonly limit?: LimitClause;
  readonly timespan?: TimespanClause;
  /** The `;` that ends the query, if any. */
  readonly terminator?: Span;
}

/** A document: one or more queries separated by `;`. */
export interface Document {
  readonly kind: "Document";
  readonly span: Span;
  readonly queries: readonly Query[];
}

/** Any node of the tree. */
export type Node =
  | Document
  | Query
  | Clause
  | SelectItem
  | OrderItem
  | Alias
  | Keyword
  | Operator
  | Predicate
  | NotCondition
  | ParenthesizedConditions
  | Expression
  | Value;
