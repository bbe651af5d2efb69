/** Offsets to 1-based line/column and back, for every kind of line break. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineMap } from "../../src/text/line-map.js";

describe("LineMap", () => {
  it("maps offsets on LF, CRLF and CR lines", () => {
    const map = new LineMap("ab\ncd\r\nef\rgh");
    expect([0, 2, 3, 5, 7, 10, 12].map((o) => map.position(o))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 3 },
    ]);
    expect(map.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((l) => map.lineText(l))).toEqual(["ab", "cd", "ef", "gh"]);
  });

  it("clamps offsets and positions outside the text", () => {
    const map = new LineMap("ab\ncd");
    expect(map.position(-5)).toEqual({ line: 1, column: 1 });
    expect(map.position(99)).toEqual({ line: 2, column: 3 });
    expect(map.offset({ line: 9, column: 9 })).toBe(5);
    expect(map.offset({ line: 1, column: 9 })).toBe(2);
    // A line past the last is the end of the text, whatever the column (LSP's "to the end" range).
    expect(map.offset({ line: 3, column: 1 })).toBe(5);
    expect(map.offsetOfZeroBased({ line: 2, character: 0 })).toBe(5);
    expect(map.offset({ line: 0, column: 9 })).toBe(2);
  });

  it("counts columns in UTF-16 code units", () => {
    const map = new LineMap("‘x’ 😀 y");
    expect(map.position(6)).toEqual({ line: 1, column: 7 });
  });

  it("round-trips every offset that is not inside a CRLF pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "\n", "\r", "\r\n", "é") }), (text) => {
        const map = new LineMap(text);
        for (let offset = 0; offset <= text.length; offset++) {
          if (text[offset - 1] === "\r" && text[offset] === "\n") continue;
          expect(map.offset(map.position(offset))).toBe(offset);
        }
      }),
    );
  });
});
