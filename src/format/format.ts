/**
 * The formatter. It changes layout and keyword case only: tokens, names, values and comments are
 * kept, so parsing the output gives the same tree as the input. A query with lexical errors or one
 * the parser had to recover is copied unchanged, because its structure is not known for sure.
 *
 * Layout: keywords upper-case; one clause per line; `, ` between items; single spaces around
 * operators; a clause longer than the line width breaks into one item (or one `AND` condition) per
 * line; one blank line between queries. Comments stay where they were relative to the tokens: a
 * comment that ended a line still ends it, a comment on its own line stays on its own line.
 */

import { textOrEmpty } from "../diagnostics/text-argument.js";
import type * as Ast from "../syntax/ast.js";
import { percentDecode } from "../syntax/document-view.js";
import { type Comment, lex } from "../syntax/lexer.js";
import { type ParseResult, parse } from "../syntax/parse.js";
import {
  isReservedWord,
  isToken,
  isWordLike,
  sameTokenType,
  type Token,
  tokenKind,
  tokenSpan,
} from "../syntax/token.js";
import { predicates } from "../syntax/walk.js";
import { append } from "../text/append.js";
import { firstAtOrAfter } from "../text/sorted.js";
import type { Span } from "../text/span.js";

/** What a name stands for, for `canonicalName`. */
export type NameRole = "dataset" | "column" | "timespan";

/** Formatting options. */
export interface FormatOptions {
  /** Clauses longer than this break into one item per line. */
  readonly lineWidth?: number;
  /**
   * The preferred spelling of a name (names are case-insensitive), or `undefined` to keep it as
   * written. `dataset` is the query's dataset, for columns. The semantic layer passes the catalog's
   * spelling here (`formatWithCatalog`); the formatter itself knows no catalog.
   */
  readonly canonicalName?: (name: string, role: NameRole, dataset: string | undefined) => string | undefined;
}

const DEFAULT_LINE_WIDTH = 100;

const CONTINUATION_INDENT = "  ";

/** One printable element: a token or a comment. */
type Item =
  | { readonly kind: "token"; readonly token: Token; readonly span: Span }
  | { readonly kind: "comment"; readonly comment: Comment; readonly span: Span };

/** Formats a document. Never throws; text it cannot format safely is kept as written. */
export function format(text: string, options: FormatOptions = {}): string {
  return formatText(textOrEmpty(text), options);
}

function formatText(text: string, options: FormatOptions): string {
  const parsed = parse(text);
  // Options of the wrong type from a plain JavaScript caller count as left out.
  const width = options?.lineWidth;
  const lineWidth = typeof width === "number" && !Number.isNaN(width) ? width : DEFAULT_LINE_WIDTH;
  const canonicalName = typeof options?.canonicalName === "function" ? options.canonicalName : undefined;
  const printer = (joinLines: boolean) => new DocumentPrinter(parsed, lineWidth, canonicalName, joinLines);
  const first = printer(true);
  const out = first.print();
  // Each formatted query is re-lexed on its own, but an item kept on the line before it (a comment, an
  // extra `;`) joins text that was never lexed together: a line ending in a typographic quote and a
  // comment holding `’` make one string. Only then is the whole output re-lexed; if its tokens differ,
  // such items go on lines of their own, and if even that differs the text is kept as written.
  if (!first.joinedLines || sameTokens(parsed.tokens, lex(out).tokens)) return out;
  const apart = printer(false).print();
  return sameTokens(parsed.tokens, lex(apart).tokens) ? apart : text;
}

/** Whether two token lists have the same types and images (case aside: keywords are upper-cased). */
function sameTokens(before: readonly Token[], after: readonly Token[]): boolean {
  return (
    before.length === after.length &&
    before.every((b, k) => {
      const a = after[k] as Token;
      return sameTokenType(a, b) && a.image.toLowerCase() === b.image.toLowerCase();
    })
  );
}

/**
 * The single-line text of one query as the API expects it in a Create Report Query body: no comments,
 * no `;`, keywords upper-case, single spaces.
 */
