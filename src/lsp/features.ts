/**
 * Read-only views of a `.rql` analysis for the protocol: semantic tokens (from the lexer's tokens and
 * comments), document symbols (one per query) and folding ranges (multi-line queries and block
 * comments). Each works on whatever parsed: a broken query still has tokens and a span.
 */
import {
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  SemanticTokensBuilder,
  type SemanticTokensLegend,
  SymbolKind,
} from "vscode-languageserver";
import type { CheckResult } from "../semantic/check.js";
import { datasetName } from "../services/query-at.js";
import type * as Ast from "../syntax/ast.js";
import { type Token, type TokenKind, tokenKind } from "../syntax/token.js";
import type { LineMap } from "../text/line-map.js";
import type { Span } from "../text/span.js";
import { toRange } from "./convert.js";

/** The token types, in legend order (the index is what the protocol sends). */
const TYPES = ["keyword", "variable", "string", "number", "operator", "comment"] as const;
type SemanticKind = (typeof TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [] };

/**
 * The syntax layer's token kinds as semantic token types. SQL words the language lacks are valid names
 * (`Month`, `Offset`), so they read as names; punctuation is left to the editor's grammar.
 */
const SEMANTIC: Readonly<Record<TokenKind, SemanticKind | undefined>> = {
  keyword: "keyword",
  "sql-word": "variable",
  name: "variable",
  number: "number",
  "number-word": "variable",
  string: "string",
  "typographic-string": "string",
  "unterminated-string": "string",
  "unopened-string": "string",
  "double-quoted-string": "variable",
  "unpaired-quote": undefined,
  operator: "operator",
  punctuation: undefined,
};

function semanticKind(token: Token): SemanticKind | undefined {
  return SEMANTIC[tokenKind(token)];
}

/** A classified span, before it is split at line breaks. */
interface Classified {
  readonly span: Span;
  readonly kind: SemanticKind;
}

function classify(checked: CheckResult): Classified[] {
  const out: Classified[] = [];
  for (const token of checked.tokens) {
    const kind = semanticKind(token);
    const start = token.startOffset;
    if (kind !== undefined) out.push({ span: { start, end: start + token.image.length }, kind });
  }
  for (const comment of checked.comments) out.push({ span: comment.span, kind: "comment" });
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Pushes a document's semantic tokens into a builder, one per line piece (clients need not support
 * multi-line tokens). The builder encodes them, and diffs them against its previous result for
 * `semanticTokens/full/delta`.
 */
export function pushSemanticTokens(
  checked: CheckResult,
  lines: LineMap,
  builder: SemanticTokensBuilder = new SemanticTokensBuilder(),
): SemanticTokensBuilder {
  for (const { span, kind } of classify(checked))
    for (const piece of linePieces(span, lines))
      builder.push(piece.line, piece.character, piece.length, TYPES.indexOf(kind), 0);
  return builder;
}

/** A span cut at line breaks: each piece's line, start character and length. */
function linePieces(span: Span, lines: LineMap): { line: number; character: number; length: number }[] {
  const start = lines.zeroBased(span.start);
  const end = lines.zeroBased(span.end);
  if (start.line === end.line) return [{ ...start, length: end.character - start.character }];
  const pieces = [];
  for (let line = start.line; line <= end.line; line++) {
    const character = line === start.line ? start.character : 0;
    const lineLength = lines.lineText(line + 1).length;
    const length = (line === end.line ? end.character : lineLength) - character;
    if (length > 0) pieces.push({ line, character, length });
  }
  return pieces;
}

/** One symbol per query, named after its dataset. */
export function documentSymbols(checked: CheckResult, lines: LineMap): DocumentSymbol[] {
  return checked.document.queries.map((query, i) => {
    const dataset = query.from?.dataset;
    const range = toRange(lines, query.span);
    return {
      name: datasetName(query) ?? `query ${i + 1}`,
      detail: firstLine(checked.text, query.span),
      kind: SymbolKind.Struct,
      range,
      selectionRange: dataset === undefined ? range : toRange(lines, dataset.span),
    };
  });
}

function firstLine(text: string, span: Span): string {
  const body = text.slice(span.start, span.end).trim();
  const end = body.search(/[\r\n]/);
  return end === -1 ? body : body.slice(0, end);
}

/** Multi-line queries and multi-line block comments. */
export function foldingRanges(checked: CheckResult, lines: LineMap): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (span: Span, kind?: FoldingRangeKind) => {
    const start = lines.zeroBased(span.start).line;
    const end = lines.zeroBased(span.end).line;
    if (end > start) out.push({ startLine: start, endLine: end, ...(kind && { kind }) });
  };
  for (const query of checked.document.queries) add(queryExtent(query));
  for (const comment of checked.comments)
    if (comment.kind === "block") add(comment.span, FoldingRangeKind.Comment);
  return out.sort((a, b) => a.startLine - b.startLine);
}

function queryExtent(query: Ast.Query): Span {
  return query.terminator === undefined ? query.span : { start: query.span.start, end: query.terminator.end };
}
