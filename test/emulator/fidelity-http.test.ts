/**
 * Fidelity of the emulator to the documented service, over real HTTP: what an integrator who runs
 * the same client against both would notice (the echoed `format`, each family's documented messages,
 * what a paused report does with the runs it missed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, start, until } from "./server-helpers.js";

let server: RunningEmulator;
let families: Record<"mpn" | "cmp", ReturnType<typeof client>>;
let admin: ReturnType<typeof client>;
const CLOCK = new Date("2026-06-15T10:00:00Z");

beforeAll(async () => {
  server = await start({ clock: CLOCK });
  families = {
    mpn: client(`${server.url}/insights/v1/mpn`),
    cmp: client(`${server.url}/insights/v1/cmp`),
  };
  admin = client(`${server.url}/_emulator`);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await admin.post("/reset", {});
});

const QUERIES = {
  mpn: "SELECT SubscriptionId FROM DynamicsUsage",
  cmp: "SELECT OrderId FROM ISVOrder",
} as const;

async function createQuery(family: "mpn" | "cmp") {
  const created = await families[family].post("/ScheduledQueries", { Name: "q", Query: QUERIES[family] });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return String(created.body.value[0]?.queryId);
}

/** A scheduled report body, 6 hours after the clock's start. */
const schedule = (queryId: string, extra: Record<string, unknown> = {}) => ({
  ReportName: "r",
  QueryId: queryId,
  StartTime: "2026-06-15T16:00:00Z",
  RecurrenceInterval: 4,
  ...extra,
});

describe.each(["mpn", "cmp"] as const)("%s", (family) => {
  it("echoes the report's format in lowercase, as every documented answer does", async () => {
    const api = families[family];
    const queryId = await createQuery(family);
    const created = await api.post("/ScheduledReport", {
      ReportName: "now",
      QueryId: queryId,
      ExecuteNow: true,
      Format: "TSV",
    });
    expect(created.body.value[0]?.format).toBe("tsv");
    const reportId = String(created.body.value[0]?.reportId);
    const execution = await until(async () => {
      const got = await api.get(`/ScheduledReport/execution/${reportId}`);
      return got.status === 200 ? got.body.value[0] : undefined;
    });
    expect(execution.format).toBe("tsv");
    expect((await api.get(`/ScheduledReport?reportId=${reportId}`)).body.value[0]?.format).toBe("tsv");
    const csv = await api.post("/ScheduledReport", schedule(queryId));
    expect(csv.body.value[0]?.format).toBe("csv");
  });

  it("answers the family's full 404 text before the first completed run", async () => {
    const api = families[family];
    const report = await api.post("/ScheduledReport", schedule(await createQuery(family)));
    const got = await api.get(`/ScheduledReport/execution/${report.body.value[0]?.reportId}`);
    const advice = family === "mpn" ? "Double check" : "Please recheck";
    expect([got.status, got.body.message]).toEqual([
      404,
      `There are no executions that have occurred for the given filter conditions. ${advice} the reportId or executionId and retry the API after the report's scheduled execution time`,
    ]);
  });

  it("answers Swagger's placeholder in Format or CallbackUrl with the documented message", async () => {
    const queryId = await createQuery(family);
    for (const extra of [{ Format: "string" }, { CallbackUrl: "string", Format: "CSV" }]) {
      const got = await families[family].post("/ScheduledReport", schedule(queryId, extra));
      expect([got.status, got.body.message], JSON.stringify(extra)).toEqual([
        400,
        "Requested value 'string' not found",
      ]);
    }
  });
});

describe("messages the cmp FAQ lists and the mpn FAQ does not", () => {
  it("keeps the cmp messages for cmp", async () => {
    const queryId = await createQuery("cmp");
    const cases: [Record<string, unknown>, string][] = [
      [{ StartTime: "2026-06-16 00:00:00Z" }, "StartTime should follow format"],
      [{ Format: "xlsx" }, "Report format should be csv/tsv"],
      [
        { CallbackMethod: "PUT", CallbackUrl: "http://127.0.0.1:9/", Format: "CSV" },
        "CallbackMethod can only",
      ],
      [{ ReportName: "a;b" }, "Invalid character (;) in ReportName"],
    ];
    for (const [extra, part] of cases) {
      const got = await families.cmp.post("/ScheduledReport", schedule(queryId, { Format: "CSV", ...extra }));
      expect(got.status, JSON.stringify(extra)).toBe(400);
      expect(got.body.message).toContain(part);
    }
  });

  it("answers mpn with what its own FAQ gives for the same mistakes", async () => {
    const queryId = await createQuery("mpn");
    const cases: [Record<string, unknown>, number, string][] = [
      // The mpn FAQ's only answer to a wrongly written date is this 500.
      [
        { StartTime: "2026-06-16 00:00:00Z" },
        500,
        "Internal error encountered while creating report. Correlation ID <>",
      ],
      [{ Format: "xlsx" }, 400, "Requested value 'xlsx' not found"],
      [{ CallbackMethod: "PUT" }, 400, "Requested value 'PUT' not found"],
      [{ ReportName: "a;b" }, 400, "Invalid report parameters"],
    ];
    for (const [extra, status, message] of cases) {
      const got = await families.mpn.post("/ScheduledReport", schedule(queryId, extra));
      expect([got.status, got.body.message], JSON.stringify(extra)).toEqual([status, message]);
      expect(got.body.statusCode).toBe(status);
    }
  });
});

