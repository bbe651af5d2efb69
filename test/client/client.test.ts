/**
 * The client against the emulator in this process (its fetch-style handler: no port): the seed flow,
 * checks before sending (nothing in the journal), retries of injected faults seen in the journal,
 * what is not retried, cancellation, expired links and waiting through the documented 404.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  createClient,
  LinkExpiredError,
  type ReportClient,
  ReportFileGoneError,
  RequestRejectedError,
  WaitTimeoutError,
} from "../../src/client/index.js";
import type { Emulator } from "../../src/emulator/server/handler.js";
import { inProcess } from "../emulator/server-helpers.js";
import { admin, CMP, instantClock, ORDERS } from "./helpers.js";

let emulator: Emulator;
let emu: ReturnType<typeof admin>;

beforeAll(async () => {
  emulator = await inProcess();
  emu = admin(emulator);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await emu.reset();
});

function client(options: Partial<Parameters<typeof createClient>[0]> = {}): ReportClient {
  return createClient({ endpoint: CMP, token: "t", fetch: emulator.handle, ...options });
}

async function createOrdersQuery(c: ReportClient): Promise<string> {
  const created = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
  return created.value[0]?.queryId as string;
}

describe("the seed flow in process", () => {
  it("creates a query, runs a report now, waits, and downloads typed rows", async () => {
    const c = client();
    const queryId = await createOrdersQuery(c);
    const report = await c.createReport({ body: { ReportName: "now", QueryId: queryId, ExecuteNow: true } });
    const reportId = report.value[0]?.reportId as string;
    const statuses: string[] = [];
    const execution = await c.waitForExecution(reportId, {
      pollInterval: 5,
      onProgress: (p) => statuses.push(p.status),
    });
    expect(execution.executionStatus).toBe("Completed");
    expect(statuses.at(-1)).toBe("Completed");
    let columns: readonly string[] = [];
    const rows: Record<string, string>[] = [];
    for await (const row of c.download<{ OrderId: string; CustomerCountry: string }>(execution, {
      onColumns: (names) => {
        columns = names;
      },
    }))
      rows.push(row);
    expect(columns).toEqual(["OrderId", "CustomerCountry"]);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(["OrderId", "CustomerCountry"]);
  });

  it("treats the 404 before the first run as 'not yet'", async () => {
    const c = client();
    const queryId = await createOrdersQuery(c);
    const start = new Date(Date.now() + 5 * 3_600_000);
    start.setUTCMilliseconds(0);
    const report = await c.createReport({
      body: {
        ReportName: "daily",
        QueryId: queryId,
        StartTime: start.toISOString().replace(".000Z", "Z"),
        RecurrenceInterval: 24,
        RecurrenceCount: 1,
      },
    });
    const statuses: string[] = [];
    const execution = await c.waitForExecution(report.value[0]?.reportId as string, {
      pollInterval: 5,
      onProgress: (p) => {
        statuses.push(p.status);
        // The service's 404 first; then the schedule falls due.
        if (statuses.length === 2) void emu.advance(6);
      },
    });
    expect(statuses.slice(0, 2)).toEqual(["NotStarted", "NotStarted"]);
    expect(execution.executionStatus).toBe("Completed");
    const statusesSeen = (await emu.journal())
      .filter((e) => e.operationId === "getExecutions")
      .map((e) => e.status);
    expect(statusesSeen.slice(0, 2)).toEqual([404, 404]);
  });
});

describe("checks before sending", () => {
  it("refuses a query with an unknown column and sends nothing", async () => {
    const c = client();
    const error = await c
      .createQuery({ body: { Name: "typo", Query: "SELECT OrderId, OfferNmae FROM ISVOrder" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestRejectedError);
    const rejected = error as RequestRejectedError;
    expect(rejected.diagnostics.map((d) => d.code)).toEqual(["RQ2002"]);
    const d = rejected.diagnostics[0];
    expect(rejected.requestText.slice(d?.span.start, d?.span.end)).toBe("OfferNmae");
    expect(await emu.journal()).toEqual([]);
  });

  it("refuses a body the contract refuses, a dataset of the other family and a malformed id", async () => {
    const c = client();
    const calls = [
      c.createReport({
        body: {
          ReportName: "x",
          QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
          StartTime: "2020-01-01",
          RecurrenceInterval: 1,
        },
      }),
      c.createQuery({ body: { Name: "mpn data", Query: "SELECT CustomerName FROM CustomersAndTenants" } }),
      c.getReports({ reportId: "not-a-uuid" }),
      c.tryQuery({ exportQuery: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_WEEK" }),
    ];
    for (const call of calls)
      expect(await call.catch((e: unknown) => e)).toBeInstanceOf(RequestRejectedError);
    expect(await emu.journal()).toEqual([]);
    expect(c.validate("createQuery", { body: { Name: "ok", Query: ORDERS } })).toEqual([]);
  });
});

describe("retries", () => {
  it("retries injected 429s on a read, waiting at least Retry-After, as the journal shows", async () => {
    const clock = instantClock();
    const retried: number[] = [];
    const c = client({ clock, retry: { onRetry: (e) => retried.push(e.status ?? 0) } });
    await emu.fault("getQueries", 429, 2);
    const answer = await c.getQueries();
    expect(answer.statusCode).toBe(200);
    const seen = (await emu.journal()).filter((e) => e.operationId === "getQueries").map((e) => e.status);
    expect(seen).toEqual([429, 429, 200]);
    expect(retried).toEqual([429, 429]);
    for (const ms of clock.sleeps) expect(ms).toBeGreaterThanOrEqual(1000);
  });

  it("retries 500 on reads; a create gets one attempt unless the caller opts in", async () => {
    const clock = instantClock();
    await emu.fault("getReports", 500, 1);
    await client({ clock }).getReports();
    await emu.fault("createQuery", 500, 1);
    const once = await client({ clock })
      .createQuery({ body: { Name: "q", Query: ORDERS } })
      .catch((e: unknown) => e);
    expect(once).toBeInstanceOf(ApiError);
    expect((once as ApiError).status).toBe(500);
    await emu.fault("createQuery", 500, 1);
    await client({ clock, retry: { creates: true } }).createQuery({ body: { Name: "q", Query: ORDERS } });
    const seen = (await emu.journal()).map((e) => `${e.operationId} ${e.status}`);
    expect(seen).toEqual([
      "getReports 500",
      "getReports 200",
      "createQuery 500",
      "createQuery 500",
      "createQuery 200",
    ]);
  });

  it("gives up after the retries it is allowed, with the last error", async () => {
    await emu.fault("getQueries", 503, 5);
    const error = await client({ clock: instantClock(), retry: { retries: 2 } })
      .getQueries()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((await emu.journal()).length).toBe(3);
  });

  it("retries a throttled create with creates: 'throttled', not a failed one", async () => {
    const c = client({ clock: instantClock(), retry: { creates: "throttled" } });
    await emu.fault("createQuery", 429, 1);
    await c.createQuery({ body: { Name: "q", Query: ORDERS } });
    await emu.fault("createQuery", 503, 1);
    expect(
      await c.createQuery({ body: { Name: "q", Query: ORDERS } }).catch((e: unknown) => e),
    ).toBeInstanceOf(ApiError);
    const seen = (await emu.journal()).map((e) => e.status);
    expect(seen).toEqual([429, 200, 503]);
  });
});

describe("cancellation", () => {
  it("an aborted signal sends nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client()
      .getQueries({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(await emu.journal()).toEqual([]);
  });

  it("aborting stops a wait and a retry backoff", async () => {
    const c = client();
    const queryId = await createOrdersQuery(c);
    const start = new Date(Date.now() + 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const report = await c.createReport({
      body: { ReportName: "later", QueryId: queryId, StartTime: start, RecurrenceInterval: 24 },
    });
    const controller = new AbortController();
    const waiting = c.waitForExecution(report.value[0]?.reportId as string, {
      signal: controller.signal,
      pollInterval: 60_000,
      onProgress: () => controller.abort(),
    });
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });

    await emu.fault("getQueries", 503, 1);
    const backoff = new AbortController();
    const retrying = client({ retry: { baseDelayMs: 60_000, onRetry: () => backoff.abort() } }).getQueries(
      {},
      { signal: backoff.signal },
    );
    await expect(retrying).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("downloads", () => {
  it("an expired link is a LinkExpiredError that says to fetch the execution again", async () => {
    const c = client();
    const queryId = await createOrdersQuery(c);
    const report = await c.createReport({ body: { ReportName: "now", QueryId: queryId, ExecuteNow: true } });
    const execution = await c.waitForExecution(report.value[0]?.reportId as string, { pollInterval: 5 });
    await emu.advance(2); // links live 1 hour of the emulator's clock
    const rows = c.download(execution);
    const error = await rows.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkExpiredError);
    expect(error).not.toBeInstanceOf(ReportFileGoneError);
    expect(error).toMatchObject({ storageCode: "AuthenticationFailed" });
    expect((error as Error).message).toMatch(/get the execution again/);
  });

  it("the link of a deleted report is a ReportFileGoneError: a fresh link would not help", async () => {
    const c = client();
    const queryId = await createOrdersQuery(c);
    const report = await c.createReport({ body: { ReportName: "gone", QueryId: queryId, ExecuteNow: true } });
    const reportId = report.value[0]?.reportId as string;
    const execution = await c.waitForExecution(reportId, { pollInterval: 5 });
    await c.deleteReport({ reportId });
    const error = await c
      .download(execution)
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportFileGoneError);
    expect(error).toBeInstanceOf(LinkExpiredError); // code that catches the broader error still does
    expect((error as Error).message).toMatch(/no longer stored .*BlobNotFound/);
  });
});

describe("waiting", () => {
  it("gives up after its timeout with the last status, polling at its interval", async () => {
    let now = Date.now();
    const sleeps: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    const c = client({ clock });
    const queryId = await createOrdersQuery(c);
    const start = new Date(Date.now() + 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const report = await c.createReport({
      body: { ReportName: "later", QueryId: queryId, StartTime: start, RecurrenceInterval: 24 },
    });
    const error = await c
      .waitForExecution(report.value[0]?.reportId as string, { pollInterval: 1_000, timeout: 3_500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastStatus).toBeUndefined();
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 500]);
  });
});
