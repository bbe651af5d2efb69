/**
 * The admin API and the options around it, over real HTTP: failed executions by fault injection,
 * re-seeding, private callback ranges, and `data` (state kept in a folder across restarts).
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../../src/emulator/server/handler.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { DurableStore } from "../../src/emulator/server/store.js";
import { client, start, until } from "./server-helpers.js";

const CLOCK = new Date("2026-06-15T10:00:00Z");
const ORDERS = "SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LAST_6_MONTHS";

type Client = ReturnType<typeof client>;

async function createQuery(cmp: Client, query = ORDERS): Promise<string> {
  const created = await cmp.post("/ScheduledQueries", { Name: "orders", Description: "d", Query: query });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return String(created.body.value[0]?.queryId);
}

async function executeNow(cmp: Client, queryId: string, extra: Record<string, unknown> = {}) {
  const report = await cmp.post("/ScheduledReport", {
    ReportName: "r",
    QueryId: queryId,
    ExecuteNow: true,
    ...extra,
  });
  expect(report.status, JSON.stringify(report.body)).toBe(200);
  return String(report.body.value[0]?.reportId);
}

async function completed(cmp: Client, reportId: string) {
  return until(async () => {
    const got = await cmp.get(`/ScheduledReport/execution/${reportId}`);
    return got.status === 200 ? got.body.value[0] : undefined;
  });
}

/** A loopback listener that records the callbacks it receives. */
async function listener() {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

describe("the admin API", () => {
  let server: RunningEmulator;
  let cmp: Client;
  let admin: Client;
  beforeAll(async () => {
    server = await start({ clock: CLOCK });
    cmp = client(`${server.url}/insights/v1/cmp`);
    admin = client(`${server.url}/_emulator`);
  });
  afterAll(() => server.close());

  it("fails the next N executions: Completed without a link, journaled, no callback", async () => {
    const hook = await listener();
    try {
      await admin.post("/reset", {});
      const armed = await admin.post("/faults", { kind: "execution", count: 1, message: "disk on fire" });
      expect(armed.status).toBe(200);
      const queryId = await createQuery(cmp);
      const failedId = await executeNow(cmp, queryId, { CallbackUrl: hook.url });
      const failed = await completed(cmp, failedId);
      expect(failed).toMatchObject({ executionStatus: "Completed", reportAccessSecureLink: null });
      const journal = (await admin.get("/journal")).body as unknown as {
        entries: { kind: string; error?: string; path: string }[];
      };
      const entry = journal.entries.find((e) => e.kind === "execution");
      expect(entry?.error).toBe("disk on fire");
      expect(entry?.path).toContain(failedId);
      // The fault was for one run: the next one completes, with a file and a callback.
      const okId = await executeNow(cmp, queryId, { CallbackUrl: hook.url });
      const ok = await completed(cmp, okId);
      expect((await fetch(String(ok.reportAccessSecureLink))).status).toBe(200);
      await until(async () => (hook.seen.length > 0 ? true : undefined));
      expect(hook.seen).toEqual([`POST /hook/${okId}`]);
    } finally {
      await hook.close();
    }
  });

  it("advances by ten years at the cost of 90 days: older runs complete without running their query", async () => {
    const hook = await listener();
    try {
      await admin.post("/reset", {});
      const queryId = await createQuery(cmp);
      const now = Date.parse(((await admin.get("/clock")).body as unknown as { now: string }).now);
      const start = new Date(now + 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
      const schedule = { QueryId: queryId, StartTime: start, RecurrenceInterval: 24, CallbackUrl: hook.url };
      const daily = await cmp.post("/ScheduledReport", { ReportName: "daily", ...schedule });
      const thrice = await cmp.post("/ScheduledReport", {
        ReportName: "thrice",
        ...schedule,
        RecurrenceCount: 3,
      });
      const [dailyId, thriceId] = [daily, thrice].map((r) => String(r.body.value[0]?.reportId));
      const advanced = (await admin.post("/clock/advance", { hours: 87_600 })).body as unknown as {
        executed: number;
        expired: number;
      };
      // Every run that fell due was executed (RecurrenceCount holds: 3 for the second report) ...
      expect(advanced.executed).toBeGreaterThan(3_650);
      const listed = await cmp.get(`/ScheduledReport/execution/${dailyId}?getLatestExecution=false`);
      // ... the last 90 days' runs, which the executions API lists, ran their query: each has a file,
      // and each called back; the older ones (and all three of the second report) are past listing.
      expect(listed.body.value.length).toBeGreaterThanOrEqual(90);
      expect(advanced.executed - advanced.expired).toBe(listed.body.value.length);
      const latest = listed.body.value[0];
      expect(latest?.executionStatus).toBe("Completed");
      const file = await fetch(String(latest?.reportAccessSecureLink));
      expect((await file.text()).split("\r\n")[0]).toBe("OrderId,CustomerCountry");
      expect(hook.seen).toHaveLength(listed.body.value.length);
      expect(new Set(hook.seen)).toEqual(new Set([`POST /hook/${dailyId}`]));
      expect((await cmp.get(`/ScheduledReport?reportId=${thriceId}`)).body.value[0]?.reportStatus).toBe(
        "Inactive",
      );
      expect((await cmp.get(`/ScheduledReport/execution/${thriceId}?getLatestExecution=false`)).status).toBe(
        404,
      );
    } finally {
      await hook.close();
    }
  });

  it("lists, clears and validates faults", async () => {
    await admin.post("/faults", { kind: "execution", count: 3 });
    await admin.post("/faults", { route: "createQuery", status: 429 });
    const listed = (await admin.get("/faults")).body as unknown as Record<string, unknown[]>;
    expect([listed.faults?.length, listed.executionFaults?.length]).toEqual([1, 1]);
    const cleared = (await admin.delete("/faults")).body as unknown as Record<string, unknown[]>;
    expect([cleared.faults?.length, cleared.executionFaults?.length]).toEqual([0, 0]);
    for (const bad of [{ kind: "disk" }, { kind: "execution", count: 0 }, { kind: "execution", message: 5 }])
      expect((await admin.post("/faults", bad)).status).toBe(400);
  });

  it("re-seeds the synthetic data deterministically", async () => {
    const rows = async () => {
      const got = await cmp.get(
        `/ScheduledQueries/testQueryResult?exportQuery=${encodeURIComponent(ORDERS)}`,
      );
      expect(got.status).toBe(200);
      return got.body.value;
    };
    const seeded = await admin.post("/seed", { seed: 7 });
    expect(seeded.body).toMatchObject({ seed: 7 });
    const seven = await rows();
    await admin.post("/seed", { seed: 8 });
    expect(await rows()).not.toEqual(seven);
    await admin.post("/seed", { seed: 7 });
    expect(await rows()).toEqual(seven);
    for (const bad of [{ seed: -1 }, { seed: 1.5 }, { rows: "many" }, [1]])
      expect((await admin.post("/seed", bad)).status).toBe(400);
    expect((await admin.get("/seed")).status).toBe(405);
  });
});

describe("private callback ranges", () => {
  const PRIVATE = [
    "http://10.1.2.3/hook",
    "http://192.168.1.20/hook",
    "http://172.20.0.5/hook",
    "http://[fd00::1]/hook",
  ];
  const ALWAYS_REFUSED = [
    "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/x",
    "http://metadata.azure.com/x",
  ];

  for (const allowPrivateCallbacks of [false, true]) {
    it(`${allowPrivateCallbacks ? "allows" : "refuses"} private ranges when allowPrivateCallbacks is ${allowPrivateCallbacks}; loopback allowed, link-local and metadata refused`, async () => {
      const emulator = await createEmulator({
        rows: 100,
        tickMs: 0,
        allowPrivateCallbacks,
        executeNowDelayMs: 60_000,
        // Past the documented 5 ExecuteNow reports an hour: not what this test is about.
        quotas: { cmp: {} },
      });
      if ("kind" in emulator) throw new Error(emulator.message);
      try {
        const cmp = client("http://emulator.test/insights/v1/cmp", emulator.handle);
        const queryId = await createQuery(cmp);
        const status = async (url: string) =>
          (
            await cmp.post("/ScheduledReport", {
              ReportName: "r",
              QueryId: queryId,
              ExecuteNow: true,
              CallbackUrl: url,
            })
          ).status;
        for (const url of PRIVATE) expect(await status(url), url).toBe(allowPrivateCallbacks ? 200 : 400);
        for (const url of ALWAYS_REFUSED) expect(await status(url), url).toBe(400);
        expect(await status("http://127.0.0.1:9/hook")).toBe(200);
        expect(await status("http://[::1]:9/hook")).toBe(200);
      } finally {
        await emulator.close();
      }
    });
  }
});

describe("state kept in a data folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "reportql-emulator-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps queries, reports, executions, files, the clock and the links across a restart", async () => {
    const first = await start({ clock: CLOCK, data: dir });
    const cmp = client(`${first.url}/insights/v1/cmp`);
    const queryId = await createQuery(cmp);
    const reportId = await executeNow(cmp, queryId);
    const execution = await completed(cmp, reportId);
    const link = new URL(String(execution.reportAccessSecureLink));
    const csv = await (await fetch(link)).text();
    await client(`${first.url}/_emulator`).post("/clock/advance", { hours: 0.5 });
    const clock = (await client(`${first.url}/_emulator`).get("/clock")).body as unknown as { now: string };
    await first.close();

    const second = await start({ data: dir });
    try {
      const again = client(`${second.url}/insights/v1/cmp`);
      expect((await again.get(`/ScheduledQueries?queryId=${queryId}`)).body.value[0]).toMatchObject({
        queryId,
      });
      expect((await again.get(`/ScheduledReport?reportId=${reportId}`)).body.value[0]).toMatchObject({
        reportId,
        reportStatus: "Inactive",
      });
      const restored = await completed(again, reportId);
      expect(restored).toMatchObject({ executionId: execution.executionId });
      // The link now names the new port, and the link given before the restart still verifies.
      const relinked = String(restored.reportAccessSecureLink);
      expect(relinked).toBe(`${second.url}${link.pathname}${link.search}`);
      const file = await fetch(relinked);
      expect([file.status, await file.text()]).toEqual([200, csv]);
      const now = (await client(`${second.url}/_emulator`).get("/clock")).body as unknown as { now: string };
      expect(Date.parse(now.now)).toBeGreaterThanOrEqual(Date.parse(clock.now));
      // Deleting the report deletes its file from the folder.
      expect((await again.delete(`/ScheduledReport/${reportId}`)).status).toBe(200);
      expect(await readdir(join(dir, "files"))).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("keeps no run older than the 90 days of history once its link expired: the state stays small", async () => {
    const folder = await mkdtemp(join(tmpdir(), "reportql-emulator-years-"));
    const server = await start({ data: folder });
    try {
      const cmp = client(`${server.url}/insights/v1/cmp`);
      const admin = client(`${server.url}/_emulator`);
      const queryId = await createQuery(cmp);
      const now = Date.parse(((await admin.get("/clock")).body as unknown as { now: string }).now);
      const start = new Date(now + 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
      const daily = await cmp.post("/ScheduledReport", {
        ReportName: "daily",
        QueryId: queryId,
        StartTime: start,
        RecurrenceInterval: 24,
      });
      const reportId = String(daily.body.value[0]?.reportId);
      await admin.post("/clock/advance", { hours: 87_600 });
      const listed = await cmp.get(`/ScheduledReport/execution/${reportId}?getLatestExecution=false`);
      expect(listed.body.value.length).toBeGreaterThanOrEqual(90);
      // What the executions API can list is all the saved state holds (not ten years of runs) ...
      const saved = JSON.parse(await readFile(join(folder, "state.json"), "utf8")) as {
        executions: { executionId: string }[];
      };
      expect(saved.executions.map((e) => e.executionId).sort()).toEqual(
        listed.body.value.map((e) => String(e.executionId)).sort(),
      );
      // ... and a file of each, still downloadable.
      expect((await readdir(join(folder, "files"))).length).toBe(listed.body.value.length);
      const file = await fetch(String(listed.body.value[0]?.reportAccessSecureLink));
      expect(file.status).toBe(200);
    } finally {
      await server.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("saves an advance's runs together, once they are done: the saved state has them all Completed", async () => {
    const folder = await mkdtemp(join(tmpdir(), "reportql-emulator-batch-"));
    const server = await start({ data: folder, clock: CLOCK });
    // Commits asked for while the advance runs (each run asked for its own before).
    const store = DurableStore.prototype;
    const commit = store.commit;
    let commits = 0;
    store.commit = function (this: DurableStore) {
      commits++;
      return commit.call(this);
    };
    try {
      const cmp = client(`${server.url}/insights/v1/cmp`);
      const queryId = await createQuery(cmp);
      await cmp.post("/ScheduledReport", {
        ReportName: "four-hourly",
        QueryId: queryId,
        StartTime: new Date(CLOCK.getTime() + 24 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z"),
        RecurrenceInterval: 4,
      });
      commits = 0;
      const advanced = await client(`${server.url}/_emulator`).post("/clock/advance", { hours: 24 * 8 });
      const executed = (advanced.body as unknown as { executed: number }).executed;
      expect(executed).toBeGreaterThan(30);
      // Before the runs (the Pending ones), after them, and the advance's own.
      expect(commits).toBeLessThanOrEqual(3);
      const saved = JSON.parse(await readFile(join(folder, "state.json"), "utf8")) as {
        executions: { executionStatus: string }[];
      };
      expect(saved.executions.map((e) => e.executionStatus)).toEqual(Array(executed).fill("Completed"));
    } finally {
      store.commit = commit;
      await server.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("refuses a folder a running emulator holds, and takes over one a killed process left", async () => {
    const folder = await mkdtemp(join(tmpdir(), "reportql-emulator-lock-"));
    try {
      const first = await start({ data: folder });
      const second = await createEmulator({ rows: 100, tickMs: 0, data: folder });
      expect(second).toMatchObject({ kind: "store-error" });
      expect("message" in second && second.message).toMatch(`in use by process ${process.pid}`);
      await first.close();
      // The pid of a process that has exited, as a kill -9 leaves it.
      const gone = spawnSync(process.execPath, ["-e", ""]).pid;
      await writeFile(join(folder, "lock"), String(gone));
      const third = await start({ data: folder });
      await third.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("answers 503, not 200, when the state cannot be written", async () => {
    const folder = await mkdtemp(join(tmpdir(), "reportql-emulator-full-"));
    const server = await start({ data: folder });
    try {
      const cmp = client(`${server.url}/insights/v1/cmp`);
      await createQuery(cmp);
      // A folder where the snapshot goes: the rename fails (for root too).
      await rm(join(folder, "state.json"));
      await mkdir(join(folder, "state.json", "in-the-way"), { recursive: true });
      const created = await cmp.post("/ScheduledQueries", { Name: "n", Description: "d", Query: ORDERS });
      expect(created.status).toBe(503);
      expect(created.body.message).toMatch(/^Service unavailable: state not saved/);
    } finally {
      await rm(join(folder, "state.json"), { recursive: true, force: true });
      await server.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("refuses to start on a state file it cannot read, and leaves it alone", async () => {
    const bad = await mkdtemp(join(tmpdir(), "reportql-emulator-bad-"));
    try {
      await writeFile(join(bad, "state.json"), "{ not json");
      const emulator = await createEmulator({ rows: 100, tickMs: 0, data: bad });
      expect(emulator).toMatchObject({ kind: "store-error" });
      expect("message" in emulator && emulator.message).toMatch(/state\.json is not a state file/);
      expect(await readFile(join(bad, "state.json"), "utf8")).toBe("{ not json");
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
