/**
 * The client over real HTTP on 127.0.0.1 (the emulator on a free port, the global fetch): the seed
 * flow, an injected 503 retried as the journal shows, and a port nobody listens on.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, NetworkError } from "../../src/client/index.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";
import { instantClock, ORDERS } from "./helpers.js";

let server: RunningEmulator;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

async function journal(): Promise<{ operationId?: string; status?: number }[]> {
  const answer = (await (await fetch(`${server.url}/_emulator/journal`)).json()) as {
    entries: { operationId?: string; status?: number }[];
  };
  return answer.entries;
}

describe("over HTTP", () => {
  it("runs the seed flow and retries an injected 503", async () => {
    const c = createClient({ endpoint: `${server.url}/insights/v1/cmp`, token: "t", clock: instantClock() });
    const created = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
    const report = await c.createReport({
      body: {
        ReportName: "now",
        QueryId: created.value[0]?.queryId as string,
        ExecuteNow: true,
        Format: "TSV",
      },
    });
    await fetch(`${server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ route: "getExecutions", status: 503, count: 1 }),
    });
    const execution = await createClient({
      endpoint: `${server.url}/insights/v1/cmp`,
      token: "t",
    }).waitForExecution(report.value[0]?.reportId as string, { pollInterval: 10 });
    const rows: Record<string, string>[] = [];
    for await (const row of c.download(execution)) rows.push(row);
    expect(Object.keys(rows[0] ?? {})).toEqual(["OrderId", "CustomerCountry"]);
    const executions = (await journal())
      .filter((e) => e.operationId === "getExecutions")
      .map((e) => e.status);
    expect(executions[0]).toBe(503);
    expect(executions.at(-1)).toBe(200);
  });

  it("says a port nobody listens on is unreachable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
      });
    });
    const error = await createClient({
      endpoint: `http://127.0.0.1:${port}/insights/v1/mpn`,
      token: "t",
      retry: { retries: 0 },
    })
      .getQueries()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
  });
});
