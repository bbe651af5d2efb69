/**
 * `reportql run` as users run it: the built executable against `reportql serve` in another process.
 * The README's example query writes a CSV whose header is its selected columns; an invalid query
 * exits 1 before any request (the emulator's journal holds none); a real Ctrl-C (SIGINT) during the
 * download ends the process with 130 and leaves neither the file nor its temporary file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, reportql } from "../helpers/cli.js";
import { startServe } from "../helpers/serve.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "active-orders.rql");

let child: ChildProcess;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reportql-run-"));
  ({ child, url } = await startServe(["--rows", "2000"]));
});
afterAll(() => {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

async function requests(): Promise<unknown[]> {
  const answer = (await (await fetch(`${url}/_emulator/journal`)).json()) as { entries: { kind: string }[] };
  return answer.entries.filter((e) => e.kind === "request");
}

describe("reportql run against reportql serve", () => {
  it("refuses an invalid query with exit 1 and sends nothing", async () => {
    writeFileSync(join(dir, "typo.rql"), "SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH");
    const run = reportql(["run", "typo.rql", "--endpoint", `${url}/insights/v1/cmp`], {
      cwd: dir,
      env: { PARTNER_CENTER_TOKEN: "local" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/RQ2002/);
    expect(await requests()).toEqual([]);
  });

  it("writes the README example's report as CSV with the selected columns as its header", () => {
    copyFileSync(EXAMPLE, join(dir, "active-orders.rql"));
    const run = reportql(
      [
        "run",
        "active-orders.rql",
        "--endpoint",
        `${url}/insights/v1/cmp`,
        "--token",
        "local",
        "--poll-interval",
        "0.2",
      ],
      { cwd: dir },
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Wrote active-orders\.csv/);
    const header = readFileSync(join(dir, "active-orders.csv"), "utf8").split("\r\n")[0];
    expect(header).toBe("OrderId,OfferName,OrderPurchaseDate,OrderStatus");
  });
});

const QUERY_ID = "aaaaaaaa-0000-4000-8000-000000000001";
const REPORT_ID = "bbbbbbbb-0000-4000-8000-000000000002";

/** A stub service whose report file sends its first rows and then nothing more; its API root. */
async function stalledFileService(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const item = (fields: Record<string, string>) => JSON.stringify({ value: [fields], statusCode: 200 });
  let base = "";
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", base).pathname;
    response.writeHead(200, { "content-type": path === "/file.csv" ? "text/csv" : "application/json" });
    if (path === "/file.csv") response.write("OrderId\r\n1\r\n");
    else if (request.method === "GET" && path.endsWith("/ScheduledQueries"))
      response.end(JSON.stringify({ value: [], totalCount: 0, statusCode: 200 }));
    else if (path.endsWith("/ScheduledQueries"))
      response.end(item({ queryId: QUERY_ID, name: "orders", query: "q", type: "userDefined" }));
    else if (path.endsWith("/ScheduledReport"))
      response.end(
        item({
          reportId: REPORT_ID,
          reportName: "orders",
          queryId: QUERY_ID,
          reportStatus: "Active",
          format: "csv",
        }),
      );
    else
      response.end(
        item({
          executionId: "cccccccc-0000-4000-8000-000000000003",
          reportId: REPORT_ID,
          executionStatus: "Completed",
          format: "csv",
          reportAccessSecureLink: `${base}/file.csv?sig=s`,
        }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${base}/insights/v1/cmp`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("Ctrl-C during reportql run's download, as a process", () => {
  it("exits 130 and leaves neither the file nor a temporary one", async () => {
    const folder = join(dir, "interrupted");
    mkdirSync(folder);
    writeFileSync(join(folder, "orders.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n");
    const service = await stalledFileService();
    try {
      const run = spawn(
        process.execPath,
        [CLI, "run", "orders.rql", "--endpoint", service.endpoint, "--token", "t", "--poll-interval", "0.1"],
        { cwd: folder, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } },
      );
      let stderr = "";
      run.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      let ended = false;
      const exited = new Promise<number | null>((resolve) =>
        run.on("exit", (code) => {
          ended = true;
          resolve(code);
        }),
      );
      // The download has begun once its temporary file is there (a run that ended first fails below).
      while (!ended && !readdirSync(folder).some((f) => f.endsWith(".tmp")))
        await new Promise((r) => setTimeout(r, 20));
      run.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/interrupted; no file was written/);
      expect(readdirSync(folder)).toEqual(["orders.rql"]);
    } finally {
      await service.close();
    }
  });
});