export function toSubmissionText(
  query: Ast.Query,
  parsed: Pick<ParseResult, "text" | "tokens" | "unknown" | "wrapping">,
): string {
  // A percent-encoded document lexes from a padded, decoded view; submit the decoded query itself.
  if (parsed.wrapping === "percent-encoded") {
    // The view's tokens end inside the last `%XX` sequence they decode from: complete it.
    let end = query.span.end;
    const lastPercent = parsed.text.lastIndexOf("%", end - 1);
    if (lastPercent >= end - 2 && lastPercent >= query.span.start)
      end = Math.min(parsed.text.length, lastPercent + 3);
    const decoded = parse(percentDecode(parsed.text.slice(query.span.start, end)));
    const inner = decoded.document.queries[0];
    return inner === undefined || decoded.wrapping === "percent-encoded"
      ? ""
      : toSubmissionText(inner, decoded);
  }
  const pieces: { span: Span; text: string; token?: Token }[] = [];
  for (
    let i = firstAtOrAfter(parsed.tokens, query.span.start, (t) => t.startOffset);
    i < parsed.tokens.length;
    i++
  ) {
    const token = parsed.tokens[i] as Token;
    if (token.startOffset >= query.span.end) break;
    pieces.push({ span: spanOf(token), text: tokenText(token), token });
  }
  // Unreadable runs are kept too, unless a token already holds them (an invisible character in a name).
  // Tokens do not overlap and are in order: only the last one starting at or before the run can hold
  // it (a binary search; a scan of every token per run was quadratic).
  const tokenPieces = pieces.slice();
  const covered = (s: Span) => {
    const i = firstAtOrAfter(tokenPieces, s.start + 1, (p) => p.span.start) - 1;
    return i >= 0 && (tokenPieces[i] as (typeof pieces)[number]).span.end >= s.end;
  };
  for (const s of parsed.unknown) {
    if (s.start >= query.span.start && s.end <= query.span.end && !covered(s))
      pieces.push({ span: s, text: parsed.text.slice(s.start, s.end) });
  }
  pieces.sort((a, b) => a.span.start - b.span.start);
  let out = "";
  let previous: Token | undefined;
  for (const piece of pieces) {
    if (
      out !== "" &&
      (piece.token === undefined || previous === undefined || needsSpace(previous, piece.token))
    )
      out += " ";
    out += piece.text;
    previous = piece.token;
  }
  return out;
}

/** The submission text of every query of a document, in order. */
export function submissionTexts(text: string): string[] {
  const parsed = parse(textOrEmpty(text));
  return parsed.document.queries.map((q) => toSubmissionText(q, parsed));
}

const spanOf = tokenSpan;

function tokenText(token: Token): string {
  return isReservedWord(token) ? token.image.toUpperCase() : token.image;
}

/** Whether a space goes between two adjacent tokens. */
function needsSpace(previous: Token, next: Token): boolean {
  if (isToken(next, ",") || isToken(next, ")") || isToken(next, ";") || isToken(next, ".")) return false;
  if (isToken(previous, "(") || isToken(previous, ".")) return false;
  // Numbers and words written against each other (`2020-06-30`, `5-3`) are one bare value to the
  // parser; a space between them would make them two.
  if (
    isWordLike(previous) &&
    isWordLike(next) &&
    previous.startOffset + previous.image.length === next.startOffset
  )
    return false;
  // A function call: `SUM(x)`, not `SUM (x)`. Keywords keep their space: `IN (...)`, and the
  // contextual SQL words too (`OR (a = 1)` is not a call).
  if (!isToken(next, "(")) return true;
  const kind = tokenKind(previous);
  return kind !== "name" && kind !== "number-word";
}

const NO_RENAMES: ReadonlyMap<number, string> = new Map();

/** White space as the lexer skips it (every Unicode space, the BOM). */
const SPACE = /^[\s\uFEFF]$/;
const isSpace = (char: string) => SPACE.test(char);

