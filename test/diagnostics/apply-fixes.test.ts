/** Fix application: safety gating, overlap handling, deduplication, and the fixed point of `fixUntilStable`. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEdits, applyFixes, fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import type { Diagnostic, Fix } from "../../src/diagnostics/diagnostic.js";
import { parse } from "../../src/syntax/parse.js";
import { runs } from "../helpers/runs.js";

function diagnostic(start: number, fix: Fix): Diagnostic {
  return {
    code: "RQ1001",
    name: "test",
    severity: "error",
    message: "test",
    span: { start, end: start + 1 },
    fixes: [fix],
  };
}

function fix(applicability: Fix["applicability"], ...edits: [number, number, string][]): Fix {
  return {
    title: "fix",
    applicability,
    edits: edits.map(([start, end, newText]) => ({ span: { start, end }, newText })),
  };
}

describe("applyFixes", () => {
  it("applies safe fixes and leaves unsafe ones unless asked", () => {
    const diagnostics = [diagnostic(0, fix("safe", [0, 1, "A"])), diagnostic(2, fix("unsafe", [2, 3, "C"]))];
    expect(applyFixes("abc", diagnostics).text).toBe("Abc");
    expect(applyFixes("abc", diagnostics, { unsafe: true }).text).toBe("AbC");
  });

  it("skips a fix that overlaps one already taken and reports it", () => {
    const first = fix("safe", [0, 2, "X"]);
    const second = fix("safe", [1, 3, "Y"]);
    const result = applyFixes("abcd", [diagnostic(0, first), diagnostic(1, second)]);
    expect(result.text).toBe("Xcd");
    expect(result.skipped).toEqual([second]);
  });

  it("treats two insertions at the same offset as a conflict", () => {
    const result = applyFixes("ab", [
      diagnostic(0, fix("safe", [1, 1, "X"])),
      diagnostic(1, fix("safe", [1, 1, "Y"])),
    ]);
    expect(result.text).toBe("aXb");
  });

  it("applies a fix shared by several diagnostics once", () => {
    const shared = fix("safe", [0, 3, "xyz"]);
    const result = applyFixes("abc", [diagnostic(0, shared), diagnostic(1, shared)]);
    expect(result.text).toBe("xyz");
    expect(result.applied).toHaveLength(1);
  });

  it("applies all edits of a multi-edit fix or none", () => {
    const taken = fix("safe", [0, 2, "X"]);
    const multi = fix("safe", [2, 3, "Y"], [1, 2, "Z"]);
    const result = applyFixes("abc", [diagnostic(0, taken), diagnostic(1, multi)]);
    expect(result.text).toBe("Xc");
    expect(result.skipped).toEqual([multi]);
  });

  it("ignores edits outside the text instead of throwing", () => {
    expect(applyFixes("ab", [diagnostic(0, fix("safe", [1, 9, "X"]))]).text).toBe("ab");
  });

  it("applies non-overlapping edits regardless of their order", () => {
    expect(
      applyEdits("abc", [
        { span: { start: 2, end: 3 }, newText: "C" },
        { span: { start: 0, end: 1 }, newText: "A" },
      ]),
    ).toBe("AbC");
  });

  it("clamps an edit's span into the text: a reversed or outside span copies nothing twice", () => {
    const edit = (start: number, end: number) => ({ span: { start, end }, newText: "X" });
    expect(applyEdits("abc", [edit(-1, 0)])).toBe("Xabc");
    expect(applyEdits("abc", [edit(2, 1)])).toBe("abXc");
    expect(applyEdits("abc", [edit(1, 10)])).toBe("aX");
    expect(applyEdits("abc", [edit(Number.NaN, 1)])).toBe("Xbc");
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.integer({ min: -5, max: 15 }),
        fc.integer({ min: -5, max: 15 }),
        (text, a, b) => {
          // Replacing with the text it covers (once clamped) gives the text back.
          const start = Math.max(0, Math.min(a, text.length));
          const end = Math.max(start, Math.min(b, text.length));
          expect(applyEdits(text, [{ span: { start: a, end: b }, newText: text.slice(start, end) }])).toBe(
            text,
          );
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

describe("fixUntilStable", () => {
  const diagnose = (text: string) => parse(text).diagnostics;

  it("reaches a fixed point: fixing the result again changes nothing", () => {
    const pieces = fc.constantFrom(
      "SELECT",
      "a",
      ",",
      "FROM",
      "X",
      "WHERE",
      "b",
      "=",
      "<>",
      "==",
      "‘v’",
      "'w'",
      "OR",
      "AND",
      "LIMIT",
      "5",
      "TIMESPAN",
      "LAST\\_MONTH",
      "ORDER",
      "BY",
      "NOT",
      "IN",
      "(",
      ")",
      ";",
      "BETWEEN",
      "TOP",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }), fc.boolean(), (parts, unsafe) => {
        const text = parts.join(" ");
        const once = fixUntilStable(text, diagnose, { unsafe });
        const twice = fixUntilStable(once.text, diagnose, { unsafe });
        if (once.passes < 10) expect(twice.text).toBe(once.text);
      }),
      { numRuns: runs(400) },
    );
  });
});
