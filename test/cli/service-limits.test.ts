/**
 * `run`, `pull` and `push` at the client's limits, in process: `--timeout` and its checks, a service
 * asking to wait longer than the client waits, answers that are not the contract's, a report link
 * answering with a page, and a folder whose file names differ only in case.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeFailure } from "../../src/cli/service.js";
import { DownloadContentError, RateLimitError, TimeoutError } from "../../src/client/index.js";
import { answer, httpServers, QUERY } from "../client/helpers.js";
import { cli } from "../helpers/cli.js";
import { serviceEmulator } from "../helpers/service-emulator.js";

const emulator = serviceEmulator("reportql-limits-");
const http = httpServers();
afterEach(() => http.close());

const run = (args: string[]) => cli(args, { cwd: emulator.dir });

describe("--timeout", () => {
  it.each([
    ["run", ["run", "orders.rql"]],
    ["pull", ["pull", "queries"]],
    ["push", ["push", "queries"]],
  ])(
    "%s: a value that is no number of seconds from 1 to 3600 is a usage error naming the flag",
    async (command, args) => {
      for (const bad of ["0", "abc", "-5", "7200", ""]) {
        const ran = await run([...args, "--endpoint", emulator.endpoint, "--token", "t", `--timeout=${bad}`]);
        expect(ran.code).toBe(2);
        expect(ran.stderr).toContain(`${command}: --timeout takes seconds from 1 to 3600`);
      }
      expect(await emulator.requests()).toEqual([]);
    },
  );

  it("bounds each request: pull says so and retries a request that got no answer", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      if (++requests > 1) answer(response, { value: [QUERY], totalCount: 1, statusCode: 200 });
    });
    const ran = await run([
      "pull",
      "queries",
      "--endpoint",
      `${base}/insights/v1/cmp`,
      "--token",
      "t",
      "--timeout",
      "1",
    ]);
    expect(ran.stderr).toMatch(/no answer from the service within 1 s; retrying getQueries/);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/wrote queries\/orders\.rql/);
  });

  it("a request that never got an answer is said with the limit and what to do", async () => {
    const failure = await describeFailure(
      "pull",
      new TimeoutError("getQueries", "https://api.example/insights/v1/cmp/ScheduledQueries", 60_000),
      "https://api.example/insights/v1/cmp",
    );
    expect(failure).toMatchObject({ code: 2 });
    expect(failure?.message).toMatch(/getQueries: no answer from .* within 60 s\. .*--timeout SECONDS/);
  });
  it("a limit of a fraction of a second is said as given (--timeout 1.5), not rounded", async () => {
    const failure = await describeFailure(
      "pull",
      new TimeoutError("getQueries", "https://api.example/insights/v1/cmp/ScheduledQueries", 1500),
      "https://api.example/insights/v1/cmp",
    );
    expect(failure?.message).toMatch(/ within 1\.5 s\. /);
  });
});

describe("a service asking to wait longer than the client waits", () => {
  it("pull stops at once and says when to run again", async () => {
    let requests = 0;
    const base = await http.serve((_, response) => {
      requests++;
      answer(response, { message: "Too many requests", statusCode: 429 }, 429, { "retry-after": "600" });
    });
    const ran = await run(["pull", "queries", "--endpoint", `${base}/insights/v1/cmp`, "--token", "t"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /getQueries: the service is throttling requests \(429\) and asked to wait 600 s; run again after (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC/,
    );
    expect(requests).toBe(1);
  });

  it("a Retry-After no date can hold the end of is no internal error: it is read as none", async () => {
    const base = await http.serve((_, response) => {
      answer(response, { message: "Too many requests", statusCode: 429 }, 429, {
        "retry-after": "99999999999999",
      });
    });
    const ran = await run([
      "pull",
      "queries",
      "--endpoint",
      `${base}/insights/v1/cmp`,
      "--token",
      "t",
      "--timeout",
      "5",
    ]);
    expect(ran.stderr).not.toMatch(/internal error|RangeError/);
    expect(ran.stderr).toMatch(/still throttling requests \(429 \("Too many requests"\)\) after retries/);
    expect(ran.code).toBe(2);
  });

  it("the time to come back is the error's", async () => {
    const at = Date.parse("2026-03-01T10:00:00Z");
    const error = new RateLimitError("getQueries", 429, 429, undefined, 120_000, at, true);
    const failure = await describeFailure("pull", error, "https://api.example/insights/v1/cmp");
    expect(failure?.message).toMatch(/asked to wait 120 s; run again after 10:02:00 UTC/);
    // Past midnight, the date is said too; both whatever day the test runs.
    const late = new RateLimitError(
      "getQueries",
      429,
      429,
      undefined,
      3_600_000,
      at + 13.5 * 3_600_000,
      true,
    );
    const tomorrow = await describeFailure("pull", late, "https://api.example/insights/v1/cmp");
    expect(tomorrow?.message).toMatch(/run again after 2026-03-02 00:30:00 UTC/);
  });
});

describe("answers that are not the contract's", () => {
  it("pull names the bad field and writes nothing", async () => {
    const base = await http.serve((_, response) =>
      answer(response, { value: [{ ...QUERY, queryId: null }], totalCount: 1, statusCode: 200 }),
    );
    const ran = await run(["pull", "queries", "--endpoint", `${base}/insights/v1/cmp`, "--token", "t"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /getQueries: the service's answer \(HTTP 200\) is not as documented: value\[0\]\.queryId is null, expected a string/,
    );
    expect(ran.stdout).toBe("");
  });

  it("a report link's page is said with its first bytes, made safe", async () => {
    const error = new DownloadContentError("e1", "text/html", "<html>\u001b[2J sign in");
    const failure = await describeFailure("run", error, "https://api.example/insights/v1/cmp");
    expect(failure?.message).toMatch(/answered with text\/html, not a CSV or TSV file/);
    expect(failure?.message).not.toContain("\u001b");
  });
});

describe("push of a folder whose file names differ only in case", () => {
  it("refuses, naming the files, and sends nothing", async () => {
    const folder = join(emulator.dir, "queries");
    const { mkdirSync, readdirSync } = await import("node:fs");
    mkdirSync(folder);
    writeFileSync(join(folder, "sales.rql"), `${QUERY.query}\n`);
    writeFileSync(join(folder, "Sales.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_6_MONTHS\n");
    // On a file system that ignores case (macOS, Windows) the second write replaced the first: such
    // a folder cannot exist there, which is the point of the refusal.
    if (readdirSync(folder).length === 1) return;
    const ran = await run(["push", "queries", "--endpoint", emulator.endpoint, "--token", "t"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      /queries\/Sales\.rql, queries\/sales\.rql: names that differ only in case are one file on macOS and Windows/,
    );
    expect(ran.stderr).toMatch(/nothing was sent/);
    expect(await emulator.requests()).toEqual([]);
  });
});

describe("a service that redirects", () => {
  it("pull says the redirect, follows it nowhere and writes nothing", async () => {
    const reached: string[] = [];
    const other = await http.serve((request, response) => {
      reached.push(request.url ?? "");
      answer(response, { value: [QUERY], totalCount: 1, statusCode: 200 });
    });
    const base = await http.serve((request, response) => {
      response.writeHead(307, { location: `${other}${request.url}` });
      response.end();
    });
    const ran = await run(["pull", "queries", "--endpoint", `${base}/insights/v1/cmp`, "--token", "t"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(
      `reportql: pull: getQueries: the answer (HTTP 307) is a redirect to ${other}/insights/v1/cmp/ScheduledQueries, which is not followed: the report API does not redirect.`,
    );
    expect(reached).toEqual([]);
    expect(ran.stdout).toBe("");
  });
});

describe("push --prune of a query that is already gone", () => {
  it("a delete whose answer was lost, retried and answered 404, is done, not a failure", async () => {
    const EXTRA = { ...QUERY, queryId: "bbbbbbbb-0000-4000-8000-000000000002", name: "extra" };
    const deletes: string[] = [];
    const base = await http.serve((request, response) => {
      if (request.method === "DELETE") {
        deletes.push(request.url ?? "");
        // The first delete is carried out, but its answer is lost with the connection.
        if (deletes.length === 1) return request.socket.destroy();
        return answer(response, { message: "No item found with given filters.", statusCode: 404 }, 404);
      }
      if (request.url?.includes("ScheduledQueries"))
        return answer(response, { value: [QUERY, EXTRA], totalCount: 2, statusCode: 200 });
      answer(response, { value: [], totalCount: 0, statusCode: 200 });
    });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(emulator.dir, "queries"));
    writeFileSync(join(emulator.dir, "queries", "orders.rql"), `${QUERY.query}\n`);
    const ran = await run([
      "push",
      "queries",
      "--prune",
      "--endpoint",
      `${base}/insights/v1/cmp`,
      "--token",
      "t",
    ]);
    expect(ran.stderr).toMatch(/retrying deleteQuery/);
    expect(ran.stdout).toContain("- query extra: deleted (it was already gone)");
    expect(ran.code).toBe(0);
    expect(deletes).toHaveLength(2);
  });
});
