/**
 * How deep a JSON text nests, found with jsonc-parser's iterative scanner. Its tree parser (and
 * `visit`) recurse once per level, so a text nested thousands deep (`[[[[...`) exhausts the stack: a
 * reader checks the depth first, and reports such a text or empties what is too deep before parsing.
 */
import { createScanner } from "jsonc-parser";
import type { Span } from "./span.js";

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot inline).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * The arrays and objects that open at depth `max + 1`, each from its opening bracket to past its
 * closing one (or the text's end: then `unclosed`).
 */
export function containersTooDeep(text: string, max: number): { deep: Span[]; unclosed: boolean } {
  const scanner = createScanner(text, true);
  const deep: Span[] = [];
  let depth = 0;
  let start = -1;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth++;
      if (depth === max + 1) start = scanner.getTokenOffset();
    } else if ((token === CLOSE_BRACE || token === CLOSE_BRACKET) && depth > 0) {
      if (depth === max + 1) deep.push({ start, end: scanner.getTokenOffset() + 1 });
      depth--;
    }
  }
  const unclosed = depth > max;
  if (unclosed) deep.push({ start, end: text.length });
  return { deep, unclosed };
}

/** The offset of the first `{` or `[` that opens deeper than `max` levels, or `undefined`. */
export function firstTooDeep(text: string, max: number): number | undefined {
  return containersTooDeep(text, max).deep[0]?.start;
}
