/**
 * The client's handling of what the wire can bring, with hand-written answers where the emulator
 * never sends them: paginated answers, an error inside an HTTP 200, keys in other cases, network
 * failures, gzip and BOM in report files, TSV, tokens from a function.
 */
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  ClientError,
  createClient,
  type Execution,
  NetworkError,
  ResponseFormatError,
} from "../../src/client/index.js";
import { CMP, instantClock, MPN, recording } from "./helpers.js";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

const query = (n: number) => ({
  QueryId: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
  Name: `q${n}`,
  Query: "SELECT OrderId FROM ISVOrder",
  Type: "userDefined",
  CreatedTime: "2026-01-01T00:00:00Z",
});

describe("answers", () => {
  it("follows nextLink page after page, with keys in any case", async () => {
    const pages = [
      {
        Value: [query(1), query(2)],
        NextLink: `${CMP}/ScheduledQueries?page=2`,
        TotalCount: 2,
        StatusCode: 200,
      },
      { value: [query(3)], nextLink: "ScheduledQueries?page=3", totalCount: 1, statusCode: 200 },
      { " value": [query(4)], "nextLink ": null, totalCount: 1, statusCode: 200 },
    ];
    const fetcher = recording(async (request) => {
      const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
      return json(pages[page - 1]);
    });
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    const ids: string[] = [];
    for await (const q of c.paginate("getQueries")) ids.push(q.queryId);
    expect(ids.map((id) => id.slice(-1))).toEqual(["1", "2", "3", "4"]);
    expect(fetcher.requests.map((r) => new URL(r.url).search)).toEqual(["", "?page=2", "?page=3"]);
    expect(fetcher.requests.every((r) => r.headers.get("authorization") === "Bearer t")).toBe(true);
  });

  it("never sends the token to a nextLink on another host", async () => {
    const fetcher = recording(async () =>
      json({
        value: [query(1)],
        nextLink: "https://elsewhere.example/steal",
        totalCount: 1,
        statusCode: 200,
      }),
    );
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    const items = c.paginate("getQueries");
    expect((await items.next()).value).toMatchObject({ name: "q1" });
    await expect(items.next()).rejects.toBeInstanceOf(ClientError);
    expect(fetcher.requests).toHaveLength(1);
  });

  it("an error envelope inside an HTTP 200 is the error it says", async () => {
    const c = createClient({
      endpoint: CMP,
      token: "t",
      fetch: async () => json({ value: [], totalCount: 0, message: "Invalid query", statusCode: 400 }),
    });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, httpStatus: 200, serviceMessage: "Invalid query" });
  });

  it("an answer that is not the envelope is a ResponseFormatError", async () => {
    const c = createClient({
      endpoint: CMP,
      token: "t",
      fetch: async () => new Response("<html>proxy</html>", { status: 200 }),
    });
    expect(await c.getQueries().catch((e: unknown) => e)).toBeInstanceOf(ResponseFormatError);
  });

  it("asks the token function on every request (a credential refreshes its token)", async () => {
    let n = 0;
    const fetcher = recording(async () => json({ value: [], totalCount: 0, statusCode: 200 }));
    const c = createClient({
      endpoint: MPN,
      token: async () => ({ token: `tok${++n}` }),
      fetch: fetcher,
    });
    await c.getQueries();
    await c.getReports();
    expect(fetcher.requests.map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer tok1",
      "Bearer tok2",
    ]);
  });

  describe("a 401 mid-run (the token expired in use)", () => {
    /** A service taking only `Bearer good`: a created query for a create, an empty list otherwise. */
    const service = () =>
      recording(async (request) =>
        request.headers.get("authorization") !== "Bearer good"
          ? json({ message: "token expired", statusCode: 401 }, 401)
          : request.method === "POST"
            ? json({ value: [query(1)], totalCount: 1, statusCode: 200 })
            : json({ value: [], totalCount: 0, statusCode: 200 }),
      );

    it("is made again once with the credential's new token, a create too (a 401 was not processed)", async () => {
      const tokens = ["old", "good", "good"];
      const fetcher = service();
      const c = createClient({ endpoint: CMP, token: async () => tokens.shift() ?? "good", fetch: fetcher });
      const created = await c.createQuery({
        body: { Name: "q1", Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" },
      });
      expect(created.value).toHaveLength(1);
      expect(fetcher.requests.map((r) => `${r.method} ${r.headers.get("authorization")}`)).toEqual([
        "POST Bearer old",
        "POST Bearer good",
      ]);
    });

    it("is the ApiError when the credential gives the same token again, or the new one is refused too", async () => {
      for (const tokens of [["old"], ["old", "older"]]) {
        const fetcher = service();
        let n = 0;
        const c = createClient({
          endpoint: MPN,
          token: () => tokens[Math.min(n++, tokens.length - 1)] as string,
          fetch: fetcher,
        });
        const error = await c.getQueries().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect(error).toMatchObject({ status: 401 });
        expect(fetcher.requests).toHaveLength(tokens.length);
      }
    });

    it("is the ApiError at once for a token given as a string", async () => {
      const fetcher = service();
      const c = createClient({ endpoint: MPN, token: "old", fetch: fetcher });
      await expect(c.getQueries()).rejects.toMatchObject({ status: 401 });
      expect(fetcher.requests).toHaveLength(1);
    });
  });

  it("refuses an endpoint that is no report API root", () => {
    expect(() => createClient({ endpoint: "http://127.0.0.1:7071", token: "t" })).toThrow(ClientError);
  });
});

