import { format } from "../../src/format/format.js";
import { check } from "../../src/semantic/check.js";
import { complete } from "../../src/services/complete.js";
import { lex } from "../../src/syntax/lexer.js";
import { describeGrowth, type Family, type Measured, repeat } from "./measure.js";

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

const FUNCTIONS: readonly Measured[] = [
  ["lex", (text) => lex(text)],
  ["check", (text) => check(text)],
  ["format", (text) => format(text)],
  ["complete", (text) => complete(text, text.length)],
];

describeGrowth("scaling: growth from 4x to 16x of a size is at most 8x", FAMILIES, FUNCTIONS);
