/**
 * Catalog loading from untrusted JSON: accepted shapes, and every malformed input reported with its
 * JSON path while the rest of the catalog is kept.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { loadCatalog, loadCatalogText, toCatalogFile } from "../../src/semantic/load-catalog.js";
import { RESERVED_WORDS } from "../../src/syntax/language.js";
import { runs } from "../helpers/runs.js";

const KEYWORDS = new Set(RESERVED_WORDS.map((w) => w.text));

const OFFICE = {
  datasetName: "OfficeUsage",
  selectableColumns: ["CustomerTenantId", "Month"],
  availableMetrics: ["CustomerCount"],
  availableDateRanges: ["LAST_MONTH", "LIFETIME"],
  minimumRecurrenceInterval: 24,
};

function datasetNames(data: unknown): string[] | undefined {
  return loadCatalog(data).catalog?.datasets.map((d) => d.name);
}

describe("loadCatalog accepts", () => {
  it("the ScheduledDataset envelope, a bare array and a single dataset", () => {
    expect(datasetNames({ value: [OFFICE], totalCount: 1 })).toEqual(["OfficeUsage"]);
    expect(datasetNames([OFFICE])).toEqual(["OfficeUsage"]);
    expect(datasetNames(OFFICE)).toEqual(["OfficeUsage"]);
  });

  it("keys in any case and with stray spaces, as the published samples write them", () => {
    const loaded = loadCatalog({
      Value: [
        { "DatasetName ": "ISVUsage", SelectableColumns: ["A"], " AvailableDateRanges": ["last_month"] },
      ],
    });
    const dataset = loaded.catalog?.dataset("isvusage");
    expect(dataset?.column("a")?.name).toBe("A");
    expect(dataset?.dateRanges).toEqual(["LAST_MONTH"]);
    expect(loaded.problems).toEqual([]);
  });

  it("metrics as metrics and columns as columns", () => {
    const dataset = loadCatalog([OFFICE]).catalog?.dataset("OfficeUsage");
    expect(dataset?.column("CustomerCount")?.kind).toBe("metric");
    expect(dataset?.column("Month")?.kind).toBe("column");
  });

  it("its own format, and round-trips the built-in catalogs through it", () => {
    for (const name of ["insights", "marketplace"] as const) {
      const file = toCatalogFile(builtinCatalog(name));
      const loaded = loadCatalog(JSON.parse(JSON.stringify(file)), name);
      expect(loaded.problems).toEqual([]);
      expect(toCatalogFile(loaded.catalog ?? builtinCatalog("all"))).toEqual(file);
    }
  });

  it("a byte-order mark before the JSON", () => {
    expect(loadCatalogText(`\ufeff${JSON.stringify([OFFICE])}`).catalog?.datasets).toHaveLength(1);
  });
});

describe("loadCatalog reports, with the JSON path, and keeps the rest", () => {
  const CASES: readonly {
    name: string;
    data: unknown;
    datasets: string[] | undefined;
    problems: [string, string][];
  }[] = [
    { name: "a scalar", data: 42, datasets: undefined, problems: [["$", "error"]] },
    { name: "an object without datasets", data: { foo: 1 }, datasets: undefined, problems: [["$", "error"]] },
    { name: "an empty list", data: { value: [] }, datasets: undefined, problems: [["$", "error"]] },
    {
      name: "column names no query can spell (empty, with a space), skipped",
      data: { value: [{ ...OFFICE, selectableColumns: ["Month", "", "Customer Name"] }] },
      datasets: ["OfficeUsage"],
      problems: [
        ["$.value[0].selectableColumns[1]", "error"],
        ["$.value[0].selectableColumns[2]", "error"],
      ],
    },
    {
      name: "in its own format: empty, padded, non-word and repeated names",
      data: {
        format: "reportql-catalog",
        version: 1,
        datasets: [
          { name: "", columns: [] },
          {
            name: " OfficeUsage ",
            columns: ["Month", "month", " ", "Customer Name", { name: "1st" }, "From"],
          },
          { name: "officeusage", columns: ["Other"] },
          { name: "Two Words", columns: ["A"] },
        ],
      },
      datasets: ["OfficeUsage"],
      problems: [
        ["$.datasets[0].name", "error"],
        ["$.datasets[1].columns[1]", "error"],
        ["$.datasets[1].columns[2]", "error"],
        ["$.datasets[1].columns[3]", "error"],
        ["$.datasets[1].columns[4]", "error"],
        ["$.datasets[1].columns[5]", "error"],
        ["$.datasets[2].name", "error"],
        ["$.datasets[3].name", "error"],
      ],
    },
    {
      name: "a dataset that is not an object",
      data: { value: ["OfficeUsage", OFFICE] },
      datasets: ["OfficeUsage"],
      problems: [["$.value[0]", "error"]],
    },
    {
      name: "a missing or malformed dataset name",
      data: [OFFICE, { selectableColumns: [] }, { datasetName: "has space" }],
      datasets: ["OfficeUsage"],
      problems: [
        ["$[1].datasetName", "error"],
        ["$[2].datasetName", "error"],
      ],
    },
    {
      name: "non-string names inside the lists",
      data: [{ ...OFFICE, selectableColumns: ["A", 3, null, ""], availableDateRanges: "LAST_MONTH" }],
      datasets: ["OfficeUsage"],
      problems: [
        ["$[0].selectableColumns[1]", "error"],
        ["$[0].selectableColumns[2]", "error"],
        ["$[0].selectableColumns[3]", "error"],
        ["$[0].availableDateRanges", "error"],
      ],
    },
    {
      name: "missing selectable columns (assumed unknown)",
      data: [{ datasetName: "Profile" }],
      datasets: ["Profile"],
      problems: [["$[0].selectableColumns", "warning"]],
    },
    {
      name: "a duplicated dataset",
      data: [OFFICE, OFFICE],
      datasets: ["OfficeUsage"],
      problems: [["$[1].datasetName", "error"]],
    },
    {
      name: "a non-numeric recurrence interval",
      data: [{ ...OFFICE, minimumRecurrenceInterval: "24h" }],
      datasets: ["OfficeUsage"],
      problems: [["$[0].minimumRecurrenceInterval", "error"]],
    },
    {
      name: "a reportql catalog with broken entries",
      data: {
        format: "reportql-catalog",
        version: 2,
        name: "x",
        datasets: [
          { name: "A", columns: ["x", { name: "y", kind: "measure", type: "int" }, 7] },
          { columns: [] },
        ],
      },
      datasets: ["A"],
      problems: [
        ["$.version", "warning"],
        ["$.datasets[0].columns[1].kind", "error"],
        ["$.datasets[0].columns[1].type", "error"],
        ["$.datasets[0].columns[2]", "error"],
        ["$.datasets[1].name", "error"],
      ],
    },
    {
      name: "broken evidence, dropped notes, value domains and time-span facts",
      data: {
        format: "reportql-catalog",
        version: 1,
        name: "x",
        datasets: [
          {
            name: "A",
            dateRanges: null,
            minimumRecurrenceInterval: null,
            timespans: "never",
            snapshot: "yes",
            timespanNote: "no ranges",
            columns: [
              {
                name: "a",
                seen: ["rumour"],
                evidence: [{ kind: "rumour" }, { kind: "service", source: "x" }],
              },
              { name: "b", dropped: { source: { title: "t", url: "u", date: "d" } } },
              { name: "c", values: { type: "date", values: [] } },
              {
                name: "d",
                values: {
                  type: "number",
                  case: "loose",
                  exhaustive: "yes",
                  values: [
                    { value: "0", sources: [{ title: "t", url: "u", date: "d" }] },
                    { value: 1, sources: [] },
                    { value: 2, sources: [{ title: "t", url: "u", date: "d" }] },
                  ],
                },
              },
              { name: "e", values: { type: "string", values: [{ value: "x" }] } },
            ],
          },
        ],
      },
      datasets: ["A"],
      problems: [
        ["$.datasets[0].columns[0].seen", "error"],
        ["$.datasets[0].columns[0].evidence[0]", "error"],
        ["$.datasets[0].columns[0].evidence[1].source", "error"],
        ["$.datasets[0].columns[1].dropped", "error"],
        ["$.datasets[0].columns[2].values.type", "error"],
        ["$.datasets[0].columns[3].values.case", "error"],
        ["$.datasets[0].columns[3].values.exhaustive", "error"],
        ["$.datasets[0].columns[3].values.values[0]", "error"],
        ["$.datasets[0].columns[3].values.values[1].sources", "error"],
        ["$.datasets[0].columns[4].values.values[0].sources", "error"],
        ["$.datasets[0].columns[4].values.values[0].sources", "error"],
        ["$.datasets[0].columns[4].values.values", "error"],
        ["$.datasets[0].timespans", "error"],
        ["$.datasets[0].snapshot", "error"],
        ["$.datasets[0].timespanNote", "error"],
      ],
    },
  ];

  for (const c of CASES) {
    it(c.name, () => {
      const loaded = loadCatalog(c.data);
      expect(loaded.catalog?.datasets.map((d) => d.name)).toEqual(c.datasets);
      expect(loaded.problems.map((p) => [p.path, p.severity])).toEqual(c.problems);
      for (const p of loaded.problems) expect(p.message).not.toBe("");
    });
  }

  it("invalid JSON text with the parser's position", () => {
    const loaded = loadCatalogText('{"value": [}');
    expect(loaded.catalog).toBeUndefined();
    expect(loaded.problems.map((p) => [p.path, p.severity])).toEqual([["$", "error"]]);
    expect(loaded.problems[0]?.message).toMatch(/^not valid JSON at line 1, column 12: value expected$/);
  });

  // A catalog file is a saved response of thousands of lines: an offset alone does not find the place.
  const PLACES: readonly [string, string, RegExp][] = [
    [
      "a trailing comma",
      '{\n  "value": [\n    {"datasetName": "A"},\n  ]\n}',
      /^not valid JSON at line 4, column 3: \S/,
    ],
    ["an unfinished file", '{\n  "value": [\n', /^not valid JSON at line 3, column 1: /],
    ["a byte-order mark before an error", '\ufeff{"value": x}', /^not valid JSON at line 1, column 11: /],
    // Read again for the place, it once exhausted the stack (an internal error).
    [
      "nesting 200,000 deep",
      "[".repeat(200_000),
      /^not valid JSON at line 1, column 65: nested deeper than 64 levels$/,
    ],
  ];
  for (const [name, text, message] of PLACES)
    it(`invalid JSON: ${name}, at its line and column`, () => {
      expect(loadCatalogText(text).problems[0]?.message).toMatch(message);
    });

  it("keeps only names a query can spell, each once, whatever names the data holds", () => {
    const name = fc.oneof(
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.constantFrom(
        "",
        " ",
        "a",
        "A",
        " a ",
        "a b",
        "1a",
        "_x",
        "Straße",
        "\u212Aey",
        "x".repeat(500),
        "From",
        "order",
      ),
    );
    const words = (names: readonly string[]) =>
      names.every((n) => /^[A-Za-z_]\w*$/.test(n) && !KEYWORDS.has(n.toUpperCase())) &&
      new Set(names.map((n) => n.toLowerCase())).size === names.length;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.array(name, { maxLength: 5 })), { maxLength: 5 }),
        (datasets) => {
          for (const data of [
            datasets.map(([datasetName, selectableColumns]) => ({ datasetName, selectableColumns })),
            {
              format: "reportql-catalog",
              version: 1,
              datasets: datasets.map(([n, columns]) => ({ name: n, columns })),
            },
          ]) {
            const catalog = loadCatalog(data).catalog;
            if (catalog === undefined) continue;
            expect(words(catalog.datasets.map((d) => d.name))).toBe(true);
            for (const d of catalog.datasets) expect(words(d.columns.map((c) => c.name))).toBe(true);
          }
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        loadCatalog(data);
        loadCatalog({ value: [data] });
        loadCatalog({ format: "reportql-catalog", datasets: [data] });
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe("Catalog", () => {
  it("has 22 insights datasets, 8 marketplace datasets and their union", () => {
    expect(builtinCatalog("insights").datasets).toHaveLength(22);
    expect(builtinCatalog("marketplace").datasets).toHaveLength(8);
    expect(builtinCatalog("all").datasets).toHaveLength(30);
  });

  it("looks names up without regard to case, with the indexes built once", () => {
    const all = builtinCatalog("all");
    expect(builtinCatalog("all")).toBe(all);
    expect(all.dataset("isvorder")?.name).toBe("ISVOrder");
    expect(all.dataset("ISVORDER")?.column("orderid")?.name).toBe("OrderId");
    expect(all.datasetsWithColumn("purchaserecordid").map((d) => d.name)).toContain("ISVOrderV2");
  });

  it("keeps the documented facts: date ranges, recurrence interval, metrics, provenance", () => {
    const office = builtinCatalog("insights").dataset("OfficeUsage");
    expect(office?.dateRanges).toEqual([
      "LAST_MONTH",
      "LAST_3_MONTHS",
      "LAST_6_MONTHS",
      "LAST_1_YEAR",
      "LIFETIME",
    ]);
    expect(office?.minimumRecurrenceInterval).toBe(24);
    expect(office?.column("TotalMonthlyActiveUsers")?.kind).toBe("metric");
    expect(office?.column("MonthlyActiveUsers")?.seen).toEqual([
      "dataset-json",
      "system-query",
      "example",
      "data-definitions",
    ]);
    expect(office?.column("IndustryName")?.seen).toEqual(["data-definitions"]);
    expect(office?.column("PartnerLocation")?.legacy).toBe(true);
    expect(builtinCatalog("insights").dataset("Profile")?.dateRanges).toBeNull();
  });

  it("records the evidence of issue 12: service acceptance, a dropped name, Profile's ranges", () => {
    const all = builtinCatalog("all");
    const customer = all.dataset("ISVCustomer");
    expect(customer?.column("CustomerType")?.confidence).toBe("accepted");
    expect(customer?.column("CustomerType")?.seen[0]).toBe("service");
    expect(customer?.column("CustomerType")?.unconfirmed).toBe(false);
    expect(customer?.column("CustomerType")?.evidence[0]?.source.date).toBe("2022-09-16");
    const training = all.dataset("TrainingCompletions");
    expect(training?.column("IndividualFirstName")?.confidence).toBe("accepted");
    expect(training?.column("AADUserId")?.confidence).toBe("dropped");
    expect(training?.column("AADUserId")?.dropped?.source.date).toBe("2022-01-08");
    expect(all.dataset("CustomersAndTenants")?.column("IndustryName")?.definitionsOnly).toBe(true);
    expect(all.dataset("CustomersAndTenants")?.column("IndustryName")?.confidence).toBe("definitions-only");
    const profile = all.dataset("Profile");
    expect(profile?.timespans).toBe("none-published");
    expect(profile?.snapshot).toBe(true);
    expect(profile?.timespanNote?.sources.length).toBeGreaterThan(0);
    expect(profile?.column("HierarchyLevel")?.confidence).toBe("dropped");
    expect(profile?.column("AccountType")?.confidence).toBe("definitions-only");
    expect(all.dataset("CustomersAndTenants")?.column("SubscriptionGuid")?.evidence[0]?.source.url).toContain(
      "insights-data-definitions",
    );
    expect(all.dataset("OfficeUsage")?.timespans).toBe("listed");
    expect(all.dataset("AzureUsage")?.timespans).toBe("undocumented");
  });

  it("gives value domains whose every value cites a dated source", () => {
    const all = builtinCatalog("all");
    expect(
      all
        .dataset("ISVUsage")
        ?.column("SKUBillingType")
        ?.values?.values.map((v) => v.value),
    ).toEqual(["Free", "Paid"]);
    expect(all.dataset("OfficeUsage")?.column("IsDuplicateRowForPGA")?.values?.type).toBe("number");
    let domains = 0;
    for (const d of all.datasets) {
      for (const c of d.columns) {
        if (c.values === undefined) continue;
        domains++;
        expect(c.values.values.length, `${d.name}.${c.name}`).toBeGreaterThan(0);
        for (const v of c.values.values) {
          expect(typeof v.value, `${d.name}.${c.name}`).toBe(c.values.type);
          expect(v.sources.length, `${d.name}.${c.name} ${v.value}`).toBeGreaterThan(0);
          for (const s of v.sources) {
            expect(s.url, `${d.name}.${c.name} ${v.value}`).not.toBe("");
            expect(s.date, `${d.name}.${c.name} ${v.value}`).toMatch(
              /^(\d{4}(-\d{2}-\d{2})?|undated, newer than \d{4}-\d{2}-\d{2})$/,
            );
          }
        }
      }
    }
    expect(domains).toBeGreaterThanOrEqual(40);
  });

  it("loads the domains fixture and round-trips it", () => {
    const text = readFileSync(join(import.meta.dirname, "catalogs", "domains.json"), "utf8");
    const loaded = loadCatalogText(text, "domains");
    expect(loaded.problems).toEqual([]);
    const usage = loaded.catalog?.dataset("Usage");
    expect(usage?.column("UsageDate")?.confidence).toBe("accepted");
    expect(usage?.column("SKUBillingType")?.confidence).toBe("definitions-only");
    expect(usage?.column("SKUBillingType")?.values?.exhaustive).toBe(true);
    expect(usage?.column("IsPrivateOffer")?.values?.nullable).toBe(true);
    expect(usage?.column("IsPrivateOffer")?.confidence).toBe("user");
    expect(usage?.column("OldName")?.confidence).toBe("dropped");
    expect(loaded.catalog?.dataset("Profile")?.timespans).toBe("none-published");
    const file = toCatalogFile(loaded.catalog ?? builtinCatalog("all"));
    const again = loadCatalog(JSON.parse(JSON.stringify(file)), "domains");
    expect(again.problems).toEqual([]);
    expect(toCatalogFile(again.catalog ?? builtinCatalog("all"))).toEqual(file);
  });
});
