/**
 * `lex(text)`: tokens, comments and lexical diagnostics. Never throws on any input.
 *
 * Two whole-document mistakes are undone before lexing, in a "view" of the text that has exactly the
 * same length, so every offset still points into the user's text: a query wrapped in double quotes
 * (the quotes become spaces) and a percent-encoded query (each `%XX` run becomes its decoded characters
 * padded with spaces). Each gets one diagnostic with a fix instead of a cascade of errors.
 */
import { createTokenInstance, type ILexingResult, type IToken, Lexer, tokenMatcher } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, singleEditFix } from "../diagnostics/make.js";
import { emptySpan, type Span } from "../text/span.js";
import { CONTEXTUAL_WORDS, RESERVED_WORDS } from "./language.js";
import {
  ALL_TOKENS,
  ComparisonOperator,
  DoubleEquals,
  Identifier,
  NumberLiteral,
  NumberWord,
  SqlNotEquals,
  TypographicString,
  UnopenedString,
  UnpairedQuote,
  UnterminatedBlockComment,
  UnterminatedString,
  WORD_TOKENS,
} from "./tokens.js";

/** A token as the parser and tools see it: Chevrotain's token, offsets inclusive at the end. */
export type Token = IToken;

/** A `--` or `/* *\/` comment, kept for the formatter and suppression directives. */
export interface Comment {
  readonly kind: "line" | "block";
  readonly span: Span;
  readonly text: string;
}

/** What `lex` returns. */
export interface LexResult {
  /** Significant tokens in document order (no whitespace, no comments). */
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  /** Lexical diagnostics, in document order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Runs of characters no token matched, so tools can account for every character. */
  readonly unknown: readonly Span[];
}

let lexerInstance: Lexer | undefined;

/**
 * The process-wide lexer. Validations are skipped at run time (they cost start-up time and nothing
 * here is built dynamically); `test/syntax/grammar-validation.test.ts` runs them with
 * `ensureOptimizations` on, so a regression in the token definitions fails there.
 */
function lexer(): Lexer {
  lexerInstance ??= new Lexer([...ALL_TOKENS], {
    positionTracking: "onlyOffset",
    skipValidations: true,
    ensureOptimizations: false,
  });
  return lexerInstance;
}

/** Builds the lexer with every Chevrotain validation on; for tests. */
export function createValidatedLexer(): Lexer {
  return new Lexer([...ALL_TOKENS], { positionTracking: "onlyOffset", ensureOptimizations: true });
}

const WORDS_BY_TEXT: ReadonlyMap<string, (typeof ALL_TOKENS)[number]> = new Map(
  [...RESERVED_WORDS, ...CONTEXTUAL_WORDS].map((w) => {
    const type = WORD_TOKENS.get(w.tokenName);
    if (type === undefined) throw new Error(`Bug: no token for ${w.text}`);
    return [w.text.toLowerCase(), type];
  }),
);
const LONGEST_WORD = Math.max(...[...WORDS_BY_TEXT.keys()].map((k) => k.length));

