/**
 * The playground's reading of inline code in messages (problems panel, marker hovers): CommonMark's,
 * so a message that shows a backtick (`` ` ``) renders one code span holding it, not stray backticks.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeSpans, hasCodeSpan } from "../../playground/src/code-spans.js";
import { codeSpan } from "../../src/diagnostics/make.js";
import { lintText } from "../../src/index.js";

describe("codeSpans", () => {
  it("reads a message that shows a backtick as one code span", () => {
    const [diagnostic] = lintText("SELECT ` FROM ISVOrder").filter((d) => d.code === "RQ1001");
    expect(diagnostic?.message).toContain("`` ` ``");
    const pieces = codeSpans(diagnostic?.message ?? "");
    expect(pieces.filter((p) => p.code)).toEqual([{ code: true, text: "`" }]);
    expect(pieces.map((p) => p.text).join("")).not.toContain("``");
  });

  it("splits plain spans and keeps the text around them", () => {
    expect(codeSpans("Use `a` or `b`.")).toEqual([
      { code: false, text: "Use " },
      { code: true, text: "a" },
      { code: false, text: " or " },
      { code: true, text: "b" },
      { code: false, text: "." },
    ]);
  });

  it("leaves an unclosed backtick, or one closed only on another line, as text", () => {
    expect(codeSpans("a ` b")).toEqual([{ code: false, text: "a ` b" }]);
    expect(codeSpans("a `b\nc` d")).toEqual([{ code: false, text: "a `b\nc` d" }]);
    expect(hasCodeSpan("it's `` not ` closed")).toBe(false);
  });

  it("gives back whatever codeSpan wrapped", () => {
    const content = fc
      .string({ unit: fc.constantFrom("`", " ", "a", "<", "*"), minLength: 1 })
      .filter((t) => !(t.startsWith(" ") && t.endsWith(" ")));
    fc.assert(
      fc.property(content, fc.string(), (inner, before) => {
        const prefix = before.replace(/[`\n]/g, "");
        const pieces = codeSpans(`${prefix}${codeSpan(inner)}`);
        expect(pieces.at(-1)).toEqual({ code: true, text: inner });
      }),
    );
  });
});
