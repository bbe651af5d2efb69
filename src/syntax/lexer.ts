/**
 * `lex(text)`: tokens, comments and lexical diagnostics. Never throws on any input.
 *
 * Two whole-document mistakes (a query wrapped in double quotes, a percent-encoded query) are undone
 * first, in a same-length view of the text (`document-view.ts`); each gets one diagnostic with a fix
 * instead of a cascade of errors.
 */
import {
  createTokenInstance,
  type ILexingResult,
  type IToken,
  Lexer,
  type TokenType,
  tokenMatcher,
} from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { codeSpan, makeDiagnostic, quoteSafeFix, singleEditFix } from "../diagnostics/make.js";
import type { Mutable } from "../text/mutable.js";
import { firstAtOrAfter } from "../text/sorted.js";
import { emptySpan, type Span } from "../text/span.js";
import { type DocumentWrapping, documentView } from "./document-view.js";
import { CONTEXTUAL_WORDS, DOUBLE_TYPOGRAPHIC_QUOTES, QUOTE_CHARACTERS, RESERVED_WORDS } from "./language.js";
import { mergeBracketedNames } from "./quoted-names.js";
import { type Token, tokenSpan } from "./token.js";
import {
  ALL_TOKENS,
  ComparisonOperator,
  DoubleEquals,
  Identifier,
  NumberLiteral,
  NumberWord,
  SqlNotEquals,
  StringLiteral,
  TypographicString,
  UnopenedString,
  UnpairedQuote,
  UnterminatedBlockComment,
  UnterminatedString,
  WORD_TOKENS,
} from "./tokens.js";

export type { DocumentWrapping } from "./document-view.js";
export type { Token } from "./token.js";

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
  /**
   * How the whole document was wrapped, when it was: in double quotes (RQ1007) or percent-encoded
   * (RQ1008). Its tokens come from the unwrapped view (same offsets).
   */
  readonly wrapping?: DocumentWrapping;
  /** Starts of the string values whose opening quote was guessed (RQ1120), in document order. */
  readonly guessedOpenings: readonly number[];
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

/**
 * Keywords bucketed by length and first letter, so a word is matched by comparing character codes:
 * no lower-cased copy and no hashing per word (keyword lookup was a tenth of lexing time).
 */
const KEYWORD_BUCKETS: readonly (readonly { text: string; type: TokenType }[])[] = (() => {
  const buckets: { text: string; type: TokenType }[][] = [];
  for (const [text, type] of WORDS_BY_TEXT) {
    const index = bucketOf(text);
    buckets[index] = [...(buckets[index] ?? []), { text, type }];
  }
  return buckets;
})();

function bucketOf(word: string): number {
  return word.length * 32 + (word.charCodeAt(0) & 31);
}

/** The keyword a word spells in any case, if any. Keywords are ASCII letters only. */
function keywordOf(word: string): TokenType | undefined {
  if (word.length > LONGEST_WORD) return undefined;
  const bucket = KEYWORD_BUCKETS[bucketOf(word)];
  if (bucket === undefined) return undefined;
  search: for (const { text, type } of bucket) {
    // `c | 32` lower-cases an ASCII letter; a keyword letter matches only itself in either case.
    for (let i = 1; i < text.length; i++)
      if ((word.charCodeAt(i) | 32) !== text.charCodeAt(i)) continue search;
    return type;
  }
  return undefined;
}

