/**
 * The admin API and callback checks used the ways tests get them wrong: a fault on a misspelt
 * operation (which would stay armed and silent), a wrong method on `/_emulator/faults`, and refused
 * callback URLs, each answered with a message that says what is wrong and what to give instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server/handler.js";
import { client, inProcess } from "./server-helpers.js";

let emulator: Emulator;
let admin: ReturnType<typeof client>;
let cmp: ReturnType<typeof client>;

beforeAll(async () => {
  emulator = await inProcess({ clock: new Date("2026-06-15T10:00:00Z") });
  admin = client("http://emulator.test/_emulator", emulator.handle);
  cmp = client("http://emulator.test/insights/v1/cmp", emulator.handle);
});
afterAll(() => emulator.close());

describe("request faults", () => {
  it("refuses a route that is no operationId, path or *, suggesting the operation meant", async () => {
    await admin.delete("/faults");
    const misspelt = await admin.post("/faults", { route: "createquery", status: 503 });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.message).toMatch(/"createquery" is not an operationId; did you mean createQuery\?/);
    const listed = (await admin.get("/faults")).body as unknown as { faults: unknown[] };
    expect(listed.faults).toEqual([]);
    for (const route of ["createQuery", "/ScheduledReport", "*"])
      expect((await admin.post("/faults", { route, status: 503 })).status).toBe(200);
    await admin.delete("/faults");
  });

  it("answers a wrong method on /_emulator/faults with every method it takes in Allow", async () => {
    const put = await admin.put("/faults", {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, POST");
  });
});

describe("refused callback URLs", () => {
  it.each([
    ["not-a-url", /CallbackUrl is not a URL, which the emulator never calls/],
    ["file:///etc/passwd", /CallbackUrl is not an http\(s\) URL/],
    ["http://10.1.2.3/hook", /a private address.*--allow-private-callbacks/],
    ["http://100.64.0.1/hook", /a shared address.*--allow-private-callbacks/],
  ])("%s", async (url, message) => {
    const query = await cmp.post("/ScheduledQueries", {
      Name: "cb",
      Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
    });
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "r",
      QueryId: query.body.value[0]?.queryId,
      ExecuteNow: true,
      CallbackUrl: url,
    });
    expect(report.status).toBe(400);
    expect(report.body.message).toMatch(message);
  });
});
