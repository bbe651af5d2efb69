import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorEngine } from "../../src/emulator/engine.js";
import { prepareQuery, runQueryText } from "../../src/emulator/query.js";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { openEngine } from "./helpers.js";

const catalog = builtinCatalog("all");
let engine: EmulatorEngine;
beforeAll(async () => {
  engine = await openEngine({ catalog, rows: 300, now: () => new Date("2026-11-29T12:00:00Z") });
});
afterAll(() => engine.close());

describe("prepareQuery", () => {
  it.each([
    ["", "missing"],
    ["  -- nothing\n", "missing"],
    ["SELECT OrderId FROM ISVOrder; SELECT OrderId FROM ISVOrder", "unsupported"],
  ])("refuses %j", (text, code) => {
    const prepared = prepareQuery(text, catalog);
    expect(prepared.ok === false && prepared.problems[0]?.code).toBe(code);
  });

  it("accepts one query with a trailing semicolon", () => {
    expect(prepareQuery("SELECT OrderId FROM ISVOrder;", catalog).ok).toBe(true);
  });
});

/** Text made of the language's words, names, values and punctuation, in any order. */
const queryish = fc
  .array(
    fc.constantFrom(
      ..."SELECT DISTINCT FROM WHERE AND OR NOT IN LIKE ORDER BY ASC DESC LIMIT TIMESPAN GROUP".split(" "),
      ..."ISVOrder ISVUsage OrderId OfferName NormalizedUsage CustomerId LAST_MONTH LIFETIME x".split(" "),
      ..."= != < >= ( ) , ; * 0 5 -1 2.5 'a' '%b%' ‘c’ \"d\" 'open".split(" "),
    ),
    { maxLength: 24 },
  )
  .map((words) => words.join(" "));

describe("runQueryText", () => {
  it("answers rows or a problem value for any text, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(queryish, async (text) => {
        const result = await runQueryText(engine, text, { rowCap: 10 });
        if (result.ok) expect(result.rows.length).toBeLessThanOrEqual(10);
        else expect("problems" in result ? result.problems.length : result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("runs the spec's ISVUsage example (with a threshold the small data reaches)", async () => {
    const result = await runQueryText(
      engine,
      "SELECT CustomerId, NormalizedUsage, RawUsage FROM ISVUsage WHERE NormalizedUsage > 5000 ORDER BY NormalizedUsage TIMESPAN LAST_6_MONTHS",
      { rowCap: 10 },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.columns).toEqual(["CustomerId", "NormalizedUsage", "RawUsage"]);
    const usage = result.rows.map((r) => r.NormalizedUsage as number);
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.every((u) => u > 5000)).toBe(true);
    expect(usage).toEqual([...usage].sort((a, b) => b - a));
  });
});
