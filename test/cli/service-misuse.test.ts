/**
 * `reportql run`, `pull` and `push` used the ways integrators get wrong, against the emulator over
 * HTTP on 127.0.0.1: endpoints `fetch` cannot use, file and query names with `;`, escapes and line
 * breaks, a run that fails on the service, and a `reports.json` naming one report twice. Each gets a
 * message saying what to do (no stack trace), and nothing half-sent.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run as runCli } from "../../src/cli/run.js";
import { cli } from "../helpers/cli.js";
import { serviceEmulator } from "../helpers/service-emulator.js";

const ORDERS = "SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_6_MONTHS\n";

const emulator = serviceEmulator("reportql-misuse-");

const service = () => ["--endpoint", emulator.endpoint, "--token", "t"];
const run = (args: string[]) => cli(args, { cwd: emulator.dir });
const STACK = /at .*\.[jt]s:\d+|internal error/;

describe("reportql serve", () => {
  it("on a port in use, says to pick another", async () => {
    const port = new URL(emulator.server.url).port;
    const served = await run(["serve", "--port", port]);
    expect(served.code).toBe(2);
    expect(served.stderr).toMatch(/EADDRINUSE.*pick another with --port \(--port 0 takes a free one\)/);
  });
});

describe("endpoints", () => {
  it.each([
    [`http://user:secret@127.0.0.1:9/insights/v1/cmp`, /user name or password/],
    ["ftp://127.0.0.1:9/insights/v1/cmp", /not an http or https URL/],
    ["http://127.0.0.1:9/insights/v1/cmp?tenant=1", /query string or fragment/],
  ])("%s is a usage error saying which URL to give", async (bad, reason) => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const ran = await run(["run", "orders.rql", "--endpoint", bad, "--token", "t"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(reason);
    expect(ran.stderr).toMatch(/http:\/\/127\.0\.0\.1:7071\/insights\/v1\/cmp/);
    expect(ran.stderr).not.toMatch(STACK);
    expect(ran.stderr).not.toMatch(/secret/);
    expect(ran.stderr).not.toMatch(/retrying/);
  });
});

describe("an emulator.endpoint that is not the report API", () => {
  /** A server answering every request with `status` and `body`, for the time of `use`. */
  async function serving(status: number, body: string, use: (root: string) => Promise<void>) {
    const other = createServer((_, response) => response.writeHead(status).end(body));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      await use(`http://127.0.0.1:${(other.address() as AddressInfo).port}/insights/v1/cmp`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }

  it("a web page or a 404 page is said as the wrong emulator.endpoint, with the URL to give", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    await serving(200, "<html>hello</html>", async (root) => {
      const ran = await run(["run", "orders.rql", "--endpoint", root, "--token", "t"]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(/not the report API's JSON\. Check that .* is a report API root/);
    });
    await serving(404, "<html>Not Found</html>", async (root) => {
      const pulled = await run(["pull", "q", "--endpoint", root, "--token", "t"]);
      expect(pulled.code).toBe(2);
      expect(pulled.stderr).toMatch(/nothing answers there \(404.*Check that .* is a report API root/);
    });
  });

  it("pull takes the service's 404 envelope (no item found) as no queries", async () => {
    const envelope = JSON.stringify({
      value: [],
      nextLink: null,
      totalCount: 0,
      message: "No item found with given filters.",
      statusCode: 404,
    });
    await serving(404, envelope, async (root) => {
      const pulled = await run(["pull", "q", "--endpoint", root, "--token", "t"]);
      expect(pulled.stderr).toBe("");
      expect(pulled.code).toBe(0);
      expect(pulled.stdout).toMatch(/0 queries in q/);
    });
  });
});

describe("tokens", () => {
  it("a token with a line break is said, without a stack trace or retries", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const ran = await run(["run", "orders.rql", "--endpoint", emulator.endpoint, "--token", "eyJ\nabc"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/the token holds a space, a line break/);
    expect(ran.stderr).not.toMatch(STACK);
    expect(ran.stderr).not.toMatch(/retrying/);
  });
});

describe("reportql run", () => {
  it("runs a file whose name has `;` (not allowed in a report name) and escapes", async () => {
    const name = "orders;\u001b[31mred";
    writeFileSync(join(emulator.dir, `${name}.rql`), ORDERS);
    const ran = await run(["run", `${name}.rql`, ...service(), "--poll-interval", "0.1", "-o", "out.csv"]);
    expect(ran.stderr).not.toMatch(/not sent/);
    expect(ran.code).toBe(0);
    expect(`${ran.stdout}${ran.stderr}`).not.toContain("\u001b");
    expect(ran.stderr).toMatch(/created query orders;\ufffd\[31mred/);
  });

  it("checks the report before creating the query: a refused report leaves nothing behind", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const ran = await run([
      "run",
      "orders.rql",
      ...service(),
      "--from",
      "yesterday",
      "--to",
      "2026-02-01T00:00:00Z",
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/not sent: .*QueryStartTime/);
    expect(await emulator.requests()).toEqual([]);
  });

  it("says a run that failed on the service failed, and where to look", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    await fetch(`${emulator.server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "execution", count: 1, message: "disk on fire" }),
    });
    const ran = await run(["run", "orders.rql", ...service(), "--poll-interval", "0.1"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/the run of report [0-9a-f-]{36} failed: .*without a report file/);
    expect(ran.stderr).toMatch(/_emulator\/journal/);
    expect(ran.stderr).not.toMatch(/wait until it is Completed/);
  });
});

describe("Ctrl-C during reportql run", () => {
  /** Runs `run` in process, sending it SIGINT when standard error shows `when`. */
  async function interruptedAt(when: RegExp): Promise<{ code: number; stderr: string }> {
    let stderr = "";
    const environment: CliEnvironment = {
      cwd: emulator.dir,
      env: { NO_COLOR: "1" },
      stdout: { write: () => undefined },
      stderr: {
        write: (text) => {
          stderr += text;
          if (when.test(text)) process.emit("SIGINT");
        },
      },
      readStdin: async () => new Uint8Array(),
    };
    const code = await runCli(["run", "orders.rql", ...service(), "--poll-interval", "0.1"], environment);
    return { code, stderr };
  }

  it.each([
    ["while it waits", /created; waiting/],
    ["once the run completed, before the file is written", /: Completed/],
  ])("%s: exit 130, nothing written, no partial file", async (_, when) => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const ran = await interruptedAt(when);
    expect(ran.stderr).toMatch(/interrupted; no file was written/);
    expect(ran.code).toBe(130);
    expect(readdirSync(emulator.dir)).toEqual(["orders.rql"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });
});

describe("Ctrl-C while run looks for its query on a service that does not answer", () => {
  it.each([
    ["the search (getQueries)", "GET"],
    ["the create (createQuery)", "POST"],
  ])("stops %s at once: exit 130, no request after it", async (_, method) => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      // The search finds nothing; the request of `method` gets no answer, and Ctrl-C is pressed.
      if (request.method === method) process.emit("SIGINT");
      else {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ value: [], totalCount: 0, statusCode: 200 }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/insights/v1/cmp`;
    try {
      const ran = await run(["run", "orders.rql", "--endpoint", endpoint, "--token", "t", "--timeout", "1"]);
      expect(ran.stderr).toMatch(/interrupted; no file was written/);
      expect(ran.code).toBe(130);
      // Without the signal, the request was retried after its timeout (and the query then created).
      expect(requests.filter((r) => r.startsWith(method))).toHaveLength(1);
      expect(requests.some((r) => r.startsWith("POST"))).toBe(method === "POST");
      expect(readdirSync(emulator.dir)).toEqual(["orders.rql"]);
      expect(process.listenerCount("SIGINT")).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("reportql run's output", () => {
  it("refuses an output it cannot write before anything is sent (ExecuteNow runs are rationed)", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    mkdirSync(join(emulator.dir, "folder"));
    for (const output of ["folder", "missing/o.csv"]) {
      const ran = await run(["run", "orders.rql", ...service(), "-o", output]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(new RegExp(`cannot write ${output}: .*; nothing was sent`));
    }
    // The query's own file, by its name or through a hard link: the report would replace the query.
    linkSync(join(emulator.dir, "orders.rql"), join(emulator.dir, "same.csv"));
    for (const output of ["orders.rql", "./orders.rql", "same.csv"]) {
      const ran = await run(["run", "orders.rql", ...service(), "--poll-interval", "0.1", "-o", output]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toContain(
        `cannot write ${output.replace("./", "")}: it is the query's own file; give -o another file; nothing was sent`,
      );
    }
    expect(readFileSync(join(emulator.dir, "orders.rql"), "utf8")).toBe(ORDERS);
    const empty = await run(["run", "orders.rql", ...service(), "-o", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/-o needs a file name/);
    // `-o -` is standard output for `check`: refused here rather than taken as a file named `-`.
    const dash = await run(["run", "orders.rql", ...service(), "-o", "-"]);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/-o - \(standard output\) is not supported/);
    expect(existsSync(join(emulator.dir, "-"))).toBe(false);
    expect((await emulator.requests()).filter((e) => !e.startsWith("getQueries"))).toEqual([]);
  });

  it.each([
    ["--tok", "--token"],
    ["--poll", "--poll-interval"],
    ["--endpiont", "--endpoint"],
  ])("%s suggests %s", async (typed, meant) => {
    const ran = await run(["run", "orders.rql", typed, "x"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`did you mean ${meant}?`);
  });

  it("takes --format in capitals, as the service writes it", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const ran = await run(["run", "orders.rql", ...service(), "--format", "TSV", "--poll-interval", "0.1"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Wrote orders\.tsv /m);
  });

  it("says what to do when a quota is used up", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++)
      runs.push((await run(["run", "orders.rql", ...service(), "--poll-interval", "0.1"])).code ?? -1);
    const over = await run(["run", "orders.rql", ...service()]);
    expect(runs).toEqual([0, 0, 0, 0, 0]);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/a quota is used up .*ExecuteNow report creation quota.*wait an hour/);
  });
});

describe("reportql push and pull", () => {
  it("refuses a reports.json that names one report twice, sending nothing", async () => {
    const q = join(emulator.dir, "q");
    mkdirSync(q);
    writeFileSync(join(q, "orders.rql"), ORDERS);
    const start = new Date(Date.now() + 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const report = { QueryName: "orders", ReportName: "daily", StartTime: start, RecurrenceInterval: 24 };
    writeFileSync(join(q, "reports.json"), JSON.stringify([report, { ...report, RecurrenceInterval: 48 }]));
    const pushed = await run(["push", "q", ...service()]);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toMatch(/reports\.json: \[1\]: ReportName "daily" is also \[0\]'s/);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([]);
  });

  it("pull keeps a query in the file the user renamed it to, and never gives two queries one file", async () => {
    const create = (name: string, timespan: string) =>
      fetch(`${emulator.endpoint}/ScheduledQueries`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ Name: name, Query: `SELECT OrderId FROM ISVOrder TIMESPAN ${timespan}` }),
      });
    await create("orders", "LAST_MONTH");
    await run(["pull", "q", ...service()]);
    renameSync(join(emulator.dir, "q", "orders.rql"), join(emulator.dir, "q", "monthly.rql"));
    await create("monthly", "LAST_3_MONTHS");
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(0);
    const files = readdirSync(join(emulator.dir, "q")).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain("monthly.rql");
    expect(readFileSync(join(emulator.dir, "q", "monthly.rql"), "utf8")).toMatch(/^-- name: orders\n/);
    const pushed = await run(["push", "q", "--dry-run", ...service()]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/= query orders: unchanged/);
    expect(pushed.stdout).toMatch(/= query monthly: unchanged/);
  });

  it("push --prune never deletes a query a report that stays still runs", async () => {
    const create = async (body: Record<string, unknown>, path = "/ScheduledQueries") =>
      (
        (await (
          await fetch(`${emulator.endpoint}${path}`, {
            method: "POST",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
            body: JSON.stringify(body),
          })
        ).json()) as { value: { queryId: string }[] }
      ).value[0]?.queryId;
    const query = (name: string) => ({ Name: name, Query: ORDERS.trim() });
    const start = new Date(Date.now() + 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    await create(query("declared"));
    const kept = await create(query("kept"));
    await create(
      { ReportName: "undeclared", QueryId: kept, StartTime: start, RecurrenceInterval: 24 },
      "/ScheduledReport",
    );
    const q = join(emulator.dir, "q");
    mkdirSync(q);
    writeFileSync(join(q, "orders.rql"), ORDERS);
    // A report of reports.json on a query only the service has.
    const report = { QueryName: "declared", ReportName: "daily", StartTime: start, RecurrenceInterval: 24 };
    writeFileSync(join(q, "reports.json"), JSON.stringify([report]));
    const pushed = await run(["push", "q", "--prune", ...service()]);
    expect(pushed.stdout).toMatch(/\? query declared: not in the folder; kept, report daily uses it/);
    // The undeclared report goes with --prune, and then so may its query.
    expect(pushed.stdout).toMatch(/- report undeclared: deleted\n[\s\S]*- query kept: deleted/);
    // Without reports.json reports are not managed, but their queries are still not deleted.
    rmSync(join(q, "reports.json"));
    const pruned = await run(["push", "q", "--prune", ...service()]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/\? query declared: not in the folder; kept, report daily uses it/);
    expect((await emulator.requests()).filter((e) => e.startsWith("deleteQuery"))).toEqual([
      "deleteQuery 200",
    ]);
  });

  it("says what is wrong with a folder that is missing or a file", async () => {
    writeFileSync(join(emulator.dir, "notes.txt"), "not a folder");
    const pushMissing = await run(["push", "nope", ...service()]);
    expect(pushMissing.stderr).toMatch(/cannot read nope: it does not exist; give a folder of \.rql files/);
    const pushFile = await run(["push", "notes.txt", ...service()]);
    expect(pushFile.stderr).toMatch(/cannot read notes\.txt: it is a file .*not a folder/);
    const pullFile = await run(["pull", "notes.txt", ...service()]);
    expect(pullFile.stderr).toMatch(/cannot create notes\.txt: it is a file .*not a folder/);
    expect([pushMissing.code, pushFile.code, pullFile.code]).toEqual([2, 2, 2]);
  });

  it("a query name with a line break or outer spaces survives pull then push --prune, on one line", async () => {
    for (const name of ["two\nlines", " padded "])
      await fetch(`${emulator.endpoint}/ScheduledQueries`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ Name: name, Query: ORDERS.trim() }),
      });
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/^wrote q\/two-lines\.rql \(two\ufffdlines\)$/m);
    const pushed = await run(["push", "q", "--prune", ...service()]);
    const plan = pushed.stdout.split("\n").filter((line) => line !== "" && !/files? checked/.test(line));
    expect(plan.sort()).toEqual(["= query padded: unchanged", "= query two lines: unchanged"]);
    expect(pushed.code).toBe(0);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([
      "createQuery 200",
      "createQuery 200",
    ]);
  });
});
