/**
 * The files in `grammar/` that `scripts/gen-grammar.ts` writes: they must match what the generator
 * produces now, the diagrams must work offline, and the TextMate grammar must agree with the keyword
 * table in `src/syntax/language.ts`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import {
  CASE_INSENSITIVE,
  DIAGRAMS_PATH,
  generateDiagramsHtml,
  generateLookaheadModule,
  generateTextMateGrammar,
  LOOKAHEAD_PATH,
  TEXTMATE_PATH,
  type TextMateGrammar,
  type TextMateRule,
} from "../../scripts/grammar-artifacts.js";
import { CONTEXTUAL_WORDS, RESERVED_WORDS, TIMESPAN_VALUES } from "../../src/syntax/language.js";

const root = join(import.meta.dirname, "..", "..");

function committed(relativePath: string): string | undefined {
  const path = join(root, relativePath);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Fails with the first differing line rather than a diff of a 90 kB file. */
function expectUpToDate(relativePath: string, generated: string): void {
  const actual = committed(relativePath);
  if (actual === undefined) expect.fail(`${relativePath} is missing: run \`npm run gen\``);
  if (actual === generated) return;
  const actualLines = actual.split("\n");
  const generatedLines = generated.split("\n");
  let line = 0;
  while (actualLines[line] === generatedLines[line]) line++;
  expect.fail(
    `${relativePath} is out of date: run \`npm run gen\`. First difference at line ${line + 1}:\n` +
      `  committed: ${JSON.stringify(actualLines[line] ?? "<end of file>")}\n` +
      `  generated: ${JSON.stringify(generatedLines[line] ?? "<end of file>")}`,
  );
}

describe("generated files are up to date", () => {
  it(DIAGRAMS_PATH, () => expectUpToDate(DIAGRAMS_PATH, generateDiagramsHtml()));
  it(TEXTMATE_PATH, () => expectUpToDate(TEXTMATE_PATH, generateTextMateGrammar()));
  // The parser reads its lookahead from this table: stale, it would parse with an older grammar's decisions.
  it(LOOKAHEAD_PATH, () => expectUpToDate(LOOKAHEAD_PATH, generateLookaheadModule()));
  it("generation is deterministic", () => {
    expect(generateDiagramsHtml()).toBe(generateDiagramsHtml());
    expect(generateTextMateGrammar()).toBe(generateTextMateGrammar());
  });
});

