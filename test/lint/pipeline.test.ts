/** The lint layer's pieces: configuration parsing, the analysis cache and 0-based positions. */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../src/diagnostics/apply-fixes.js";
import { ConfigError, parseConfig, readConfig } from "../../src/lint/config.js";
import { type FileLintResult, isQueryFilePath, lintFile, lintQueryFile } from "../../src/lint/lint.js";
import { AnalysisCache } from "../../src/services/analysis.js";
import { LineMap } from "../../src/text/line-map.js";

/** A file result with its documents as texts: their offset mappings are closures, equal only by identity. */
function comparable(result: FileLintResult) {
  return { ...result, documents: result.documents.map((d) => d.text) };
}

describe("parseConfig", () => {
  const parse = (text: string, key?: string) => parseConfig(text, "c.json", "/root", key);

  it("reads catalog, rules by code or name (any severity word) and ignore globs", () => {
    const config = parse(
      '{"catalog": "insights", "rules": {"rq2015": "off", "sql-not-equals": "warn"}, "ignore": ["a/**"]}',
    );
    expect(config).toEqual({
      file: "c.json",
      root: "/root",
      catalog: "insights",
      catalogAt: { key: "catalog", line: 1, column: 13, span: { start: 12, end: 22 } },
      severities: new Map([
        ["RQ2015", "off"],
        ["RQ1005", "warning"],
      ]),
      ignore: ["a/**"],
    });
  });

  const problems: readonly [string, string | undefined, string][] = [
    ['{\n  "ignroe": []\n}', undefined, "c.json:2:3: `ignroe`: unknown key (did you mean `ignore`?)"],
    [
      '{"rules": {"RQ2015": ["off"]}}',
      undefined,
      "c.json:1:22: `rules.RQ2015`: expected `off`, `hint`, `info`, `warn` or `error`, found an array",
    ],
    [
      '{"rules": {"RQ2015": {"level": "off"}}}',
      undefined,
      "c.json:1:22: `rules.RQ2015`: expected `off`, `hint`, `info`, `warn` or `error`, found an object",
    ],
    [
      '{"ignore": ["a/**", ""]}',
      undefined,
      "c.json:1:21: `ignore[1]`: an empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
    ],
    [
      '{"reportql": {"ignore": ["/"]}}',
      "reportql",
      "c.json:1:26: `reportql.ignore[0]`: an empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
    ],
    [
      '{"rules": {"RQ20O2": "off"}}',
      undefined,
      "c.json:1:12: `rules.RQ20O2`: not a reportql code or name (did you mean `RQ2002`?)",
    ],
    [
      '{"rules": {"RQ2002": 3}}',
      undefined,
      "c.json:1:22: `rules.RQ2002`: expected `off`, `hint`, `info`, `warn` or `error`, found 3",
    ],
    ['{"ignore": "a/**"}', undefined, "c.json:1:12: `ignore`: expected an array of glob patterns"],
    ['{"name": "x", "reportql": []}', "reportql", "c.json:1:27: `reportql`: expected an object"],
    ["{\n  // comment\n}", undefined, "c.json:2:3: not valid JSON: comments are not allowed in JSON"],
    ["", undefined, "c.json:1:1: not valid JSON: the file is empty"],
    ["\ufeff", undefined, "c.json:1:1: not valid JSON: the file is empty"],
    // A byte-order mark is not a column: positions are those an editor shows.
    ['\ufeff{"bogus": 1}', undefined, "c.json:1:2: `bogus`: unknown key"],
    [
      '{"rules": {\u201cRQ2002\u201d: "off"}}',
      undefined,
      'c.json:1:12: not valid JSON: typographic quote `\u201c`; use the ASCII double quote `"`',
    ],
  ];
  for (const [text, key, message] of problems) {
    it(`reports ${JSON.stringify(text)} at its line and column`, () => {
      const result = parse(text, key);
      expect(result).toBeInstanceOf(ConfigError);
      expect(String(result)).toContain(message);
    });
  }

  it("reports every problem of a file in file order, each at its place, and keeps every valid setting", () => {
    const text = [
      "{",
      '  "catalgo": "insights",',
      '  "catalog": "marketplace",',
      '  "rules": { "RQ2O15": "off", "RQ2002": "warn", "RQ1005": "silent", "sql-not-equals": "error" },',
      '  "ignore": ["a/**", 3, "", "b/**"],',
      '  "ignroe": []',
      "}",
    ].join("\n");
    const { config, problems } = readConfig(text, "c.json", "/root", undefined);
    expect(problems.map(String)).toEqual([
      "c.json:2:3: `catalgo`: unknown key (did you mean `catalog`?); the keys are `catalog`, `rules` and `ignore`",
      "c.json:4:14: `rules.RQ2O15`: not a reportql code or name (did you mean `RQ2015`?); `reportql explain CODE` describes the codes",
      'c.json:4:59: `rules.RQ1005`: expected `off`, `hint`, `info`, `warn` or `error`, found "silent"',
      "c.json:5:22: `ignore[1]`: expected a glob pattern (a string), found 3",
      "c.json:5:25: `ignore[2]`: an empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
      "c.json:6:3: `ignroe`: unknown key (did you mean `ignore`?); the keys are `catalog`, `rules` and `ignore`",
    ]);
    expect(problems.every((p) => p.severity === "error")).toBe(true);
    expect(config).toMatchObject({
      catalog: "marketplace",
      severities: new Map([
        ["RQ2002", "warning"],
        ["RQ1005", "error"],
      ]),
      ignore: ["a/**", "b/**"],
    });
    // The library's one-error answer is the first of them.
    expect(String(parse(text))).toBe(String(problems[0]));
  });

  it("warns of a key or a code written twice, where the earlier would be dropped silently", () => {
    const text =
      '{"rules": {"RQ2015": "off"},\n "rules": {"RQ2015": "warn", "default-timespan": "error", "RQ2015": "hint"}}';
    const { config, problems } = readConfig(text, "c.json", "/root", undefined);
    expect(problems.map((p) => `${p.severity} ${String(p)}`)).toEqual([
      "warning c.json:2:2: `rules`: written more than once; only the last is used, so remove the others",
      "warning c.json:2:30: `rules.default-timespan`: sets RQ2015, as `RQ2015` does, more than once; only the last is used, so remove the others",
      "warning c.json:2:59: `rules.RQ2015`: sets RQ2015, as `default-timespan` does, more than once; only the last is used, so remove the others",
    ]);
    expect(config.severities).toEqual(new Map([["RQ2015", "hint"]]));
  });

  it("reports a text nested 100,000 deep where it passes 256 levels", () => {
    // The tree parser recurses per level: this exhausted the stack (an internal error).
    const result = parse(`{"rules": ${"[".repeat(100_000)}`, undefined);
    expect(String(result)).toBe(
      "c.json:1:266: nested deeper than 256 levels; a configuration is three levels deep at most",
    );
  });
});

