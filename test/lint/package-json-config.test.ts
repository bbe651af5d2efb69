/**
 * Whether a package.json holds reportql's configuration (the `reportql` key). The function reads valid
 * files with the native JSON parser for speed; a property holds it to the decision of the tree parser
 * (jsonc-parser, strict JSON) that it used alone before, on valid and broken files alike.
 */
import fc from "fast-check";
import { findNodeAtLocation, type ParseError, parseTree } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { packageJsonHasConfig } from "../../src/lint/config.js";

/** The tree parser's decision: a valid object with the key; for a broken file, whether it names it. */
function byTree(text: string): boolean {
  const errors: ParseError[] = [];
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, errors, {
    disallowComments: true,
  });
  if (tree === undefined || errors.length > 0) return text.includes('"reportql"');
  return tree.type === "object" && findNodeAtLocation(tree, ["reportql"]) !== undefined;
}

const manifest = fc.record(
  {
    name: fc.string(),
    devDependencies: fc.dictionary(fc.constantFrom("reportql", "zod", "vitest"), fc.string()),
    reportql: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const texts = fc
  .tuple(
    fc.oneof(manifest, fc.jsonValue()),
    fc.boolean(),
    fc.constantFrom(0, 2),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([value, bom, indent, cut]) => {
    const text = `${bom ? "\ufeff" : ""}${JSON.stringify(value, null, indent) ?? "null"}`;
    // Some files are cut short: broken JSON takes the other path.
    return cut === undefined ? text : text.slice(0, cut % (text.length + 1));
  });

describe("packageJsonHasConfig", () => {
  it("decides as the tree parser does, for valid and broken files", () => {
    fc.assert(
      fc.property(texts, (text) => packageJsonHasConfig(text) === byTree(text)),
      {
        numRuns: 500,
      },
    );
  });

  it.each([
    ['{"name": "x", "devDependencies": {"reportql": "^1.0.0"}}', false],
    ['{"name": "x", "reportql": {"rules": {}}}', true],
    ['\ufeff{"reportql": null}', true],
    ['["reportql"]', false],
    ['{"reportql": {"rules": }', true],
  ])("%s: %s", (text, expected) => {
    expect(packageJsonHasConfig(text)).toBe(expected);
  });

  it("decides on a broken file nested too deep for the tree parser (it exhausted the stack)", () => {
    expect(packageJsonHasConfig(`{"name": "x", "a": ${"[".repeat(100_000)}`)).toBe(false);
    expect(packageJsonHasConfig(`{"reportql": ${"[".repeat(100_000)}`)).toBe(true);
  });
});