/** Whether only white space stands between the previous line break (or the text's start) and `offset`. */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!isSpace(text[i] as string)) return false;
  }
  return true;
}

/** Whether only white space stands between `offset` and the next line break (or the text's end). */
function endsLine(text: string, offset: number): boolean {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!isSpace(text[i] as string)) return false;
  }
  return true;
}

const ASCII_NAME = /^[A-Za-z_]\w*$/;

/** The canonical spellings of a query's dataset and column names, by token offset. */
function nameRenames(
  query: Ast.Query,
  canonicalName: NonNullable<FormatOptions["canonicalName"]>,
): Map<number, string> {
  const renames = new Map<number, string>();
  const dataset = query.from?.dataset?.kind === "Identifier" ? query.from.dataset : undefined;
  const rename = (id: Ast.Identifier, role: NameRole) => {
    // Names written with Markdown escapes or quotes are left to their own diagnostics and fixes.
    if (id.quoted !== undefined || id.name.length !== id.span.end - id.span.start) return;
    const better = canonicalName(id.name, role, dataset?.name);
    // Only another case of the same ASCII letters: `"\u212Aey".toLowerCase()` is `key` too, but the
    // Kelvin sign is no letter of a name, and the whole document would then be kept as written.
    if (
      typeof better === "string" &&
      better !== id.name &&
      better.toLowerCase() === id.name.toLowerCase() &&
      ASCII_NAME.test(better)
    )
      renames.set(id.span.start, better);
  };
  if (dataset !== undefined) rename(dataset, "dataset");
  if (query.timespan?.value?.kind === "Identifier") rename(query.timespan.value, "timespan");
  for (const clause of query.clauses) {
    if (clause.kind === "SelectClause")
      for (const item of clause.items)
        if (item.expression.kind === "Identifier") rename(item.expression, "column");
    if (clause.kind === "OrderByClause")
      for (const item of clause.items)
        if (item.expression.kind === "Identifier") rename(item.expression, "column");
    if (clause.kind === "WhereClause")
      for (const p of predicates(clause)) if (p.subject.kind === "Identifier") rename(p.subject, "column");
  }
  return renames;
}

/**
 * Two line breaks with only spaces between. A CR is a break of its own only when no LF follows it:
 * otherwise the CR and the LF of one CRLF would count as two breaks, a blank line that is not there.
 */
const BLANK_LINE = /(?:\r\n|\n|\r(?!\n))[ \t\u00a0]*(?:\r\n|\n|\r)/;

/**
 * The line ending of the output: the document keeps its own (a CRLF repository stays CRLF). The first
 * line break after the first non-space character decides, since the output starts there: a verbatim
 * query keeps its breaks, and with mixed endings any other choice made a second run pick another one
 * (not idempotent). A document whose only breaks come before its text uses the first of them.
 */
function lineEnding(text: string): string {
  const breaks = /\r\n|\n|\r/g;
  breaks.lastIndex = Math.max(0, text.search(/\S/));
  return breaks.exec(text)?.[0] ?? /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
}

/**
 * The line ending the output itself decides: when its first line with text holds a break after that
 * text (a verbatim query, an unterminated comment), a second run reads that break first, so the
 * output uses it too; otherwise undefined (the input decides). The input's first break may be one the
 * formatter removed (`IN\rBY` written `IN BY`), and choosing it made a second run pick another.
 */
function outputLineEnding(lines: readonly string[]): string | undefined {
  const first = lines.find((line) => /\S/.test(line));
  if (first === undefined) return undefined;
  return /\r\n|\n|\r/.exec(first.slice(first.search(/\S/)))?.[0];
}

class DocumentPrinter {
  /** Output lines; a verbatim query is one entry that may span several lines. */
  private readonly out: string[] = [];
  private readonly items: Item[];
  /** Whether the last thing printed is a query copied as written. */
  private endsVerbatim = false;
  /** Whether an item outside the queries was printed on the line before it (see `format`). */
  joinedLines = false;

