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

/** A family: a document of size `n` (in repetitions of its pathological unit), and its 1x size. */
interface Family {
  readonly name: string;
  readonly base: number;
  readonly make: (n: number) => string;
}

const repeat = (n: number, f: (i: number) => string, separator = "") =>
  Array.from({ length: n }, (_, i) => f(i)).join(separator);

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

const FACTOR = Math.max(1, Number(process.env.SCALING_FACTOR) || 1);
const RUNS = 3;
const EXTRA_RUNS = 20;
/** A measurement covers at least this many milliseconds (a call repeated as needed). */
const MIN_SAMPLE_MS = 8;
/** A call at 4x takes at least this long (the size is doubled until it does). */
const MIN_CALL_MS = 2;
const MAX_GROWTH = 8;

/** Milliseconds per call over one sample of `repeats` calls. */
function sample(f: (text: string) => unknown, text: string, repeats: number): number {
  const start = performance.now();
  for (let k = 0; k < repeats; k++) f(text);
  return (performance.now() - start) / repeats;
}

/**
 * The best time per call at 4x and at 16x, sampled in alternation (so that a busy spell of the
 * machine hits both sizes alike): `RUNS` rounds, and up to `EXTRA_RUNS` more while the growth is
 * above the limit, since a quiet moment is all the minimum needs.
 */
function measurePair(
  f: (text: string) => unknown,
  x4: string,
  x16: string,
  repeats: number,
): [number, number] {
  let ms4 = Number.POSITIVE_INFINITY;
  let ms16 = Number.POSITIVE_INFINITY;
  for (let round = 0; round < RUNS + EXTRA_RUNS; round++) {
    if (round >= RUNS && ms16 / ms4 <= MAX_GROWTH) break;
    ms4 = Math.min(ms4, sample(f, x4, repeats));
    ms16 = Math.min(ms16, sample(f, x16, repeats));
  }
  return [ms4, ms16];
}

/** One call's time in milliseconds (the best of two). */
function once(f: (text: string) => unknown, text: string): number {
  return Math.min(sample(f, text, 1), sample(f, text, 1));
}

/**
 * The size for one function: the family's 1x size, doubled until a call at 4x takes `MIN_CALL_MS`
 * (the fast functions, `lex` above all, would otherwise be timed on inputs that fit in a CPU cache at
 * 4x and not at 16x, and in fractions of a millisecond that any interruption doubles).
 */
function sizeFor(family: Family, f: (text: string) => unknown, base: number): number {
  let size = base;
  for (let k = 0; k < 3; k++) f(family.make(size)); // warm up the code paths at 1x
  while (size < base * 64 && once(f, family.make(size * 4)) < MIN_CALL_MS) size *= 2;
  return size;
}

/** How often to repeat a call at 4x so that a sample lasts `MIN_SAMPLE_MS`. */
function repeatsFor(f: (text: string) => unknown, text: string): number {
  return Math.min(200, Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(once(f, text), 0.01))));
}

const rows: string[] = [];

describe("scaling: growth from 4x to 16x of a size is at most 8x", () => {
  for (const family of FAMILIES) {
    it(family.name, () => {
      for (const [name, f] of FUNCTIONS) {
        const size = sizeFor(family, f, family.base * FACTOR);
        const x4 = family.make(size * 4);
        const x16 = family.make(size * 16);
        const repeats = repeatsFor(f, x4);
        let [ms4, ms16] = measurePair(f, x4, x16, repeats);
        // A second opinion, after a pause that lets a busy spell (the other test workers) pass.
        if (ms16 / ms4 > MAX_GROWTH) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250); // sleep, yielding the CPU
          const [again4, again16] = measurePair(f, x4, x16, repeats);
          if (again16 / again4 < ms16 / ms4) [ms4, ms16] = [again4, again16];
        }
        const ratio = ms16 / Math.max(ms4, 1e-3);
        rows.push(
          `| ${family.name} | ${name} | ${x4.length} | ${ms4.toFixed(2)} | ${ms16.toFixed(2)} | ${ratio.toFixed(1)} |`,
        );
        expect(
          ratio,
          `${family.name}, ${name}: ${ms4.toFixed(2)} ms at 4x, ${ms16.toFixed(2)} ms at 16x`,
        ).toBeLessThanOrEqual(MAX_GROWTH);
      }
    });
  }

  it("reports", () => {
    if (process.env.SCALING_REPORT)
      console.info(
        [
          "| family | function | chars at 4x | ms at 4x | ms at 16x | ratio |",
          "| --- | --- | --- | --- | --- | --- |",
          ...rows,
        ].join("\n"),
      );
    expect(rows.length).toBeGreaterThan(0);
  });
});
