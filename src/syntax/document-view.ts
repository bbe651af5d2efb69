/**
 * Whole-document mistakes undone before lexing, in a "view" of the text with exactly the same length,
 * so every offset still points into the user's text: a query wrapped in double quotes (the quotes
 * become spaces, RQ1007) and a percent-encoded query (each `%XX` run becomes its decoded characters
 * padded with spaces, RQ1008).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, singleEditFix } from "../diagnostics/make.js";

/** How a document was wrapped as a whole. */
export type DocumentWrapping = "quoted" | "percent-encoded";

/** Undoes whole-document quoting and percent-encoding in a same-length view of the text. */
export function documentView(
  text: string,
  diagnostics: Diagnostic[],
): { view: string; wrapping: DocumentWrapping | undefined } {
  const unquoted = unwrapQuotedQuery(text, diagnostics);
  let wrapping: DocumentWrapping | undefined = unquoted === text ? undefined : "quoted";
  if (!unquoted.includes("%")) return { view: unquoted, wrapping };
  const decoded = decodePercentEncoding(unquoted, text, diagnostics);
  if (decoded !== unquoted) wrapping = "percent-encoded";
  return { view: decoded, wrapping };
}

/** One character of white space as a regular expression's `\s` sees it. */
const WHITE_SPACE = /\s/;
const isWhiteSpace = (text: string, i: number) => i < text.length && WHITE_SPACE.test(text[i] as string);
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Where the quotes of a whole query wrapped in double quotes stand: what `/^(\s*)"(\s*select\b[^"]*)"\s*;?\s*$/i`
 * matches, found by a scan that visits each character at most twice. The regular expression
 * backtracked quadratically on `"select a"` followed by 80,000 spaces and a letter (5 s per keystroke).
 */
function quotedQuery(text: string): { open: number; close: number } | undefined {
  let i = 0;
  while (isWhiteSpace(text, i)) i++;
  if (text.charCodeAt(i) !== 34) return undefined;
  const open = i++;
  while (isWhiteSpace(text, i)) i++;
  for (const c of "select") if ((text.charCodeAt(i++) | 0x20) !== c.charCodeAt(0)) return undefined;
  if (i < text.length && isWordChar(text.charCodeAt(i))) return undefined;
  const close = text.indexOf('"', i);
  if (close === -1) return undefined;
  i = close + 1;
  while (isWhiteSpace(text, i)) i++;
  if (text.charCodeAt(i) === 59) i++;
  while (isWhiteSpace(text, i)) i++;
  return i === text.length ? { open, close } : undefined;
}

function unwrapQuotedQuery(text: string, diagnostics: Diagnostic[]): string {
  if (text.length < 2 || text.indexOf('"') === -1) return text;
  const match = quotedQuery(text);
  if (match === undefined) return text;
  const { open, close } = match;
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
const INNER_WHITESPACE = /\S\s+\S/;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * A document is taken as percent-encoded when it holds no whitespace at all but an encoded one: a LIKE
 * pattern such as `'%20%'` in a normal query always comes with real spaces around it.
 */
function decodePercentEncoding(view: string, text: string, diagnostics: Diagnostic[]): string {
  // Real white space between two characters rules encoding out; a normal document shows it at once.
  if (INNER_WHITESPACE.test(view) || !ENCODED_WHITESPACE.test(view)) return view;
  const trimmed = view.trim();
  const decodedView = view.replace(PERCENT_RUN, (run) => {
    const decoded = safeDecode(run);
    return decoded === undefined ? run : decoded.padEnd(run.length, " ");
  });
  const decodedText = percentDecode(text);
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

/** The text with every `%XX` run decoded (runs that are not valid UTF-8 stay as they are). */
export function percentDecode(text: string): string {
  return text.replace(PERCENT_RUN, (run) => safeDecode(run) ?? run);
}

function safeDecode(run: string): string | undefined {
  try {
    return decodeURIComponent(run);
  } catch {
    return undefined;
  }
}