  constructor(
    private readonly parsed: ParseResult,
    private readonly lineWidth: number,
    private readonly canonicalName: FormatOptions["canonicalName"],
    /** Whether an item outside the queries may stay on the line it shared with what came before. */
    private readonly joinLines = true,
  ) {
    const items: Item[] = [
      ...parsed.tokens.map((token): Item => ({ kind: "token", token, span: spanOf(token) })),
      ...parsed.comments.map((comment): Item => ({ kind: "comment", comment, span: comment.span })),
      // Unreadable characters are kept as they are, like comments.
      ...parsed.unknown.map(
        (span): Item => ({
          kind: "comment",
          comment: { kind: "block", span, text: parsed.text.slice(span.start, span.end) },
          span,
        }),
      ),
    ];
    this.items = items.sort((a, b) => a.span.start - b.span.start);
  }

  print(): string {
    const { document, text } = this.parsed;
    // An encoded or quoted document has no layout of its own to improve; its fix decodes it first.
    if (this.parsed.wrapping !== undefined) return text;
    let cursor = 0;
    let previousEnd: number | undefined;
    for (const [index, query] of document.queries.entries()) {
      const regionEnd = query.terminator?.end ?? query.span.end;
      // Queries are apart by a blank line; comments on their own lines before a query stay with it.
      const between = previousEnd !== undefined;
      if (!this.printFreeComments(cursor, query.span.start, previousEnd, between) && between)
        this.blankLine();
      const formatted = isQueryFormattable(this.parsed, index)
        ? this.formatQuery(query, regionEnd)
        : undefined;
      if (formatted === undefined) this.out.push(text.slice(query.span.start, regionEnd));
      else append(this.out, formatted);
      this.endsVerbatim = formatted === undefined;
      cursor = regionEnd;
      previousEnd = regionEnd;
    }
    this.printFreeComments(cursor, text.length, previousEnd);
    // Verbatim queries keep their text exactly (an unterminated string may end with spaces), so
    // trailing whitespace is trimmed only when the document ends with formatted lines.
    const eol = outputLineEnding(this.out) ?? lineEnding(text);
    const result = this.out.join(eol);
    const trimmed = this.endsVerbatim ? result.replace(/[\r\n]+$/, "") : result.trimEnd();
    return trimmed === "" ? "" : `${trimmed}${eol}`;
  }

  /**
   * The formatted lines of a query, or `undefined` when the layout would change how the query lexes
   * (joining lines can, for instance, let a quote pair with one that was on the next line).
   */
  private formatQuery(query: Ast.Query, regionEnd: number): string[] | undefined {
    const items = this.itemsIn(query.span.start, regionEnd);
    const renames = this.canonicalName ? nameRenames(query, this.canonicalName) : NO_RENAMES;
    const lines = new QueryPrinter(query, items, this.parsed.text, this.lineWidth, renames).print();
    const before = items.flatMap((i) => (i.kind === "token" ? [i.token] : []));
    return sameTokens(before, lex(lines.join("\n")).tokens) ? lines : undefined;
  }

  /** The items starting in `[start, end)`, found by binary search (documents can hold thousands of queries). */
  private itemsIn(start: number, end: number): Item[] {
    const out: Item[] = [];
    for (let i = firstAtOrAfter(this.items, start, (item) => item.span.start); i < this.items.length; i++) {
      const item = this.items[i] as Item;
      if (item.span.start >= end) break;
      out.push(item);
    }
    return out;
  }

