/**
 * Suppressions that silence less than they name: an unknown code (RQ9002) and each code that silenced
 * nothing (RQ9001) are pointed at where they are written, and a code that silenced nothing while its
 * neighbours did is removed on its own by a safe fix. A comment that silenced nothing at all is
 * removed whole, as before.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { lintText } from "../../src/lint/lint-query.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";

// `SELECT OrderId FROM ISVOrder` has no TIMESPAN (RQ2015); nothing in it is RQ2002 or RQ2003.
const QUERY = "SELECT OrderId FROM ISVOrder";
const CASES: readonly [string, string][] = [
  ["one of two unused", `-- reportql-ignore RQ2015, RQ2002\n${QUERY}`],
  ["first of two unused", `-- reportql-ignore RQ2002, RQ2015\n${QUERY}`],
  ["two of three unused, side by side", `-- reportql-ignore RQ2015, RQ2002, RQ2003\n${QUERY}`],
  ["all unused", `-- reportql-ignore RQ2002 RQ2003\n${QUERY} TIMESPAN LAST_MONTH`],
  ["unknown code beside a used one", `-- reportql-ignore RQ2015 RQ9999\n${QUERY}`],
  ["block comment", `/* reportql-ignore RQ2002, RQ2015 */\n${QUERY}`],
];

describe("a suppression naming codes that silence nothing", () => {
  it("points at each such code, with a fix removing it (golden)", () => {
    const rendered = CASES.map(([name, text]) => {
      const diagnose = (t: string) => lintText(t);
      return `== ${name}\n${text}\n\n${renderDiagnostics(text, diagnose(text), diagnose)}`;
    });
    expectGolden(
      join(import.meta.dirname, "goldens", "stale-suppressions.golden.txt"),
      rendered.join("\n\n"),
    );
  });

  it.each(CASES.filter(([name]) => name !== "unknown code beside a used one"))(
    "%s: --fix leaves a suppression that is all used, and the query's problem still silenced",
    (_name, text) => {
      const fixed = fixUntilStable(text, (t) => lintText(t)).text;
      const codes = lintText(fixed).map((d) => d.code);
      expect(codes, fixed).not.toContain("RQ9001");
      expect(codes, fixed).not.toContain("RQ2015");
    },
  );
});
