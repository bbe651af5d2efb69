/**
 * `parse` and `lex` as the library exports them: a `text` that is not a string (from plain
 * JavaScript) is read as "" and said to be (RQ9114, the result's only diagnostic), instead of a
 * `TypeError` from inside the lexer. The syntax layer's own functions take strings only; every other
 * text entry point checks its argument where it is defined.
 */
import { textArgument } from "../diagnostics/text-argument.js";
import { type LexResult, lex as lexText } from "../syntax/lexer.js";
import { type ParseResult, parse as parseText } from "../syntax/parse.js";

/** Parses a document (see the syntax layer's `parse`). */
export function parse(text: string): ParseResult {
  const { text: source, problem } = textArgument(text, "parse");
  const parsed = parseText(source);
  return problem === undefined ? parsed : { ...parsed, diagnostics: [problem] };
}

/** Splits a document into tokens and comments (see the syntax layer's `lex`). */
export function lex(text: string): LexResult {
  const { text: source, problem } = textArgument(text, "lex");
  const lexed = lexText(source);
  return problem === undefined ? lexed : { ...lexed, diagnostics: [problem] };
}