  /**
   * Comments outside any query, each on its own line (a blank line before one is kept), and extra
   * semicolons, which stay at the end of the line before them. `between` queries, the first comment
   * on its own line gets the blank line that separates them. Says whether one was on its own line.
   */
  private printFreeComments(
    start: number,
    end: number,
    previousEnd: number | undefined,
    between = false,
  ): boolean {
    let last = previousEnd;
    let ownLine = false;
    for (const item of this.itemsIn(start, end)) {
      const gap = this.parsed.text.slice(last ?? item.span.start, item.span.start);
      const sameLine = this.joinLines && last !== undefined && !gap.includes("\n") && !gap.includes("\r");
      const itemText = item.kind === "comment" ? item.comment.text.trimEnd() : item.token.image;
      this.endsVerbatim = false;
      if (sameLine) {
        // Kept on the line it shared in the source (a line comment never precedes it there).
        const lastLine = this.out.pop() ?? "";
        this.joinedLines = true;
        this.out.push(
          item.kind === "token" || lastLine === "" ? `${lastLine}${itemText}` : `${lastLine} ${itemText}`,
        );
      } else {
        if (last !== undefined && (BLANK_LINE.test(gap) || (between && !ownLine))) this.blankLine();
        this.out.push(itemText);
        ownLine = true;
      }
      last = item.span.end;
    }
    if (
      last !== undefined &&
      last !== previousEnd &&
      end < this.parsed.text.length &&
      BLANK_LINE.test(this.parsed.text.slice(last, end))
    ) {
      this.blankLine();
    }
    return ownLine;
  }

  private blankLine(): void {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== "") this.out.push("");
  }
}

/**
 * Whether `format` lays out the document's query at `index`: only when its structure is certain (see
 * `ParseResult.uncertain`) and does not rest on the missing-opening-quote heuristic (RQ1120), whose
 * token boundaries are a guess. Otherwise the query is kept as written, which `reportql format` says.
 */
export function isQueryFormattable(parsed: ParseResult, index: number): boolean {
  const query = parsed.document.queries[index];
  if (query === undefined || parsed.uncertain[index] === true) return false;
  const end = query.terminator?.end ?? query.span.end;
  const guessed = parsed.guessedOpenings;
  const first = firstAtOrAfter(guessed, query.span.start, (s) => s);
  return first >= guessed.length || (guessed[first] as number) >= end;
}

/**
 * Lays out one query. Linear in the query's items: whether the current line holds anything but its
 * indent is tracked as it grows (`hasContent`), never found by trimming the line, which was quadratic
 * on long output lines (an `IN` list of 25,000 values); each clause finds its items by binary search.
 */
class QueryPrinter {
  private readonly lines: string[] = [];
  private line = "";
  /** Whether `line` holds more than white space (what `line.trim() !== ""` would say). */
  private hasContent = false;
  private previousToken: Token | undefined;
  /** Set after a line comment: the next element starts a new line. */
  private mustBreak = false;
  /** Starts of the query's clauses. */
  private readonly clauseStarts: ReadonlySet<number>;

  constructor(
    private readonly query: Ast.Query,
    private readonly items: readonly Item[],
    private readonly text: string,
    private readonly lineWidth: number,
    /** New spellings of names, by token offset. */
    private readonly renames: ReadonlyMap<number, string>,
  ) {
    this.clauseStarts = new Set(query.clauses.map((c) => c.span.start));
  }

  print(): string[] {
    for (const [index, clause] of this.query.clauses.entries()) this.printClause(clause, index);
    // The terminator and anything after the last clause (comments before `;`).
    const lastClauseEnd = this.query.clauses[this.query.clauses.length - 1]?.span.end ?? this.query.span.end;
    for (const item of this.items)
      if (item.span.start >= lastClauseEnd) this.printItem(item, undefined, false);
    this.flush();
    return this.lines;
  }

  private printClause(clause: Ast.Clause, index: number): void {
    const end = this.clauseEnd(index, clause);
    const clauseItems: Item[] = [];
    for (
      let i = firstAtOrAfter(this.items, clause.span.start, (item) => item.span.start);
      i < this.items.length;
      i++
    ) {
      const item = this.items[i] as Item;
      if (item.span.start >= end) break;
      clauseItems.push(item);
    }
    const breaks = this.breakPoints(clause, clauseItems);
    // Stray tokens that shared a line with the clause before them stay there (`y = 5 -3`): moved to a
    // line of their own they would look like a clause.
    const keepsLine = clause.kind === "InvalidClause" && !startsLine(this.text, clause.span.start);
    if (!(keepsLine && this.hasContent && !this.mustBreak) && (this.line !== "" || this.lines.length > 0))
      this.newLine("");
    for (const item of clauseItems) {
      const breakHere = breaks.has(item.span.start) && item.kind === "token";
      this.printItem(item, clause, breakHere);
    }
  }

