/**
 * `parse(text)`: the syntax half of reportql. Lexes the document, splits it into queries at `;` (each
 * query is parsed on its own, so one broken query does not spoil the next), builds the AST and reports
 * every lexical and syntax diagnostic. Never throws on user input.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, singleEditFix, sortDiagnostics } from "../diagnostics/make.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { type Comment, type LexResult, lex, type Token, tokenSpan } from "./lexer.js";
import { buildQuery, QueryParser } from "./parser.js";
import { Semicolon } from "./tokens.js";
import { validateQuery } from "./validate.js";

/** Everything the syntax phase knows about a document. */
export interface ParseResult {
  readonly text: string;
  readonly document: Ast.Document;
  /** Significant tokens, `;` included. */
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  /** Lexical and syntax diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Character runs no token matched (reported as RQ1001). */
  readonly unknown: readonly Span[];
  /** For each query, whether Chevrotain had to recover (the formatter leaves such queries alone). */
  readonly recovered: readonly boolean[];
}

let parserInstance: QueryParser | undefined;

/** The process-wide parser: Chevrotain parsers are costly to build and fastest when reused. */
function parser(): QueryParser {
  parserInstance ??= new QueryParser();
  return parserInstance;
}

/** Parses a document of one or more queries. */
export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const queries: Ast.Query[] = [];
  const recovered: boolean[] = [];
  for (const segment of splitQueries(lexed, text, diagnostics)) {
    const { query, hadErrors } = parseSegment(segment, text, diagnostics, lexed.unknown);
    queries.push(query);
    recovered.push(hadErrors);
  }
  const document: Ast.Document = { kind: "Document", span: { start: 0, end: text.length }, queries };
  return {
    text,
    document,
    tokens: lexed.tokens,
    comments: lexed.comments,
    diagnostics: sortDiagnostics(diagnostics),
    unknown: lexed.unknown,
    recovered,
  };
}

interface Segment {
  readonly tokens: IToken[];
  readonly terminator?: IToken;
}

/** Splits the token stream at `;`. An empty query between two semicolons is reported. */
function splitQueries(lexed: LexResult, text: string, diagnostics: Diagnostic[]): Segment[] {
  const segments: Segment[] = [];
  let current: IToken[] = [];
  let previousTerminator: IToken | undefined;
  for (const token of lexed.tokens) {
    if (token.tokenType !== Semicolon) {
      current.push(token);
      continue;
    }
    if (current.length === 0) {
      const s = tokenSpan(token);
      const start = previousTerminator ? tokenSpan(previousTerminator).end : 0;
      const removal = previousTerminator ? { start, end: s.end } : s;
      diagnostics.push(
        makeDiagnostic(
          "RQ1113",
          s,
          {},
          { fixes: [singleEditFix("Remove the extra `;`", "safe", trimToSemicolon(text, removal), "")] },
        ),
      );
    } else segments.push({ tokens: current, terminator: token });
    current = [];
    previousTerminator = token;
  }
  if (current.length > 0) segments.push({ tokens: current });
  return segments;
}

/** The removal span for an extra `;`: the semicolon and the whitespace before it, but never comments. */
function trimToSemicolon(text: string, s: Span): Span {
  const between = text.slice(s.start, s.end - 1);
  return between.trim() === "" ? s : { start: s.end - 1, end: s.end };
}

function parseSegment(
  segment: Segment,
  text: string,
  diagnostics: Diagnostic[],
  unknown: readonly Span[],
): { query: Ast.Query; hadErrors: boolean } {
  const p = parser();
  const clauses = p.parseQuery(segment.tokens);
  const errors = p.errors;
  for (const error of errors) diagnostics.push(recognitionDiagnostic(error, segment, text));
  const first = tokenSpan(segment.tokens[0] as IToken);
  const last = tokenSpan(segment.tokens[segment.tokens.length - 1] as IToken);
  const terminator = segment.terminator && tokenSpan(segment.terminator);
  const query = buildQuery(clauses, { start: first.start, end: last.end }, terminator);
  validateQuery(query, text, diagnostics, unknown);
  return { query, hadErrors: errors.length > 0 };
}

/**
 * The one place that turns a Chevrotain recognition error into a diagnostic. The grammar makes nearly
 * every part optional, so these are rare; they still get a readable message and an exact span.
 */
function recognitionDiagnostic(error: IRecognitionException, segment: Segment, text: string): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType.name === "EOF" || token.startOffset < 0 || Number.isNaN(token.startOffset);
  const lastToken = segment.tokens[segment.tokens.length - 1] as IToken;
  const s: Span = atEnd
    ? { start: tokenSpan(lastToken).end, end: tokenSpan(lastToken).end }
    : tokenSpan(token);
  const found = atEnd ? "end of query" : `\`${text.slice(s.start, s.end)}\``;
  const expected = expectedFromMessage(error.message);
  return makeDiagnostic("RQ1101", s, { found, expected });
}

function expectedFromMessage(message: string): string {
  const match = /Expecting(?: token of type)? --> (\w+) <--/.exec(message);
  if (match?.[1] === "RParen") return "`)`";
  return match?.[1] !== undefined ? `\`${match[1]}\`` : "a clause keyword or the end of the query";
}
