/**
 * Locating the cursor: which query it is in (queries are separated by `;`), the word being typed, and
 * the tokens before it. Shared by completion and hover; works on broken text.
 */

import type * as Ast from "../syntax/ast.js";
import { type Comment, lex } from "../syntax/lexer.js";
import { type ParseResult, parse } from "../syntax/parse.js";
import { isStringValue, isToken, type Token, tokenKind, tokenSpan } from "../syntax/token.js";
import { clampOffset, type Span } from "../text/span.js";

/** What surrounds the cursor. */
export interface CursorContext {
  /** The word under the cursor (possibly empty), which a completion replaces. */
  readonly word: Span;
  /** The part of the word before the cursor. */
  readonly prefix: string;
  /** Tokens of the cursor's query that end before the word. */
  readonly before: readonly Token[];
  /** The cursor's query, parsed on its own (offsets are the document's). */
  readonly query: Ast.Query | undefined;
  /** Whether the cursor is inside a comment or a string, where nothing is offered. */
  readonly inTrivia: boolean;
}

const WORD = /[A-Za-z0-9_]/;

/** Describes the cursor at `offset` (clamped into the text). */
export function cursorContext(
  text: string,
  rawOffset: number,
  /** The document's analysis, when an editor has one for this version: no second lexing. */
  analysed?: Pick<ParseResult, "tokens" | "comments">,
): CursorContext {
  const offset = clampOffset(rawOffset, text.length);
  let start = offset;
  while (start > 0 && WORD.test(text.charAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && WORD.test(text.charAt(end))) end++;
  const word = { start, end };
  const lexed = usableAnalysis(analysed) ?? lex(text);
  const inTrivia =
    lexed.comments.some((c: Comment) => inside(c.span, offset, c.kind === "line")) ||
    lexed.tokens.some(
      (t) => isStringValue(t) && inside(tokenSpan(t), offset, tokenKind(t) === "unterminated-string"),
    );

  // The query segment: from the `;` before the cursor to the `;` after it.
  let segmentStart = 0;
  let segmentEnd = text.length;
  for (const token of lexed.tokens) {
    if (!isToken(token, ";")) continue;
    if (token.startOffset < start) segmentStart = token.startOffset + 1;
    else {
      segmentEnd = token.startOffset;
      break;
    }
  }
  const before = lexed.tokens.filter(
    (t) => t.startOffset >= segmentStart && tokenSpan(t).end <= start && !isToken(t, ";"),
  );
  return {
    word,
    prefix: text.slice(start, offset),
    before,
    query: parseSegment(text, segmentStart, segmentEnd),
    inTrivia,
  };
}

/**
 * A document's analysis passed by a caller, if it has the parts the services read; otherwise (a plain
 * JavaScript caller's slip) `undefined`, and the services lex and parse the text themselves.
 */
export function usableAnalysis<T extends Pick<ParseResult, "tokens" | "comments">>(
  analysed: T | undefined,
): T | undefined {
  const usable =
    typeof analysed === "object" &&
    analysed !== null &&
    Array.isArray(analysed.tokens) &&
    Array.isArray(analysed.comments);
  return usable ? analysed : undefined;
}

/** Strictly inside a span (a line comment also holds its end, up to the line break). */
function inside(span: Span, offset: number, holdsEnd: boolean): boolean {
  return offset > span.start && (offset < span.end || (holdsEnd && offset === span.end));
}

/**
 * Parses one query of the document. The segment is padded with spaces instead of being cut out, so
 * offsets stay the document's without any shifting.
 */
function parseSegment(text: string, start: number, end: number): Ast.Query | undefined {
  const padded = " ".repeat(start) + text.slice(start, end);
  return parse(padded).document.queries[0];
}

/** The dataset name of a query, wherever its FROM clause stands (also after the cursor). */
export function datasetName(query: Ast.Query | undefined): string | undefined {
  const dataset = query?.from?.dataset;
  return dataset?.kind === "Identifier" ? dataset.name : undefined;
}