  /** A clause owns the items up to the next clause's start (so comments after it stay with it). */
  private clauseEnd(index: number, clause: Ast.Clause): number {
    const next = this.query.clauses[index + 1];
    return next?.span.start ?? clause.span.end;
  }

  /** Offsets before which a long clause breaks: each item of a list, each connector of a WHERE. */
  private breakPoints(clause: Ast.Clause, clauseItems: readonly Item[]): Set<number> {
    const flat = this.flatWidth(clauseItems);
    const hasLineComment = clauseItems.some((i) => i.kind === "comment" && i.comment.kind === "line");
    if (flat <= this.lineWidth && !hasLineComment) return new Set();
    switch (clause.kind) {
      case "SelectClause":
        return new Set(clause.items.map((i) => i.span.start));
      case "OrderByClause":
        return new Set(clause.items.map((i) => i.span.start));
      case "WhereClause":
      case "HavingClause":
        return new Set(clause.connectors.map((c) => c.span.start));
      case "GroupByClause":
        return new Set(clause.items.map((i) => i.span.start));
      default:
        return new Set();
    }
  }

  private flatWidth(items: readonly Item[]): number {
    let width = 0;
    let previous: Token | undefined;
    for (const item of items) {
      if (item.kind === "comment") {
        width += item.comment.text.length + 1;
        continue;
      }
      if (previous !== undefined && needsSpace(previous, item.token)) width += 1;
      width += item.token.image.length;
      previous = item.token;
    }
    return width;
  }

  private printItem(item: Item, clause: Ast.Clause | undefined, breakHere: boolean): void {
    if (item.kind === "comment") {
      this.printComment(item.comment);
      return;
    }
    const token = item.token;
    const isClauseStart = clause !== undefined && item.span.start === clause.span.start;
    if (breakHere || (this.mustBreak && !isClauseStart)) {
      this.newLine(CONTINUATION_INDENT);
    } else if (this.previousToken !== undefined && this.hasContent && needsSpace(this.previousToken, token)) {
      this.line += " ";
    }
    this.append(this.renames.get(token.startOffset) ?? tokenText(token));
    this.previousToken = token;
  }

  private printComment(comment: Comment): void {
    const ownLine = startsLine(this.text, comment.span.start) || this.previousToken === undefined;
    if (ownLine) this.newLine(this.beforeClauseStart(comment) ? "" : CONTINUATION_INDENT);
    else if (this.hasContent) this.line += " ";
    this.append(comment.text);
    this.mustBreak = comment.kind === "line" || (ownLine && endsLine(this.text, comment.span.end));
    if (this.mustBreak) this.newLine(CONTINUATION_INDENT);
  }

  /** Whether the next token after a comment starts a clause (the comment then sits at the margin). */
  private beforeClauseStart(comment: Comment): boolean {
    let next: Item | undefined;
    for (
      let i = firstAtOrAfter(this.items, comment.span.start + 1, (item) => item.span.start);
      i < this.items.length && next === undefined;
      i++
    )
      if ((this.items[i] as Item).kind === "token") next = this.items[i];
    return next === undefined || this.clauseStarts.has(next.span.start);
  }

  /** Appends printed text (never white space alone, except an unreadable run kept as written). */
  private append(piece: string): void {
    this.line += piece;
    if (!this.hasContent && piece.trim() !== "") this.hasContent = true;
  }

  private newLine(indent: string): void {
    if (this.hasContent) this.lines.push(this.line.trimEnd());
    this.line = indent;
    this.hasContent = false;
    this.mustBreak = false;
  }

  private flush(): void {
    if (this.hasContent) this.lines.push(this.line.trimEnd());
    this.line = "";
    this.hasContent = false;
  }
}