/** Lexes a document. */
export function lex(text: string): LexResult {
  const diagnostics: Diagnostic[] = [];
  const { view, wrapping } = documentView(text, diagnostics);
  const result = lexer().tokenize(view);
  const guessedOpenings: number[] = [];
  const repaired = repairUnopenedStrings(result, view, diagnostics, guessedOpenings);
  const merged = mergeInvisibleCharacters(repaired, result.errors, view);
  const isKeyword = (word: string) => keywordOf(word) !== undefined;
  const { tokens, unknown } = mergeBracketedNames(merged.tokens, merged.unknown, view, isKeyword);
  for (const run of unknown) diagnostics.push(unexpectedCharacters(text, run));
  // Markdown escapes are rare: one search of the document spares a search of every name.
  const mayHaveEscapes = view.includes("\\");
  for (const token of tokens) classifyToken(token, diagnostics, mayHaveEscapes, view);

  const comments: Comment[] = [];
  for (const token of result.groups.comments ?? []) {
    const s = tokenSpan(token);
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
  const spaces = result.groups.unusualSpaces;
  if (spaces !== undefined && spaces.length > 0) reportUnusualSpaces(spaces, diagnostics);
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  guessedOpenings.sort((a, b) => a - b);
  const lexed: Mutable<LexResult> = { tokens, comments, diagnostics, unknown, guessedOpenings };
  if (wrapping !== undefined) lexed.wrapping = wrapping;
  return lexed;
}

const SPACE_NAMES: Readonly<Record<string, string>> = {
  "\u00a0": "A no-break space (U+00A0)",
  "\u3000": "An ideographic space (U+3000)",
  "\ufeff": "A byte-order mark (U+FEFF)",
};

/** Unusual spaces between tokens (inside values and comments they are content, and not tokens). */
function reportUnusualSpaces(spaces: readonly IToken[], diagnostics: Diagnostic[]): void {
  for (const space of spaces) {
    // A byte-order mark that opens the text is the file's encoding mark, not a space.
    const start = space.startOffset === 0 && space.image.charCodeAt(0) === 0xfeff ? 1 : space.startOffset;
    const end = space.startOffset + space.image.length;
    if (start === end) continue;
    const run = { start, end };
    const code = space.image.charCodeAt(start - space.startOffset);
    const name = SPACE_NAMES[String.fromCharCode(code)] ?? `A Unicode space (${codePointName(code)})`;
    diagnostics.push(
      makeDiagnostic("RQ1013", run, { name }, { fixes: [singleEditFix("Write a space", "safe", run, " ")] }),
    );
  }
}

/** A character's code point as Unicode writes it: `U+00A0`. */
function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Characters that cannot be seen: copied from web pages, they hide inside names. */
const INVISIBLE = /^[\u00ad\u180e\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069]+$/;

/** How a character is named in a message: itself, or its code point when it cannot be seen. */
function visible(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const hidden =
      INVISIBLE.test(char) ||
      code < 0x20 ||
      (code >= 0x7f && code < 0xa0) ||
      (code >= 0xd800 && code <= 0xdfff);
    out += hidden ? codePointName(code) : char;
  }
  return out;
}

function unexpectedCharacters(text: string, run: Span): Diagnostic {
  const chars = text.slice(run.start, run.end);
  // Invisible characters have no meaning anywhere in a query, so removing them is safe.
  const fixes = INVISIBLE.test(chars)
    ? [singleEditFix("Remove the invisible character", "safe", run, "")]
    : [];
  return makeDiagnostic("RQ1001", run, { text: visible(chars) }, { fixes });
}

/**
 * An invisible character glued to a word (`Order\u200bId`) makes the word and the character one
 * unreadable name, instead of two names and an error between them; the character is reported once.
 */
function mergeInvisibleCharacters(
  tokens: IToken[],
  errors: readonly { offset: number; length: number }[],
  view: string,
): { tokens: IToken[]; unknown: Span[] } {
  const unknown = errors
    .map((e) => ({ start: e.offset, end: e.offset + e.length }))
    .sort((a, b) => a.start - b.start);
  if (!unknown.some((u) => INVISIBLE.test(view.slice(u.start, u.end)))) return { tokens, unknown };
  const isWord = (t: IToken | undefined): t is IToken =>
    t !== undefined &&
    (t.tokenType === Identifier || t.tokenType === NumberWord || t.tokenType === NumberLiteral);
  const out: IToken[] = [];
  let u = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    let end = tokenSpan(token).end;
    let merged = false;
    // Absorb invisible runs glued to this word, and the words glued after them.
    while (isWord(token) && u < unknown.length) {
      const run = unknown[u] as Span;
      if (run.start < end) {
        u++;
        continue;
      }
      if (run.start !== end || !INVISIBLE.test(view.slice(run.start, run.end))) break;
      // A keyword followed by an invisible character and no word (`WHERE\u200b IN`) stays a keyword:
      // made a name, it hid the query's structure, and removing the character (a safe fix) then
      // revealed errors that had been there all along (the fix-safety property failed).
      const following = tokens[i + 1];
      const gluedAfter = isWord(following) && following.startOffset === run.end;
      if (!merged && !gluedAfter && keywordOf(token.image) !== undefined) break;
      end = run.end;
      merged = true;
      u++;
      const next = tokens[i + 1];
      if (isWord(next) && next.startOffset === end) {
        end = tokenSpan(next).end;
        i++;
      }
    }
    out.push(
      merged
        ? createTokenInstance(
            Identifier,
            view.slice(token.startOffset, end),
            token.startOffset,
            end - 1,
            Number.NaN,
            Number.NaN,
            Number.NaN,
            Number.NaN,
          )
        : token,
    );
  }
  return { tokens: out, unknown };
}

