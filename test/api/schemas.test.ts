/**
 * The derived artefacts of the contract: the committed JSON Schemas match the generator, the
 * OpenAPI document validates with a real OpenAPI 3.1 parser, and the schemas accept the bodies the
 * documentation publishes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "../../src/api/endpoints.js";
import { requestJsonSchemas } from "../../src/api/json-schemas.js";
import { openApiDocument } from "../../src/api/openapi.js";
import { createQueryBody, createReportBody, updateReportBody } from "../../src/api/schemas.js";

const folder = join(import.meta.dirname, "..", "..", "schemas");

describe("JSON Schemas in schemas/", () => {
  const generated = requestJsonSchemas();

  it("are the generator's output (run `npm run gen:schemas`)", () => {
    // The configuration's schema is generated from the diagnostic catalog (test/diagnostics/docs.test.ts).
    const committed = readdirSync(folder).filter((name) => name !== "reportql.config.schema.json");
    expect(committed.sort()).toEqual(Object.keys(generated).sort());
    for (const [name, schema] of Object.entries(generated)) {
      expect(readFileSync(join(folder, name), "utf8"), name).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    }
  });

  it("are JSON Schema 2020-12", () => {
    for (const schema of Object.values(generated))
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });
});

describe("OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const document = structuredClone(openApiDocument()) as unknown as Parameters<typeof validate>[0];
    const result = await validate(document);
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it("describes every operation under each family root, and the undocumented v1.1 root on request", () => {
    const operations = (doc: Record<string, unknown>) =>
      Object.values(doc.paths as Record<string, Record<string, unknown>>).flatMap((p) => Object.keys(p))
        .length;
    expect(operations(openApiDocument())).toBe(ENDPOINTS.length * 3);
    expect(operations(openApiDocument({ includeUndocumentedRoots: false }))).toBe(ENDPOINTS.length * 2);
  });

  it("documents startTime and endTime of the try API for mpn only", () => {
    const paths = openApiDocument().paths as Record<string, { get: { parameters: { name: string }[] } }>;
    const names = (root: string) =>
      paths[`${root}/ScheduledQueries/testQueryResult`]?.get.parameters.map((p) => p.name) ?? [];
    expect(names("/insights/v1/mpn")).toEqual(["exportQuery", "queryId", "startTime", "endTime"]);
    expect(names("/insights/v1/cmp")).toEqual(["exportQuery", "queryId"]);
  });
});

describe("schemas accept the documentation's own bodies", () => {
  it("the create-query and create-report samples of the insights page", () => {
    const query = {
      Name: "CustomersRevenueQuery",
      Description: "Query to get top 10 customers by revenue for last month",
      Query:
        "SELECT CustomerName, Product, BilledRevenueUSD FROM CustomersAndTenants LIMIT 10 TIMESPAN LAST_MONTH",
    };
    const report = {
      ReportName: "Top10_CustomersReport",
      QueryId: "ec8366a4-d96e-4194-8c37-d5dbc0639033",
      StartTime: "2021-03-31T18:41:00Z",
      ExecuteNow: false,
      QueryStartTime: null,
      QueryEndTime: null,
      RecurrenceInterval: 24,
      RecurrenceCount: 100,
      Format: "CSV",
      CallbackUrl: "https://example.com/callback",
      CallbackMethod: "GET",
    };
    expect(createQueryBody().safeParse(query).success).toBe(true);
    expect(createReportBody("mpn").safeParse(report).success).toBe(true);
    expect(
      createReportBody("cmp").safeParse({ ...report, QueryId: "q9df4939-073f-5795-b0cb-v2c81d11e58d" })
        .success,
    ).toBe(true);
  });

  it("StartTime and RecurrenceInterval are required unless ExecuteNow is true", () => {
    const oneOff = { ReportName: "r", QueryId: "7d19305c-56db-4edc-b776-428340e3a9c8", ExecuteNow: true };
    expect(createReportBody().safeParse(oneOff).success).toBe(true);
    const scheduled = createReportBody().safeParse({ ...oneOff, ExecuteNow: false, ReportName: 5 });
    expect(scheduled.error?.issues.map((i) => i.path.join("."))).toEqual([
      "ReportName",
      "StartTime",
      "RecurrenceInterval",
    ]);
    const json = requestJsonSchemas()["create-report.schema.json"] as Record<string, unknown>;
    expect(json.then).toEqual({ required: ["StartTime", "RecurrenceInterval"] });
  });

  it("cmp updates require Format and CallbackUrl, mpn updates do not", () => {
    const update = { ReportName: "r", StartTime: "2026-02-01T00:00:00Z" };
    expect(updateReportBody("mpn").safeParse(update).success).toBe(true);
    expect(updateReportBody("cmp").safeParse(update).success).toBe(false);
  });

  it("the interval bound follows the option", () => {
    const body = {
      ReportName: "r",
      QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
      StartTime: "2026-02-01T00:00:00Z",
      RecurrenceInterval: 100,
    };
    expect(createReportBody("cmp").safeParse(body).success).toBe(true);
    expect(createReportBody("cmp", { maxRecurrenceInterval: { cmp: 90 } }).safeParse(body).success).toBe(
      false,
    );
  });
});