/** Lexes a document. */
export function lex(text: string): LexResult {
  const diagnostics: Diagnostic[] = [];
  const view = documentView(text, diagnostics);
  const result = lexer().tokenize(view);
  repairUnopenedStrings(result, view, diagnostics);

  const unknown: Span[] = [];
  for (const error of result.errors) {
    const s = { start: error.offset, end: error.offset + error.length };
    unknown.push(s);
    diagnostics.push(makeDiagnostic("RQ1001", s, { text: text.slice(s.start, s.end) }));
  }

  const tokens = result.tokens;
  for (const token of tokens) classifyToken(token, diagnostics);

  const comments: Comment[] = [];
  for (const token of result.groups.comments ?? []) {
    const s = { start: token.startOffset, end: token.startOffset + token.image.length };
    const isLine = token.image.startsWith("--");
    comments.push({ kind: isLine ? "line" : "block", span: s, text: token.image });
    if (token.tokenType === UnterminatedBlockComment) {
      diagnostics.push(
        makeDiagnostic(
          "RQ1009",
          s,
          {},
          { fixes: [singleEditFix("Close the comment", "safe", emptySpan(text.length), " */")] },
        ),
      );
    }
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { tokens, comments, diagnostics, unknown };
}

/** The half-open span of a token. */
export function tokenSpan(token: Token): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Reclassifies words as keywords and reports malformed tokens; the hot path is one type check. */
function classifyToken(token: Token, diagnostics: Diagnostic[]): void {
  const type = token.tokenType;
  if (type === Identifier) {
    const image = token.image;
    if (image.length <= LONGEST_WORD) {
      const word = WORDS_BY_TEXT.get(image.toLowerCase());
      if (word !== undefined) {
        token.tokenType = word;
        token.tokenTypeIdx = word.tokenTypeIdx as number;
        return;
      }
    }
    if (image.includes("\\")) reportMarkdownEscape(token, diagnostics);
    return;
  }
  if (type === TypographicString) reportTypographicString(token, diagnostics);
  else if (type === UnterminatedString) diagnostics.push(makeDiagnostic("RQ1003", tokenSpan(token)));
  else if (type === UnpairedQuote)
    diagnostics.push(makeDiagnostic("RQ1010", tokenSpan(token), { text: token.image }));
  else if (type === SqlNotEquals) {
    const s = tokenSpan(token);
    diagnostics.push(
      makeDiagnostic("RQ1005", s, {}, { fixes: [singleEditFix("Replace `<>` with `!=`", "safe", s, "!=")] }),
    );
  } else if (type === DoubleEquals) {
    const s = tokenSpan(token);
    diagnostics.push(
      makeDiagnostic("RQ1011", s, {}, { fixes: [singleEditFix("Replace `==` with `=`", "safe", s, "=")] }),
    );
  }
}

function reportMarkdownEscape(token: Token, diagnostics: Diagnostic[]): void {
  const unescaped = token.image.replace(/\\([_*])/g, "$1");
  const s = tokenSpan(token);
  diagnostics.push(
    makeDiagnostic(
      "RQ1006",
      s,
      { text: token.image, unescaped },
      { fixes: [singleEditFix(`Write \`${unescaped}\``, "safe", s, unescaped)] },
    ),
  );
}

function reportTypographicString(token: Token, diagnostics: Diagnostic[]): void {
  const s = tokenSpan(token);
  const inner = token.image.slice(1, -1);
  const fixes = inner.includes("'")
    ? []
    : [singleEditFix("Use ASCII single quotes", "safe" as const, s, `'${inner}'`)];
  diagnostics.push(makeDiagnostic("RQ1002", s, { text: token.image }, { fixes }));
}

/**
 * `OfferName = Contoso test Services' TIMESPAN ...`: the quote closes a value whose opening quote is
 * missing, but the lexer reads it as an unterminated string that swallows the rest of the line. When
 * the quote follows plain words in value position (right after a comparison operator or `LIKE`) and
 * is followed by whitespace, the words and the quote become one string token and the rest of the
 * line is lexed again. Reserved words stop the walk back, so `a = b AND c'` is left alone.
 */
function repairUnopenedStrings(result: ILexingResult, view: string, diagnostics: Diagnostic[]): void {
  const tokens = result.tokens;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const quote = tokens[i] as IToken;
    if (quote.tokenType !== UnterminatedString || !/^'(\s|$)/.test(quote.image)) continue;
    let first = i;
    while (
      first > 0 &&
      isValueWord(tokens[first - 1] as IToken) &&
      sameLine(view, tokens[first - 1] as IToken, quote)
    )
      first--;
    const before = tokens[first - 1];
    if (
      first === i ||
      before === undefined ||
      !(tokenMatcher(before, ComparisonOperator) || isWord(before, "like"))
    )
      continue;
    const start = (tokens[first] as IToken).startOffset;
    const image = view.slice(start, quote.startOffset + 1);
    const merged = createTokenInstance(
      UnopenedString,
      image,
      start,
      quote.startOffset,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    );
    const rest = relex(view, quote.startOffset + 1, quote.startOffset + quote.image.length, result);
    tokens.splice(first, i - first + 1, merged, ...rest);
    // Go on scanning before the merged token; what follows it was lexed again just now.
    i = first;
    const value = image.slice(0, -1);
    diagnostics.push(
      makeDiagnostic(
        "RQ1120",
        tokenSpan(merged),
        { value },
        { fixes: [singleEditFix("Insert the opening quote", "safe", emptySpan(start), "'")] },
      ),
    );
  }
}

function isValueWord(token: IToken): boolean {
  const type = token.tokenType;
  if (type === NumberWord || type === NumberLiteral) return true;
  return type === Identifier && !WORDS_BY_TEXT.has(token.image.toLowerCase());
}

function isWord(token: IToken, word: string): boolean {
  return token.tokenType === Identifier && token.image.toLowerCase() === word;
}

function sameLine(view: string, a: IToken, b: IToken): boolean {
  const between = view.slice(a.startOffset, b.startOffset);
  return !between.includes("\n") && !between.includes("\r");
}

/** Lexes `view[start, end)` again and returns its tokens with document offsets; comments and errors go to `result`. */
function relex(view: string, start: number, end: number, result: ILexingResult): IToken[] {
  // Lex a same-length view with everything outside the range blanked, so offsets need no shifting.
  const blanked = " ".repeat(start) + view.slice(start, end);
  const again = lexer().tokenize(blanked);
  result.errors.push(...again.errors);
  const comments = [...(result.groups.comments ?? []), ...(again.groups.comments ?? [])];
  result.groups.comments = comments.sort((a, b) => a.startOffset - b.startOffset);
  return again.tokens;
}

/** Undoes whole-document quoting and percent-encoding in a same-length view of the text. */
function documentView(text: string, diagnostics: Diagnostic[]): string {
  let view = unwrapQuotedQuery(text, diagnostics);
  if (view.includes("%")) view = decodePercentEncoding(view, text, diagnostics);
  return view;
}

const QUOTED_QUERY = /^(\s*)"(\s*select\b[^"]*)"\s*;?\s*$/i;

