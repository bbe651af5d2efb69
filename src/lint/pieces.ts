/**
 * A large query file linted in pieces. Checked whole, a document keeps every token, comment and node
 * of every query alive until its last query is checked: a 10 MB file is about 2.5 million tokens that
 * the garbage collector copies on every young-generation collection and then marks again and again in
 * the old one (`--trace-gc`: two thirds of lexing time, and more than the checking itself). Linted in
 * pieces of about `PIECE_SIZE`, each piece's tokens and tree die young, and the file checks at the
 * speed of its queries one by one, in memory proportional to its text and diagnostics.
 *
 * A piece ends after a `;` that ends its line, and only where the split changes nothing: the piece's
 * last token must be that `;` (no string, comment or unreadable run goes on past it), and neither the
 * file nor the piece may be a wrapped document (a quoted or percent-encoded query is read whole). A
 * file-wide suppression comment (`reportql-ignore-file`) covers the whole file, so such a file is
 * read whole. When a piece does not end cleanly, the rest of the file is linted as one piece: time
 * stays linear. `test/lint/pieces.test.ts` checks that the pieces give exactly the whole file's
 * diagnostics.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { moveDiagnostic } from "../diagnostics/make.js";
import { documentView } from "../syntax/document-view.js";
import type { ParseResult } from "../syntax/parse.js";

/** About how much text one piece holds: small enough for its tokens to die in the young generation. */
export const PIECE_SIZE = 16 * 1024;

/** Whether a text may be linted in pieces at all. */
export function splittable(text: string): boolean {
  return (
    text.length > 2 * PIECE_SIZE &&
    !/reportql-ignore-file/i.test(text) &&
    documentView(text, []).wrapping === undefined
  );
}

const LINE_END_SEMICOLON = /;\r?\n/g;

/**
 * Where the piece that starts at `start` ends: after the first `;` ending a line past `PIECE_SIZE`
 * that the next query does not lean on. A `;` after only white space ends an empty query, and the fix
 * that removes it takes the white space back to the previous `;`: a split there would cut that fix.
 */
export function pieceEnd(text: string, start: number): number {
  LINE_END_SEMICOLON.lastIndex = start + PIECE_SIZE;
  for (let match = LINE_END_SEMICOLON.exec(text); match !== null; match = LINE_END_SEMICOLON.exec(text)) {
    const end = match.index + match[0].length;
    if (text.length - end < PIECE_SIZE / 2) break;
    EMPTY_QUERY_NEXT.lastIndex = end;
    if (!EMPTY_QUERY_NEXT.test(text)) return end;
  }
  return text.length;
}

/** A `;` after nothing but white space: the start of an empty query. */
const EMPTY_QUERY_NEXT = /\s*;/y;

/** Whether a piece (not the last) was read as it is read inside the whole file. */
export function endsCleanly(piece: string, parsed: ParseResult): boolean {
  if (parsed.wrapping !== undefined) return false;
  const semicolon = piece.lastIndexOf(";");
  const last = parsed.tokens[parsed.tokens.length - 1];
  const lastComment = parsed.comments[parsed.comments.length - 1];
  const lastUnknown = parsed.unknown[parsed.unknown.length - 1];
  return (
    last !== undefined &&
    last.startOffset === semicolon &&
    last.image === ";" &&
    (lastComment === undefined || lastComment.span.end <= semicolon) &&
    (lastUnknown === undefined || lastUnknown.end <= semicolon)
  );
}

/** A piece's diagnostic in the file's offsets. */
export function shifted(d: Diagnostic, by: number): Diagnostic {
  return by === 0 ? d : moveDiagnostic(d, (s) => ({ start: s.start + by, end: s.end + by }));
}
