/**
 * What bounds the CLI's memory on hostile files (issue 18, item 12): at most `MAX_REPORTED_PER_FILE`
 * problems are reported per file, then one RQ9130 says how many more there are. Files larger than the
 * read limit are refused (RQ9110, `hardening.test.ts`).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PER_FILE } from "../../src/cli/check-command.js";
import { cli } from "../helpers/cli.js";

interface Reported {
  code: string;
  severity: string;
  message: string;
  offset: number;
}

async function report(text: string): Promise<{ exit: number | null; diagnostics: Reported[] }> {
  const dir = mkdtempSync(join(tmpdir(), "reportql-limits-"));
  writeFileSync(join(dir, "dense.rql"), text);
  const run = await cli(["check", "dense.rql", "--format", "json", "--no-config"], { cwd: dir });
  const parsed = JSON.parse(run.stdout) as { files: { diagnostics: Reported[] }[] };
  return { exit: run.code, diagnostics: parsed.files[0]?.diagnostics ?? [] };
}

describe("problems reported per file", () => {
  it("reports the first problems up to the limit, then how many more there are", async () => {
    // Two problems per escaped name (RQ1006 and RQ2004): about 4,000 more than the limit.
    const text = `SELECT ${"Order\\_Id, ".repeat(MAX_REPORTED_PER_FILE / 2 + 2_000)}OrderId FROM ISVOrder`;
    const { exit, diagnostics } = await report(text);
    expect(exit).toBe(1);
    expect(diagnostics).toHaveLength(MAX_REPORTED_PER_FILE + 1);
    const last = diagnostics[diagnostics.length - 1] as Reported;
    expect(last.code).toBe("RQ9130");
    expect(last.severity).toBe("error");
    expect(last.message).toMatch(
      /^\d+ more problems in `dense\.rql` are not reported: reportql reports at most 20000 per file/,
    );
    const hidden = Number(/^\d+/.exec(last.message)?.[0]);
    expect(hidden).toBeGreaterThan(3_000);
    // The kept ones are the first by position, and the notice stands after them.
    const offsets = diagnostics.map((d) => d.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it("keeps the errors when warnings alone would fill the limit", async () => {
    // One warning (RQ2020) per value, then a syntax error after all of them.
    const values = Array.from({ length: MAX_REPORTED_PER_FILE + 10 }, (_, i) => `'v${i}'`).join(", ");
    const { exit, diagnostics } = await report(
      `SELECT OrderId FROM ISVOrder WHERE OrderStatus IN (${values}) TIMESPAN LAST_MONTH OR x`,
    );
    expect(exit).toBe(1);
    expect(diagnostics).toHaveLength(MAX_REPORTED_PER_FILE + 1);
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
    expect(errors).toEqual(["RQ1101", "RQ9130"]);
    expect(diagnostics.at(-1)?.message).toMatch(
      /^11 more problems .* at most 20000 per file, the most severe first$/,
    );
  });

  it("reports every problem of a file at the limit", async () => {
    const text = `SELECT ${"Order\\_Id, ".repeat(100)}OrderId FROM ISVOrder`;
    const { diagnostics } = await report(text);
    expect(diagnostics.length).toBeGreaterThanOrEqual(200);
    expect(diagnostics.map((d) => d.code)).not.toContain("RQ9130");
  });
});