describe("railroad diagrams", () => {
  const html = generateDiagramsHtml();

  it("loads no script or stylesheet from the network", () => {
    expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/unpkg\.com/i);
  });

  it("draws one diagram per parser rule with the inlined renderer", () => {
    // Run the page's scripts, all but the last (which needs a DOM), in a bare context standing in
    // for `window`: this shows the inlined files wire up their globals without any download.
    const scripts = [...html.matchAll(/<script>\n([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(2);
    const context = vm.createContext({}) as {
      window?: unknown;
      serializedGrammar?: unknown[];
      diagrams_builder?: { buildSyntaxDiagramsText(grammar: unknown[]): string };
    };
    context.window = context;
    for (const script of scripts.slice(0, -1)) vm.runInContext(script, context);
    const grammar = context.serializedGrammar ?? [];
    const text = context.diagrams_builder?.buildSyntaxDiagramsText(grammar) ?? "";
    expect(grammar.length).toBeGreaterThan(0);
    expect(text.match(/<svg\b/g)?.length).toBe(grammar.length);
    expect(text).toContain(">selectClause</h2>");
  });
});

// A minimal TextMate scanner: enough of the real algorithm (earliest match wins, ties go to the rule
// listed first, `include` expands) to check what the grammar does to one line of text.

interface CompiledRule {
  readonly scope: string | undefined;
  readonly match: RegExp;
  /** For begin/end rules: the end pattern, searched on the same line only. */
  readonly end?: RegExp;
}

/** Compiles a TextMate regex with JavaScript; a leading `(?i)` becomes the `i` flag. */
function compile(source: string): RegExp {
  const insensitive = source.startsWith(CASE_INSENSITIVE);
  const body = insensitive ? source.slice(CASE_INSENSITIVE.length) : source;
  if (body.includes("(?i")) throw new Error(`Inline flags other than a leading (?i) in ${source}`);
  return new RegExp(body, insensitive ? "gi" : "g");
}

function flatten(
  rules: readonly TextMateRule[],
  grammar: TextMateGrammar,
  seen = new Set<string>(),
): CompiledRule[] {
  return rules.flatMap((rule): CompiledRule[] => {
    if (rule.include !== undefined) {
      const key = rule.include.replace(/^#/, "");
      const target = grammar.repository[key];
      if (target === undefined || seen.has(key)) throw new Error(`Bad include ${rule.include}`);
      return flatten([target], grammar, new Set([...seen, key]));
    }
    if (rule.match !== undefined) return [{ scope: rule.name, match: compile(rule.match) }];
    if (rule.begin !== undefined && rule.end !== undefined)
      return [{ scope: rule.name, match: compile(rule.begin), end: compile(rule.end) }];
    return flatten(rule.patterns ?? [], grammar, seen);
  });
}

interface ScannedToken {
  readonly text: string;
  readonly scope: string | undefined;
}

function scan(line: string, rules: readonly CompiledRule[]): ScannedToken[] {
  const tokens: ScannedToken[] = [];
  let position = 0;
  while (position < line.length) {
    let best: { rule: CompiledRule; index: number; length: number } | undefined;
    for (const rule of rules) {
      rule.match.lastIndex = position;
      const m = rule.match.exec(line);
      if (m !== null && m[0].length > 0 && (best === undefined || m.index < best.index))
        best = { rule, index: m.index, length: m[0].length };
    }
    if (best === undefined) break;
    let end = best.index + best.length;
    if (best.rule.end !== undefined) {
      best.rule.end.lastIndex = end;
      const close = best.rule.end.exec(line);
      end = close === null ? line.length : close.index + close[0].length;
    }
    tokens.push({ text: line.slice(best.index, end), scope: best.rule.scope });
    position = end;
  }
  return tokens;
}

describe("TextMate grammar", () => {
  const text = generateTextMateGrammar();
  const grammar = JSON.parse(text) as TextMateGrammar;
  const rules = flatten(grammar.patterns, grammar);
  const scopeOf = (word: string) => {
    const tokens = scan(word, rules);
    return tokens.length === 1 && tokens[0]?.text === word ? tokens[0].scope : undefined;
  };
  const spellings = (word: string) => [word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase()];
  const isReservedScope = (scope: string | undefined) =>
    scope !== undefined && /^keyword\.(control|operator)\./.test(scope);

  it("is pretty JSON with a trailing newline and the expected header", () => {
    expect(text).toBe(`${JSON.stringify(grammar, null, 2)}\n`);
    expect(grammar.scopeName).toBe("source.reportql");
    expect(grammar.fileTypes).toEqual(["rql"]);
  });

  it("compiles with JavaScript's RegExp, including patterns inside captures", () => {
    const sources: string[] = [];
    const collect = (rule: TextMateRule): void => {
      for (const source of [rule.match, rule.begin, rule.end]) if (source !== undefined) sources.push(source);
      for (const captures of [rule.captures, rule.beginCaptures, rule.endCaptures])
        for (const capture of Object.values(captures ?? {})) collect(capture);
      for (const child of rule.patterns ?? []) collect(child);
    };
    for (const rule of Object.values(grammar.repository)) collect(rule);
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) expect(() => compile(source), source).not.toThrow();
  });

  it("matches every reserved word as a keyword, in any case", () => {
    for (const info of RESERVED_WORDS) {
      for (const spelling of spellings(info.text)) {
        const scope = scopeOf(spelling);
        expect(isReservedScope(scope), `${spelling}: ${scope}`).toBe(true);
        expect(scope).toMatch(info.role === "operator" ? /^keyword\.operator\./ : /^keyword\.control\./);
      }
    }
  });

  it("matches every TIMESPAN value as a language constant, in any case", () => {
    for (const value of TIMESPAN_VALUES) {
      for (const spelling of spellings(value)) {
        expect(scopeOf(spelling), spelling).toBe("constant.language.timespan.reportql");
      }
    }
  });

  it("does not match contextual SQL words as reserved keywords", () => {
    expect(isReservedScope(scopeOf("GROUP"))).toBe(false);
    for (const info of CONTEXTUAL_WORDS) {
      for (const spelling of spellings(info.text)) {
        expect(scopeOf(spelling), spelling).toBe("keyword.other.unsupported.reportql");
      }
    }
  });

  it("leaves keywords and numbers inside names alone", () => {
    for (const name of ["fromage", "SelectedColumn", "LimitValue", "_in", "x1", "6096xxx", "LAST\\_MONTH"]) {
      const tokens = scan(name, rules);
      expect(
        tokens.every((t) => t.scope === undefined),
        `${name}: ${JSON.stringify(tokens)}`,
      ).toBe(true);
    }
  });

  it("scopes a whole query", () => {
    const line =
      "SELECT OfferName FROM ISVOrder WHERE OfferName LIKE '%Contoso%' AND Qty >= -7 " +
      "AND Status = ‘Active’ ORDER BY Qty DESC LIMIT 10 TIMESPAN last_month; -- SELECT";
    const scoped = scan(line, rules)
      .filter((t) => t.scope !== undefined)
      .map((t) => `${t.text}|${t.scope}`);
    expect(scoped).toEqual([
      "SELECT|keyword.control.clause.reportql",
      "FROM|keyword.control.clause.reportql",
      "WHERE|keyword.control.clause.reportql",
      "LIKE|keyword.operator.word.reportql",
      "'%Contoso%'|string.quoted.single.reportql",
      "AND|keyword.operator.word.reportql",
      ">=|keyword.operator.comparison.reportql",
      "-7|constant.numeric.reportql",
      "AND|keyword.operator.word.reportql",
      "=|keyword.operator.comparison.reportql",
      "‘Active’|invalid.illegal.typographic-quotes.reportql",
      "ORDER|keyword.control.clause.reportql",
      "BY|keyword.control.clause.reportql",
      "DESC|keyword.control.direction.reportql",
      "LIMIT|keyword.control.clause.reportql",
      "10|constant.numeric.reportql",
      "TIMESPAN|keyword.control.clause.reportql",
      "last_month|constant.language.timespan.reportql",
      ";|punctuation.terminator.statement.reportql",
      "-- SELECT|comment.line.double-dash.reportql",
    ]);
  });

  it("flags SQL operator spellings and keeps strings and comments opaque", () => {
    const scopes = (line: string) => scan(line, rules).map((t) => `${t.text}|${t.scope ?? ""}`);
    expect(scopes("a <> 1")).toContain("<>|invalid.illegal.operator.reportql");
    expect(scopes("a == 1")).toContain("==|invalid.illegal.operator.reportql");
    expect(scopes("'SELECT FROM'")).toEqual(["'SELECT FROM'|string.quoted.single.reportql"]);
    expect(scopes("/* WHERE */ x")).toEqual(["/* WHERE */|comment.block.reportql", "x|"]);
    expect(scopes("'open")).toEqual(["'open|invalid.illegal.unterminated-string.reportql"]);
  });
});
