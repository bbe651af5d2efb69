/**
 * The scaling suite (issue 18): for each pathological family of inputs, `lex`, `check`, `format` and
 * `complete` are timed at 1x, 4x and 16x of a size, and their growth from 4x to 16x must stay at most
 * 8x (linear is 4x, quadratic 16x). A ratio, not a time, so a slow machine passes and a quadratic path
 * fails: each measurement is the minimum of a few runs (a loaded 2-core machine stalls some of them),
 * and a call that takes under a few milliseconds is repeated as often at both sizes so that each
 * measurement covers several milliseconds. `SCALING_REPORT=1` prints the table (ms per call at 4x and
 * 16x, and the ratio); `SCALING_FACTOR=4` multiplies every size, for a deeper local run.
 */
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";
import { check } from "../../src/semantic/check.js";
import { complete } from "../../src/services/complete.js";
import { lex } from "../../src/syntax/lexer.js";
import { type Family, growth, MAX_GROWTH, repeat, row, TABLE_HEAD } from "./measure.js";

const FAMILIES: readonly Family[] = [
  // Issue 18 items.
  { name: "quoted query + spaces (4)", base: 20_000, make: (n) => `"select a"${" ".repeat(n)}x` },
  {
    name: "IN list (3)",
    base: 500,
    make: (n) => `SELECT OrderId FROM ISVOrder WHERE OrderStatus IN (${repeat(n, (i) => `'v${i}'`, ", ")})`,
  },
  {
    name: "repeated clauses (3)",
    base: 150,
    make: (n) => `SELECT OrderId FROM ISVOrder ${"LIMIT 1 ".repeat(n)}`,
  },
  {
    name: "typographic quotes (3)",
    base: 250,
    make: (n) => `SELECT OrderId FROM ISVOrder WHERE a = ${"‘a ".repeat(n)}`,
  },
  { name: "runs of /* (3)", base: 1_000, make: (n) => `SELECT OrderId FROM ISVOrder ${"/*".repeat(n)}` },
  {
    name: "repeated columns (5)",
    base: 100,
    make: (n) => `SELECT OrderId${", OrderId".repeat(n)} FROM ISVOrder`,
  },
  { name: "escaped names (5)", base: 25, make: (n) => `SELECT ${"Order\\_Id,".repeat(n)} FROM ISVOrder` },
  {
    name: "select items (5)",
    base: 80,
    make: (n) => `SELECT ${repeat(n, (i) => `c${i}`, ", ")} FROM ISVOrder`,
  },
  {
    name: "unreadable in lists (9)",
    base: 200,
    make: (n) => `SELECT ${"a \u0001, ".repeat(n)} b FROM ISVOrder`,
  },
  {
    name: "unclosed strings (2)",
    base: 20,
    make: (n) => "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active\n".repeat(n),
  },
  {
    name: "quote + comment (7)",
    base: 15,
    make: (n) => "SELECT a FROM X WHERE b = ‘x\n; -- ’ note\n".repeat(n),
  },
  {
    name: "mixed line endings (11)",
    base: 15,
    make: (n) => "SELECT a\r\nFROM X\rWHERE b = 1\n;\r\n".repeat(n),
  },
  { name: "open parentheses (11)", base: 1_000, make: (n) => `SELECT a FROM X WHERE ${"(".repeat(n)}` },
  { name: "zero-width space (11)", base: 30, make: (n) => "SELECT a FROM X WHERE\u200b IN;\n".repeat(n) },
  // Shapes of size.
  {
    name: "long line",
    base: 200,
    make: (n) => `SELECT a FROM X WHERE ${repeat(n, (i) => `c${i} = ${i}`, " AND ")}`,
  },
  {
    name: "deep nesting",
    base: 4,
    make: (n) =>
      `SELECT a FROM X WHERE ${repeat(n, (i) => `${"(".repeat(60)}b = ${i}${")".repeat(60)}`, " AND ")}`,
  },
  {
    name: "many queries",
    base: 80,
    make: (n) => "SELECT OrderId, OfferName FROM ISVOrder WHERE OrderStatus = 'Active' LIMIT 10;\n".repeat(n),
  },
  {
    name: "many comments",
    base: 150,
    make: (n) => `SELECT a -- one\n${", b /* two */ -- three\n".repeat(n)}FROM X`,
  },
  {
    name: "many diagnostics",
    base: 100,
    make: (n) => `SELECT TOP 5 a FROM X WHERE ${repeat(n, (i) => `c${i} == "v" OR d <> 1`, " AND ")}`,
  },
  { name: "huge string", base: 80_000, make: (n) => `SELECT a FROM X WHERE b = '${"x".repeat(n)}'` },
];

const FUNCTIONS: readonly [string, (text: string) => unknown][] = [
  ["lex", (text) => lex(text)],
  ["check", (text) => check(text)],
  ["format", (text) => format(text)],
  ["complete", (text) => complete(text, text.length)],
];

const rows: string[] = [];

describe("scaling: growth from 4x to 16x of a size is at most 8x", () => {
  for (const family of FAMILIES) {
    it(family.name, () => {
      for (const [name, f] of FUNCTIONS) {
        const g = growth(family, f);
        rows.push(row(family.name, name, g));
        expect(
          g.ratio,
          `${family.name}, ${name}: ${g.ms4.toFixed(2)} ms at 4x, ${g.ms16.toFixed(2)} ms at 16x`,
        ).toBeLessThanOrEqual(MAX_GROWTH);
      }
    });
  }

  it("reports", () => {
    if (process.env.SCALING_REPORT) console.info([...TABLE_HEAD, ...rows].join("\n"));
    expect(rows.length).toBeGreaterThan(0);
  });
});
