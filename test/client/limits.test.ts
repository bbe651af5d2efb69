/**
 * The client's limits against real HTTP servers that misbehave: a server that never answers (the
 * per-attempt timeout), one that asks to wait longer than the client may (Retry-After above its
 * maximum), a report link that answers with a page instead of the file, and answers whose fields
 * are not the contract's.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AnswerTooLargeError,
  ApiError,
  createClient,
  DownloadContentError,
  DownloadInterruptedError,
  RateLimitError,
  type RetryEvent,
  TimeoutError,
  UnexpectedAnswerError,
} from "../../src/client/index.js";
import { answer, CMP, execution, httpServers, instantClock, QUERY } from "./helpers.js";

const http = httpServers();
afterEach(() => http.close());

const envelope = (value: unknown[], extra: Record<string, unknown> = {}) => ({
  value,
  totalCount: value.length,
  message: null,
  statusCode: 200,
  ...extra,
});

describe("an attempt without an answer (timeoutMs)", () => {
  it("is retried as a network error is, then throws a TimeoutError naming the URL and the limit", async () => {
    let requests = 0;
    const base = await http.serve(() => {
      requests++; // and never answers
    });
    const retried: RetryEvent[] = [];
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "secret-token-value",
      timeoutMs: 100,
      clock: instantClock(),
      retry: { retries: 2, onRetry: (e) => retried.push(e) },
    });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operationId: "getQueries", timeoutMs: 100 });
    expect((error as TimeoutError).url).toBe(`${base}/insights/v1/cmp/ScheduledQueries`);
    expect((error as Error).message).not.toContain("secret-token-value");
    expect(requests).toBeLessThanOrEqual(3);
    expect(retried.map((e) => e.error?.name)).toEqual(["TimeoutError", "TimeoutError"]);
  });

  it("a retry that gets its answer succeeds", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      if (++requests > 1) answer(response, envelope([QUERY]));
    });
    // The first attempt must time out, the others answer at once: a limit far above a local answer
    // on a loaded machine (the test waits it once).
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      timeoutMs: 500,
      clock: instantClock(),
    });
    expect((await c.getQueries()).value.map((q) => q.queryId)).toEqual(["q1"]);
    expect(requests).toBeGreaterThanOrEqual(2);
  });

  it("a limit past what a timer holds (about 24.8 days) is no limit, not one of 1 ms", async () => {
    const base = await http.serve((_, response) => {
      setTimeout(() => answer(response, envelope([QUERY])), 50);
    });
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      timeoutMs: 2 ** 31,
      retry: { retries: 0 },
    });
    expect((await c.getQueries()).value.map((q) => q.queryId)).toEqual(["q1"]);
    const file = await http.serve((_, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.write("A,B\n");
      setTimeout(() => response.end("1,2\n"), 50);
    });
    const rows: unknown[] = [];
    for await (const row of c.download(execution(`${file}/r.csv`))) rows.push(row);
    expect(rows).toEqual([{ A: "1", B: "2" }]);
  });

  it("covers the whole answer of a call: headers sent, then a body that never ends", async () => {
    const base = await http.serve((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"value": [');
    });
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      timeoutMs: 100,
      retry: { retries: 0 },
    });
    await expect(c.getQueries()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("a create that timed out is not sent again (it may have been made)", async () => {
    const base = await http.serve(() => {});
    const retried: RetryEvent[] = [];
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      timeoutMs: 100,
      clock: instantClock(),
      retry: { onRetry: (e) => retried.push(e) },
    });
    const error = await c
      .createQuery({ body: { Name: "orders", Query: QUERY.query } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(retried).toEqual([]);
  });

  it("the caller's abort is the caller's reason, not a timeout, and is not retried", async () => {
    let requests = 0;
    const base = await http.serve(() => {
      requests++;
    });
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      timeoutMs: 60_000,
      clock: instantClock(),
    });
    const controller = new AbortController();
    const pending = c.getQueries({}, { signal: controller.signal }).catch((e: unknown) => e);
    while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ name: "AbortError" });
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(requests).toBe(1);
  });

  it("a download link that never answers is a TimeoutError without the link's signature", async () => {
    const base = await http.serve(() => {});
    const c = createClient({ endpoint: CMP, token: "t", timeoutMs: 100, retry: { retries: 0 } });
    const error = await c.downloadStream(execution(`${base}/r.csv?sig=SIGNATURE`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).url).toBe(`${base}/r.csv`);
    expect((error as Error).message).not.toContain("SIGNATURE");
  });

  it("a download that stalls mid-way ends in a DownloadInterruptedError caused by the timeout", async () => {
    const base = await http.serve((_, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.write("A,B\n1,2\n"); // then nothing more
    });
    // The headers must arrive within the limit (a timed-out attempt would be retried, with the
    // real clock's backoff): half a second is far above a local answer, and waited once.
    const c = createClient({ endpoint: CMP, token: "t", timeoutMs: 500 });
    const rows: unknown[] = [];
    const error = await (async () => {
      for await (const row of c.download(execution(`${base}/r.csv`))) rows.push(row);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect((error as Error).cause).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/stalled \(no bytes for 0\.5 s\) after 8 bytes/);
  });

  it("bounds the gaps between a download's bytes, not the whole file", async () => {
    const timeoutMs = 500;
    let sent = 0;
    const base = await http.serve((_, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.write("A,B\n");
      // A row every 40 ms until the file has taken twice the limit by the server's own clock: the
      // whole file outlasts the limit however slow the machine, and each gap stays far below it.
      const started = Date.now();
      const timer = setInterval(() => {
        response.write(`${sent++},x\n`);
        if (Date.now() - started > 2 * timeoutMs) {
          clearInterval(timer);
          response.end();
        }
      }, 40);
    });
    const c = createClient({ endpoint: CMP, token: "t", timeoutMs });
    let rows = 0;
    for await (const _ of c.download(execution(`${base}/r.csv`))) rows++;
    expect(rows).toBe(sent);
    expect(rows).toBeGreaterThan(1);
  });
});

describe("the limits' options", () => {
  it.each([
    [{ timeoutMs: -1 }, "timeoutMs is -1"],
    [{ timeoutMs: Number.NaN }, "timeoutMs is NaN"],
    [{ retry: { maxRetryAfterMs: -5 } }, "retry.maxRetryAfterMs is -5"],
  ])("%o is a ClientError saying what to give", (options, said) => {
    expect(() => createClient({ endpoint: CMP, token: "t", ...options })).toThrow(
      `${said}; give milliseconds, 0 or more`,
    );
  });
});

describe("Retry-After", () => {
  it("is waited in full up to maxRetryAfterMs, above the backoff cap", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      if (++requests === 1)
        answer(response, { message: "slow down", statusCode: 429 }, 429, { "retry-after": "45" });
      else answer(response, envelope([QUERY]));
    });
    const clock = instantClock();
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", clock });
    await c.getQueries();
    expect(clock.sleeps).toEqual([45_000]);
  });

  it("above maxRetryAfterMs stops at once with a RateLimitError saying when to come back", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      requests++;
      answer(response, { message: "Too many requests", statusCode: 429 }, 429, { "retry-after": "120" });
    });
    const clock = instantClock();
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", clock });
    const before = Date.now();
    const error = (await c.getQueries().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, waitTooLong: true });
    expect(error.retryAt?.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(error.message).toMatch(/asked to wait 120 s; retry after \d{4}-\d\d-\d\dT/);
    expect(requests).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("a larger maxRetryAfterMs waits it instead", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      if (++requests === 1) answer(response, { statusCode: 503 }, 503, { "retry-after": "120" });
      else answer(response, envelope([QUERY]));
    });
    const clock = instantClock();
    const c = createClient({
      endpoint: `${base}/insights/v1/cmp`,
      token: "t",
      clock,
      retry: { maxRetryAfterMs: 300_000 },
    });
    await c.getQueries();
    expect(clock.sleeps).toEqual([120_000]);
  });

  it("throttling through every retry is a RateLimitError too", async () => {
    const base = await http.serve((_, response) =>
      answer(response, { statusCode: 429 }, 429, { "retry-after": "1" }),
    );
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", clock: instantClock() });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1000, waitTooLong: false });
  });
});

describe("a report link answering with something else than the file", () => {
  const page = "<html><head><title>Sign in</title></head>\u001b[31m<body>Proxy login</body></html>";
  for (const type of [
    "text/html; charset=utf-8",
    "application/json",
    "application/xml",
    "application/problem+json",
  ])
    it(`refuses ${type}, saying what came back, without retrying`, async () => {
      let requests = 0;
      const base = await http.serve((_, response) => {
        requests++;
        response.writeHead(200, { "content-type": type });
        response.end(page);
      });
      const c = createClient({ endpoint: CMP, token: "t", clock: instantClock() });
      const error = (await (async () => {
        for await (const _ of c.download(execution(`${base}/r.csv?sig=s`))) {
        }
      })().catch((e: unknown) => e)) as DownloadContentError;
      expect(error).toBeInstanceOf(DownloadContentError);
      expect(error.contentType).toBe(type.split(";")[0]);
      expect(error.excerpt).toMatch(/^<html><head><title>Sign in/);
      expect(error.excerpt).not.toContain("\u001b");
      expect(requests).toBe(1);
      // downloadStream refuses it too: `reportql run` never saves the page as the report.
      await expect(c.downloadStream(execution(`${base}/r.csv`))).rejects.toBeInstanceOf(DownloadContentError);
    });

  for (const type of [undefined, "application/octet-stream", "text/csv", "text/plain", "binary/octet-stream"])
    it(`reads a file served as ${type ?? "no type"}`, async () => {
      const base = await http.serve((_, response) => {
        response.writeHead(200, type === undefined ? {} : { "content-type": type });
        response.end("A\tB\n1\t2\n");
      });
      const c = createClient({ endpoint: CMP, token: "t" });
      const rows: unknown[] = [];
      for await (const row of c.download(execution(`${base}/r.tsv`, "TSV"))) rows.push(row);
      expect(rows).toEqual([{ A: "1", B: "2" }]);
    });
});

describe("answers whose fields are not the contract's", () => {
  async function answering(body: unknown) {
    const base = await http.serve((_, response) => answer(response, body));
    return createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", retry: { retries: 0 } });
  }

  const cases: [string, unknown, string, string][] = [
    [
      "an item without its id",
      envelope([QUERY, { ...QUERY, queryId: undefined }]),
      "value[1].queryId",
      "missing",
    ],
    ["an id that is a number", envelope([{ ...QUERY, queryId: 7 }]), "value[0].queryId", "a number"],
    ["an item that is not an object", envelope(["q1"]), "value[0]", "a string"],
    ["a nextLink that is not a string", envelope([QUERY], { nextLink: 5 }), "nextLink", "a number"],
  ];
  for (const [what, body, field, found] of cases)
    it(`${what} is an UnexpectedAnswerError naming ${field}`, async () => {
      const c = await answering(body);
      const error = await c.getQueries().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedAnswerError);
      expect(error).toMatchObject({ operationId: "getQueries", field, found, httpStatus: 200 });
    });

  it("a create answered without the item it made", async () => {
    const c = await answering(envelope([]));
    const error = await c
      .createQuery({ body: { Name: "orders", Query: QUERY.query } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "UnexpectedAnswerError", field: "value", found: "empty" });
  });

  it("an execution whose report link is no http(s) URL", async () => {
    const c = await answering(
      envelope([{ ...execution("javascript:alert(1)"), reportAccessSecureLink: "file:///etc/passwd" }]),
    );
    const error = await c
      .getExecutions({ reportId: "22222222-2222-2222-2222-222222222222" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "value[0].reportAccessSecureLink", expected: "an http(s) URL" });
  });

  it("passes unknown fields, statuses the contract does not list yet, and links not made yet", async () => {
    const c = await answering(
      envelope(
        [
          {
            ...execution(""),
            executionStatus: "Throttled",
            reportAccessSecureLink: null,
            newField: { x: 1 },
          },
        ],
        {
          newEnvelopeField: true,
        },
      ),
    );
    const [got] = (await c.getExecutions({ reportId: "22222222-2222-2222-2222-222222222222" })).value;
    expect(got).toMatchObject({ executionStatus: "Throttled", newField: { x: 1 } });
  });
});

describe("an answer that never ends", () => {
  it("is an AnswerTooLargeError past 64 MiB, and the connection is dropped", async () => {
    let sent = 0;
    let closed = false;
    const base = await http.serve((request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"value":[');
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const more = () => {
        while (!closed) {
          sent += chunk.length;
          if (!response.write(chunk)) break;
        }
        if (!closed) response.once("drain", more);
      };
      request.socket.on("close", () => {
        closed = true;
      });
      more();
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", retry: { retries: 0 } });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ operationId: "getQueries", httpStatus: 200, limitBytes: 64 * 1024 * 1024 });
    await new Promise<void>((resolve) => {
      const check = () => (closed ? resolve() : setImmediate(check));
      check();
    });
    expect(sent).toBeGreaterThan(64 * 1024 * 1024);
  });

  it("an answer below the limit, with a BOM and characters split across chunks, is read as before", async () => {
    const name = "Umsätze 日本 😀";
    const base = await http.serve((_, response) => {
      const bytes = Buffer.from(`\uFEFF${JSON.stringify(envelope([{ ...QUERY, name }]))}`);
      response.writeHead(200, { "content-type": "application/json" });
      // One byte at a time: every multi-byte character is split.
      let i = 0;
      const next = () => (i < bytes.length ? response.write(bytes.subarray(i, ++i), next) : response.end());
      next();
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t" });
    expect((await c.getQueries()).value.map((q) => q.name)).toEqual([name]);
  });
});
