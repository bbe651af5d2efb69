/**
 * The emulator over real HTTP on 127.0.0.1 with `fetch`: the seed flow (create a query, ExecuteNow a
 * report, poll, download the CSV), a scheduled report on the controllable clock, callbacks, auth,
 * bad input and faults.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, inProcess, JSON_HEADERS, start, TOKEN, until } from "./server-helpers.js";

let server: RunningEmulator;
let cmp: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
const CLOCK = new Date("2026-06-15T10:00:00Z");

beforeAll(async () => {
  server = await start({ clock: CLOCK, maxBodyBytes: 64 * 1024 });
  cmp = client(`${server.url}/insights/v1/cmp`);
  admin = client(`${server.url}/_emulator`);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await admin.post("/reset", {});
});

async function createQuery(query: string) {
  const created = await cmp.post("/ScheduledQueries", { Name: "orders", Description: "d", Query: query });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return String(created.body.value[0]?.queryId);
}

async function latest(reportId: string) {
  return until(async () => {
    const got = await cmp.get(`/ScheduledReport/execution/${reportId}`);
    return got.status === 200 ? got.body.value[0] : undefined;
  });
}

describe("the seed flow over HTTP", () => {
  it("binds to loopback", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("creates a query, runs an ExecuteNow report and downloads the CSV", async () => {
    const queryId = await createQuery(
      "SELECT OrderId, CustomerCountry, OrderPurchaseDate FROM ISVOrder TIMESPAN LAST_6_MONTHS",
    );
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "now",
      QueryId: queryId,
      ExecuteNow: true,
    });
    expect(report.status).toBe(200);
    const reportId = String(report.body.value[0]?.reportId);
    // Completed is the default filter: nothing before the first completed run.
    const before = await cmp.get(
      `/ScheduledReport/execution/${reportId}?executionStatus=Pending;Running;Completed`,
    );
    expect(before.status).toBe(200);
    const execution = await latest(reportId);
    expect(execution.executionStatus).toBe("Completed");
    expect(execution.reportExpiryTime).toMatch(/Z$/);
    const link = String(execution.reportAccessSecureLink);
    expect(link.startsWith(server.url)).toBe(true);
    const file = await fetch(link); // no bearer: a signed link
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/csv");
    const lines = (await file.text()).split("\r\n");
    expect(lines[0]).toBe("OrderId,CustomerCountry,OrderPurchaseDate");
    expect(lines.length).toBeGreaterThan(2);
    const reports = await cmp.get(`/ScheduledReport?reportId=${reportId}`);
    expect(reports.body.value[0]?.reportStatus).toBe("Inactive");
  });

  it("answers 404 before the first completed run", async () => {
    const queryId = await createQuery("SELECT OrderId FROM ISVOrder");
    const startTime = "2026-06-16T00:00:00Z";
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "later",
      QueryId: queryId,
      StartTime: startTime,
      RecurrenceInterval: 4,
    });
    const got = await cmp.get(`/ScheduledReport/execution/${report.body.value[0]?.reportId}`);
    expect([got.status, got.body.message]).toEqual([
      404,
      "There are no executions that have occurred for the given filter conditions. Please recheck the reportId or executionId and retry the API after the report's scheduled execution time",
    ]);
  });

  it("runs scheduled executions when the clock is advanced, then expires their links", async () => {
    const queryId = await createQuery("SELECT OrderId, CustomerCountry FROM ISVOrder");
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "every 4 hours",
      QueryId: queryId,
      StartTime: "2026-06-15T16:00:00Z",
      RecurrenceInterval: 4,
      RecurrenceCount: 2,
      Format: "TSV",
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const reportId = String(report.body.value[0]?.reportId);
    const clock = await admin.get("/clock");
    expect(String(clock.body as unknown as { now: string }["now"])).not.toBe("");
    const first = await admin.post("/clock/advance", { hours: 6.5 });
    expect(first.body).toMatchObject({ executed: 1 });
    const second = await admin.post("/clock/advance", { hours: 8 });
    expect(second.body).toMatchObject({ executed: 1 });
    const given = (await cmp.get(`/ScheduledReport/execution/${reportId}`)).body.value[0];
    const third = await admin.post("/clock/advance", { hours: 8 });
    expect(third.body).toMatchObject({ executed: 0 });
    const all = await cmp.get(`/ScheduledReport/execution/${reportId}?getLatestExecution=false`);
    expect(all.body.value.map((e) => e.executionStatus)).toEqual(["Completed", "Completed"]);
    const reports = await cmp.get(`/ScheduledReport?reportId=${reportId}`);
    expect(reports.body.value[0]?.reportStatus).toBe("Inactive");
    // 8 clock hours after the second run the link it was given (1 hour) has expired ...
    const expired = await fetch(String(given?.reportAccessSecureLink));
    expect(expired.status).toBe(403);
    // ... and reading the execution again gives a new one, as a SAS link is issued per request.
    const renewed = all.body.value[0];
    expect(renewed?.reportAccessSecureLink).not.toBe(given?.reportAccessSecureLink);
    expect((await fetch(String(renewed?.reportAccessSecureLink))).status).toBe(200);
  });

  it("serves a fresh link, refuses a tampered one, and writes TSV", async () => {
    const queryId = await createQuery("SELECT OrderId, CustomerCountry FROM ISVOrder");
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "tsv",
      QueryId: queryId,
      ExecuteNow: true,
      Format: "tsv",
    });
    const execution = await latest(String(report.body.value[0]?.reportId));
    const link = String(execution.reportAccessSecureLink);
    const file = await fetch(link);
    expect(file.headers.get("content-type")).toContain("text/tab-separated-values");
    expect((await file.text()).split("\r\n")[0]).toBe("OrderId\tCustomerCountry");
    // A different first character of the signature (a fixed one would match 1 link in 64).
    const tampered = link.replace(/sig=(.)/, (_, c: string) => `sig=${c === "A" ? "B" : "A"}`);
    expect(tampered).not.toBe(link);
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(link.replace(/se=\d+/, "se=99999999999999"))).status).toBe(403);
  });

  it("keeps an earlier run's file in its format after the report's Format is updated", async () => {
    const queryId = await createQuery("SELECT OrderId, CustomerCountry FROM ISVOrder");
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "csv then tsv",
      QueryId: queryId,
      StartTime: "2026-06-15T16:00:00Z",
      RecurrenceInterval: 4,
      RecurrenceCount: 2,
    });
    const reportId = String(report.body.value[0]?.reportId);
    expect((await admin.post("/clock/advance", { hours: 6.5 })).body).toMatchObject({ executed: 1 });
    const updated = await cmp.put(`/ScheduledReport/${reportId}`, {
      ReportName: "csv then tsv",
      StartTime: "2026-06-16T00:00:00Z",
      RecurrenceInterval: 4,
      RecurrenceCount: 2,
      Format: "TSV",
      // Required by the cmp update; nothing listens there (the failed call is only journaled).
      CallbackUrl: "http://127.0.0.1:9/ready",
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const second = await admin.post("/clock/advance", { hours: 8 });
    expect(second.body, JSON.stringify(second.body)).toMatchObject({ executed: 1 });
    const all = await cmp.get(`/ScheduledReport/execution/${reportId}?getLatestExecution=false`);
    const byFormat = new Map<unknown, string>(
      all.body.value.map((e) => [e.format, String(e.reportAccessSecureLink)]),
    );
    expect([...byFormat.keys()].sort()).toEqual(["csv", "tsv"]);
    const csv = await fetch(String(byFormat.get("csv")));
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("OrderId,CustomerCountry");
    const tsv = await fetch(String(byFormat.get("tsv")));
    expect(tsv.headers.get("content-type")).toContain("text/tab-separated-values");
    expect((await tsv.text()).split("\r\n")[0]).toBe("OrderId\tCustomerCountry");
  });

  it("pauses and resumes a report", async () => {
    const queryId = await createQuery("SELECT OrderId FROM ISVOrder");
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "p",
      QueryId: queryId,
      StartTime: "2026-06-15T16:00:00Z",
      RecurrenceInterval: 4,
    });
    const id = String(report.body.value[0]?.reportId);
    expect((await cmp.put(`/ScheduledReport/pause/${id}`)).body.value[0]?.reportStatus).toBe("Paused");
    expect((await admin.post("/clock/advance", { hours: 10 })).body).toMatchObject({ executed: 0 });
    expect((await cmp.put(`/ScheduledReport/resume/${id}`)).body.value[0]?.reportStatus).toBe("Active");
    // The two slots that fell due while it was paused are passed over; the next one runs.
    expect((await admin.post("/clock/advance", { hours: 0 })).body).toMatchObject({ executed: 0 });
    expect((await admin.post("/clock/advance", { hours: 4 })).body).toMatchObject({ executed: 1 });
    expect((await cmp.delete(`/ScheduledReport/${id}`)).status).toBe(200);
    expect((await cmp.get(`/ScheduledReport?reportId=${id}`)).status).toBe(404);
  });
});

describe("callbacks", () => {
  it("calls back a loopback listener: POST <url>/<reportId>, GET <url>?reportId=", async () => {
    const seen: { method: string; url: string }[] = [];
    const listener = createServer((req: IncomingMessage, res) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "" });
      req.resume();
      res.end("ok");
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as AddressInfo).port;
    try {
      const queryId = await createQuery("SELECT OrderId FROM ISVOrder");
      const post = await cmp.post("/ScheduledReport", {
        ReportName: "cb",
        QueryId: queryId,
        ExecuteNow: true,
        CallbackUrl: `http://127.0.0.1:${port}/hook`,
      });
      const get = await cmp.post("/ScheduledReport", {
        ReportName: "cb2",
        QueryId: queryId,
        ExecuteNow: true,
        CallbackUrl: `http://localhost:${port}/hook?x=1`,
        CallbackMethod: "GET",
      });
      const postId = String(post.body.value[0]?.reportId);
      const getId = String(get.body.value[0]?.reportId);
      await until(async () => (seen.length >= 2 ? true : undefined));
      expect(seen).toContainEqual({ method: "POST", url: `/hook/${postId}` });
      expect(seen).toContainEqual({ method: "GET", url: `/hook?x=1&reportId=${getId}` });
      const journal = (await admin.get("/journal")).body as unknown as {
        entries: { kind: string; status?: number }[];
      };
      expect(journal.entries.filter((e) => e.kind === "callback").map((e) => e.status)).toEqual([200, 200]);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  for (const url of [
    "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/x",
    "http://[::ffff:169.254.169.254]/x",
    "http://metadata.google.internal/computeMetadata/v1",
  ]) {
    it(`refuses the callback URL ${url}`, async () => {
      const queryId = await createQuery("SELECT OrderId FROM ISVOrder");
      const report = await cmp.post("/ScheduledReport", {
        ReportName: "x",
        QueryId: queryId,
        ExecuteNow: true,
        CallbackUrl: url,
      });
      expect(report.status).toBe(400);
      expect(report.body.message).toMatch(/never calls/);
    });
  }
});

describe("auth, bad input and faults", () => {
  it("answers 401 with the documented body without a Bearer token", async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: "Bearer " },
      { authorization: "Basic abc" },
    ];
    for (const headers of cases) {
      const got = await cmp.get("/ScheduledQueries", headers);
      expect([got.status, got.body.message, got.body.statusCode]).toEqual([401, "Unauthorized", 401]);
    }
    expect((await cmp.get("/ScheduledQueries", TOKEN)).status).toBe(200);
  });

  it("answers 400 to malformed JSON and keeps serving", async () => {
    const got = await cmp.post("/ScheduledQueries", "{ not json");
    expect(got.status).toBe(400);
    expect(got.body.message).toBe("Invalid report parameters");
    expect(got.body.reportqlDetail).toMatch(/not JSON/);
    expect((await cmp.get("/ScheduledQueries")).status).toBe(200);
  });

  it("answers 413 in the envelope to a body over the limit", async () => {
    const big = JSON.stringify({ Name: "x", Query: `SELECT OrderId FROM ISVOrder ${" ".repeat(200_000)}` });
    const got = await cmp.post("/ScheduledQueries", big);
    expect([got.status, got.body.statusCode]).toEqual([413, 413]);
    expect((await cmp.get("/ScheduledQueries")).status).toBe(200);
  });

  it("answers 413 to a streamed body (no Content-Length) over the limit", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
      method: "POST",
      headers: JSON_HEADERS,
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { statusCode: number }).statusCode).toBe(413);
  });

  it("answers 404 to unknown routes and 405 to wrong methods, in the envelope", async () => {
    const unknown = await cmp.get("/NoSuchThing");
    expect([unknown.status, unknown.body.statusCode]).toEqual([404, 404]);
    const outside = await client(server.url).get("/elsewhere");
    expect(outside.status).toBe(404);
    const wrong = await cmp.delete("/ScheduledReport");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });

  it("checks query parameters with the contract", async () => {
    const got = await cmp.get(`/ScheduledReport/execution/${crypto.randomUUID()}?executionStatus=Done`);
    expect(got.status).toBe(400);
    expect(got.body.message).toMatch(/Requested value 'Done' not found/);
    expect((await cmp.get("/ScheduledReport/execution/not-a-uuid")).status).toBe(400);
  });

  it("injects faults for the next N requests of a route", async () => {
    const armed = await admin.post("/faults", { route: "getQueries", status: 503, count: 2 });
    expect(armed.status).toBe(200);
    const first = await cmp.get("/ScheduledQueries");
    const second = await cmp.get("/ScheduledQueries");
    const third = await cmp.get("/ScheduledQueries");
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await admin.post("/faults", { route: "getQueries", status: 418 })).status).toBe(400);
  });

  it("journals requests", async () => {
    await cmp.get("/ScheduledQueries");
    const journal = (await admin.get("/journal")).body as unknown as {
      entries: { operationId?: string; status?: number }[];
    };
    expect(journal.entries.at(-1)).toMatchObject({ operationId: "getQueries", status: 200 });
  });
});

describe("handle() in process", () => {
  it("stops reading a streamed body of no declared length at the limit: 413, the stream cancelled", async () => {
    const emulator = await inProcess({ maxBodyBytes: 4096 });
    const chunk = new TextEncoder().encode(" ".repeat(1024));
    let pulled = 0;
    let cancelled = false;
    // Endless: read whole, it would never end.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request("http://emulator.test/insights/v1/cmp/ScheduledQueries", {
      method: "POST",
      headers: JSON_HEADERS,
      body,
      duplex: "half",
    } as RequestInit);
    const response = await emulator.handle(request);
    expect(response.status).toBe(413);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
    await emulator.close();
  });
});
