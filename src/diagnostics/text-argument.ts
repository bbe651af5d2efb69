/**
 * The text argument of a library function as a plain JavaScript caller may pass it. A string is the
 * text; a `String` object counts as its string; anything else (`undefined`, a number, an object) is
 * read as the empty text, with RQ9114 saying so, so no entry point throws a `TypeError` on it.
 */
import { stringValue } from "../text/string-value.js";
import type { Diagnostic } from "./diagnostic.js";
import { makeDiagnostic } from "./make.js";

export interface TextArgument {
  /** The text to work on: the argument, or `""` when it was not a string. */
  readonly text: string;
  /** RQ9114 when the argument was not a string (at offset 0 of the empty text). */
  readonly problem?: Diagnostic;
}

/** What `value` is, in the words of RQ9114's message. */
function kindOf(value: unknown): string {
  if (value === null) return "`null`";
  if (value === undefined) return "`undefined`";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The text of an argument that should be a string, and RQ9114 when it is not one. */
export function textArgument(value: unknown, entry: string): TextArgument {
  const text = stringValue(value);
  if (text !== undefined) return { text };
  return {
    text: "",
    problem: makeDiagnostic("RQ9114", { start: 0, end: 0 }, { entry, type: kindOf(value) }),
  };
}

/** The argument as a string, or `""`: for functions that return no diagnostics. */
export function textOrEmpty(value: unknown): string {
  return stringValue(value) ?? "";
}
