/**
 * `reportql run` against a stub service on 127.0.0.1 whose report link misbehaves the way storage,
 * proxies and networks do: a file cut short of its Content-Length, a file gzip-encoded (in transit or
 * as stored) with a BOM, one long row, and Ctrl-C mid-download. Whatever happens, the output is
 * the whole file or nothing: no partial file, no temporary file left beside it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answer, httpServers } from "../client/helpers.js";
import { cli } from "../helpers/cli.js";

const http = httpServers();
let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reportql-run-download-"));
  writeFileSync(join(dir, "orders.rql"), "SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_MONTH\n");
});
afterEach(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY_ID = "aaaaaaaa-0000-4000-8000-000000000001";
const REPORT_ID = "bbbbbbbb-0000-4000-8000-000000000002";

/** A service that creates the query and the report, completes the run at once, and serves the file with `file`. */
async function service(
  file: (request: IncomingMessage, response: ServerResponse) => void,
  link?: string,
): Promise<string> {
  let base = "";
  base = await http.serve((request, response) => {
    const path = new URL(request.url ?? "/", base).pathname;
    if (path === "/report.csv") return file(request, response);
    if (path.endsWith("/ScheduledQueries") && request.method === "GET")
      return answer(response, { value: [], totalCount: 0, statusCode: 200 });
    if (path.endsWith("/ScheduledQueries"))
      return answer(response, {
        value: [{ queryId: QUERY_ID, name: "orders", query: "q", type: "userDefined" }],
        statusCode: 200,
      });
    if (path.endsWith("/ScheduledReport"))
      return answer(response, {
        value: [
          {
            reportId: REPORT_ID,
            reportName: "orders",
            queryId: QUERY_ID,
            reportStatus: "Active",
            format: "csv",
          },
        ],
        statusCode: 200,
      });
    if (path.includes("/ScheduledReport/execution/"))
      return answer(response, {
        value: [
          {
            executionId: "cccccccc-0000-4000-8000-000000000003",
            reportId: REPORT_ID,
            executionStatus: "Completed",
            format: "csv",
            reportAccessSecureLink: link ?? `${base}/report.csv?sig=secret`,
          },
        ],
        statusCode: 200,
      });
    answer(response, { message: `no route ${path}`, statusCode: 404 }, 404);
  });
  return `${base}/insights/v1/cmp`;
}

const run = (endpoint: string) =>
  cli(["run", "orders.rql", "--endpoint", endpoint, "--token", "t", "--poll-interval", "0.1"], { cwd: dir });

const CSV = 'OrderId,OfferName\r\n1,Contoso\r\n2,"Fabrikam, Inc."\r\n';

describe("reportql run's download", () => {
  it("a file cut short of its Content-Length is not written, and the run says so", async () => {
    const endpoint = await service((request, response) => {
      response.writeHead(200, { "content-type": "text/csv", "content-length": String(CSV.length * 3) });
      response.write(CSV, () => request.socket.destroy());
    });
    const ran = await run(endpoint);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/the download of the report file was cut off \(.*broke off after \d+ bytes/);
    expect(ran.stderr).toMatch(/nothing was written to orders\.csv/);
    expect(ran.stderr).not.toContain("secret");
    expect(readdirSync(dir)).toEqual(["orders.rql"]);
  });

  it.each([
    ["gzip in transit (Content-Encoding)", { "content-encoding": "gzip" }],
    ["a gzip file as stored", {}],
  ])("%s with a BOM is written as the CSV it holds", async (_, headers) => {
    const endpoint = await service((_request, response) => {
      response.writeHead(200, { "content-type": "text/csv", ...headers });
      response.end(gzipSync(Buffer.from(`\uFEFF${CSV}`)));
    });
    const ran = await run(endpoint);
    expect(ran.stdout).toMatch(/^Wrote orders\.csv \(\d+ bytes\)$/m);
    expect(ran.code).toBe(0);
    expect(readFileSync(join(dir, "orders.csv"), "utf8")).toBe(CSV);
  });

  const large = gzipSync(`OrderId\r\n${"1\r\n".repeat(300_000)}`);
  it.each([
    ["at its start (bytes after a small file's end)", Buffer.concat([gzipSync(CSV), Buffer.from("junk")])],
    [
      "once written in part (a large file's checksum)",
      Buffer.concat([large.subarray(0, -8), Buffer.alloc(8, 1)]),
    ],
  ])("a gzip file that does not decompress %s is said as damaged, and not written", async (_, body) => {
    const endpoint = await service((_request, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.end(body);
    });
    const ran = await run(endpoint);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /the report file the service gave is damaged \(its gzip data does not decompress: .+\); nothing was written( to orders\.csv)?\. Running the report again makes a new file/,
    );
    expect(ran.stderr).not.toMatch(/cut off/);
    expect(readdirSync(dir)).toEqual(["orders.rql"]);
  });

  it("a report file's host that cannot be reached is said as that host, not the endpoint", async () => {
    // A port nobody listens on: a server started and closed at once.
    const closed = await http.serve(() => {});
    await http.close();
    const endpoint = await service(() => {}, `${closed}/gone.csv?sig=secret`);
    const ran = await cli(
      [
        "run",
        "orders.rql",
        "--endpoint",
        endpoint,
        "--token",
        "t",
        "--poll-interval",
        "0.1",
        "--timeout",
        "1",
      ],
      { cwd: dir },
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`cannot reach the report file's link ${closed}/gone.csv (ECONNREFUSED)`);
    expect(ran.stderr).not.toContain(`cannot reach ${endpoint}`);
    expect(ran.stderr).toMatch(/no answer from the report file's link; retrying download in/);
    expect(ran.stderr).not.toContain("secret");
  });

  it("a row of 8 MB is written whole", async () => {
    const long = `OrderId,OfferName\r\n1,${"x".repeat(8 * 1024 * 1024)}\r\n`;
    const endpoint = await service((_request, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.end(long);
    });
    const ran = await run(endpoint);
    expect(ran.code).toBe(0);
    expect(readFileSync(join(dir, "orders.csv"), "utf8") === long).toBe(true);
  });

  it.each(["SIGINT", "SIGHUP"] as const)(
    "%s mid-download: exit 130, and neither the file nor a temporary one is left",
    async (signal) => {
      const endpoint = await service((_request, response) => {
        response.writeHead(200, { "content-type": "text/csv" });
        // The first rows, then nothing more until the client goes: Ctrl-C (or the terminal's closing)
        // comes once they are on disk.
        response.write(CSV, () => setTimeout(() => process.emit(signal), 50));
      });
      const ran = await run(endpoint);
      expect(ran.stderr).toMatch(/interrupted; no file was written/);
      expect(ran.code).toBe(130);
      expect(readdirSync(dir)).toEqual(["orders.rql"]);
      for (const name of ["SIGINT", "SIGTERM", "SIGHUP"]) expect(process.listenerCount(name)).toBe(0);
    },
  );
});
