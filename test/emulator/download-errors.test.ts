/**
 * A report file's signed link answers errors as Azure Storage does (XML `<Error>`, `x-ms-error-code`),
 * over real HTTP, with reportql's explanation in `<ReportqlDetail>`; the typed client still classifies
 * them (an expired or dead link is a `LinkExpiredError`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, LinkExpiredError } from "../../src/client/index.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, completedRun, start } from "./server-helpers.js";

let server: RunningEmulator;
let cmp: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z") });
  cmp = client(`${server.url}/insights/v1/cmp`);
  admin = client(`${server.url}/_emulator`);
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin.post("/reset", {});
});

function completed() {
  return completedRun(cmp);
}

/** The parts of a storage error answer a client reads. */
async function storageError(response: Response) {
  const body = await response.text();
  const element = (name: string) =>
    new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1]?.replaceAll("&amp;", "&");
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    header: response.headers.get("x-ms-error-code"),
    prolog: body.startsWith('<?xml version="1.0" encoding="utf-8"?><Error>'),
    code: element("Code"),
    message: element("Message"),
    auth: element("AuthenticationErrorDetail"),
    detail: element("ReportqlDetail"),
    requestId: response.headers.get("x-ms-request-id"),
  };
}

describe("a report file's link answers errors as Azure Storage", () => {
  it("an expired link: 403 AuthenticationFailed, with the time frame and what to do", async () => {
    const { link } = await completed();
    await admin.post("/clock/advance", { hours: 2 });
    const got = await storageError(await fetch(link));
    expect(got).toMatchObject({
      status: 403,
      type: "application/xml",
      header: "AuthenticationFailed",
      prolog: true,
      code: "AuthenticationFailed",
    });
    expect(got.message).toMatch(
      /^Server failed to authenticate the request\. [^\n]+\nRequestId:[0-9a-f-]{36}\nTime:\d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(got.message).toContain(`RequestId:${got.requestId}`);
    expect(got.auth).toMatch(
      /^Signature not valid in the specified time frame: Expiry \[.+ GMT\] - Current \[/,
    );
    expect(got.detail).toMatch(/expired at .*get the execution again/);
  });

  it("a tampered link: 403 AuthenticationFailed, signature did not match", async () => {
    const { link } = await completed();
    const tampered = link.replace(/sig=(.)/, (_, c: string) => `sig=${c === "A" ? "B" : "A"}`);
    const got = await storageError(await fetch(tampered));
    expect(got).toMatchObject({ status: 403, header: "AuthenticationFailed", code: "AuthenticationFailed" });
    expect(got.auth).toBe("Signature did not match.");
  });

  it("the link of a deleted report: 404 BlobNotFound", async () => {
    const { link, reportId } = await completed();
    expect((await cmp.delete(`/ScheduledReport/${reportId}`)).status).toBe(200);
    const got = await storageError(await fetch(link));
    expect(got).toMatchObject({ status: 404, header: "BlobNotFound", code: "BlobNotFound", prolog: true });
    expect(got.message).toMatch(/^The specified blob does not exist\.\n/);
    expect(got.detail).toMatch(/deleted/);
  });

  it("a HEAD of a dead link: the status and x-ms-error-code, no body (as storage)", async () => {
    const { link } = await completed();
    const head = await fetch(link.replace(/sig=[^&]+/, "sig=x"), { method: "HEAD" });
    expect([head.status, head.headers.get("x-ms-error-code"), await head.text()]).toEqual([
      403,
      "AuthenticationFailed",
      "",
    ]);
  });

  it("a method a link does not take: 405 UnsupportedHttpVerb with Allow", async () => {
    const { link } = await completed();
    const got = await fetch(link, { method: "DELETE" });
    expect(got.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await storageError(got)).toMatchObject({ status: 405, code: "UnsupportedHttpVerb" });
  });

  it("the typed client classifies them: expired or dead link is a LinkExpiredError", async () => {
    const c = createClient({ endpoint: `${server.url}/insights/v1/cmp`, token: "t" });
    const { reportId } = await completed();
    const execution = await c.waitForExecution(reportId, { pollInterval: 5 });
    await admin.post("/clock/advance", { hours: 2 });
    await expect(c.download(execution).next()).rejects.toBeInstanceOf(LinkExpiredError);
    const fresh = await c.waitForExecution(reportId, { pollInterval: 5 });
    expect((await cmp.delete(`/ScheduledReport/${reportId}`)).status).toBe(200);
    await expect(c.download(fresh).next()).rejects.toBeInstanceOf(LinkExpiredError);
  });
});

describe("a clock advance during a download", () => {
  it("does not cut a download already answered: the link is checked once, when it is requested", async () => {
    const big = await start({ rows: 40_000, clock: new Date("2026-06-15T10:00:00Z") });
    try {
      const c = createClient({ endpoint: `${big.url}/insights/v1/cmp`, token: "t" });
      const query = await c.createQuery({
        body: { Name: "all", Query: "SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LIFETIME" },
      });
      const report = await c.createReport({
        body: { ReportName: "big", QueryId: String(query.value[0]?.queryId), ExecuteNow: true },
      });
      const execution = await c.waitForExecution(String(report.value[0]?.reportId), { pollInterval: 5 });
      let rows = 0;
      for await (const _ of c.download(execution)) {
        // Mid-way (the file is megabytes, far more than the socket buffers hold): the link expires.
        if (++rows === 1) await client(`${big.url}/_emulator`).post("/clock/advance", { hours: 2 });
      }
      const file = await fetch(String(execution.reportAccessSecureLink));
      expect(file.status).toBe(403);
      const fresh = await c.waitForExecution(String(report.value[0]?.reportId), { pollInterval: 5 });
      const again = await (await fetch(String(fresh.reportAccessSecureLink))).text();
      expect(again.length).toBeGreaterThan(1_000_000);
      expect(rows).toBe(again.trim().split("\r\n").length - 1);
    } finally {
      await big.close();
    }
  });
});
