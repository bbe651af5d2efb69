/** Queries as files: safe file names, the header round trip, and reports.json's reading. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  caseClashes,
  fileNames,
  idSuffixed,
  pullFileNames,
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

  it("never cut a character in two, and leave room for the id and a number within 255 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 60, maxLength: 200 }), (name) => {
        const file = safeFileName(name);
        expect(file).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(Buffer.byteLength(`${idSuffixed(file, "aaaaaaaa-0000")}-99.rql`)).toBeLessThanOrEqual(255);
      }),
    );
    // Letters outside the BMP (two UTF-16 units, four bytes) and CJK ones (three bytes).
    expect(safeFileName(`a${"\u{20000}".repeat(60)}`)).toBe(`a${"\u{20000}".repeat(49)}`);
    expect(Buffer.byteLength(safeFileName("日".repeat(100)))).toBe(198);
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

describe("the files pull writes, on a file system that ignores case (macOS, Windows)", () => {
  const A = "aaaaaaaa-0000-4000-8000-000000000001";
  const B = "bbbbbbbb-0000-4000-8000-000000000002";
  const lower = (names: Map<string, string>) => new Set([...names.values()].map((n) => n.toLowerCase()));

  it("never name two queries' files alike without regard to case", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.constantFrom("sales", "Sales", "SALES", "orders", "Orders", "s a"),
            queryId: fc.uuid(),
          }),
          { selector: (q) => q.queryId, maxLength: 8 },
        ),
        // As a case-insensitive folder holds them: no two differing only in case.
        fc.uniqueArray(fc.constantFrom("sales.rql", "Sales.rql", "orders.rql", "x.rql"), {
          selector: (e) => e.toLowerCase(),
        }),
        (queries, existing) => {
          const names = pullFileNames(queries, new Map(), existing);
          expect(lower(names).size).toBe(queries.length);
          // A new file never sits beside one that differs from it only in case.
          for (const entry of names.values())
            expect(existing.filter((e) => e !== entry && e.toLowerCase() === entry.toLowerCase())).toEqual(
              [],
            );
        },
      ),
    );
  });

  it("give a name another query's file holds in another case the query's id", () => {
    // A's file was renamed sales.rql by the user; B is named SALES: SALES.rql would be A's file there.
    const names = pullFileNames(
      [
        { name: "orders", queryId: A },
        { name: "SALES", queryId: B },
      ],
      new Map([[A, "sales.rql"]]),
      ["sales.rql"],
    );
    expect(names.get(A)).toBe("sales.rql");
    expect(names.get(B)).toBe(`${idSuffixed("SALES", B)}.rql`);
  });

  it("keep a name the folder holds in the same case, and avoid one it holds in another", () => {
    expect(pullFileNames([{ name: "sales", queryId: A }], new Map(), ["sales.rql"]).get(A)).toBe("sales.rql");
    expect(pullFileNames([{ name: "Sales", queryId: A }], new Map(), ["sales.rql"]).get(A)).toBe(
      `${idSuffixed("Sales", A)}.rql`,
    );
    expect([
      ...pullFileNames(
        [
          { name: "sales", queryId: A },
          { name: "Sales", queryId: B },
        ],
        new Map(),
      ).values(),
    ]).toEqual(["sales-aaaaaaaa.rql", "Sales-bbbbbbbb.rql"]);
  });

  it("push finds the files of a folder that differ only in case", () => {
    expect(caseClashes(["Sales.rql", "orders.rql", "sales.rql", "SALES.rql"])).toEqual([
      ["Sales.rql", "sales.rql", "SALES.rql"],
    ]);
    expect(caseClashes(["a.rql", "b.rql"])).toEqual([]);
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
