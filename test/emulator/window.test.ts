import { describe, expect, it } from "vitest";
import { explicitWindow, timespanWindow } from "../../src/emulator/window.js";
import type { TimespanValue } from "../../src/semantic/resolve.js";

const NOW = new Date("2026-03-15T10:30:00Z");
const iso = (d: Date | undefined) => d?.toISOString().slice(0, 10);

describe("timespanWindow", () => {
  it.each<[TimespanValue, string | undefined, string, boolean]>([
    ["TODAY", "2026-03-15", "2026-03-16", false],
    ["YESTERDAY", "2026-03-14", "2026-03-15", false],
    ["LAST_7_DAYS", "2026-03-08", "2026-03-15", false],
    ["LAST_30_DAYS", "2026-02-13", "2026-03-15", false],
    ["LAST_365_DAYS", "2025-03-15", "2026-03-15", false],
    ["LAST_MONTH", "2026-02-01", "2026-03-01", false],
    ["LAST_3_MONTHS", "2025-12-01", "2026-03-01", false],
    ["LAST_6_MONTHS", "2025-09-01", "2026-03-01", false],
    ["LAST_1_YEAR", "2025-03-01", "2026-03-01", false],
    ["LIFETIME", undefined, "2026-03-15", true],
  ])("%s", (value, start, end, endInclusive) => {
    const window = timespanWindow(value, NOW);
    expect([iso(window.start), iso(window.end), window.endInclusive]).toEqual([start, end, endInclusive]);
  });

  it("crosses a year back in January", () => {
    const window = timespanWindow("LAST_3_MONTHS", new Date("2026-01-02T00:00:00Z"));
    expect([iso(window.start), iso(window.end)]).toEqual(["2025-10-01", "2026-01-01"]);
  });

  it("keeps explicit instants, both included", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const end = new Date("2026-01-31T23:59:59Z");
    expect(explicitWindow(start, end)).toEqual({ start, end, endInclusive: true });
  });
});
