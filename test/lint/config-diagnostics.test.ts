/**
 * A configuration's problems as diagnostics of its text (what an editor showing the file reports):
 * each has a stable RQ92xx code, the exact span of the key or value it is about, and a fix where one
 * is safe to offer. The CLI's lines (`file:line:col: key: message`) name the same places.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, configDiagnostics, parseConfig, readConfig } from "../../src/lint/config.js";
import { LineMap } from "../../src/text/line-map.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";
import { runs } from "../helpers/runs.js";

const CASES: readonly [string, string, string?][] = [
  ["typo in a key", '{\n  "catalgo": "insights"\n}\n'],
  ["typo in a key already written", '{"catalog": "all", "catalgo": "insights"}'],
  ["unknown key, nothing close", '{"zzzzzzzzzzzz": 1}'],
  ["typo in a rule code", '{"rules": {"RQ2O15": "off"}}'],
  ["typo in a rule code already set", '{"rules": {"RQ2015": "warn", "RQ2O15": "off"}}'],
  ["bad severity", '{"rules": {"RQ2015": "loud", "RQ2002": 3}}'],
  ["retired code", '{"rules": {"RQ9106": "off"}}'],
  [
    "set twice",
    '{"rules": {"RQ2015": "off", "default-timespan": "warn", "RQ2015": "off"}, "ignore": [], "ignore": []}',
  ],
  ["values of the wrong kind", '{"catalog": 3, "rules": [], "ignore": "legacy/**"}'],
  ["ignore entries", '{"ignore": [1, "", "/", "ok/**"]}'],
  ["not an object", "[]"],
  ["not JSON", '{"rules": {"RQ2015": "off",}}'],
  ["typographic quotes", "{\u201crules\u201d: {}}"],
  ["empty", "  \n"],
  ["byte-order mark", '\uFEFF{"catalgo": "all"}'],
  ["package.json key", '{"name": "x", "reportql": {"rulez": {}}}', "reportql"],
  ["package.json key not an object", '{"name": "x", "reportql": true}', "reportql"],
];

describe("configuration diagnostics", () => {
  it("have codes, exact spans and fixes (golden)", () => {
    const rendered = CASES.map(([name, text, key]) => {
      const diagnose = (t: string) => configDiagnostics(t, "reportql.config.json", "/r", key);
      return `== ${name}\n${text}\n\n${renderDiagnostics(text, diagnose(text), diagnose)}`;
    });
    expectGolden(
      join(import.meta.dirname, "goldens", "config-diagnostics.golden.txt"),
      rendered.join("\n\n"),
    );
  });

  it("are RQ9208 for a library call without text", () => {
    const error = parseConfig(42 as unknown as string, "c.json", "/r", undefined);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostic?.code).toBe("RQ9208");
    expect((error as ConfigError).diagnostic?.message).toBe(
      "The configuration cannot be read: the configuration text is not a string; pass the file's text, read as UTF-8",
    );
  });

  it("stand where the CLI's line and column say, with the same severity, for any text", () => {
    const keys = ["catalog", "rules", "ignore", "catalgo", "RQ2015", "RQ2O15", "RQ9106", "default-timespan"];
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("off", "warn", "loud", "", "/", "all", 1, null, true),
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...keys), tie("v"), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.boolean(), fc.constantFrom("", "\uFEFF"), (v, pretty, bom) => {
        const text = bom + JSON.stringify(v, null, pretty ? 2 : undefined);
        const lines = new LineMap(text.slice(bom.length));
        for (const problem of readConfig(text, "c.json", "/r", undefined).problems) {
          const d = problem.diagnostic;
          expect(d, String(problem)).toBeDefined();
          if (d === undefined) continue;
          expect(d.severity).toBe(problem.severity);
          expect(d.span.start).toBeGreaterThanOrEqual(bom.length);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          if (problem.line !== undefined) {
            const at = lines.position(d.span.start - bom.length);
            expect([at.line, at.column]).toEqual([problem.line, problem.column]);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
