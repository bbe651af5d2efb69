/**
 * GitLab's and SARIF's fingerprints: a hash of code, path, the line's trimmed text, the message and an
 * occurrence number. Short lines are hashed in one call, long ones from a state copied per code: both
 * must give the digest of the same bytes (fingerprints already in users' merge requests must not move).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FileReport, fingerprints } from "../../src/cli/report.js";
import { runs } from "../helpers/runs.js";

type Located = FileReport["diagnostics"][number];

function reference(algorithm: "md5" | "sha256", path: string, diagnostics: readonly Located[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const line = d.sourceLine.trim();
    const key = `${d.code}\0${line}\0${d.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash(algorithm)
      .update(`${d.code}\0${path}\0${line}\0${d.message}\0${occurrence}`)
      .digest("hex");
  });
}

const located = (code: string, line: number, sourceLine: string, message: string) =>
  ({ code, line, sourceLine, message }) as Located;

describe("fingerprints", () => {
  it("are the digest of code, path, line, message and occurrence, for short and long lines", () => {
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 500, maxLength: 700 }));
    const diagnostic = fc.record({
      code: fc.constantFrom("RQ2002", "RQ1001"),
      line: fc.integer({ min: 1, max: 4 }),
      message: fc.constantFrom("a", "b"),
    });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 4, maxLength: 4 }),
        fc.array(diagnostic),
        fc.constantFrom("md5", "sha256"),
        (lines, ds, algorithm) => {
          const diagnostics = ds.map((d) => located(d.code, d.line, ` ${lines[d.line - 1]} `, d.message));
          const report = { path: "q.rql", diagnostics };
          expect(fingerprints(report, algorithm)).toEqual(reference(algorithm, "q.rql", diagnostics));
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("tell identical problems on identical lines apart, and do not move with the line number", () => {
    const same = [located("RQ2002", 1, "SELECT x", "m"), located("RQ2002", 9, "SELECT x", "m")];
    const [first, second] = fingerprints({ path: "q.rql", diagnostics: same }, "md5");
    expect(first).not.toBe(second);
    const moved = fingerprints(
      { path: "q.rql", diagnostics: [located("RQ2002", 5, "SELECT x", "m")] },
      "md5",
    );
    expect(moved[0]).toBe(first);
  });
});
