/**
 * Chevrotain's own checks of the grammar and the token definitions. The process-wide parser and lexer
 * skip them to start faster, so a regression (an ambiguous alternative, a duplicate production, a token
 * pattern the lexer cannot optimise) would otherwise go unnoticed until it misparses something.
 */
import { describe, expect, it } from "vitest";
import { createValidatedLexer } from "../../src/syntax/lexer.js";
import { QueryParser } from "../../src/syntax/parser.js";
import { hasNativeGroupBy, withGroupByPolyfill } from "../helpers/group-by-polyfill.js";

/** `definitionErrors` is public at run time but missing from Chevrotain's type declarations. */
function definitionErrors(parser: QueryParser | undefined): string[] {
  const errors = (parser as unknown as { definitionErrors?: readonly { message: string }[] } | undefined)
    ?.definitionErrors;
  if (errors === undefined) throw new Error("The parser was not built or has no definitionErrors list");
  return errors.map((e) => e.message);
}

describe("parser grammar validation", () => {
  it("builds the parser with every Chevrotain validation on and finds no definition errors", () => {
    let parser: QueryParser | undefined;
    // Chevrotain throws on definition errors unless DEFER_DEFINITION_ERRORS_HANDLING is set, so the
    // list is checked as well.
    expect(() => {
      parser = withGroupByPolyfill(() => new QueryParser({ validate: true }));
    }).not.toThrow();
    expect(definitionErrors(parser)).toEqual([]);
  });

  it("cannot validate on a Node without Object.groupBy unless the polyfill is installed", () => {
    // Node 20 lacks Object.groupBy and Chevrotain 13 calls it while validating: this is why the
    // validating construction above runs under the polyfill. On Node 21+ there is no trap to show.
    if (!hasNativeGroupBy) {
      expect(() => new QueryParser({ validate: true })).toThrow(/groupBy/);
    }
    // Without validations Chevrotain never calls it, which is how the runtime parser works on Node 20.
    expect(() => new QueryParser()).not.toThrow();
  });
});

describe("lexer validation", () => {
  it("builds the lexer with validations and ensureOptimizations on and finds no definition errors", () => {
    let lexer: ReturnType<typeof createValidatedLexer> | undefined;
    expect(() => {
      lexer = createValidatedLexer();
    }).not.toThrow();
    expect(lexer?.lexerDefinitionErrors).toEqual([]);
  });
});