describe("AnalysisCache", () => {
  it("analyses a document once per version and again after invalidate", () => {
    let calls = 0;
    const cache = new AnalysisCache(() => {
      calls++;
      return {};
    });
    const first = cache.get("a", 1, "SELECT OrderId FROM ISVOrder");
    expect(cache.get("a", 1, "SELECT OrderId FROM ISVOrder")).toBe(first);
    expect(calls).toBe(1);
    const second = cache.get("a", 2, "SELECT OrderId FROM ISVOrder WHERE");
    expect(second).not.toBe(first);
    expect(second.diagnostics.map((d) => d.code)).toContain("RQ1117");
    cache.invalidate();
    cache.get("a", 2, "SELECT OrderId FROM ISVOrder WHERE");
    expect(calls).toBe(3);
  });
});

describe("lintFile", () => {
  it("fixes a JSON body's query and reports the positions of the fixed file", () => {
    const text =
      '{"Name": "q", "Query": "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> \'Active\' TIMESPAN LAST_MONTH"}';
    const result = lintFile("q.json", text, { fix: "safe" });
    expect(result.fixed).toBe(true);
    expect(result.text).toContain("OrderStatus != 'Active'");
    expect(result.diagnostics).toEqual([]);
  });

  it("skips a JSON file without a body without a word, whatever its syntax", () => {
    const result = lintFile("settings.json", '{"editor.tabSize": 2}');
    expect([result.skipped, result.diagnostics]).toEqual([true, []]);
  });

  // The CLI lints query files with `lintQueryFile`, which loads no part of the API contract.
  it("gives for a query file what lintQueryFile gives, with and without fixes", () => {
    const folder = join(import.meta.dirname, "..", "syntax", "fixtures");
    const files = readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".rql"),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const name of files) {
      const text = readFileSync(join(folder, name), "utf8");
      for (const fix of ["none", "safe", "unsafe"] as const)
        expect({ name, fix, ...comparable(lintQueryFile(text, { fix })) }).toEqual({
          name,
          fix,
          ...comparable(lintFile(name, text, { fix })),
        });
    }
  });

  it("sends only request files (.json, .http, .rest) to the API contract", () => {
    const paths = ["a.rql", "q.sql", "body.json", "B.JSON", "r.http", "r.REST", "notes.txt"];
    expect(paths.filter(isQueryFilePath)).toEqual(["a.rql", "q.sql", "notes.txt"]);
  });
});