describe("pause and resume", () => {
  it("does not run the slots a paused report missed, and counts them", async () => {
    const api = families.cmp;
    const created = await api.post(
      "/ScheduledReport",
      schedule(await createQuery("cmp"), { RecurrenceCount: 3, Format: "CSV" }),
    );
    const id = String(created.body.value[0]?.reportId);
    // Slots at 16:00, 20:00 and 00:00; the clock starts at 10:00.
    expect((await admin.post("/clock/advance", { hours: 7 })).body).toMatchObject({ executed: 1 });
    expect((await api.put(`/ScheduledReport/pause/${id}`)).body.value[0]?.reportStatus).toBe("Paused");
    expect((await admin.post("/clock/advance", { hours: 4 })).body).toMatchObject({ executed: 0 });
    const resumed = await api.put(`/ScheduledReport/resume/${id}`);
    expect(resumed.body.value[0]?.reportStatus).toBe("Active");
    expect((await admin.post("/clock/advance", { hours: 0 })).body).toMatchObject({ executed: 0 });
    expect((await admin.post("/clock/advance", { hours: 3 })).body).toMatchObject({ executed: 1 });
    const runs = await api.get(`/ScheduledReport/execution/${id}?getLatestExecution=false`);
    expect(runs.body.value).toHaveLength(2);
    expect((await api.get(`/ScheduledReport?reportId=${id}`)).body.value[0]?.reportStatus).toBe("Inactive");
  });

  it("makes a report Inactive when every slot it had left passed while paused", async () => {
    const api = families.mpn;
    const created = await api.post(
      "/ScheduledReport",
      schedule(await createQuery("mpn"), { RecurrenceCount: 2 }),
    );
    const id = String(created.body.value[0]?.reportId);
    await api.put(`/ScheduledReport/pause/${id}`);
    expect((await admin.post("/clock/advance", { hours: 48 })).body).toMatchObject({ executed: 0 });
    expect((await api.put(`/ScheduledReport/resume/${id}`)).body.value[0]?.reportStatus).toBe("Inactive");
    expect((await admin.post("/clock/advance", { hours: 24 })).body).toMatchObject({ executed: 0 });
  });
});

describe("the documented URL templates with empty values", () => {
  it("treats an empty query parameter as absent", async () => {
    const api = families.mpn;
    const queryId = await createQuery("mpn");
    const queries = await api.get(
      "/ScheduledQueries?queryId=&queryName=&includeSystemQueries=&includeOnlySystemQueries=",
    );
    expect(queries.status, JSON.stringify(queries.body)).toBe(200);
    expect(queries.body.value.map((q) => q.queryId)).toEqual([queryId]);
    const created = await api.post("/ScheduledReport", {
      ReportName: "now",
      QueryId: queryId,
      ExecuteNow: true,
    });
    const reportId = String(created.body.value[0]?.reportId);
    const reports = await api.get("/ScheduledReport?reportId=&reportName=&queryId=");
    expect(reports.body.value.map((r) => r.reportId)).toEqual([reportId]);
    const execution = await until(async () => {
      const got = await api.get(
        `/ScheduledReport/execution/${reportId}?executionId=&executionStatus=&getLatestExecution=`,
      );
      return got.status === 200 ? got.body.value[0] : undefined;
    });
    expect(execution.executionStatus).toBe("Completed");
  });
});

describe("documented messages stay exact", () => {
  it("puts the emulator's explanation beside the message, not in it", async () => {
    const api = families.cmp;
    const cases: [Promise<Awaited<ReturnType<typeof api.get>>>, string, RegExp][] = [
      [api.get("/ScheduledReport?reportId=not-a-uuid"), "Invalid report parameters", /not a UUID/],
      [api.get("/ScheduledQueries?queryId=nope"), "Invalid QueryId", /not a query id/],
      [
        api.get("/ScheduledReport/execution/not-a-uuid?getLatestExecution=maybe"),
        "Invalid report parameters",
        /not a UUID|true or false/,
      ],
      [api.post("/ScheduledQueries", "{not json"), "Invalid report parameters", /not JSON/],
      [api.post("/ScheduledQueries", "[1]"), "Invalid report parameters", /JSON object/],
    ];
    for (const [pending, message, detail] of cases) {
      const got = await pending;
      expect([got.status, got.body.message]).toEqual([400, message]);
      expect(got.body.reportqlDetail).toMatch(detail);
    }
  });
});
