/**
 * Robustness properties: the syntax layer never throws on any input, every span it reports lies
 * within the text, and formatting keeps every character that is not whitespace.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, submissionTexts } from "../../src/format/format.js";
import type { ParseResult } from "../../src/syntax/parse.js";
import { parse } from "../../src/syntax/parse.js";
import type { Span } from "../../src/text/span.js";
import { tokenSoup, validDocument } from "../helpers/arbitraries.js";
import { CORPUS } from "../helpers/corpus.js";
import { runs } from "../helpers/runs.js";

function collectSpans(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) collectSpans(v, out);
  else if (typeof value === "object" && value !== null) {
    if ("start" in value && "end" in value && typeof value.start === "number") out.push(value as Span);
    for (const v of Object.values(value)) collectSpans(v, out);
  }
  return out;
}

/** Spans of the tree, comments, diagnostics, related locations and fix edits that fall outside the text. */
function spansOutOfBounds(result: ParseResult): Span[] {
  const length = result.text.length;
  const spans = [
    ...collectSpans(result.document),
    ...collectSpans(result.comments),
    ...result.diagnostics.flatMap((d) => [
      d.span,
      ...(d.related ?? []).map((r) => r.span),
      ...(d.fixes ?? []).flatMap((f) => f.edits.map((e) => e.span)),
    ]),
  ];
  // One `expect` per document, not per span: vitest's assertions are too slow for millions of spans.
  return spans.filter((s) => !(s.start >= 0 && s.end >= s.start && s.end <= length));
}

function expectSpansInBounds(result: ParseResult): void {
  expect(spansOutOfBounds(result)).toEqual([]);
}

function expectSorted(result: ParseResult): void {
  const starts = result.diagnostics.map((d) => d.span.start);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
}

const withoutWhitespace = (text: string) => text.replace(/\s+/g, "").toLowerCase();

const corpus = CORPUS;

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

  it("parses every prefix of every corpus query without throwing", () => {
    expect(corpus.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { id, query } of corpus) {
      for (let end = 0; end <= query.length; end++) {
        const prefix = query.slice(0, end);
        if (spansOutOfBounds(parse(prefix)).length > 0) failures.push(`${id}[0, ${end})`);
        format(prefix);
      }
    }
    expect(failures).toEqual([]);
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
