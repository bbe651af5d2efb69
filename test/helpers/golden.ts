/**
 * Golden files: expected outputs kept next to the fixtures and reviewed like code.
 *
 * `UPDATE_GOLDENS=1 npm test` rewrites them. Without it a mismatch fails the test. A missing golden
 * is written on a local run but the test still fails, so it cannot go unreviewed; under `CI` nothing is
 * ever written.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
const updating = process.env.UPDATE_GOLDENS === "1" && !inCi;

/** Compares `actual` with the golden file at `path` (or rewrites it when updating). */
export function expectGolden(path: string, actual: string): void {
  const normalized = actual.endsWith("\n") ? actual : `${actual}\n`;
  if (updating) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, normalized);
    return;
  }
  if (!existsSync(path)) {
    if (!inCi) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, normalized);
    }
    expect.fail(
      `Golden ${path} was missing${inCi ? "" : "; it has been written: review it and run the tests again"}`,
    );
  }
  expect(normalized, `golden ${path} (run UPDATE_GOLDENS=1 npm test to accept a reviewed change)`).toBe(
    readFileSync(path, "utf8"),
  );
}
