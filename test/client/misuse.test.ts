/**
 * What integrators get wrong with `reportql/client`, each answered with a `ClientError` that says
 * what to do rather than a `TypeError` from deep inside: endpoints `fetch` cannot use, operations
 * named from plain JavaScript, a malformed `nextLink`, and a run that completed without a file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientError,
  createClient,
  ExecutionFailedError,
  familyOfEndpoint,
  LinkExpiredError,
} from "../../src/client/index.js";
import type { Emulator } from "../../src/emulator/server/handler.js";
import { inProcess } from "../emulator/server-helpers.js";
import { admin, CMP, ORDERS, recording } from "./helpers.js";

describe("endpoints the client cannot send to", () => {
  it.each([
    ["http://user:secret@127.0.0.1:7071/insights/v1/cmp", /user name or password/],
    ["ftp://127.0.0.1:7071/insights/v1/cmp", /not an http or https URL/],
    ["http://127.0.0.1:7071/insights/v1/cmp?code=secret", /query string or fragment/],
    ["http://127.0.0.1:7071/insights/v1/cmp#secret", /query string or fragment/],
    ["127.0.0.1:7071/insights/v1/cmp", /not an http or https URL|not a URL/],
  ])("%s is refused when the client is created", (endpoint, reason) => {
    expect(familyOfEndpoint(endpoint)).toBeUndefined();
    let thrown: unknown;
    try {
      createClient({ endpoint, token: "t" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClientError);
    expect((thrown as Error).message).toMatch(reason);
    // The password, or a key in the query string, is never repeated in the message.
    expect((thrown as Error).message).not.toMatch(/secret/);
  });
});

describe("tokens a header cannot carry", () => {
  it.each(["a\nb", "tok\u0001", "Bearer abc", "日本"])(
    "%j is a ClientError, and nothing is sent",
    async (token) => {
      const fetcher = recording(async () => new Response("{}"));
      const c = createClient({ endpoint: CMP, token, fetch: fetcher });
      await expect(c.getQueries()).rejects.toThrow(/copy it whole, without `Bearer `/);
      expect(fetcher.requests).toHaveLength(0);
    },
  );
});

describe("operations named without the types", () => {
  const fetcher = recording(async () => new Response("{}"));
  const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
  it("an unknown operation is a ClientError naming the known ones, and nothing is sent", async () => {
    expect(() => c.validate("getQuery" as never)).toThrow(ClientError);
    await expect(c.paginate("getQuery" as never).next()).rejects.toThrow(/getQueries/);
    expect(fetcher.requests).toHaveLength(0);
  });

  it("a nextLink that is not a URL is not followed", async () => {
    const pages = recording(
      async () =>
        new Response(
          JSON.stringify({
            value: [],
            nextLink: "http://[not-a-host/page2",
            totalCount: 0,
            statusCode: 200,
          }),
        ),
    );
    const paged = createClient({ endpoint: CMP, token: "t", fetch: pages });
    await expect(paged.paginate("getQueries").next()).rejects.toBeInstanceOf(ClientError);
    expect(pages.requests).toHaveLength(1);
  });
});

describe("an expired link", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await inProcess();
  });
  afterAll(() => emulator.close());

  it("getting the execution again, as LinkExpiredError advises, gives a link that works", async () => {
    const emu = admin(emulator);
    await emu.reset();
    const c = createClient({ endpoint: CMP, token: "t", fetch: emulator.handle });
    const query = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
    const report = await c.createReport({
      body: { ReportName: "now", QueryId: query.value[0]?.queryId as string, ExecuteNow: true },
    });
    const reportId = report.value[0]?.reportId as string;
    const first = await c.waitForExecution(reportId, { pollInterval: 5 });
    await emu.advance(2); // links live 1 hour of the emulator's clock
    await expect(c.download(first).next()).rejects.toBeInstanceOf(LinkExpiredError);
    const again = await c.waitForExecution(reportId, { pollInterval: 5 });
    expect(again.reportAccessSecureLink).not.toBe(first.reportAccessSecureLink);
    const rows = [];
    for await (const row of c.download(again)) rows.push(row);
    expect(rows.length).toBeGreaterThan(0);
    // A link still valid is given as it is.
    const third = await c.waitForExecution(reportId, { pollInterval: 5 });
    expect(third.reportAccessSecureLink).toBe(again.reportAccessSecureLink);
  });
});

describe("a run that failed", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await inProcess();
  });
  afterAll(() => emulator.close());

  it("waitForExecution throws ExecutionFailedError for a Completed run without a file", async () => {
    const emu = admin(emulator);
    await emu.reset();
    await emulator.handle(
      new Request("http://emulator.test/_emulator/faults", {
        method: "POST",
        body: JSON.stringify({ kind: "execution", count: 1, message: "disk on fire" }),
      }),
    );
    const c = createClient({ endpoint: CMP, token: "t", fetch: emulator.handle });
    const query = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
    const report = await c.createReport({
      body: { ReportName: "now", QueryId: query.value[0]?.queryId as string, ExecuteNow: true },
    });
    const waited = c.waitForExecution(report.value[0]?.reportId as string, { pollInterval: 5 });
    await expect(waited).rejects.toBeInstanceOf(ExecutionFailedError);
    await expect(waited).rejects.toThrow(/without a report file/);
  });
});
