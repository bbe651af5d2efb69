/**
 * Queries the live service accepted (recorded responses in public code) must pass with no error and
 * no warning under the default settings: a linter that warns on them would fail `--max-warnings 0`
 * on queries that work. Each entry's evidence is in `accepted.jsonl`.
 */
import { describe, expect, it } from "vitest";
import { lintFile } from "../../src/lint/lint.js";
import { check } from "../../src/semantic/check.js";
import { ACCEPTED } from "./accepted.js";

describe("queries the live service accepted", () => {
  it("has evidence for every entry", () => {
    expect(ACCEPTED.length).toBeGreaterThan(0);
    expect(new Set(ACCEPTED.map((e) => e.id)).size).toBe(ACCEPTED.length);
    for (const entry of ACCEPTED) {
      expect(entry.evidence.length, entry.id).toBeGreaterThan(40);
      expect(entry.date, entry.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.source, entry.id).not.toBe("");
    }
  });

  for (const entry of ACCEPTED) {
    it(`${entry.id}: no error and no warning (${entry.strength}, ${entry.date})`, () => {
      const findings = check(entry.query)
        .diagnostics.filter((d) => d.severity === "error" || d.severity === "warning")
        .map((d) => `${d.code} ${d.severity} ${d.message}`);
      expect(findings).toEqual([]);
    });
  }

  it("passes the whole lint pipeline too, as a query file and as the Create Report Query body it was sent in", () => {
    for (const entry of ACCEPTED) {
      const body = JSON.stringify({ Name: "accepted", Description: entry.id, Query: entry.query });
      for (const [path, text] of [
        ["query.rql", entry.query],
        ["body.json", body],
      ] as const) {
        const loud = lintFile(path, text)
          .diagnostics.filter((d) => d.severity === "error" || d.severity === "warning")
          .map((d) => `${d.code} ${d.message}`);
        expect(loud, `${entry.id} as ${path}`).toEqual([]);
      }
    }
  });

  it("every name in an accepted query is in the catalog with the service's evidence or better", () => {
    // The catalog records what the recordings prove: a name the service accepted is not "definitions only".
    for (const entry of ACCEPTED) {
      const unconfirmed = check(entry.query)
        .diagnostics.filter((d) => d.code === "RQ2003")
        .map((d) => d.message);
      expect(unconfirmed, entry.id).toEqual([]);
    }
  });
});
