/**
 * Chevrotain's recognition errors, made readable. The parser's error message provider writes, for a
 * token the grammar required and did not find, only that token type's label (`)`, `JOIN`, `a name`):
 * the one fact a diagnostic needs. `recognitionDiagnostic` turns an error into RQ1101, so no
 * Chevrotain message or token-type name ever reaches a user.
 */
import type { IParserErrorMessageProvider, IRecognitionException, IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant } from "../diagnostics/make.js";
import type { Span } from "../text/span.js";
import { labelOf, tokenSpan } from "./token.js";

/**
 * Messages of the parser's errors: the expected token's label for a mismatched token, nothing for the
 * other kinds (the diagnostic then says a clause keyword was expected).
 */
export const ERROR_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => labelOf(expected),
  buildNotAllInputParsedMessage: () => "",
  buildNoViableAltMessage: () => "",
  buildEarlyExitMessage: () => "",
};

/** The message variants (with a token found, at the end) for the labels that describe a token in words. */
const DESCRIBED: ReadonlyMap<
  string,
  readonly [
    "anyName" | "number" | "value" | "operator",
    `${"anyName" | "number" | "value" | "operator"}AtEnd`,
  ]
> = new Map([
  ["a name", ["anyName", "anyNameAtEnd"]],
  ["a number", ["number", "numberAtEnd"]],
  ["a value", ["value", "valueAtEnd"]],
  ["a comparison operator", ["operator", "operatorAtEnd"]],
]);

/**
 * The one place that turns a Chevrotain recognition error into a diagnostic. The grammar makes nearly
 * every part optional, so these are rare; they still get a readable message and an exact span.
 * `lastToken` is the query's last token, where an error at the end of the query is placed.
 */
export function recognitionDiagnostic(
  error: IRecognitionException,
  lastToken: IToken,
  text: string,
): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType.name === "EOF" || token.startOffset < 0 || Number.isNaN(token.startOffset);
  const s: Span = atEnd
    ? { start: tokenSpan(lastToken).end, end: tokenSpan(lastToken).end }
    : tokenSpan(token);
  const found = text.slice(s.start, s.end);
  const expected = error.name === "MismatchedTokenException" ? error.message : "";
  if (expected === "") return makeVariant("RQ1101", atEnd ? "clauseAtEnd" : "clause", s, { found });
  const described = DESCRIBED.get(expected);
  if (described !== undefined)
    return atEnd
      ? makeVariant("RQ1101", described[1], s, {})
      : makeVariant("RQ1101", described[0], s, { found });
  return atEnd
    ? makeVariant("RQ1101", "atEnd", s, { expected: [expected] })
    : makeDiagnostic("RQ1101", s, { found, expected: [expected] });
}
