/** Queries as files: safe file names, the header round trip, and reports.json's reading. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fileNames,
  queryFileText,
  readHeader,
  readReports,
  safeFileName,
} from "../../src/cli/queries-as-code.js";

describe("file names", () => {
  it("are never empty, a path, a dot file, a device name or longer than 80 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (name) => {
        const file = safeFileName(name);
        expect(file.length).toBeGreaterThan(0);
        expect(file.length).toBeLessThanOrEqual(86);
        expect(file).not.toMatch(/[/\\:*?"<>|\p{Cc}]|^\.|\.\./u);
        expect(file).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
      }),
    );
  });

  it("keep readable names and tell apart names that clash, without regard to case", () => {
    expect(safeFileName("Orders by country (EU)")).toBe("Orders-by-country-EU");
    expect(safeFileName("../../etc/passwd")).toBe("etc-passwd");
    expect(safeFileName("CON")).toBe("query-CON");
    const names = fileNames([
      { name: "orders", queryId: "aaaaaaaa-1" },
      { name: "Orders", queryId: "bbbbbbbb-2" },
      { name: "orders", queryId: "cccccccc-3" },
    ]);
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(3);
    // Queries sharing a name each carry their id, whichever others exist.
    expect(names.get("aaaaaaaa-1")).toBe("orders-aaaaaaaa.rql");
    expect(
      fileNames([
        { name: "x", queryId: "b" },
        { name: "x", queryId: "a" },
      ]).get("b"),
    ).toBe("x-b.rql");
    expect(fileNames([{ name: "x", queryId: "b" }]).get("b")).toBe("x.rql");
  });
});

describe("the header", () => {
  it("gives back the name and description, on one line each", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.string()), (name, description) => {
        const text = queryFileText({ name, description, queryId: "id", query: "SELECT A FROM B" });
        const header = readHeader(text);
        const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
        expect(header.name).toBe(oneLine(name));
        if (description) expect(header.description).toBe(oneLine(description));
        expect(text.endsWith("SELECT A FROM B\n")).toBe(true);
      }),
    );
  });
});

describe("reports.json", () => {
  it("reads reports naming their query, and says what is wrong otherwise", () => {
    expect(readReports('[{"QueryName": "q", "ReportName": "r"}]').reports).toEqual([
      { index: 0, queryName: "q", body: { ReportName: "r" } },
    ]);
    expect(readReports("{").problems[0]).toMatch(/not JSON/);
    expect(readReports("{}").problems[0]).toMatch(/must be an array/);
    expect(readReports('[{"QueryId": "x"}, 3]').problems).toEqual([
      "[0]: give QueryName (a query's name in this folder), not QueryId",
      "[0]: QueryName is missing; name the query the report runs",
      "[1]: not an object",
    ]);
  });
});
