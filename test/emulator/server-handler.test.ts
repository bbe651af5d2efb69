/**
 * The emulator in-process through its fetch-style handler: validation by the checker, both families
 * and the three roots, system queries, the try query's caps, quotas, ExecuteNow's query window, and
 * the callback address rules.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_QUERIES } from "../../src/api/facts.js";
import { refusedAddress, refusedUrl } from "../../src/emulator/server/callbacks.js";
import type { Emulator } from "../../src/emulator/server/handler.js";
import { client, inProcess, until } from "./server-helpers.js";

let emulator: Emulator;
const handle = (request: Request) => emulator.handle(request);
const cmp = client("http://emulator.test/insights/v1/cmp", handle);
const cmp11 = client("http://emulator.test/insights/v1.1/cmp", handle);
const mpn = client("http://emulator.test/insights/v1/mpn", handle);
const admin = client("http://emulator.test/_emulator", handle);

beforeAll(async () => {
  emulator = await inProcess({
    clock: new Date("2026-03-10T12:00:00Z"),
    quotas: { cmp: { executeNowReportsPer60Minutes: 2, activeQueries: 3 } },
  });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await admin.post("/reset", {});
});

describe("validation by the checker", () => {
  it("answers an unknown column with the service's message and reportql's diagnostics", async () => {
    const query = "SELECT OrderId, OfferNmae FROM ISVOrder";
    const got = await cmp.post("/ScheduledQueries", { Name: "q", Query: query });
    expect([got.status, got.body.message]).toEqual([400, "Incorrect column name"]);
    const [d] = got.body.reportqlDiagnostics ?? [];
    expect(d).toMatchObject({ code: "RQ2002", in: "query" });
    expect(query.slice(d?.start, d?.end)).toBe("OfferNmae");
  });

  it("answers a body problem with the documented message and the body's offsets", async () => {
    const created = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
    const queryId = created.body.value[0]?.queryId;
    const body = JSON.stringify({
      ReportName: "r",
      QueryId: queryId,
      StartTime: "2026-03-10T13:00:00Z",
      RecurrenceInterval: 4,
    });
    const got = await cmp.post("/ScheduledReport", body);
    expect(got.status).toBe(400);
    expect(got.body.message).toBe(
      "Invalid report parameters for creation - Start time of report should at least be 4 hours from current UTC time",
    );
    const [d] = got.body.reportqlDiagnostics ?? [];
    expect(d).toMatchObject({ code: "RQ3008", in: "body" });
    expect(body.slice(d?.start, d?.end)).toBe('"2026-03-10T13:00:00Z"');
  });

  it("refuses an unknown query id", async () => {
    const got = await cmp.post("/ScheduledReport", {
      ReportName: "r",
      QueryId: crypto.randomUUID(),
      ExecuteNow: true,
    });
    expect([got.status, got.body.message]).toEqual([400, "Invalid QueryId"]);
  });

  it("refuses a dataset of the other family", async () => {
    const got = await mpn.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
    expect(got.status).toBe(400);
    expect(got.body.reportqlDiagnostics?.length).toBeGreaterThan(0);
  });
});

describe("queries", () => {
  it("gets, filters and deletes queries; v1 and v1.1 share the cmp family", async () => {
    const created = await cmp.post("/ScheduledQueries", {
      Name: "mine",
      Query: "SELECT OrderId FROM ISVOrder",
    });
    const id = String(created.body.value[0]?.queryId);
    expect((await cmp11.get(`/ScheduledQueries?queryId=${id}`)).body.value[0]).toMatchObject({
      name: "mine",
      type: "userDefined",
    });
    expect((await cmp.get("/ScheduledQueries?queryName=mine")).body.totalCount).toBe(1);
    expect((await cmp.get("/ScheduledQueries?queryName=other")).status).toBe(404);
    expect((await mpn.get(`/ScheduledQueries?queryId=${id}`)).status).toBe(404);
    expect((await cmp.delete(`/ScheduledQueries/${id}`)).status).toBe(200);
    expect((await cmp.delete(`/ScheduledQueries/${id}`)).status).toBe(404);
  });

  it("serves the published system queries as type system", async () => {
    const got = await cmp.get("/ScheduledQueries?includeOnlySystemQueries=true");
    const ids = SYSTEM_QUERIES.filter((q) => q.family === "cmp").map((q) => q.id);
    expect(got.body.value.map((q) => q.queryId).sort()).toEqual([...ids].sort());
    expect(new Set(got.body.value.map((q) => q.type))).toEqual(new Set(["system"]));
    expect((await cmp.get("/ScheduledQueries")).body.totalCount).toBe(0);
  });

  it("enforces the active-query quota", async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await cmp.post("/ScheduledQueries", { Name: `q${i}`, Query: "SELECT OrderId FROM ISVOrder" }))
          .status,
      ).toBe(200);
    const over = await cmp.post("/ScheduledQueries", { Name: "q4", Query: "SELECT OrderId FROM ISVOrder" });
    expect([over.status, over.body.message]).toEqual([
      400,
      "Number of queries exceeded. Delete few queries before creating new queries",
    ]);
  });
});

describe("the try query", () => {
  it("caps rows at 10 on cmp and 100 on mpn, keyed by the selected columns", async () => {
    const text = encodeURIComponent("SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LIFETIME");
    const small = await cmp.get(`/ScheduledQueries/testQueryResult?exportQuery=${text}`);
    expect(small.status).toBe(200);
    expect(small.body.value).toHaveLength(10);
    expect(Object.keys(small.body.value[0] ?? {})).toEqual(["OrderId", "CustomerCountry"]);
    const mpnText = encodeURIComponent(
      "SELECT PartnerName, CustomerName FROM CustomersAndTenants TIMESPAN LIFETIME",
    );
    const large = await mpn.get(`/ScheduledQueries/testQueryResult?exportQuery=${mpnText}`);
    expect(large.status, JSON.stringify(large.body)).toBe(200);
    expect(large.body.value.length).toBeLessThanOrEqual(100);
    expect(large.body.value.length).toBeGreaterThan(10);
  });

  it("runs a system query by id", async () => {
    const id = SYSTEM_QUERIES.find((q) => q.dataset === "ISVOrder")?.id;
    const got = await cmp.get(`/ScheduledQueries/testQueryResult?queryId=${id}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
  });

  it("wants exactly one of exportQuery and queryId, and a valid query", async () => {
    expect((await cmp.get("/ScheduledQueries/testQueryResult")).status).toBe(400);
    const bad = await cmp.get(
      `/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent("SELECT Nope FROM ISVOrder")}`,
    );
    expect([bad.status, bad.body.reportqlDiagnostics?.[0]?.code]).toEqual([400, "RQ2002"]);
  });
});

describe("reports", () => {
  it("limits ExecuteNow reports per 60 minutes (configured to 2)", async () => {
    const created = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
    const body = { ReportName: "now", QueryId: created.body.value[0]?.queryId, ExecuteNow: true };
    expect((await cmp.post("/ScheduledReport", body)).status).toBe(200);
    expect((await cmp.post("/ScheduledReport", body)).status).toBe(200);
    const third = await cmp.post("/ScheduledReport", body);
    expect([third.status, third.body.message]).toEqual([
      400,
      "User has exceeded its ExecuteNow report creation quota of 2 reports/60 mins",
    ]);
    await admin.post("/clock/advance", { hours: 1.5 });
    expect((await cmp.post("/ScheduledReport", body)).status).toBe(200);
    await emulator.idle();
  });

  it("runs ExecuteNow over QueryStartTime..QueryEndTime", async () => {
    const created = await cmp.post("/ScheduledQueries", {
      Name: "q",
      Query: "SELECT OrderId, OrderPurchaseDate FROM ISVOrder TIMESPAN LAST_MONTH",
    });
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "window",
      QueryId: created.body.value[0]?.queryId,
      ExecuteNow: true,
      QueryStartTime: "2025-01-01T00:00:00Z",
      QueryEndTime: "2025-01-31T23:59:59Z",
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const reportId = String(report.body.value[0]?.reportId);
    const execution = await until(async () => {
      const got = await cmp.get(`/ScheduledReport/execution/${reportId}`);
      return got.status === 200 ? got.body.value[0] : undefined;
    });
    const link = new URL(String(execution.reportAccessSecureLink));
    const file = await emulator.handle(new Request(`http://emulator.test${link.pathname}${link.search}`));
    const lines = (await file.text()).trim().split("\r\n").slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.split(",")[1]).toMatch(/^2025-01-/);
  });

  it("updates a report", async () => {
    const created = await mpn.post("/ScheduledQueries", {
      Name: "q",
      Query: "SELECT PartnerName FROM CustomersAndTenants",
    });
    const report = await mpn.post("/ScheduledReport", {
      ReportName: "r",
      QueryId: created.body.value[0]?.queryId,
      StartTime: "2026-03-11T00:00:00Z",
      RecurrenceInterval: 24,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const id = String(report.body.value[0]?.reportId);
    const updated = await mpn.put(`/ScheduledReport/${id}`, {
      ReportName: "renamed",
      StartTime: "2026-03-12T00:00:00Z",
      RecurrenceInterval: 48,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.value[0]).toMatchObject({
      reportName: "renamed",
      recurrenceInterval: 48,
      startTime: "2026-03-12T00:00:00Z",
    });
    expect((await mpn.get("/ScheduledReport?reportName=renamed")).body.totalCount).toBe(1);
  });

  it("lists datasets of a family", async () => {
    const got = await mpn.get("/ScheduledDataset?datasetName=CustomersAndTenants");
    expect(got.body.value[0]).toMatchObject({ datasetName: "CustomersAndTenants" });
  });

  it("lists datasets that, saved as a catalog, check as the built-in catalog does", async () => {
    // Datasets whose ranges the docs do not give are listed with `availableDateRanges: []`: a catalog
    // saved from the answer must not refuse every TIMESPAN on them ("use one of" and nothing after).
    const { loadCatalogText } = await import("../../src/semantic/load-catalog.js");
    const { check } = await import("../../src/semantic/check.js");
    const got = await cmp.get("/ScheduledDataset");
    const listed = got.body.value as { datasetName: string; availableDateRanges: string[] }[];
    const unlisted = listed.filter((d) => d.availableDateRanges.length === 0);
    expect(unlisted.length).toBeGreaterThan(0);
    const { catalog } = loadCatalogText(JSON.stringify(got.body), "datasets.json");
    if (catalog === undefined) throw new Error("the answer did not load as a catalog");
    for (const dataset of unlisted) {
      const column = catalog.dataset(dataset.datasetName)?.columns[0]?.name;
      const query = `SELECT ${column} FROM ${dataset.datasetName} TIMESPAN LAST_MONTH`;
      const codes = check(query, { catalog }).diagnostics.map((d) => d.code);
      expect(codes, query).not.toContain("RQ2007");
    }
  });
});

describe("callback addresses", () => {
  it("refuses link-local and metadata targets, allows loopback", () => {
    expect(refusedAddress("169.254.169.254", true)).toBeDefined();
    expect(refusedAddress("fe80::1", true)).toBeDefined();
    expect(refusedAddress("febf::1", true)).toBeDefined();
    expect(refusedAddress("::ffff:a9fe:a9fe", true)).toBeDefined();
    expect(refusedAddress("64:ff9b::169.254.1.1", true)).toBeDefined();
    expect(refusedAddress("127.0.0.1", true)).toBeUndefined();
    expect(refusedAddress("::1", true)).toBeUndefined();
    expect(refusedAddress("10.1.2.3", true)).toBeUndefined();
    expect(refusedAddress("10.1.2.3", false)).toBeDefined();
    expect(refusedUrl("http://metadata.google.internal./x", true)).toBeDefined();
    expect(refusedUrl("http://user:pw@127.0.0.1/", true)).toBeDefined();
    expect(refusedUrl("ftp://127.0.0.1/", true)).toBeDefined();
    expect(refusedUrl("http://localhost:8080/cb", true)).toBeUndefined();
  });

  it("refuses a name whose addresses include a link-local one, at connection time", async () => {
    const { safeLookup } = await import("../../src/emulator/server/callbacks.js");
    const fake = (addresses: string[]) =>
      safeLookup(true, (_name, callback) =>
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
        ),
      );
    const outcome = (addresses: string[]) =>
      new Promise<string>((resolve) =>
        fake(addresses)("evil.test", {}, (error, address) =>
          resolve(error ? error.message : String(address)),
        ),
      );
    expect(await outcome(["203.0.113.5", "169.254.169.254"])).toMatch(
      /^refused: evil.test resolves to a link-local/,
    );
    expect(await outcome(["fe80::2"])).toMatch(/^refused/);
    expect(await outcome(["127.0.0.1"])).toBe("127.0.0.1");
  });
});

describe("admin API", () => {
  // Last in the file: the loaded rows replace ISVOrder's synthetic ones for the emulator's lifetime.
  it("replaces a dataset's rows by CSV and queries them", async () => {
    const csv =
      "OrderId,CustomerCountry,OrderPurchaseDate\r\nA-1,Norway,2025-01-05\r\nA-2,Chile,2025-01-06\r\n";
    const loaded = await emulator.handle(
      new Request("http://emulator.test/_emulator/datasets/ISVOrder/rows", { method: "POST", body: csv }),
    );
    expect(await loaded.json()).toEqual({ dataset: "ISVOrder", rows: 2 });
    const text = encodeURIComponent("SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LIFETIME");
    const got = await cmp.get(`/ScheduledQueries/testQueryResult?exportQuery=${text}`);
    expect(got.body.value).toEqual([
      { OrderId: "A-1", CustomerCountry: "Norway" },
      { OrderId: "A-2", CustomerCountry: "Chile" },
    ]);
    const bad = await emulator.handle(
      new Request("http://emulator.test/_emulator/datasets/NoSuchDataset/rows", {
        method: "POST",
        body: csv,
      }),
    );
    expect(bad.status).toBe(400);
  });

  it("reads and advances the clock, and refuses bad input", async () => {
    const before = (await admin.get("/clock")).body as unknown as { now: string };
    const after = (await admin.post("/clock/advance", { hours: 2 })).body as unknown as { now: string };
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect((await admin.post("/clock/advance", { hours: "two" })).status).toBe(400);
    expect((await admin.post("/clock/advance", "{")).status).toBe(400);
    expect((await admin.get("/clock/advance")).status).toBe(405);
    expect((await admin.get("/nothing")).status).toBe(404);
  });
});

describe("the optional JWT check", () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const token = (payload: object) => `${part({ alg: "RS256", typ: "JWT" })}.${part(payload)}.c2lnbmF0dXJl`;

  it("wants a JWT's shape, an unexpired exp by the clock and the audience", async () => {
    const strict = await inProcess({
      clock: new Date("2026-03-10T12:00:00Z"),
      jwt: { audience: "https://api.partnercenter.microsoft.com" },
    });
    try {
      const exp = Date.parse("2026-03-10T13:00:00Z") / 1000;
      const get = (bearer: string) =>
        strict.handle(
          new Request("http://e/insights/v1/mpn/ScheduledQueries", {
            headers: { authorization: `Bearer ${bearer}` },
          }),
        );
      expect((await get(token({ aud: "https://api.partnercenter.microsoft.com", exp }))).status).toBe(200);
      expect((await get(token({ aud: ["x", "https://api.partnercenter.microsoft.com"], exp }))).status).toBe(
        200,
      );
      const wrongAudience = await get(token({ aud: "https://graph.microsoft.com", exp }));
      expect(wrongAudience.status).toBe(401);
      expect(wrongAudience.headers.get("www-authenticate")).toMatch(/another audience/);
      expect(
        (await get(token({ aud: "https://api.partnercenter.microsoft.com", exp: exp - 7200 }))).status,
      ).toBe(401);
      expect((await get("not-a-jwt")).status).toBe(401);
      expect((await get("a.b.c")).status).toBe(401);
      await strict.handle(
        new Request("http://e/_emulator/clock/advance", { method: "POST", body: '{"hours": 2}' }),
      );
      expect((await get(token({ aud: "https://api.partnercenter.microsoft.com", exp }))).status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
