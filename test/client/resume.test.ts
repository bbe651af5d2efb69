/**
 * Report downloads resumed after a cut, against the real emulator over HTTP: a front on 127.0.0.1
 * (test/helpers/proxy.ts) forwards the report link and resets the connection after N body bytes.
 * The bytes read equal the whole file byte for byte, and the request after a cut asked for the rest
 * (`Range: bytes=N-`, `If-Match` the file's ETag). A server that ignores the range (200, same ETag)
 * is read on past the bytes already had; a file that changed (412) is a `ReportFileChangedError`;
 * more cuts than the retry policy allows end in a `DownloadInterruptedError`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  DownloadInterruptedError,
  type Execution,
  ReportFileChangedError,
  type RetryEvent,
  type RetryOptions,
} from "../../src/client/index.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";
import { type FrontChanges, type Middleman, startCuttingFront } from "../helpers/proxy.js";
import { instantClock, ORDERS } from "./helpers.js";

let server: RunningEmulator;
let execution: Execution;
let whole: Buffer;
let etag: string;
let front: Middleman | undefined;

const client = (retry: RetryOptions = {}) =>
  createClient({
    endpoint: `${server.url}/insights/v1/cmp`,
    token: "t",
    clock: instantClock(),
    retry,
    proxyEnv: {},
  });

beforeAll(async () => {
  server = await start();
  const c = client();
  const query = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
  const report = await c.createReport({
    body: { ReportName: "now", QueryId: query.value[0]?.queryId as string, ExecuteNow: true, Format: "CSV" },
  });
  execution = await c.waitForExecution(report.value[0]?.reportId as string, { pollInterval: 10 });
  const answer = await fetch(execution.reportAccessSecureLink as string);
  whole = Buffer.from(await answer.arrayBuffer());
  etag = answer.headers.get("etag") ?? "";
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await front?.close();
  front = undefined;
});

/** The execution with its link through a front cutting the answers after `cuts` bytes. */
async function cutting(cuts: number[], changes?: FrontChanges): Promise<Execution> {
  front = await startCuttingFront(server.url, cuts, changes);
  const link = (execution.reportAccessSecureLink as string).replace(server.url, front.url);
  return { ...execution, reportAccessSecureLink: link };
}

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const sentHeaders = (name: string) => (front?.records ?? []).map((r) => r.headers[name]);

describe("a report download cut off mid-way", () => {
  it("is a file large enough to cut, with a strong ETag", () => {
    expect(whole.length).toBeGreaterThan(10_000);
    expect(etag).toMatch(/^"0x[0-9A-F]+"$/);
  });

  it("resumes from the bytes received, with Range and If-Match, and gives the whole file", async () => {
    const events: RetryEvent[] = [];
    const cut = await cutting([1000]);
    const got = await bytes(await client({ onRetry: (e) => events.push(e) }).downloadStream(cut));
    expect(got.equals(whole)).toBe(true);
    expect(sentHeaders("range")).toEqual([undefined, "bytes=1000-"]);
    expect(sentHeaders("if-match")).toEqual([undefined, etag]);
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeInstanceOf(DownloadInterruptedError);
    expect(events[0]?.error).toMatchObject({ receivedBytes: 1000 });
  });

  it("resumes again after a second cut, from where that one stopped", async () => {
    const cut = await cutting([1000, 5000]);
    const got = await bytes(await client().downloadStream(cut));
    expect(got.equals(whole)).toBe(true);
    expect(sentHeaders("range")).toEqual([undefined, "bytes=1000-", "bytes=6000-"]);
  });

  it("reads rows across the cut as if there were none", async () => {
    const cut = await cutting([777]);
    const rows: Record<string, string>[] = [];
    for await (const row of client().download(cut)) rows.push(row);
    const lines = whole.toString("utf8").trimEnd().split("\r\n");
    expect(rows).toHaveLength(lines.length - 1);
  });

  it("skips the bytes it has when the server ignores the range and sends the same file whole", async () => {
    const ignoringRange: FrontChanges = {
      request: (index, headers) => {
        if (index === 0) return headers;
        const { range: _, ...rest } = headers;
        return rest;
      },
    };
    const cut = await cutting([1500], ignoringRange);
    const got = await bytes(await client().downloadStream(cut));
    expect(got.equals(whole)).toBe(true);
    expect(sentHeaders("range")).toEqual([undefined, "bytes=1500-"]);
  });

  it("stops with ReportFileChangedError when the file changed (412 to If-Match)", async () => {
    // The first answer carried another ETag: the file the client began is not the one stored now.
    const cut = await cutting([1000], {
      answer: (index, h) => (index === 0 ? { ...h, etag: '"0xOLD"' } : h),
    });
    const error = await bytes(await client().downloadStream(cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportFileChangedError);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect((error as Error).message).toMatch(/412.*download it again from the start/);
    expect(sentHeaders("if-match")).toEqual([undefined, '"0xOLD"']);
  });

  it("resumes a download that stalls (no bytes within timeoutMs) as one that is cut", async () => {
    const cut = await cutting([3000], { stall: true });
    const stalled = createClient({
      endpoint: `${server.url}/insights/v1/cmp`,
      token: "t",
      clock: instantClock(),
      timeoutMs: 300,
      proxyEnv: {},
    });
    const got = await bytes(await stalled.downloadStream(cut));
    expect(got.equals(whole)).toBe(true);
    expect(sentHeaders("range")).toEqual([undefined, "bytes=3000-"]);
  });

  it("ends well when the cut came after the last byte (416 to the rest: nothing is left)", async () => {
    // Chunked, so the client learns of the end only from the last chunk, which the cut drops.
    const chunked: FrontChanges = {
      answer: (index, h) => {
        const { "content-length": _, ...rest } = h;
        return index === 0 ? rest : h;
      },
    };
    const cut = await cutting([whole.length], chunked);
    const got = await bytes(await client().downloadStream(cut));
    expect(got.equals(whole)).toBe(true);
    expect(sentHeaders("range")).toEqual([undefined, `bytes=${whole.length}-`]);
  });

  it("gives up after the retry policy's retries, saying how many bytes it had", async () => {
    const cut = await cutting([100, 100, 100]);
    const error = await bytes(await client({ retries: 2 }).downloadStream(cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).not.toBeInstanceOf(ReportFileChangedError);
    expect(error).toMatchObject({ receivedBytes: 300 });
    expect(sentHeaders("range")).toEqual([undefined, "bytes=100-", "bytes=200-"]);
  });

  it("does not resume a file without an ETag: the cut is a DownloadInterruptedError", async () => {
    const cut = await cutting([1000], {
      answer: (index, h) => {
        const { etag: _, ...rest } = h;
        return index === 0 ? rest : h;
      },
    });
    const error = await bytes(await client().downloadStream(cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ receivedBytes: 1000 });
    expect(front?.records).toHaveLength(1);
  });
});
