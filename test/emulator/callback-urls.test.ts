/**
 * Callback URLs with a query string or a fragment, over real HTTP: the emulator composes the call as
 * the documentation does (POST `<CallbackUrl>/<reportId>` by text, GET `?reportId=` added to the query
 * as written), and journals exactly the URL the listener received.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackTarget } from "../../src/emulator/server/callbacks.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, start, until } from "./server-helpers.js";

let server: RunningEmulator;
let cmp: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let listener: ReturnType<typeof createServer>;
let hook = "";
const seen: { method: string; url: string }[] = [];

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z") });
  cmp = client(`${server.url}/insights/v1/cmp`);
  admin = client(`${server.url}/_emulator`);
  listener = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "" });
    req.resume();
    // Answered a little later, as a real listener may be: the emulator journals the call once answered.
    setTimeout(() => res.end("ok"), 100);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  hook = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => listener.close(resolve));
});

/** Runs an ExecuteNow report with this callback; answers what the listener got and the journal said. */
async function callback(CallbackUrl: string, CallbackMethod?: string) {
  const before = (await callbackEntries()).length;
  const query = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
  const report = await cmp.post("/ScheduledReport", {
    ReportName: "cb",
    QueryId: String(query.body.value[0]?.queryId),
    ExecuteNow: true,
    CallbackUrl,
    ...(CallbackMethod !== undefined && { CallbackMethod }),
  });
  expect(report.status, JSON.stringify(report.body)).toBe(200);
  const reportId = String(report.body.value[0]?.reportId);
  const got = await until(async () => seen.find((s) => s.url.includes(reportId) || s.url === "/bare"));
  seen.splice(seen.indexOf(got), 1);
  // The call is journaled once the listener has answered, after it saw the request: wait for it.
  const entry = await until(async () => (await callbackEntries())[before]);
  return { reportId, got, entry };
}

/** The journal's callback entries, oldest first (the tests run one after the other). */
async function callbackEntries() {
  const journal = (await admin.get("/journal")).body as unknown as {
    entries: { kind: string; method: string; path: string; status?: number }[];
  };
  return journal.entries.filter((e) => e.kind === "callback");
}

describe("callback URLs with a query string or a fragment", () => {
  it("POST with a query: `<CallbackUrl>/<reportId>` by text, journaled as called", async () => {
    const { reportId, got, entry } = await callback(`${hook}/cb?token=1`);
    expect(got).toEqual({ method: "POST", url: `/cb?token=1/${reportId}` });
    expect(entry).toMatchObject({ method: "POST", path: `${hook}/cb?token=1/${reportId}`, status: 200 });
  });

  it("POST with a fragment: the id goes with the fragment, and the journal shows the URL sent", async () => {
    const { got, entry } = await callback(`${hook}/bare#frag`);
    expect(got).toEqual({ method: "POST", url: "/bare" });
    expect(entry).toMatchObject({ method: "POST", path: `${hook}/bare`, status: 200 });
  });

  it("GET keeps the query as written and adds reportId before the fragment", async () => {
    const { reportId, got, entry } = await callback(`${hook}/hook?sig=a%2Bb%20c&flag#frag`, "GET");
    expect(got).toEqual({ method: "GET", url: `/hook?sig=a%2Bb%20c&flag&reportId=${reportId}` });
    expect(entry).toMatchObject({ path: `${hook}/hook?sig=a%2Bb%20c&flag&reportId=${reportId}` });
  });
});

describe("callbackTarget", () => {
  it.each([
    ["https://x/cb", "POST", "https://x/cb/ID"],
    ["https://x/cb/", "POST", "https://x/cb/ID"],
    ["https://x/cb?token=1", "POST", "https://x/cb?token=1/ID"],
    ["https://x/cb", "GET", "https://x/cb?reportId=ID"],
    ["https://x/cb?", "GET", "https://x/cb?reportId=ID"],
    ["https://x/cb?a=1&", "GET", "https://x/cb?a=1&reportId=ID"],
    ["https://x/cb?a=b+c%20d&flag", "GET", "https://x/cb?a=b+c%20d&flag&reportId=ID"],
    ["https://x/cb#f", "GET", "https://x/cb?reportId=ID#f"],
  ])("%s with %s calls %s", (base, method, url) => {
    expect(callbackTarget(base, method, "ID").url).toBe(url);
  });
});
