/**
 * `npx tsx bench/emulator-clock.ts [--hours N] [--interval H] [--rows N]`: the emulator in memory
 * (as `reportql serve --in-memory`, in this process), one scheduled report every H hours (default 4,
 * the documented minimum), then `POST /_emulator/clock/advance` by N hours (default 8,760: a year)
 * over real HTTP. Prints the advance's wall time, the executions it reports, the heap it leaves and
 * the time of listing and downloading the latest run.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../src/emulator/server/node.js";

const { values } = parseArgs({
  options: { hours: { type: "string" }, interval: { type: "string" }, rows: { type: "string" } },
});
const hours = Number(values.hours ?? 8_760);
const interval = Number(values.interval ?? 4);
const running = await startEmulator({ port: 0, rows: Number(values.rows ?? 10_000), tickMs: 0 });
if ("kind" in running) throw new Error(running.message);
const root = `${running.url}/insights/v1/mpn`;
const headers = { authorization: "Bearer bench", "content-type": "application/json" };
const post = async (url: string, body: unknown) =>
  (await fetch(url, { method: "POST", headers, body: JSON.stringify(body) })).json() as Promise<
    Record<string, unknown> & { value?: Record<string, string>[] }
  >;

const query = await post(`${root}/ScheduledQueries`, {
  Name: "bench",
  Query: "SELECT CustomerName, CustomerTenantId FROM CustomersAndTenants TIMESPAN LAST_MONTH",
});
const queryId = query.value?.[0]?.queryId;
const start = new Date(Date.now() + 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
const report = await post(`${root}/ScheduledReport`, {
  ReportName: "bench",
  QueryId: queryId,
  StartTime: start,
  RecurrenceInterval: interval,
});
const reportId = report.value?.[0]?.reportId;
if (reportId === undefined) throw new Error(JSON.stringify(report));
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const advanced = await post(`${running.url}/_emulator/clock/advance`, { hours });
const advanceMs = performance.now() - t0;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const t1 = performance.now();
const executions = (await (
  await fetch(`${root}/ScheduledReport/execution/${reportId}?getLatestExecution=false`, { headers })
).json()) as { value?: { reportAccessSecureLink?: string }[]; message?: string };
const listMs = performance.now() - t1;
const latest = executions.value?.[0];
const t2 = performance.now();
const file = latest?.reportAccessSecureLink ? await (await fetch(latest.reportAccessSecureLink)).text() : "";
const downloadMs = performance.now() - t2;
console.log(
  JSON.stringify({
    hours,
    interval,
    answer: advanced.statusCode ?? 200,
    executed: advanced.executed ?? advanced.message,
    expired: advanced.expired,
    advanceSeconds: +(advanceMs / 1000).toFixed(2),
    heapMB: +((heapAfter - heapBefore) / 2 ** 20).toFixed(1),
    listed: executions.value?.length ?? executions.message,
    listMs: Math.round(listMs),
    downloadBytes: file.length,
    downloadMs: Math.round(downloadMs),
  }),
);
await running.close();
