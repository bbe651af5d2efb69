/**
 * `reportql serve` as a process: it prints its URL once it accepts requests, answers over HTTP and
 * stops cleanly on SIGTERM; with `--data DIR`, what it answered 200 survives a kill -9.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { listeningUrl } from "../helpers/serve.js";

describe("reportql serve", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    it(`prints its URL, serves, and exits 0 on ${signal}`, () => serveUntil(signal));

  it("refuses a bad port with a usage error", () => {
    const run = spawnSync(process.execPath, [CLI, "serve", "--port", "70000"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--port takes a whole number from 0 to 65535/);
  });

  it("refuses --data with --in-memory", () => {
    const run = spawnSync(process.execPath, [CLI, "serve", "--data", "x", "--in-memory"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--data and --in-memory cannot be used together/);
  });

  it("refuses private callback ranges unless --allow-private-callbacks", async () => {
    for (const [args, status] of [
      [[], 400],
      [["--allow-private-callbacks"], 200],
    ] as const) {
      const server = await serve(["--rows", "100", ...args]);
      try {
        const api = `${server.url}/insights/v1/cmp`;
        const headers = { authorization: "Bearer t", "content-type": "application/json" };
        const query = await fetch(`${api}/ScheduledQueries`, {
          method: "POST",
          headers,
          body: JSON.stringify({ Name: "q", Query: "SELECT OrderId FROM ISVOrder" }),
        });
        const queryId = ((await query.json()) as { value: { queryId: string }[] }).value[0]?.queryId;
        const start = new Date(Date.now() + 48 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
        const report = await fetch(`${api}/ScheduledReport`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            ReportName: "r",
            QueryId: queryId,
            StartTime: start,
            RecurrenceInterval: 24,
            CallbackUrl: "http://10.1.2.3/hook",
          }),
        });
        expect(report.status, args.join(" ")).toBe(status);
      } finally {
        server.child.kill("SIGKILL");
        await server.exited;
      }
    }
  });

  it("answers pages at the --cors origins, refuses others, and refuses a --cors that is no origin", async () => {
    const bad = spawnSync(process.execPath, [CLI, "serve", "--cors", "https://dash.example.com/app"], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--cors "https:\/\/dash\.example\.com\/app" is not an origin/);
    const server = await serve(["--rows", "100", "--cors", "https://dash.example.com", "--cors", "null"]);
    try {
      for (const [origin, status] of [
        ["https://dash.example.com", 200],
        ["null", 200],
        ["http://localhost:5173", 200],
        ["https://other.example.com", 403],
      ] as const) {
        const got = await fetch(`${server.url}/_emulator/clock`, { headers: { origin } });
        expect([origin, got.status]).toEqual([origin, status]);
        expect(got.headers.get("access-control-allow-origin")).toBe(status === 200 ? origin : null);
      }
    } finally {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  });

  it("with --data, keeps what it answered 200 through a kill -9", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reportql-serve-data-"));
    const auth = { authorization: "Bearer t", "content-type": "application/json" };
    const post = async (url: string, body: unknown) => {
      const response = await fetch(url, { method: "POST", headers: auth, body: JSON.stringify(body) });
      const json = (await response.json()) as { value: Record<string, string>[] };
      expect(response.status, JSON.stringify(json)).toBe(200);
      return json.value[0] ?? {};
    };
    const get = async (url: string) => {
      const response = await fetch(url, { headers: auth });
      return {
        status: response.status,
        json: (await response.json()) as { value: Record<string, unknown>[] },
      };
    };
    const args = ["--rows", "1000", "--data", dir];
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    try {
      // A completed execution, its link; then a query and a report killed right after their 200.
      server = await serve(args);
      let api = `${server.url}/insights/v1/cmp`;
      const query = {
        Name: "q",
        Description: "d",
        Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
      };
      const first = await post(`${api}/ScheduledQueries`, query);
      const done = await post(`${api}/ScheduledReport`, {
        ReportName: "a",
        QueryId: first.queryId,
        ExecuteNow: true,
      });
      const execution = await poll(() => get(`${api}/ScheduledReport/execution/${done.reportId}`));
      const link = new URL(String(execution.reportAccessSecureLink));
      const csv = await (await fetch(link)).text();
      const second = await post(`${api}/ScheduledQueries`, { ...query, Name: "q2" });
      const report = await post(`${api}/ScheduledReport`, {
        ReportName: "b",
        QueryId: second.queryId,
        ExecuteNow: true,
      });
      server.child.kill("SIGKILL");
      await server.exited;

      server = await serve(args);
      api = `${server.url}/insights/v1/cmp`;
      const queries = await get(`${api}/ScheduledQueries`);
      expect(queries.json.value.map((q) => q.queryId).sort()).toEqual([first.queryId, second.queryId].sort());
      const reports = await get(`${api}/ScheduledReport`);
      expect(reports.json.value.map((r) => r.reportId).sort()).toEqual(
        [done.reportId, report.reportId].sort(),
      );
      const file = await fetch(`${server.url}${link.pathname}${link.search}`);
      expect([file.status, await file.text()]).toEqual([200, csv]);
      // The run the kill interrupted starts again and completes.
      await poll(() => get(`${api}/ScheduledReport/execution/${report.reportId}`));
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      if (server?.child.exitCode === null) server.child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The first execution item once the call answers 200. */
async function poll(call: () => Promise<{ status: number; json: { value: Record<string, unknown>[] } }>) {
  const end = Date.now() + 30_000;
  for (;;) {
    const got = await call();
    if (got.status === 200 && got.json.value[0] !== undefined) return got.json.value[0];
    if (Date.now() > end) throw new Error(`no execution: ${JSON.stringify(got.json)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `reportql serve --port 0 ...args`; resolves with its URL once it accepts requests. */
async function serve(args: readonly string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    CLI,
    "serve",
    "--port",
    "0",
    ...args,
  ]);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await listeningUrl(child);
  return { child, url, exited };
}

async function serveUntil(signal: "SIGTERM" | "SIGINT"): Promise<void> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--rows", "1000"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const url = await listeningUrl(child);
    const clock = await fetch(`${url}/_emulator/clock`);
    expect(clock.status).toBe(200);
    const queries = await fetch(`${url}/insights/v1/mpn/ScheduledQueries`, {
      headers: { authorization: "Bearer t" },
    });
    expect(queries.status).toBe(200);
    child.kill(signal);
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}