describe("network errors", () => {
  const refused = async (): Promise<Response> => {
    throw new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
    });
  };

  it("retries a read, then says the endpoint is unreachable", async () => {
    const fetcher = recording(refused);
    const clock = instantClock();
    const error = await createClient({
      endpoint: CMP,
      token: "t",
      fetch: fetcher,
      clock,
      retry: { retries: 3 },
    })
      .getQueries()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    expect(fetcher.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it("does not retry a create after a network error (it may have been received)", async () => {
    const fetcher = recording(refused);
    const error = await createClient({ endpoint: CMP, token: "t", fetch: fetcher, clock: instantClock() })
      .createQuery({ body: { Name: "q", Query: "SELECT OrderId FROM ISVOrder" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(fetcher.requests).toHaveLength(1);
  });
});

describe("report files", () => {
  const execution = (format: string): Execution => ({
    executionId: "e",
    reportId: "r",
    format,
    executionStatus: "Completed",
    reportAccessSecureLink: "https://storage.example/file?sig=x",
  });

  async function rows(body: Uint8Array | string, format = "CSV") {
    const fetcher = recording(async () => new Response(body));
    const c = createClient({ endpoint: CMP, token: "secret", fetch: fetcher });
    const out: Record<string, string>[] = [];
    for await (const row of c.download(execution(format))) out.push(row);
    expect(fetcher.requests[0]?.headers.get("authorization")).toBeNull();
    return out;
  }

  it("reads gzip, strips a BOM, keeps quoted commas and line breaks", async () => {
    const text = '\uFEFFName,Note\r\n"Contoso, Ltd","two\r\nlines"\r\nFabrikam,x\r\n';
    const expected = [
      { Name: "Contoso, Ltd", Note: "two\r\nlines" },
      { Name: "Fabrikam", Note: "x" },
    ];
    expect(await rows(text)).toEqual(expected);
    expect(await rows(gzipSync(Buffer.from(text)))).toEqual(expected);
  });

  it("reads TSV", async () => {
    expect(await rows('a\tb\r\n1\t"2\r\n', "TSV")).toEqual([{ a: "1", b: '"2' }]);
    // Backslash escapes (the emulator's TSV): `\t`, `\n`, `\r`, `\\`; others kept as written.
    expect(await rows("a\tb\r\nx\\ty\t\\\\n\\q\r\n", "TSV")).toEqual([{ a: "x\ty", b: "\\n\\q" }]);
  });

  it("a BOM alone in the first chunk, and an empty report, are fine", async () => {
    const parts = [new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), new TextEncoder().encode("a\r\n")];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const c = createClient({ endpoint: CMP, token: "t", fetch: async () => new Response(stream) });
    const bytes = await new Response(await c.downloadStream(execution("CSV"))).text();
    expect(bytes).toBe("a\r\n");
    expect(await rows("")).toEqual([]);
  });
});

describe("tokens", () => {
  it("a credential that gives no token is a ClientError, and nothing is sent", async () => {
    const fetcher = recording(async () => json({ value: [], totalCount: 0, statusCode: 200 }));
    const c = createClient({ endpoint: CMP, token: async () => null, fetch: fetcher });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as Error).message).toMatch(/gave no token/);
    expect(fetcher.requests).toHaveLength(0);
  });
});

describe("answers that would never end", () => {
  /** Ends a loop the client would not end, so that the test fails instead of hanging. */
  let sent = 0;
  const bounded = (answer: () => Response) => async () => {
    if (++sent > 10) throw new Error("the client kept sending");
    return answer();
  };
  beforeEach(() => {
    sent = 0;
  });

  it("a nextLink back to a page already read is not followed again", async () => {
    const fetcher = recording(
      bounded(() =>
        json({ value: [query(1)], nextLink: "ScheduledQueries?page=2", totalCount: 1, statusCode: 200 }),
      ),
    );
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    const ids: string[] = [];
    const error = await (async () => {
      for await (const q of c.paginate("getQueries")) ids.push(q.queryId);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as Error).message).toMatch(/already read/);
    expect(fetcher.requests).toHaveLength(2);
    expect(ids).toHaveLength(2);
  });

  it("nextLinks that differ every time are followed for 10,000 pages at most", async () => {
    let page = 0;
    const fetcher = async () => {
      if (++page > 10_002) throw new Error("the client kept sending");
      return json({ value: [], nextLink: `ScheduledQueries?page=${page + 1}`, statusCode: 200 });
    };
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    const error = await (async () => {
      for await (const _ of c.paginate("getQueries"));
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as Error).message).toBe("getQueries: more than 10000 pages; nextLink not followed further");
    expect(page).toBe(10_001);
  });

  it("waitForExecution does not wait on a 404 that is not the service's (no envelope)", async () => {
    const fetcher = recording(bounded(() => new Response("<h1>Not Found</h1>", { status: 404 })));
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher, clock: instantClock() });
    const error = await c
      .waitForExecution("22222222-2222-2222-2222-222222222222", { pollInterval: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, serviceMessage: undefined });
    expect(fetcher.requests).toHaveLength(1);
  });
});

describe("successes that say nothing", () => {
  it.each([
    ["an empty body", ""],
    ["an object without value", "{}"],
    ["a gateway's object", '{"status":"ok"}'],
  ])("%s is a ResponseFormatError, not an empty list", async (_, body) => {
    const c = createClient({
      endpoint: CMP,
      token: "t",
      fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
    });
    await expect(c.getQueries()).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it("a bare array and an envelope with an empty value are answers", async () => {
    for (const body of ["[]", '{"Value":[],"StatusCode":200}']) {
      const c = createClient({ endpoint: CMP, token: "t", fetch: async () => new Response(body) });
      expect((await c.getQueries()).value).toEqual([]);
    }
  });
});
