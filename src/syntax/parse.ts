/**
 * `parse(text)`: the syntax half of reportql. Lexes the document, splits it into queries at `;` (each
 * query is parsed on its own, so one broken query does not spoil the next), builds the AST and reports
 * every lexical and syntax diagnostic. Never throws on user input.
 */
import type { IToken } from "chevrotain";
import { lookupDiagnostic } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, singleEditFix, sortDiagnostics } from "../diagnostics/make.js";
import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import { emptySpan } from "../text/span.js";
import type * as Ast from "./ast.js";
import { type Comment, type DocumentWrapping, type LexResult, lex } from "./lexer.js";
import { buildQuery } from "./nodes.js";
import { QueryParser } from "./parser.js";
import { recognitionDiagnostic } from "./recognition.js";
import { type Token, tokenSpan } from "./token.js";
import { From, LParen, Not, RParen, Select, Semicolon } from "./tokens.js";
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
  /**
   * For each query, whether its structure is uncertain: the parser had to recover, or a lexical error
   * (an unreadable character, an unclosed string or comment, a lone quote) may have moved its
   * boundaries. The formatter leaves such a query as written, and its diagnostics carry no fixes but
   * the lexical ones, since a fix computed from a wrong structure could damage the text.
   */
  readonly uncertain: readonly boolean[];
  /** How the whole document was wrapped (in double quotes, or percent-encoded), when it was. */
  readonly wrapping?: DocumentWrapping;
  /** Starts of the string values whose opening quote was guessed (RQ1120), sorted. */
  readonly guessedOpenings: readonly number[];
  /**
   * Spans of the SQL constructs the language lacks (`TOP`, `GROUP BY`, `OR`, ...: the `sql` phase's
   * diagnostics), sorted: a query holding one was written with SQL's meaning in mind.
   */
  readonly sqlConstructs: readonly Span[];
}

let parserInstance: QueryParser | undefined;

/** The process-wide parser: Chevrotain parsers are costly to build and fastest when reused. */
function parser(): QueryParser {
  parserInstance ??= new QueryParser();
  return parserInstance;
}

/** Lexical problems after which the structure of the query around them is uncertain. */
const STRUCTURE_BREAKING: ReadonlySet<string> = new Set(["RQ1001", "RQ1003", "RQ1009", "RQ1010"]);

/** Parentheses or `NOT`s nested deeper than this are reported, not parsed (the grammar recurses). */
const MAX_NESTING = 64;

/** Parses a document of one or more queries. */
export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const breaking = lexed.diagnostics.filter((d) => STRUCTURE_BREAKING.has(d.code));
  const queries: Ast.Query[] = [];
  const uncertain: boolean[] = [];
  let nextUnknown = 0;
  let nextBreaking = 0;
  for (const segment of splitQueries(lexed, text, diagnostics)) {
    const previousUncertain = uncertain[uncertain.length - 1] === true;
    const first = diagnostics.length;
    // The unreadable runs inside this query (segments and runs are both in document order).
    const segmentEnd = tokenSpan(segment.tokens[segment.tokens.length - 1] as IToken).end;
    const local: Span[] = [];
    while (nextUnknown < lexed.unknown.length && (lexed.unknown[nextUnknown] as Span).start < segmentEnd)
      local.push(lexed.unknown[nextUnknown++] as Span);
    const { query, hadErrors } = parseSegment(segment, text, diagnostics, local);
    const end = query.terminator?.end ?? query.span.end;
    // Queries and lexical problems are both in document order: one pointer walks the problems.
    while (
      nextBreaking < breaking.length &&
      (breaking[nextBreaking] as Diagnostic).span.end <= query.span.start
    )
      nextBreaking++;
    const problem = breaking[nextBreaking];
    const broken = hadErrors || (problem !== undefined && problem.span.start < end);
    if (broken)
      for (let i = first; i < diagnostics.length; i++)
        diagnostics[i] = withoutFixes(diagnostics[i] as Diagnostic);
    // The missing `;` (RQ1121) is reported while splitting, before this query's diagnostics, and its
    // edit lands at the end of the query before: it keeps its fix only when both are certain. After an
    // unclosed string the `;` would land inside the string, and the same fix would be offered again.
    const split = segment.missingSemicolon;
    if (split !== undefined && (broken || previousUncertain))
      diagnostics[split] = withoutFixes(diagnostics[split] as Diagnostic);
    queries.push(query);
    uncertain.push(broken);
  }
  const document: Ast.Document = { kind: "Document", span: { start: 0, end: text.length }, queries };
  const sorted = sortDiagnostics(diagnostics);
  const result: Mutable<ParseResult> = {
    text,
    document,
    tokens: lexed.tokens,
    comments: lexed.comments,
    diagnostics: sorted,
    unknown: lexed.unknown,
    uncertain,
    guessedOpenings: lexed.guessedOpenings,
    sqlConstructs: sqlConstructSpans(sorted),
  };
  if (lexed.wrapping !== undefined) result.wrapping = lexed.wrapping;
  return result;
}

