/**
 * The checker's warnings on a request go along in `reportqlDiagnostics`, over real HTTP, without
 * changing whether it is accepted: a POST callback URL with a query string or any callback URL with
 * a fragment (RQ3045) on Create and Update Report, with the span of the value in the body sent; a
 * refusal carries them after its errors; a request with nothing to say has no such field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, start } from "./server-helpers.js";

let server: RunningEmulator;
let cmp: ReturnType<typeof client>;
let queryId = "";

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z") });
  cmp = client(`${server.url}/insights/v1/cmp`);
});
afterAll(() => server.close());
beforeEach(async () => {
  await client(`${server.url}/_emulator`).post("/reset", {});
  const query = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
  queryId = String(query.body.value[0]?.queryId);
});

/** A scheduled report's body (nothing runs: the clock does not reach its start). */
function reportBody(extra: Record<string, unknown>): string {
  return JSON.stringify({
    ReportName: "r",
    QueryId: queryId,
    StartTime: "2026-07-01T00:00:00Z",
    RecurrenceInterval: 24,
    ...extra,
  });
}

describe("warnings in reportqlDiagnostics", () => {
  it.each([
    [
      "a query string, POST",
      { CallbackUrl: "https://example.com/ready?token=1" },
      "https://example.com/ready?token=1",
    ],
    [
      "a fragment",
      { CallbackUrl: "https://example.com/ready#x", CallbackMethod: "GET" },
      "https://example.com/ready#x",
    ],
  ])("Create Report with %s: accepted, RQ3045 on the value", async (_, extra, url) => {
    const body = reportBody(extra);
    const got = await cmp.post("/ScheduledReport", body);
    expect(got.status).toBe(200);
    expect(got.body.value[0]?.reportId).toBeDefined();
    const [d, ...rest] = got.body.reportqlDiagnostics ?? [];
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "RQ3045", in: "body", severity: "warning" });
    expect(body.slice(d?.start, d?.end)).toBe(JSON.stringify(url));
  });

  it("Update Report with a query string: accepted, RQ3045", async () => {
    const created = await cmp.post("/ScheduledReport", reportBody({}));
    const reportId = String(created.body.value[0]?.reportId);
    const got = await cmp.put(`/ScheduledReport/${reportId}`, {
      ReportName: "r2",
      StartTime: "2026-07-01T00:00:00Z",
      RecurrenceInterval: 24,
      Format: "CSV",
      CallbackUrl: "https://example.com/ready?token=1",
    });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body.value[0]?.callbackUrl).toBe("https://example.com/ready?token=1");
    expect(got.body.reportqlDiagnostics?.map((d) => d.code)).toEqual(["RQ3045"]);
  });

  it("nothing to say: no reportqlDiagnostics (GET with a query string is how it should be done)", async () => {
    const got = await cmp.post(
      "/ScheduledReport",
      reportBody({ CallbackUrl: "https://example.com/ready?token=1", CallbackMethod: "GET" }),
    );
    expect(got.status).toBe(200);
    expect("reportqlDiagnostics" in got.body).toBe(false);
    const plain = await cmp.post(
      "/ScheduledReport",
      reportBody({ CallbackUrl: "https://example.com/ready" }),
    );
    expect("reportqlDiagnostics" in plain.body).toBe(false);
  });

  it("a refusal carries the warning after its errors", async () => {
    const got = await cmp.post(
      "/ScheduledReport",
      reportBody({ CallbackUrl: "https://example.com/ready?token=1", RecurrenceInterval: 2 }),
    );
    expect(got.status).toBe(400);
    const codes = got.body.reportqlDiagnostics?.map((d) => d.code) ?? [];
    expect(codes.at(-1)).toBe("RQ3045");
    expect(codes.length).toBeGreaterThan(1);
  });
});