/** Reclassifies words as keywords and reports malformed tokens; the hot path is one type check. */
function classifyToken(
  token: IToken,
  diagnostics: Diagnostic[],
  mayHaveEscapes: boolean,
  view: string,
): void {
  const type = token.tokenType;
  if (type === Identifier) {
    const word = keywordOf(token.image);
    if (word !== undefined) {
      token.tokenType = word;
      token.tokenTypeIdx = word.tokenTypeIdx as number;
    } else if (mayHaveEscapes && token.image.includes("\\")) reportMarkdownEscape(token, diagnostics);
    return;
  }
  if (type === StringLiteral) {
    if (token.image.length > 3 && token.image.includes("''", 1))
      diagnostics.push(makeDiagnostic("RQ1012", tokenSpan(token), { value: codeSpan(token.image) }));
  } else if (type === TypographicString) reportTypographicString(token, diagnostics, view);
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

function reportMarkdownEscape(token: IToken, diagnostics: Diagnostic[]): void {
  const unescaped = unescapeMarkdown(token.image);
  const s = tokenSpan(token);
  // `\*` unescaped is a `*`, which is not part of a name: only `\_` escapes are safe to remove.
  const applicability = token.image.includes("\\*") ? "unsafe" : "safe";
  diagnostics.push(
    makeDiagnostic(
      "RQ1006",
      s,
      { text: token.image, unescaped },
      { fixes: [singleEditFix(`Write \`${unescaped}\``, applicability, s, unescaped)] },
    ),
  );
}

/** A word with its Markdown escapes (`\_`, `\*`) removed. */
export function unescapeMarkdown(image: string): string {
  return image.includes("\\") ? image.replace(/\\([_*])/g, "$1") : image;
}

function reportTypographicString(token: IToken, diagnostics: Diagnostic[], view: string): void {
  const s = tokenSpan(token);
  const inner = token.image.slice(1, -1);
  // ‘…’ is a value; “…” may be a quoted name (`SELECT “OrderId”`), so that fix needs a look.
  const applicability = DOUBLE_TYPOGRAPHIC_QUOTES.includes(token.image.charAt(0)) ? "unsafe" : "safe";
  const fixes = inner.includes("'")
    ? []
    : [quoteSafeFix(view, "Use ASCII single quotes", applicability, s, `'${inner}'`, QUOTE_CHARACTERS)];
  diagnostics.push(makeDiagnostic("RQ1002", s, { text: token.image }, { fixes }));
}

/**
 * `OfferName = Contoso test Services' TIMESPAN ...`: the quote closes a value whose opening quote is
 * missing, but the lexer reads it as an unterminated string that swallows the rest of the line. When
 * the quote follows plain words in value position (right after a comparison operator or `LIKE`), is
 * followed by white space, and no unreadable character lies in between, the words and the quote become
 * one string token and the rest of the line is lexed again. Reserved words stop the walk back, so
 * `a = b AND c'` is left alone. Linear: tokens are moved once, never spliced.
 */
function repairUnopenedStrings(
  result: ILexingResult,
  view: string,
  diagnostics: Diagnostic[],
  guessedOpenings: number[],
): IToken[] {
  let errorOffsets: number[] | undefined;
  // The output is built from slices of the token lists (copying token by token costs a tenth of lexing).
  const parts: IToken[][] = [];
  // A stack of token lists: the rest of a repaired line is lexed again and read before what follows.
  // `copied` is where the part not yet in `parts` starts; `scan` is where the next candidate is sought.
  const stack: { source: IToken[]; copied: number; scan: number }[] = [
    { source: result.tokens, copied: 0, scan: 0 },
  ];
  let addedComments = false;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const { source } = frame;
    let q = frame.scan;
    while (q < source.length && !mayCloseUnopenedString(source[q] as IToken)) q++;
    if (q >= source.length) {
      parts.push(frame.copied === 0 ? source : source.slice(frame.copied));
      stack.pop();
      continue;
    }
    frame.scan = q + 1;
    const quote = source[q] as IToken;
    // The walk back stops at the start of a list: a re-lexed list follows the string just repaired.
    let first = q;
    while (
      first > frame.copied &&
      isValueWord(source[first - 1] as IToken) &&
      sameLine(view, source[first - 1] as IToken, quote)
    )
      first--;
    // At the start of the list, the token before is the last one already out: the same token a
    // lexing of the text without the re-lexed lists would see (formatting must not change the guess).
    const before = first > frame.copied ? source[first - 1] : lastToken(parts);
    const start = (source[first] as IToken).startOffset;
    const valuePosition =
      before !== undefined && (tokenMatcher(before, ComparisonOperator) || isWord(before, "like"));
    if (first === q || !valuePosition) continue;
    errorOffsets ??= result.errors.map((e) => e.offset).sort((a, b) => a - b);
    if (hasErrorBetween(errorOffsets, start, quote.startOffset)) continue;
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
    parts.push(source.slice(frame.copied, first), [merged]);
    frame.copied = q + 1;
    guessedOpenings.push(start);
    diagnostics.push(
      makeDiagnostic(
        "RQ1120",
        tokenSpan(merged),
        { value: image.slice(0, -1) },
        { fixes: [singleEditFix("Insert the opening quote", "safe", emptySpan(start), "'")] },
      ),
    );
    const rest = relex(view, quote.startOffset + 1, quote.startOffset + quote.image.length, result);
    addedComments ||= rest.comments;
    stack.push({ source: rest.tokens, copied: 0, scan: 0 });
  }
  if (addedComments) result.groups.comments?.sort((a, b) => a.startOffset - b.startOffset);
  if (errorOffsets !== undefined) result.errors.sort((a, b) => a.offset - b.offset);
  return parts.length === 1 ? (parts[0] as IToken[]) : concatAll(parts);
}

