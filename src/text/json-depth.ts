/**
 * How deep a JSON text nests, found with jsonc-parser's iterative scanner. Its tree parser (and
 * `visit`) recurse once per level, so a text nested thousands deep (`[[[[...`) exhausts the stack: a
 * reader checks the depth first and reports such a text instead of parsing it.
 */
import { createScanner } from "jsonc-parser";

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot inline).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** The offset of the first `{` or `[` that opens deeper than `max` levels, or `undefined`. */
export function firstTooDeep(text: string, max: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (++depth > max) return scanner.getTokenOffset();
    } else if ((token === CLOSE_BRACE || token === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return undefined;
}
