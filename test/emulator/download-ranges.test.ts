/**
 * A report file's link honours one byte range as Azure Blob's Get Blob does (ranges.ts), over real
 * HTTP: 206 with `Content-Range`, `Accept-Ranges` on whole answers too, 416 `InvalidRange` with
 * `Content-Range: bytes * /size` past the end, ranges storage does not take ignored (200, whole),
 * `x-ms-range` before `Range`, and HEAD answering as GET does.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { requestedRange } from "../../src/emulator/server/ranges.js";
import { client, completedRun, start } from "./server-helpers.js";

let server: RunningEmulator;
let link: string;
let whole: Buffer;

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z") });
  ({ link } = await completedRun(client(`${server.url}/insights/v1/cmp`)));
  whole = Buffer.from(await (await fetch(link)).arrayBuffer());
});
afterAll(() => server.close());

async function get(headers: Record<string, string>, method = "GET") {
  const response = await fetch(link, { method, headers });
  return {
    status: response.status,
    range: response.headers.get("content-range"),
    accept: response.headers.get("accept-ranges"),
    length: response.headers.get("content-length"),
    code: response.headers.get("x-ms-error-code"),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe("a report file's link and byte ranges", () => {
  it("the whole file says Accept-Ranges: bytes", async () => {
    expect(whole.length).toBeGreaterThan(20);
    const got = await get({});
    expect(got).toMatchObject({ status: 200, accept: "bytes", range: null, length: String(whole.length) });
  });

  it.each([
    ["bytes=0-9", 0, 9],
    ["bytes=5-", 5, -1],
    ["bytes=3-3", 3, 3],
    ["BYTES = 2 - 6", 2, 6],
    ["bytes=10-999999999", 10, -1],
  ])("Range %s: 206 with the part and its Content-Range", async (header, start, endOrLast) => {
    const end = endOrLast === -1 ? whole.length - 1 : endOrLast;
    const got = await get({ range: header });
    expect(got).toMatchObject({
      status: 206,
      accept: "bytes",
      range: `bytes ${start}-${end}/${whole.length}`,
      length: String(end - start + 1),
    });
    expect(got.body.equals(whole.subarray(start, end + 1))).toBe(true);
  });

  it("x-ms-range wins over Range", async () => {
    const got = await get({ range: "bytes=0-1", "x-ms-range": "bytes=4-7" });
    expect(got.status).toBe(206);
    expect(got.range).toBe(`bytes 4-7/${whole.length}`);
  });

  it.each(["bytes=-5", `bytes=${99999}-`, "bytes=99999999999999999999999-"])(
    "Range %s: 416 InvalidRange with the size",
    async (header) => {
      const start = Number(/=(\d+)/.exec(header)?.[1] ?? "0");
      if (header !== "bytes=-5") expect(start).toBeGreaterThanOrEqual(whole.length);
      const got = await get({ range: header });
      expect(got).toMatchObject({ status: 416, code: "InvalidRange", range: `bytes */${whole.length}` });
      expect(got.body.toString()).toContain("<Code>InvalidRange</Code>");
    },
  );

  it("a start exactly at the length is past the end: 416", async () => {
    expect((await get({ range: `bytes=${whole.length}-` })).status).toBe(416);
    expect((await get({ range: `bytes=${whole.length - 1}-` })).status).toBe(206);
  });

  it.each(["bytes=0-1,4-5", "bytes=5-2", "items=0-5", "bytes=", "bytes=-", "bytes=a-b", "0-5"])(
    "Range %s is ignored: 200 with the whole file",
    async (header) => {
      const got = await get({ range: header });
      expect(got).toMatchObject({ status: 200, accept: "bytes", range: null });
      expect(got.body.equals(whole)).toBe(true);
    },
  );

  it("HEAD answers as GET: status, Content-Range and the part's length, no body", async () => {
    const cases: Record<string, string>[] = [{}, { range: "bytes=2-11" }, { range: "bytes=-3" }];
    for (const headers of cases) {
      const [asGet, asHead] = [await get(headers), await get(headers, "HEAD")];
      expect(asHead).toMatchObject({
        status: asGet.status,
        range: asGet.range,
        accept: asGet.accept,
        length: asGet.length,
      });
      expect(asHead.body.length).toBe(0);
    }
  });

  it("a download cut short resumes with bytes=<received>- and the parts make the file", async () => {
    const third = Math.floor(whole.length / 3);
    const first = await get({ range: `bytes=0-${third - 1}` });
    const second = await get({ range: `bytes=${third}-${2 * third - 1}` });
    const rest = await get({ range: `bytes=${2 * third}-` });
    expect([first.status, second.status, rest.status]).toEqual([206, 206, 206]);
    expect(Buffer.concat([first.body, second.body, rest.body]).equals(whole)).toBe(true);
  });
});

describe("a report file's validators and conditions", () => {
  async function validators() {
    const response = await fetch(link);
    await response.arrayBuffer();
    return {
      etag: response.headers.get("etag") ?? "",
      lastModified: response.headers.get("last-modified") ?? "",
    };
  }

  it("an ETag in storage's form and a Last-Modified, the same on every answer for the file", async () => {
    const { etag, lastModified } = await validators();
    expect(etag).toMatch(/^"0x[0-9A-F]{15}"$/);
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    const part = await fetch(link, { headers: { range: "bytes=0-3" } });
    expect([part.headers.get("etag"), part.headers.get("last-modified")]).toEqual([etag, lastModified]);
  });

  it("ranged parts with If-Match of the first part's ETag (as the Azure SDKs send them) make the file", async () => {
    const { etag } = await validators();
    const half = Math.floor(whole.length / 2);
    const first = await get({ range: `bytes=0-${half - 1}`, "if-match": etag });
    const second = await get({ "x-ms-range": `bytes=${half}-`, "if-match": etag });
    expect([first.status, second.status]).toEqual([206, 206]);
    expect(Buffer.concat([first.body, second.body]).equals(whole)).toBe(true);
    expect((await get({ "if-match": "*" })).status).toBe(200);
  });

  it("If-Match naming another ETag: 412 ConditionNotMet, in storage's shape", async () => {
    for (const other of ['"0x0000000000000000"', `W/${(await validators()).etag}`]) {
      const got = await get({ range: "bytes=0-3", "if-match": other });
      expect([got.status, got.code]).toEqual([412, "ConditionNotMet"]);
      expect(got.body.toString()).toContain("<Code>ConditionNotMet</Code>");
    }
  });

  it("If-None-Match naming the ETag: 304 without a body, for GET and HEAD", async () => {
    const { etag } = await validators();
    for (const method of ["GET", "HEAD"]) {
      const got = await get({ "if-none-match": etag }, method);
      expect([got.status, got.body.length]).toEqual([304, 0]);
    }
    expect((await get({ "if-none-match": '"0x0000000000000000"' })).status).toBe(200);
  });

  it("If-Range: the range holds for the file's ETag or date, else the whole file", async () => {
    const { etag, lastModified } = await validators();
    expect((await get({ range: "bytes=0-3", "if-range": etag })).status).toBe(206);
    expect((await get({ range: "bytes=0-3", "if-range": lastModified })).status).toBe(206);
    const stale = await get({ range: "bytes=0-3", "if-range": '"0x0000000000000000"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(whole)).toBe(true);
  });
});

describe("requestedRange", () => {
  it("a partial range lies inside the file, for any header and size", () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), fc.nat(1000), (range, msRange, size) => {
        const got = requestedRange(msRange, range, size);
        if (got.kind !== "partial") return;
        expect(got.start).toBeGreaterThanOrEqual(0);
        expect(got.start).toBeLessThanOrEqual(got.end);
        expect(got.end).toBeLessThan(size);
      }),
    );
  });

  it("bytes=a-b of a file longer than b is exactly a..b", () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), (a, length, extra) => {
        const b = a + length;
        expect(requestedRange(null, `bytes=${a}-${b}`, b + 1 + extra)).toEqual({
          kind: "partial",
          start: a,
          end: b,
        });
      }),
    );
  });

  it("an empty file satisfies no range", () => {
    expect(requestedRange(null, "bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
    expect(requestedRange(null, "bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });
});
