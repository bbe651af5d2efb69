/** The report writers: RFC 4180 CSV that a CSV reader reads back, TSV whose escapes undo. */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeTsv, formatCell, writeCsv, writeReport, writeTsv } from "../../src/emulator/csv.js";
import type { Cell } from "../../src/emulator/engine.js";

const result = {
  columns: ["Name", "Amount", "Day"],
  rows: [
    { Name: 'Contoso, "Ltd"', Amount: 1234.5, Day: "2026-05-01" },
    { Name: "two\nlines", Amount: null, Day: null },
  ] as Record<string, Cell>[],
};

describe("writers", () => {
  it("write a header of the selected columns, quoting per RFC 4180 with CRLF lines", () => {
    expect(writeCsv(result, stringify)).toBe(
      'Name,Amount,Day\r\n"Contoso, ""Ltd""",1234.5,2026-05-01\r\n"two\nlines",,\r\n',
    );
  });

  it("write TSV with backslash escapes", () => {
    expect(writeTsv(result)).toBe(
      'Name\tAmount\tDay\r\nContoso, "Ltd"\t1234.5\t2026-05-01\r\ntwo\\nlines\t\t\r\n',
    );
  });

  it("choose the format case-insensitively, CSV by default", () => {
    expect(writeReport("tsv", result, stringify)).toBe(writeTsv(result));
    expect(writeReport("csv", result, stringify)).toBe(writeCsv(result, stringify));
  });

  it.each<[Cell, string]>([
    [null, ""],
    [0, "0"],
    [-2.5, "-2.5"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [Number.NaN, ""],
  ])("write %s as %j", (value, text) => {
    expect(formatCell(value)).toBe(text);
  });
});

const field = fc.string({ unit: fc.constantFrom(...'a,"\r\n\t\\ é;'.split("")), maxLength: 8 });
const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { maxLength: 6 });

describe("writer properties", () => {
  it("CSV reads back to the same fields", () => {
    fc.assert(
      fc.property(table, (rows) => {
        const rowObjects = rows.map(([a, b]) => ({ A: a as string, B: b as string }));
        const text = writeCsv({ columns: ["A", "B"], rows: rowObjects }, stringify);
        expect(parse(text, { relax_quotes: false })).toEqual([["A", "B"], ...rows]);
      }),
    );
  });

  it("TSV escapes leave no tab or line break inside a field and undo exactly", () => {
    const unescapeField = (s: string) =>
      s.replace(/\\(.)/g, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c));
    fc.assert(
      fc.property(field, (value) => {
        const escaped = escapeTsv(value);
        expect(escaped).not.toMatch(/[\t\r\n]/);
        expect(unescapeField(escaped)).toBe(value);
      }),
    );
  });
});
