/**
 * Robustness properties: the syntax layer never throws on any input, every span it reports lies
 * within the text, and formatting keeps every character that is not whitespace.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, submissionTexts } from "../../src/format/format.js";
import type { ParseResult } from "../../src/syntax/parse.js";
import { parse } from "../../src/syntax/parse.js";
import { tokenSoup, validDocument } from "../helpers/arbitraries.js";
import { runs } from "../helpers/runs.js";
import { spansOutOfBounds } from "../helpers/spans.js";

function expectSpansInBounds(result: ParseResult): void {
  expect(spansOutOfBounds(result)).toEqual([]);
}

function expectSorted(result: ParseResult): void {
  const starts = result.diagnostics.map((d) => d.span.start);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
}

const withoutWhitespace = (text: string) => text.replace(/\s+/g, "").toLowerCase();

describe("robustness", () => {
  it("never throws on arbitrary Unicode, and keeps spans in bounds", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.string({ unit: "grapheme", maxLength: 200 }),
        ),
        (text) => {
          const result = parse(text);
          expectSpansInBounds(result);
          expectSorted(result);
          format(text);
          submissionTexts(text);
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  it("never throws on token soup, and keeps spans in bounds", () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        const result = parse(text);
        expectSpansInBounds(result);
        expectSorted(result);
      }),
      { numRuns: runs(3000) },
    );
  });

  it("formats without losing or adding any non-whitespace character", () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, validDocument), (text) => {
        expect(withoutWhitespace(format(text))).toBe(withoutWhitespace(text));
      }),
      { numRuns: runs(2000) },
    );
  });
});
