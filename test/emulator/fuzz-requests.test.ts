/**
 * Any request an integrator's code could build, through the handler: a method, a path of known and
 * odd segments (escapes, malformed escapes, `%2F`, non-ASCII), a query string and the headers the
 * emulator reads (token, Origin, Range, conditions). The answer is never a 500 (what a throw becomes)
 * and always readable: the envelope as JSON, a storage error as XML, or no body.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server/handler.js";
import { inProcess } from "./server-helpers.js";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await inProcess({ clock: new Date("2026-06-15T10:00:00Z"), rows: 200 });
});
afterAll(() => emulator.close());

const segment = fc.oneof(
  fc.constantFrom(
    "insights",
    "v1",
    "v1.1",
    "cmp",
    "mpn",
    "ScheduledQueries",
    "ScheduledReport",
    "ScheduledDataset",
    "execution",
    "cancel",
    "pause",
    "resume",
    "testQueryResult",
    "_emulator",
    "files",
    "clock",
    "advance",
    "reset",
    "faults",
    "journal",
    "datasets",
    "rows",
    "seed",
    "00000000-0000-0000-0000-000000000000",
    "%2D",
    "%zz",
    "%E0%A4%A",
    "%2F",
    "%00",
    "%C3%A9",
    "..",
    ".",
  ),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);

const path = fc.oneof(
  fc.constantFrom(
    "/insights/v1/cmp/ScheduledQueries",
    "/insights/v1/mpn/ScheduledReport",
    "/insights/v1.1/cmp/ScheduledReport/execution/00000000-0000-0000-0000-000000000000",
    "/insights/v1/cmp/ScheduledQueries/testQueryResult",
    "/_emulator/files/00000000-0000-0000-0000-000000000000",
    "/_emulator/clock/advance",
    "/_emulator/faults",
    "*",
  ),
  fc.array(segment, { maxLength: 7 }).map((parts) => `/${parts.join("/")}`),
  fc
    .tuple(
      fc.constantFrom("/insights/v1/cmp", "/insights/v1/mpn", "/_emulator"),
      fc.array(segment, { maxLength: 4 }),
    )
    .map(([root, parts]) => `${root}/${parts.join("/")}`),
);

const headers = fc.record(
  {
    authorization: fc.constantFrom("Bearer t", "bearer t", "Basic x", ""),
    origin: fc.constantFrom("http://localhost:3000", "https://evil.example", "null", "a, b", "::"),
    range: fc.constantFrom(
      "bytes=0-3",
      "bytes=-2",
      "bytes=9-1",
      "bytes=0-1,2-3",
      "items=1-2",
      "bytes=99999999999999999999-",
    ),
    "x-ms-range": fc.constantFrom("bytes=1-", "junk"),
    "if-match": fc.constantFrom("*", '"0x1"', "W/x", ""),
    "if-range": fc.constantFrom('"0x1"', "Mon, 15 Jun 2026 10:00:00 GMT", "junk"),
    "content-type": fc.constantFrom("application/json", "text/plain"),
  },
  { requiredKeys: [] },
);

const request = fc.record({
  method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"),
  path,
  query: fc.oneof(
    fc.constant(""),
    fc.constantFrom("?se=1&sig=x", "?queryId=%zz", "?getLatestExecution=maybe", "?executionStatus=Done"),
  ),
  headers,
  body: fc.oneof(fc.constant(undefined), fc.constantFrom("{}", "[]", '{"hours": 1}', "not json", "\u00ff")),
});

describe("any request", () => {
  it("answers without a 500, in a readable body", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const hasBody = r.body !== undefined && r.method !== "GET" && r.method !== "HEAD";
        const answer = await emulator.answer({
          method: r.method,
          url: `http://emulator.test${r.path}${r.query}`,
          headers: {
            get: (name) => (r.headers as Record<string, string | undefined>)[name.toLowerCase()] ?? null,
          },
          arrayBuffer: () =>
            Promise.resolve(new TextEncoder().encode(hasBody ? r.body : "").buffer as ArrayBuffer),
        });
        expect(answer.status, `${r.method} ${r.path}${r.query}`).not.toBe(500);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(600);
        const text = typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body);
        if (
          answer.bodyless ||
          text === "" ||
          answer.status === 206 ||
          /text\/(csv|tab)/.test(answer.headers["content-type"] ?? "")
        )
          return;
        if (text.startsWith("<?xml")) expect(text).toMatch(/<Error><Code>\w+<\/Code>/);
        else expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
});