function sqlConstructSpans(diagnostics: readonly Diagnostic[]): Span[] {
  const spans: Span[] = [];
  for (const d of diagnostics) if (lookupDiagnostic(d.code)?.phase === "sql") spans.push(d.span);
  return spans;
}

/** A diagnostic without its fixes. */
export function withoutFixes(d: Diagnostic): Diagnostic {
  if (d.fixes === undefined) return d;
  const { fixes: _, ...rest } = d;
  return rest;
}

interface Segment {
  readonly tokens: IToken[];
  readonly terminator?: IToken;
  /** The first token nested deeper than `MAX_NESTING` (parentheses, or a run of `NOT`), if any. */
  readonly tooDeep?: IToken;
  /** The index in the diagnostics of the missing `;` (RQ1121) that starts this query, if any. */
  readonly missingSemicolon?: number;
}

/**
 * Splits the token stream into queries, in one pass: at each `;` (an empty query between two is
 * reported), and before a top-level `SELECT` that follows a query which already has `SELECT` and
 * `FROM`: a new query whose `;` was forgotten, parsed apart, with RQ1121 offering to insert the `;`.
 * The pass also finds nesting too deep to parse.
 */
function splitQueries(lexed: LexResult, text: string, diagnostics: Diagnostic[]): Segment[] {
  const tokens = lexed.tokens as IToken[];
  const segments: Segment[] = [];
  let start = 0;
  let depth = 0;
  let nots = 0;
  let tooDeep: IToken | undefined;
  let sawSelect = false;
  let sawFrom = false;
  let previousTerminator: IToken | undefined;
  let missing: number | undefined;
  const close = (end: number, terminator?: IToken) => {
    // A document of one query (the common case) is parsed from the lexer's list, not a copy.
    const segment: Mutable<Segment> = {
      tokens: start === 0 && end === tokens.length ? tokens : tokens.slice(start, end),
    };
    if (terminator) segment.terminator = terminator;
    if (tooDeep) segment.tooDeep = tooDeep;
    if (missing !== undefined) segment.missingSemicolon = missing;
    segments.push(segment);
    missing = undefined;
    start = end;
    tooDeep = undefined;
    sawFrom = false;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    const type = token.tokenType;
    if (type === Semicolon) {
      if (i === start) diagnostics.push(emptyQuery(token, previousTerminator, text));
      else close(i, token);
      start = i + 1;
      depth = 0;
      nots = 0;
      sawSelect = false;
      sawFrom = false;
      previousTerminator = token;
      continue;
    }
    if (type === LParen) depth++;
    else if (type === RParen) depth = Math.max(0, depth - 1);
    nots = type === Not ? nots + 1 : 0;
    if (tooDeep === undefined && (depth > MAX_NESTING || nots > MAX_NESTING)) tooDeep = token;
    if (depth > 0) continue;
    if (type === Select && sawSelect && sawFrom) {
      close(i);
      missing = diagnostics.length;
      diagnostics.push(missingSemicolon(token, tokens[i - 1] as IToken));
    }
    if (type === Select) sawSelect = true;
    else if (type === From) sawFrom = true;
  }
  if (start < tokens.length) close(tokens.length);
  return segments;
}

function emptyQuery(semicolon: IToken, previousTerminator: IToken | undefined, text: string): Diagnostic {
  const s = tokenSpan(semicolon);
  const removal = previousTerminator ? { start: tokenSpan(previousTerminator).end, end: s.end } : s;
  return makeDiagnostic(
    "RQ1113",
    s,
    {},
    { fixes: [singleEditFix("Remove the extra `;`", "safe", trimToSemicolon(text, removal), "")] },
  );
}

function missingSemicolon(select: IToken, previous: IToken): Diagnostic {
  return makeDiagnostic(
    "RQ1121",
    tokenSpan(select),
    {},
    { fixes: [singleEditFix("Insert `;`", "safe", emptySpan(tokenSpan(previous).end), ";")] },
  );
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
  const tooDeep = segment.tooDeep;
  if (tooDeep !== undefined) {
    diagnostics.push(makeDiagnostic("RQ1122", tokenSpan(tooDeep), { limit: MAX_NESTING }));
    const spans = segment.tokens.map(tokenSpan);
    const span = { start: (spans[0] as Span).start, end: (spans[spans.length - 1] as Span).end };
    const terminator = segment.terminator && tokenSpan(segment.terminator);
    return {
      query: buildQuery([{ kind: "InvalidClause", span, tokens: spans }], span, terminator),
      hadErrors: true,
    };
  }
  const p = parser();
  const clauses = p.parseQuery(segment.tokens);
  const errors = p.errors;
  const lastToken = segment.tokens[segment.tokens.length - 1] as IToken;
  for (const error of errors) diagnostics.push(recognitionDiagnostic(error, lastToken, text));
  const first = tokenSpan(segment.tokens[0] as IToken);
  const last = tokenSpan(lastToken);
  const terminator = segment.terminator && tokenSpan(segment.terminator);
  const query = buildQuery(clauses, { start: first.start, end: last.end }, terminator);
  validateQuery(query, text, diagnostics, unknown);
  return { query, hadErrors: errors.length > 0 };
}