/** The lists joined; `concat` copies in bulk (`flat` does not), in chunks that stay under the argument limit. */
function concatAll<T>(lists: readonly T[][]): T[] {
  let out: T[] = [];
  for (let i = 0; i < lists.length; i += 4096) out = out.concat(...lists.slice(i, i + 4096));
  return out;
}

/** The last token of the lists. */
function lastToken(lists: readonly IToken[][]): IToken | undefined {
  for (let i = lists.length - 1; i >= 0; i--) {
    const list = lists[i] as IToken[];
    if (list.length > 0) return list[list.length - 1];
  }
  return undefined;
}

/** A lone quote followed by white space: perhaps the end of a value whose opening quote is missing. */
function mayCloseUnopenedString(token: IToken): boolean {
  return token.tokenType === UnterminatedString && (token.image.length === 1 || /^'\s/.test(token.image));
}

/** Whether a lexer error starts in `[start, end)` (the offsets are sorted). */
function hasErrorBetween(sorted: readonly number[], start: number, end: number): boolean {
  const first = firstAtOrAfter(sorted, start, (offset) => offset);
  return first < sorted.length && (sorted[first] as number) < end;
}

function isValueWord(token: IToken): boolean {
  const type = token.tokenType;
  if (type === NumberWord || type === NumberLiteral) return true;
  return type === Identifier && keywordOf(token.image) === undefined;
}

function isWord(token: IToken, word: string): boolean {
  return token.tokenType === Identifier && token.image.toLowerCase() === word;
}

function sameLine(view: string, a: IToken, b: IToken): boolean {
  const between = view.slice(a.startOffset, b.startOffset);
  return !between.includes("\n") && !between.includes("\r");
}

/** Lexes `view[start, end)` again; its tokens, comments and errors get document offsets. */
function relex(
  view: string,
  start: number,
  end: number,
  result: ILexingResult,
): { tokens: IToken[]; comments: boolean } {
  const again = lexer().tokenize(view.slice(start, end));
  const shift = (t: IToken) => {
    t.startOffset += start;
    t.endOffset = (t.endOffset ?? t.startOffset) + start;
  };
  for (const t of again.tokens) shift(t);
  const comments = again.groups.comments ?? [];
  for (const c of comments) shift(c);
  for (const e of again.errors) result.errors.push({ ...e, offset: e.offset + start });
  if (comments.length > 0) result.groups.comments = [...(result.groups.comments ?? []), ...comments];
  // Their diagnostics are sorted with the others afterwards.
  const spaces = again.groups.unusualSpaces ?? [];
  for (const space of spaces) shift(space);
  if (spaces.length > 0) result.groups.unusualSpaces = [...(result.groups.unusualSpaces ?? []), ...spaces];
  return { tokens: again.tokens, comments: comments.length > 0 };
}
