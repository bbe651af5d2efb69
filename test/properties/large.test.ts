/**
 * The fix-safety and format properties on large documents (up to 1 MB) with mixed line endings
 * (issue 18): the small generated cases held for over a million runs while size and line endings broke
 * promises. Few cases, each large.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { format } from "../../src/format/format.js";
import { check } from "../../src/semantic/check.js";
import { lex } from "../../src/syntax/lexer.js";
import { largeDocument } from "../helpers/arbitraries.js";
import { runs } from "../helpers/runs.js";

function syntaxErrors(text: string): number {
  return check(text).diagnostics.filter((d) => d.severity === "error" && d.code.startsWith("RQ1")).length;
}

const tokenImages = (text: string) => lex(text).tokens.map((t) => t.image.toLowerCase());
const nonSpace = (text: string) => text.replace(/[\s\uFEFF]+/g, "");

describe("properties on large documents with mixed line endings", () => {
  it("format is idempotent and keeps every token", () => {
    fc.assert(
      fc.property(largeDocument(1 << 20), (text) => {
        const once = format(text);
        expect(format(once) === once, "idempotent").toBe(true);
        expect(tokenImages(once).join(" ") === tokenImages(text).join(" "), "same tokens").toBe(true);
        expect(nonSpace(once).toLowerCase() === nonSpace(text).toLowerCase(), "same characters").toBe(true);
      }),
      { numRuns: runs(4) },
    );
  }, 120_000);

  it("safe fixes never leave more syntax errors than there were", () => {
    fc.assert(
      fc.property(largeDocument(1 << 18), (text) => {
        const fixed = fixUntilStable(text, (t) => check(t).diagnostics).text;
        expect(syntaxErrors(fixed)).toBeLessThanOrEqual(syntaxErrors(text));
      }),
      { numRuns: runs(3) },
    );
  }, 120_000);
});
