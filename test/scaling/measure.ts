/**
 * Timing for the scaling suites: the growth of a function's time from 4x to 16x of a size. Each
 * measurement is the minimum of a few runs (a loaded 2-core machine stalls some of them), and a call
 * that takes under a few milliseconds is repeated as often at both sizes so that each measurement
 * covers several milliseconds. `SCALING_FACTOR=4` multiplies every size, for a deeper local run.
 */

import { describe, expect, it } from "vitest";

/** A family: a document of size `n` (in repetitions of its pathological unit), and its 1x size. */
export interface Family {
  readonly name: string;
  readonly base: number;
  readonly make: (n: number) => string;
}

/** `n` pieces made by `f`, joined. */
export const repeat = (n: number, f: (i: number) => string, separator = "") =>
  Array.from({ length: n }, (_, i) => f(i)).join(separator);

const FACTOR = Math.max(1, Number(process.env.SCALING_FACTOR) || 1);
const RUNS = 3;
const EXTRA_RUNS = 20;
/** A measurement covers at least this many milliseconds (a call repeated as needed). */
const MIN_SAMPLE_MS = 8;
/** A call at 4x takes at least this long (the size is doubled until it does). */
const MIN_CALL_MS = 2;
/** The most a time may grow when its input grows 4x (linear is 4x, quadratic 16x). */
export const MAX_GROWTH = 8;

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

/** A function's times at 4x and 16x of a family's size, and their ratio. */
export interface Growth {
  readonly chars4: number;
  readonly ms4: number;
  readonly ms16: number;
  readonly ratio: number;
}

/** Measures how a function's time grows on a family from 4x to 16x of its size. */
export function growth(family: Family, f: (text: string) => unknown): Growth {
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
  return { chars4: x4.length, ms4, ms16, ratio: ms16 / Math.max(ms4, 1e-3) };
}

/** A row of the table `SCALING_REPORT=1` prints. */
export function row(family: string, name: string, g: Growth): string {
  return `| ${family} | ${name} | ${g.chars4} | ${g.ms4.toFixed(2)} | ${g.ms16.toFixed(2)} | ${g.ratio.toFixed(1)} |`;
}

/** The table's heading. */
export const TABLE_HEAD = [
  "| family | function | chars at 4x | ms at 4x | ms at 16x | ratio |",
  "| --- | --- | --- | --- | --- | --- |",
];

/** A function under measure, by name. */
export type Measured = readonly [string, (text: string) => unknown];

/**
 * One test per family: each function's growth from 4x to 16x is at most `MAX_GROWTH`. With
 * `SCALING_REPORT=1` the last test prints the table of every growth measured.
 */
export function describeGrowth(title: string, families: readonly Family[], functions: readonly Measured[]) {
  const rows: string[] = [];
  describe(title, () => {
    for (const family of families) {
      it(family.name, () => {
        for (const [name, f] of functions) {
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
}