function unwrapQuotedQuery(text: string, diagnostics: Diagnostic[]): string {
  if (text.length < 2 || text.indexOf('"') === -1) return text;
  const match = QUOTED_QUERY.exec(text);
  if (match === null) return text;
  const open = (match[1] ?? "").length;
  const close = open + 1 + (match[2] ?? "").length;
  diagnostics.push(
    makeDiagnostic(
      "RQ1007",
      { start: open, end: close + 1 },
      {},
      {
        fixes: [
          {
            title: "Remove the surrounding double quotes",
            applicability: "safe",
            edits: [
              { span: { start: open, end: open + 1 }, newText: "" },
              { span: { start: close, end: close + 1 }, newText: "" },
            ],
          },
        ],
      },
    ),
  );
  return `${text.slice(0, open)} ${text.slice(open + 1, close)} ${text.slice(close + 1)}`;
}

const ENCODED_WHITESPACE = /%(?:20|09|0A|0D)/i;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * A document is taken as percent-encoded when it holds no whitespace at all but an encoded one: a LIKE
 * pattern such as `'%20%'` in a normal query always comes with real spaces around it.
 */
function decodePercentEncoding(view: string, text: string, diagnostics: Diagnostic[]): string {
  const trimmed = view.trim();
  if (!ENCODED_WHITESPACE.test(trimmed) || /\s/.test(trimmed)) return view;
  const decodedView = view.replace(PERCENT_RUN, (run) => {
    const decoded = safeDecode(run);
    return decoded === undefined ? run : decoded.padEnd(run.length, " ");
  });
  const decodedText = text.replace(PERCENT_RUN, (run) => safeDecode(run) ?? run);
  const start = view.length - view.trimStart().length;
  diagnostics.push(
    makeDiagnostic(
      "RQ1008",
      { start, end: start + trimmed.length },
      {},
      { fixes: [singleEditFix("Decode the query", "safe", { start: 0, end: text.length }, decodedText)] },
    ),
  );
  return decodedView;
}

function safeDecode(run: string): string | undefined {
  try {
    return decodeURIComponent(run);
  } catch {
    return undefined;
  }
}