describe("lintFile: a raw line break in a JSON `Query` string", () => {
  const lines = (text: string) =>
    lintFile("q.json", text).diagnostics.map(
      (d) => `${d.code} ${JSON.stringify(text.slice(d.span.start, d.span.end))} ${d.message}`,
    );

  it("is reported once, at the line break, and the query is read whole (no false 'no FROM')", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = `{\n  "Name": "orders",\n  "Query": "SELECT OrderId, OfferName${eol}FROM ISVOrder TIMESPAN LAST_MONTH"\n}`;
      expect(lines(text)).toEqual([
        `RQ9107 ${JSON.stringify(eol)} \`q.json\` is not valid JSON: a string holds a line break, which JSON writes \`\\n\``,
      ]);
      const fix = lintFile("q.json", text).diagnostics[0]?.fixes?.[0];
      expect(fix?.applicability).toBe("safe");
      const fixed = applyEdits(text, fix?.edits ?? []);
      expect(JSON.parse(fixed).Query).toBe("SELECT OrderId, OfferName\nFROM ISVOrder TIMESPAN LAST_MONTH");
      expect(lintFile("q.json", fixed).diagnostics).toEqual([]);
    }
  });

  it("still checks the query it holds, at the right place", () => {
    const text = '{"Name": "q", "Query": "SELECT OrderId, OfferNmae\nFROM ISVOrder TIMESPAN LAST_MONTH"}';
    expect(lines(text)).toEqual([
      'RQ2002 "OfferNmae" `OfferNmae` is not a column or metric of `ISVOrder`; did you mean `OfferName`?',
      'RQ9107 "\\n" `q.json` is not valid JSON: a string holds a line break, which JSON writes `\\n`',
    ]);
  });

  it("a string really left open is one JSON error, and its cut query is not checked", () => {
    const text =
      '{\n  "Name": "q",\n  "Query": "SELECT OrderId, OfferName\nFROM ISVOrder,\n  "Description": "x"\n}';
    expect(lines(text).map((l) => l.split(" ")[0])).toEqual(["RQ9107"]);
  });
});

describe("LineMap 0-based positions (LSP)", () => {
  it("round-trips offsets through line and character, CRLF included", () => {
    const text = "SELECT a\r\nFROM b\nWHERE";
    const lines = new LineMap(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === "\r" && text[offset] === "\n") continue; // inside a CRLF pair
      expect(lines.offsetOfZeroBased(lines.zeroBased(offset))).toBe(offset);
    }
    expect(lines.zeroBased(text.indexOf("FROM"))).toEqual({ line: 1, character: 0 });
  });
});
